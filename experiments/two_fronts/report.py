"""Tables and figures of the two-front experiment, from its two sweeps (no re-solving).

    deterrence sweep experiments/two_fronts/config.toml --out results/two_fronts_q
    deterrence sweep experiments/two_fronts/config_share.toml --out results/two_fronts_share
    python experiments/two_fronts/report.py results/two_fronts_q results/two_fronts_share

prints the tables of README.md and writes whether.png and where.png here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from deterrence.models.criteria import CRITERIA
from deterrence.plotting.bargaining import save_sweep_panels
from deterrence.results import load

HERE = Path(__file__).parent
OUTPUTS = ["europe_force", "hedging_premium", "hedging_cost", "budget_premium"]
SCENARIO = (
    "B = 4, V_P = 4, V_E = 2, D_T = 1, e·D_R = 0.48, D_E = 1, contest m = 1.5, "
    "k_N = 0.5, k_I = 1.2, k_E = 0.5, c = 0.2; α = 0.5, λ = 2, θ = 1"
)


def table(path: Path, x: str, z: str, widths) -> str:
    df = load(path)
    lines = ["| width | " + " | ".join(CRITERIA) + " |", "|---" * (len(CRITERIA) + 1) + "|"]
    for w in widths:
        row = df[np.isclose(df[x], w)]
        cells = []
        for name in CRITERIA:
            value = row.loc[row["criterion.name"] == name, z]
            if value.empty or np.isnan(value.iloc[0]):
                cells.append("—")
            else:  # no "-0.0000"
                cells.append(f"{value.iloc[0]:.4f}".replace("-0.0000", "0.0000"))
        lines.append(f"| {w:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(whether: str, where: str) -> None:
    q_path, share_path = Path(whether), Path(where)
    x_q, x_share = "belief.q_width", "two_fronts.pacific_share_width"
    for z in ("pacific_force", *OUTPUTS, "extra_cost"):
        print(f"\n### whether R acts: {z}\n\n{table(q_path, x_q, z, (0, 0.2, 0.4, 0.6, 0.8))}")
    for z in ("pacific_force", "hedging_premium", "budget_premium"):
        print(
            f"\n### where R acts: {z}\n\n{table(share_path, x_share, z, (0, 0.25, 0.5, 0.75, 1))}"
        )
    save_sweep_panels(
        q_path,
        HERE / "whether.png",
        x_q,
        OUTPUTS,
        title="Two fronts: ambiguity about whether R acts, q ∈ [0.4 − w/2, 0.4 + w/2], π = 0.5",
        note=SCENARIO,
    )
    save_sweep_panels(
        share_path,
        HERE / "where.png",
        x_share,
        OUTPUTS,
        title="Two fronts: ambiguity about where R acts, π ∈ [0.5 − w/2, 0.5 + w/2], q = 0.4",
        note=SCENARIO,
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
