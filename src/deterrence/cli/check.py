"""``deterrence check``: verify a results folder; ``--repair`` recomputes what is damaged.

Exit status: 0 complete, 1 resumable or damaged (the state is printed), 2 not
a results folder (one line).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from deterrence.cli.common import positive_int

MAX_LISTED = 20  # problems listed one per line; the rest counted


def register(sub) -> None:
    p = sub.add_parser("check", help="verify a results folder (complete, resumable or damaged)")
    p.add_argument("results", metavar="RESULTS", help="a results folder (sweep, run or cases)")
    p.add_argument(
        "--repair",
        action="store_true",
        help="sweeps: move damaged files aside (into RESULTS/damaged-<time>/) and recompute "
        "the damaged and missing chunks",
    )
    p.add_argument(
        "--executor",
        choices=("serial", "processes", "dask"),
        default="serial",
        help="with --repair: where chunks run (default serial)",
    )
    p.add_argument("--workers", type=positive_int, metavar="N", help="with --repair: workers")
    p.set_defaults(handler=command)


def _format(folder: Path) -> str | None:
    try:
        return json.loads((folder / "manifest.json").read_bytes()[:1_000_000]).get("format")
    except (OSError, ValueError, AttributeError):
        return None


def command(args: argparse.Namespace) -> int:
    from deterrence.runs.sweeps.verify import results_folder

    folder = results_folder(args.results)
    if _format(folder) == "deterrence-results":
        return _check_run_folder(folder, args.repair)
    if args.repair:
        return _repair(folder, args)
    return _report(folder)


def _report(folder: Path) -> int:
    from deterrence.runs.sweeps.verify import inspect, resume_hint

    state = inspect(folder)
    points = state.manifest["points"]
    if state.status == "complete":
        print(
            f"{folder}: complete: {state.total} of {state.total} chunks ({points:,} points), "
            "every checksum verified"
        )
        return 0
    if state.status == "resumable":
        print(
            f"{folder}: resumable: {len(state.done)} of {state.total} chunks done; "
            f"finish with: {resume_hint(state)}"
        )
        return 1
    damaged = state.damaged
    which = f"chunks {', '.join(map(str, damaged))}" if damaged else "the folder's files"
    print(
        f"{folder}: damaged: {which}; {len(state.done)} of {state.total} chunks intact; "
        f"`deterrence check {folder} --repair` recomputes what is damaged or missing"
    )
    for problem in state.problems[:MAX_LISTED]:
        print(f"  {problem.file}: {problem.reason}")
    if len(state.problems) > MAX_LISTED:
        print(f"  ... and {len(state.problems) - MAX_LISTED} more")
    return 1


def _repair(folder: Path, args: argparse.Namespace) -> int:
    from deterrence.runs.sweeps.repair import repair

    report = repair(folder, executor=args.executor, workers=args.workers)
    moved = (
        f"moved {len(report.moved)} file(s) aside into {report.quarantine}; "
        if report.moved
        else ""
    )
    print(f"{folder}: repaired: {moved}recomputed {report.recomputed} chunk(s)")
    return _report(folder)


def _check_run_folder(folder: Path, repair: bool) -> int:
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.store import check_folder

    state, problems = check_folder(folder)
    if state == "complete":
        print(f"{folder}: complete: every file's checksum verified")
        return 0
    if repair:
        raise ConfigError(
            str(folder), "--repair", "a run or cases folder cannot be repaired; run it again"
        )
    print(f"{folder}: damaged")
    for problem in problems[:MAX_LISTED]:
        print(f"  {problem}")
    return 1
