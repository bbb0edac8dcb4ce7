"""The README's tables, read from the sweep's stored table (no re-solving).

    deterrence sweep experiments/sweep_ambiguity/config.toml --out results/sweep_ambiguity
    python experiments/sweep_ambiguity/table.py results/sweep_ambiguity

prints V*, the force requirement and their premiums at widths 0, 0.2, ..., 0.8 for every
criterion, and the force requirement with R surely out (the force premium's reference).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from deterrence.models.criteria import CRITERIA
from deterrence.results import load

WIDTHS = (0.0, 0.2, 0.4, 0.6, 0.8)
X = "belief.q_width"


def table(df, z: str) -> str:
    lines = ["| width | " + " | ".join(CRITERIA) + " |", "|---" * (len(CRITERIA) + 1) + "|"]
    for w in WIDTHS:
        row = df[np.isclose(df[X], w)]
        cells = []
        for name in CRITERIA:
            value = row.loc[row["criterion.name"] == name, z]
            if value.empty or np.isnan(value.iloc[0]):
                cells.append("—")
            else:  # no "-0.0000"
                cells.append(f"{value.iloc[0]:.4f}".replace("-0.0000", "0.0000"))
        lines.append(f"| {w:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(path: str) -> None:
    df = load(Path(path))
    for z in ("threshold", "force_requirement", "threshold_premium", "force_premium"):
        if z in df.columns:
            print(f"\n### {z}\n\n{table(df, z)}")
    print("\ncolumns:", ", ".join(c for c in df.columns if not c.startswith("_")))


if __name__ == "__main__":
    main(sys.argv[1])
