"""``deterrence cases``: solve the case library and compare the cases."""

from __future__ import annotations

import argparse
import json
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
        help="folder of case files, or the name of a shipped one such as claims/c1_texts "
        "(default: the shipped case library)",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="results folder (default results/cases-<time>; with --json only when given)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print cases.json's content (rows, differences, score) as one JSON object",
    )
    p.add_argument(
        "--text-weight",
        type=float,
        default=1.0,
        metavar="W",
        help="share of the texts' coded belief effect taken as credible, 0 (cheap talk) to 1 "
        "(default 1; docs/deeds.md)",
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.plotting.cases import save_cases
    from deterrence.runs import store
    from deterrence.runs.cases import run_cases, score_cases
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.plot_data import cases_data
    from deterrence.runs.tables import markdown, write_csv

    if not 0.0 <= args.text_weight <= 1.0:
        raise ConfigError("--text-weight", str(args.text_weight), "must be a number in [0, 1]")
    folder = case_folder(args.folder)
    rows, differences = run_cases(folder, args.text_weight)
    score = score_cases(rows)
    write = args.out is not None or not args.json
    out = store.default_folder("cases") if args.out is None else Path(args.out)
    if write:
        store.check_free(out)
    columns = ["case", "text", "practice", "belief_lo", "belief_hi", "interoperability"]
    columns += ["attack", "threshold", "force_requirement", "threshold_premium", "force_premium"]
    report = markdown(rows, columns)
    outcomes = ["case", "stakes_level", "stakes", "threshold", "attack", "attacked", "intervened"]
    report += "\n\n" + markdown([r for r in rows if r["attacked"] is not None], outcomes)
    if differences:
        change = ["case", "against", "threshold_change", "threshold_change_relative"]
        change += ["force_requirement_change", "force_requirement_change_relative"]
        report += "\n\n" + markdown(differences, change)
    report += "\n\n" + score_text(score)
    payload = {
        "cases": rows,
        "differences": differences,
        "score": score.to_record(),
        "text_weight": args.text_weight,
    }
    payload |= store.metadata(str(folder), {"cases": [r["case"] for r in rows]})
    payload["command"] = getattr(args, "command_line", None)
    if args.json:
        print(json.dumps(payload, allow_nan=False))
    if not write:
        return 0
    store.write_folder(
        out,
        {
            "cases.json": store.json_writer(payload),
            "cases.csv": lambda path: write_csv(rows, path),
            "cases.md": text_writer(report + "\n"),
            "cases.png": lambda path: save_cases(
                cases_data(rows, str(folder), args.text_weight), path
            ),
            "report.html": report_writer(out),
        },
        kind="cases",
    )
    if not args.json:
        print(report)
        files = "cases.json, cases.csv, cases.md, cases.png, report.html"
        print(f"results written to {out}/ ({files})")
    return 0


def case_folder(name: str | None) -> Path:
    """The folder of case files: ``name`` if it is a folder, else the shipped folder of
    that name (``claims/c1_texts``); the shipped case library when ``name`` is None."""
    from deterrence.runs.config import shipped_configs

    if name is None:
        return shipped_configs() / "cases"
    given = Path(name)
    shipped = shipped_configs() / given
    if not given.exists() and not given.is_absolute() and shipped.is_dir():
        return shipped
    return given


def score_text(score) -> str:
    """The score against history, in a few lines (docs/deeds.md explains each)."""
    lines = [
        "Score against history:",
        f"  attack predicted correctly: {score.attack_correct} of {score.attack_scored} cases "
        f"with an outcome; {score.belief_decides_correct} of {score.belief_decides_scored} "
        "where the coded belief can change the prediction (the rest are decided by the "
        "stakes coding)",
    ]
    if score.threshold_auc is not None:
        lines.append(
            f"  V* ranks the cases not attacked above those attacked with probability "
            f"{score.threshold_auc:.2f} (0.5: no discrimination)"
        )
    common = score.best_common_stakes
    if common["correct"] is not None:
        upper = "inf" if common["stakes_to"] is None else f"{common['stakes_to']:.3f}"
        lines.append(
            f"  with one common stakes V for every case, at best {common['correct']} of "
            f"{score.attack_scored} (V in ({common['stakes_from']:.3f}, {upper}])"
        )
    if score.intervention:
        counts = score.intervention_counts
        lo, hi = score.mean_interval
        lines.append(
            f"  R's observed choice, {len(score.intervention)} tested cases: the coded interval "
            f"was right (above 1/2 under every prior) {counts['right']}, wrong {counts['wrong']}, "
            f"undecided {counts['undecided']}; observed intervention rate "
            f"{score.observed_rate:.2f} against a mean interval [{lo:.3f}, {hi:.3f}] "
            f"({'inside' if score.rate_inside else 'outside'})"
        )
    return "\n".join(lines)
