"""``deterrence report``: one self-contained HTML page of a results folder."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser(
        "report", help="write a self-contained HTML report of a run, sweep or cases folder"
    )
    p.add_argument("results", metavar="RESULTS", help="a results folder of run, sweep or cases")
    p.add_argument("--out", metavar="FILE", help="the HTML file (default RESULTS/report.html)")
    p.add_argument(
        "--force", action="store_true", help="replace --out even if it is not a report of ours"
    )
    p.add_argument(
        "--partial", action="store_true", help="report an unfinished sweep's solved points"
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.reports import write_report

    out = write_report(args.results, args.out, force=args.force, partial=args.partial)
    print(f"report written to {out}")
    return 0
