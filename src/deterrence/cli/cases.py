"""``deterrence cases``: solve the case library and compare the cases."""

from __future__ import annotations

import argparse
from pathlib import Path

from deterrence.cli.common import text_writer
from deterrence.cli.run import report_writer


def register(sub) -> None:
    p = sub.add_parser("cases", help="solve the case library and compare the cases")
    p.add_argument(
        "folder",
        nargs="?",
        default=None,
        metavar="FOLDER",
        help="folder of case files (default: the shipped case library)",
    )
    p.add_argument("--out", metavar="DIR", help="results folder (default results/cases-<time>)")
    p.add_argument(
        "--text-weight",
        type=float,
        default=1.0,
        metavar="W",
        help="how far a defence text lies above consultation, 0..1 (default 1; docs/deeds.md)",
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.plotting.cases import save_cases
    from deterrence.runs import store
    from deterrence.runs.cases import run_cases
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.plot_data import cases_data
    from deterrence.runs.tables import markdown, write_csv

    if not 0.0 <= args.text_weight <= 1.0:
        raise ConfigError("--text-weight", str(args.text_weight), "must be a number in [0, 1]")
    from deterrence.runs.config import shipped_configs

    folder = args.folder if args.folder is not None else shipped_configs() / "cases"
    rows, differences = run_cases(folder, args.text_weight)
    out = store.default_folder("cases") if args.out is None else Path(args.out)
    store.check_free(out)
    columns = ["case", "text", "practice", "belief_lo", "belief_hi", "interoperability"]
    columns += ["attack", "threshold", "force_requirement", "threshold_premium", "force_premium"]
    report = markdown(rows, columns)
    if differences:
        change = ["case", "against", "threshold_change", "threshold_change_relative"]
        change += ["force_requirement_change", "force_requirement_change_relative"]
        report += "\n\n" + markdown(differences, change)
    payload = {"cases": rows, "differences": differences, "text_weight": args.text_weight}
    payload |= store.metadata(str(folder), {"cases": [r["case"] for r in rows]})
    payload["command"] = getattr(args, "command_line", None)
    store.write_folder(
        out,
        {
            "cases.json": store.json_writer(payload),
            "cases.csv": lambda path: write_csv(rows, path),
            "cases.md": text_writer(report + "\n"),
            "cases.png": lambda path: save_cases(
                cases_data(rows, args.folder, args.text_weight), path
            ),
            "report.html": report_writer(out),
        },
    )
    print(report)
    print(f"results written to {out}/ (cases.json, cases.csv, cases.md, cases.png, report.html)")
    return 0
