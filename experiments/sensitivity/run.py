"""Which assumptions drive the default scenario's answers, and where is the premium above 10%?

    python experiments/sensitivity/run.py     # sweeps (unless done), indices, PRIM boxes

Runs the two Saltelli sweeps of this folder (exogenous.toml, endogenous.toml;
into results/), then the commands the README quotes:

    deterrence analyze results/sensitivity_MODE --method sobol --json
    deterrence analyze results/sensitivity_MODE --method sobol --out experiments/sensitivity/figures
    deterrence discover results/sensitivity_MODE --output threshold_premium_relative --above 0.1

and writes tables.md (the drivers of each output under each criterion, and the
PRIM boxes) and the figures beside this file.  Until the solver reports
``threshold_premium_relative`` (premium / V* under expected utility at the
mean prior) the PRIM step derives it from the table's columns:
threshold_premium / (threshold - threshold_premium), the same quantity.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MODES = ("exogenous", "endogenous")
OUTPUTS = ("threshold", "force_requirement", "threshold_premium", "force_premium")
SHOWN = 0.05  # drivers listed: total index above this
PREMIUM = 0.1  # "ambiguity raises V* by more than 10%"


def deterrence(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "deterrence", *args], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout


def folder(mode: str) -> Path:
    return ROOT / "results" / f"sensitivity_{mode}"


def sweep(mode: str) -> None:
    out = folder(mode)
    if (out / "manifest.json").exists():
        return
    config = HERE / f"{mode}.toml"
    deterrence("sweep", str(config), "--out", str(out), "--executor", "processes")


def drivers(record: dict) -> list[str]:
    """Markdown rows: each output and criterion, its inputs with ST > SHOWN, ranked."""
    rows = []
    for result in record["results"]:
        crit = result["by"].get("criterion.name", "")
        shown = [
            f"{r['parameter'].split('.', 1)[1]} {r['ST']:.2f} ± {r['ST_conf']:.2f}"
            f" (S1 {r['S1']:.2f})"
            for r in result["indices"]
            if r["ST"] is not None and r["ST"] > SHOWN
        ]
        small = [
            r["parameter"].split(".", 1)[1]
            for r in result["indices"]
            if r["ST"] is not None and r["ST"] <= SHOWN
        ]
        rows.append(
            f"| {result['output']} | {crit} | {'; '.join(shown) or '(none above 0.05)'} | "
            f"{', '.join(small)} |"
        )
    return rows


def premium_boxes(mode: str) -> tuple[dict, str]:
    """PRIM's boxes for threshold_premium_relative > 0.1 (derived if the table lacks it)."""
    from deterrence.plotting.analysis import plot_trajectory, save
    from deterrence.runs.analysis.discovery import discover
    from deterrence.runs.analysis.table import from_frame, read_results

    table = read_results(folder(mode))
    name = "threshold_premium_relative"
    how = "deterrence discover (the solver's column)"
    if name not in table.frame:
        frame = table.frame.copy()
        baseline = frame["threshold"] - frame["threshold_premium"]
        frame[name] = frame["threshold_premium"] / baseline
        table = from_frame(frame, table.design, source=str(folder(mode)))
        how = "derived: threshold_premium / (threshold - threshold_premium)"
    found = discover(table, name, ">", PREMIUM)
    save(plot_trajectory(found), HERE / "figures" / f"prim_{mode}_premium_above_10pct.png")
    return found.to_record(), how


def box_rows(mode: str, record: dict) -> list[str]:
    rows = [
        f"**{mode}**: {record['base_rate']:.1%} of {record['n_points']} points have "
        f"V* raised by more than 10% (base rate).",
        "",
        "| box | coverage | density | mass | limits |",
        "|---|---:|---:|---:|---|",
    ]
    for i, box in enumerate(record["boxes"], 1):
        limits = "; ".join(
            f"{k.split('.', 1)[1]} ∈ [{v[0]:.3g}, {v[1]:.3g}]"
            if not isinstance(v[0], str)
            else f"{k.split('.', 1)[1]} ∈ {{{', '.join(v)}}}"
            for k, v in box["limits"].items()
        )
        flag = "" if box["meets_threshold"] else " (below 0.8)"
        rows.append(
            f"| {i} | {box['coverage']:.3f} | {box['density']:.3f}{flag} | {box['mass']:.3f} | "
            f"{limits} |"
        )
    return rows


def main() -> None:
    (HERE / "figures").mkdir(exist_ok=True)
    lines = ["# Sensitivity of the default scenario: the numbers", ""]
    lines += ["Written by `python experiments/sensitivity/run.py`.", ""]
    for mode in MODES:
        sweep(mode)
        record = json.loads(deterrence("analyze", str(folder(mode)), "--method", "sobol", "--json"))
        deterrence(
            "analyze", str(folder(mode)), "--method", "sobol", "--out", str(HERE / "figures" / mode)
        )
        lines += [f"## Sobol' indices, {mode} belief", ""]
        n = record["results"][0]["n_points"]
        lines += [
            f"Total index ST ± 95% interval (first order S1) over {n} points per criterion; "
            f"inputs with ST ≤ {SHOWN} in the last column.",
            "",
            "| output | criterion | drivers (ST > 0.05) | negligible |",
            "|---|---|---|---|",
            *drivers(record),
            "",
        ]
    lines += ["## Where ambiguity raises V* by more than 10% (PRIM)", ""]
    for mode in MODES:
        boxes, how = premium_boxes(mode)
        lines += [*box_rows(mode, boxes), "", f"(threshold_premium_relative {how})", ""]
        (HERE / f"prim_{mode}.json").write_text(json.dumps(boxes, indent=1) + "\n")
    (HERE / "tables.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
