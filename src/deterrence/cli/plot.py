"""``deterrence plot``: a figure from a sweep's results, without re-solving."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("plot", help="plot a sweep's results (no re-solving)")
    p.add_argument("results", metavar="RESULTS", help="a sweep results folder")
    p.add_argument("--x", required=True, metavar="PARAM", help="column on the x axis")
    p.add_argument("--y", metavar="PARAM", help="column on the y axis (filled contour of --z)")
    p.add_argument("--z", required=True, metavar="OUTPUT", help="output to plot")
    p.add_argument("--by", metavar="COLUMN", help="one line per value of this column")
    p.add_argument("--format", choices=("png", "svg", "pdf"), default="png")
    p.add_argument("--out", metavar="FILE", help="figure file (default in RESULTS/)")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace an existing --out file that deterrence did not make from these results",
    )
    p.add_argument(
        "--partial",
        action="store_true",
        help="plot the intact chunks of an incomplete or damaged folder (said on the figure)",
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.plotting.sweep import save_sweep_plot
    from deterrence.runs.plot_data import plot_data
    from deterrence.runs.store import write_output

    data = plot_data(args.results, args.x, args.z, y=args.y, by=args.by, partial=args.partial)
    name = (
        f"{args.z}_vs_{args.x}"
        + (f"_{args.y}" if args.y else "")
        + (f"_by_{args.by}" if args.by else "")
    )
    out = Path(args.out) if args.out else Path(args.results) / f"{name}.{args.format}"
    write_output(
        out,
        lambda path: save_sweep_plot(data, path, args.format),
        folder=Path(args.results),
        force=args.force,
    )
    if data.partial:
        print(f"warning: {data.partial} (said on the figure)", file=sys.stderr)
    print(f"figure written to {out}")
    return 0
