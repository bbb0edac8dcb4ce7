"""``deterrence discover``: PRIM boxes of the input space where an output condition holds."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from deterrence.cli.common import positive_int


def register(sub) -> None:
    p = sub.add_parser(
        "discover",
        help="scenario discovery: boxes of the swept inputs where an output is above/below X",
    )
    p.add_argument("results", metavar="RESULTS", help="a sweep results folder")
    p.add_argument("--output", required=True, metavar="NAME", help="the output to test")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--above", type=float, metavar="X", help="cases of interest: output > X")
    side.add_argument("--below", type=float, metavar="X", help="cases of interest: output < X")
    p.add_argument(
        "--threshold-share",
        type=float,
        default=0.8,
        metavar="S",
        help="the density a box must reach (default 0.8); the chosen box is the one of "
        "largest coverage among those that reach it",
    )
    p.add_argument(
        "--max-boxes", type=positive_int, default=3, metavar="K", help="at most K boxes (default 3)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--out", metavar="DIR", help="folder for the figure (default RESULTS/)")
    p.add_argument(
        "--partial", action="store_true", help="use an incomplete or damaged folder's intact chunks"
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    import math

    from deterrence.runs.analysis.discovery import discover
    from deterrence.runs.analysis.table import read_results
    from deterrence.runs.errors import ConfigError

    condition, value = (">", args.above) if args.above is not None else ("<", args.below)
    if not math.isfinite(value):
        flag = "--above" if condition == ">" else "--below"
        raise ConfigError(flag, str(value), "must be a finite number")
    if not (0 < args.threshold_share <= 1):
        raise ConfigError("--threshold-share", str(args.threshold_share), "must be in (0, 1]")
    table = read_results(args.results, partial=args.partial)
    found = discover(
        table,
        args.output,
        condition,
        value,
        threshold_share=args.threshold_share,
        max_boxes=args.max_boxes,
    )
    if args.json:
        print(json.dumps(found.to_record(), allow_nan=False))
        return 0
    print(report(found))
    if found.boxes:
        path = write_figure(found, Path(args.out) if args.out else Path(args.results))
        print(f"peeling trajectory written to {path}")
    return 0


def report(found) -> str:
    word = "above" if found.condition == ">" else "below"
    lines = [
        f"{found.output} {word} {found.value:g}: {found.base_rate:.1%} of {found.n_points} "
        f"points (base rate)",
    ]
    if found.excluded:
        lines.append("left out: " + ", ".join(f"{n} {k}" for k, n in found.excluded.items()))
    if not found.boxes:
        lines.append(
            "no box: the condition holds at every point or at none"
            if found.base_rate in (0.0, 1.0)
            else "no box: PRIM found no peel that raises the density"
        )
    for i, box in enumerate(found.boxes, 1):
        share = found.threshold_share
        flag = "" if box.meets_threshold else f"  (below the threshold share {share})"
        lines.append(
            f"box {i}: coverage {box.coverage:.3f}, density {box.density:.3f}, "
            f"mass {box.mass:.3f} ({box.n_points} points){flag}"
        )
        for column, limit in box.limits.items():
            if len(limit) == 2 and all(isinstance(v, float) for v in limit):
                lines.append(f"  {column:36s} [{limit[0]:.4g}, {limit[1]:.4g}]")
            else:
                lines.append(f"  {column:36s} {{{', '.join(map(str, limit))}}}")
        if not box.limits:
            lines.append("  (no input restricted)")
    lines.append(f"chosen box: {found.rule}")
    return "\n".join(lines)


def write_figure(found, out: Path) -> Path:
    from deterrence.plotting.analysis import plot_trajectory, save
    from deterrence.runs.errors import ConfigError

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("--out", str(out), f"cannot create: {exc.strerror}") from None
    word = "above" if found.condition == ">" else "below"
    path = out / f"prim_{found.output}_{word}_{found.value:g}.png"
    save(plot_trajectory(found), path)
    return path
