"""``deterrence sweep``: solve every point of a config's ``[sweep]`` design."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
from pathlib import Path

from deterrence.cli.common import add_config_args, load, positive_int


def register(sub) -> None:
    p = sub.add_parser("sweep", help="solve every point of the config's [sweep] design")
    add_config_args(p)
    p.add_argument(
        "--executor",
        choices=("serial", "processes", "dask"),
        default="serial",
        help="where chunks run (default serial)",
    )
    p.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="worker processes (default: all cores; 1 for serial)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="an existing Dask scheduler, e.g. tcp://HOST:8786 (with --executor dask)",
    )
    p.add_argument(
        "--chunk-size",
        type=positive_int,
        metavar="N",
        help="points per chunk (default: sweep.chunk_size or 10000)",
    )
    p.add_argument(
        "--resume", action="store_true", help="finish a sweep in --out that was interrupted"
    )
    p.add_argument("--out", metavar="DIR", help="results folder (default results/<config>-<time>)")
    p.add_argument(
        "--no-report",
        action="store_true",
        help="write no report.html (`deterrence report DIR` makes one later)",
    )
    p.set_defaults(handler=command)


def resume_command(args: argparse.Namespace, out: Path) -> str:
    """The exact command line that finishes this sweep in ``out``."""
    words = ["deterrence", "sweep", str(args.config)]
    for override in args.overrides:
        words += ["--set", override]
    if args.executor != "serial":
        words += ["--executor", args.executor]
    if args.workers:
        words += ["--workers", str(args.workers)]
    if args.scheduler:
        words += ["--scheduler", args.scheduler]
    return shlex.join([*words, "--resume", "--out", str(out)])


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the chunks saved are kept and reported."""

    why = "terminated"


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


def command(args: argparse.Namespace) -> int:
    from deterrence.runs import store
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.sweeps.design import parse_sweep
    from deterrence.runs.sweeps.executors import check_scheduler
    from deterrence.runs.sweeps.run import SweepInterrupted, SweepStopped, run_sweep

    config = load(args)
    spec = parse_sweep(config, args.chunk_size)
    if args.resume and not args.out:
        raise ConfigError("--resume", "", "needs --out DIR: the folder of the sweep to finish")
    if args.scheduler and args.executor != "dask":
        raise ConfigError("--scheduler", args.scheduler, "is for --executor dask")
    if args.scheduler:
        check_scheduler(args.scheduler)
    out = Path(args.out) if args.out else store.default_folder(args.config)
    finish = resume_command(args, out)

    def announce(spec, todo) -> None:
        shape = " x ".join(str(len(v)) for v in spec.axes.values()) or "1"
        design = (
            f"grid of {shape}"
            if spec.design == "grid"
            else (
                f"{spec.design} design of {spec.samples} samples"
                + (f" (n = {spec.n})" if spec.samples != spec.n else "")
                + f" x {spec.combinations} combination(s)"
            )
        )
        sys.stderr.write(
            f"sweep: {design} = {spec.size} points in {spec.n_chunks} chunk(s), "
            f"{len(todo)} to run, executor {args.executor}\n"
        )

    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        report = run_sweep(
            config,
            spec,
            out,
            executor=args.executor,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
            announce=announce,
            resume_command=finish,
        )
    except SweepInterrupted as stop:
        sys.stderr.write(_stopped_line(stop, finish))
        return 143 if stop.why == "terminated" else 130
    except SweepStopped as stop:
        sys.stderr.write(f"deterrence sweep: error: {_stopped_line(stop.interrupted, finish)}")
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not args.no_report:
        _write_report(report.path, report.points)
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.status_counts.items()))
    solved = sum(report.status_counts.values())
    print(
        f"{report.points} points; this run solved {solved}"
        + (f" ({counts})" if counts else "")
        + f" in {report.seconds:.1f} s; results in {report.path}/"
    )
    return 0


def _stopped_line(stop, finish: str) -> str:
    if not stop.created:
        return f"deterrence sweep: {stop.describe()}\n"
    return f"deterrence sweep: {stop.describe()}; finish with: {finish}\n"


AUTO_REPORT_POINTS = 1_000_000  # larger sweeps get a report only when asked for


def _write_report(path: Path, points: int) -> None:
    """report.html beside the results; a sweep that cannot be reported is still done."""
    from deterrence.reports import write_report
    from deterrence.runs.errors import ConfigError, shorten

    if points > AUTO_REPORT_POINTS:
        sys.stderr.write(
            f"note: no report.html for {points} points (it loads every row); "
            f"`deterrence report {path}` makes one\n"
        )
        return
    try:
        write_report(path)
    except ConfigError as exc:
        sys.stderr.write(f"warning: no report.html: {exc}\n")
    except Exception as exc:  # the results are safe whatever the report does: say, go on
        reason = shorten(" ".join(f"{type(exc).__name__}: {exc}".split()))
        sys.stderr.write(f"warning: no report.html ({reason}); the results are complete\n")
