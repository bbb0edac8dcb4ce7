"""Tables and figures of the bargaining experiment, from its two sweeps (no re-solving).

    deterrence sweep experiments/bargaining_ambiguity/config.toml --out results/bargaining_ambiguity
    deterrence sweep experiments/bargaining_ambiguity/config_endogenous.toml \
        --out results/bargaining_limited_aims
    python experiments/bargaining_ambiguity/report.py results/bargaining_ambiguity \
        results/bargaining_limited_aims

prints the tables of README.md and writes exogenous.png and limited_aims.png here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from deterrence.models.criteria import CRITERIA
from deterrence.plotting.bargaining import save_sweep_panels
from deterrence.results import load

HERE = Path(__file__).parent
WIDTHS = (0.0, 0.2, 0.4, 0.6, 0.8)


def table(path: Path, x: str, z: str) -> str:
    df = load(path)
    lines = ["| width | " + " | ".join(CRITERIA) + " |", "|---" * (len(CRITERIA) + 1) + "|"]
    for w in WIDTHS:
        row = df[np.isclose(df[x], w)]
        cells = []
        for name in CRITERIA:
            value = row.loc[row["criterion.name"] == name, z]
            if value.empty or np.isnan(value.iloc[0]):
                cells.append("—")
            else:  # no "-0.0000"
                cells.append(f"{value.iloc[0]:.4f}".replace("-0.0000", "0.0000"))
        lines.append(f"| {w:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(exogenous: str, endogenous: str) -> None:
    exo, endo = Path(exogenous), Path(endogenous)
    x_exo, x_endo = "belief.q_width", "belief.resolve_mean_width"
    for z in ("demand", "war_probability", "demand_premium", "value"):
        print(f"\n### exogenous: {z}\n\n{table(exo, x_exo, z)}")
    for z in ("demand", "war_probability", "entry_probability", "aims_moderation"):
        print(f"\n### limited aims: {z}\n\n{table(endo, x_endo, z)}")
    print("\n### limited aims: the points quoted in the reading\n")
    print(
        "| width | criterion | demand x* | x_f = x* + moderation | war probability | moderation |"
    )
    print("|---|---|---|---|---|---|")
    df = load(endo)
    for w, name in (
        (0.32, "maxmin"),
        (0.34, "maxmin"),
        (0.8, "maxmin"),
        (0.70, "alpha_maxmin"),
        (0.72, "alpha_maxmin"),
        (0.8, "alpha_maxmin"),
    ):
        r = df[np.isclose(df[x_endo], w) & (df["criterion.name"] == name)].iloc[0]
        print(
            f"| {w:.2f} | {name} | {r.demand:.4f} | {r.demand + r.aims_moderation:.4f} | "
            f"{r.war_probability:.4f} | {r.aims_moderation:.4f} |"
        )
    save_sweep_panels(
        exo,
        HERE / "exogenous.png",
        x_exo,
        ["demand", "war_probability", "demand_premium"],
        title="Bargaining: ambiguity about R's entry, q ∈ [0.4 − w/2, 0.4 + w/2]",
        note="p_N = 0.5, p_I = 0.35, c_A = 0.1, c_I = 0.1, T's cost uniform on [0, 0.3], "
        "status quo 0.3; α = 0.5, λ = 20, θ = 0.1; war probability at the mean prior q = 0.4",
    )
    save_sweep_panels(
        endo,
        HERE / "limited_aims.png",
        x_endo,
        ["demand", "war_probability", "entry_probability", "aims_moderation"],
        title="Bargaining with limited aims:\nambiguity about R's resolve, "
        "μ ∈ [−0.2 − w/2, −0.2 + w/2]",
        note="R joins iff θ ≥ 0.3 − 2·x·(0.7 − 0.3), θ ~ N(μ, 0.15²); p_N = 0.7, p_I = 0.3, "
        "c_A = 0.05, c_I = 0.1,\nT's cost uniform on [0, 0.4], status quo 0.2; α = 0.5, λ = 20, "
        "θ_mult = 0.1; probabilities at the mean prior μ = −0.2",
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
