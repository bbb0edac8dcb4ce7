"""The case-comparison figure: belief interval, V* and force premium per case."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from deterrence.plotting import OKABE_ITO, add_titles
from deterrence.runs.plot_data import CasesFigure
from deterrence.runs.quantities import label

TEXT_COLOURS = {"none": OKABE_ITO[2], "consultation": OKABE_ITO[1], "defence": OKABE_ITO[0]}


def plot_cases(data: CasesFigure) -> Figure:
    """Three panels sharing the cases: belief interval, V*, force premium."""
    rows = list(data.rows)
    names = [r["name"] for r in rows]
    y = np.arange(len(rows))
    colours = [TEXT_COLOURS[r["text"]] for r in rows]
    fig, axes = plt.subplots(
        1, 3, figsize=(13.0, 0.45 * len(rows) + 1.8), sharey=True, layout="constrained"
    )
    belief, threshold, premium = axes
    for k, r in enumerate(rows):
        belief.plot(
            [r["belief_lo"], r["belief_hi"]], [k, k], color=colours[k], lw=6, solid_capstyle="butt"
        )
    belief.set_xlim(0, 1)
    belief.set_xlabel("A's belief that R intervenes, q (interval)")
    threshold.barh(
        y, [np.nan if r["threshold"] is None else r["threshold"] for r in rows], color=colours
    )
    threshold.set_xlabel(label("threshold"))
    premium.barh(
        y,
        [np.nan if r["force_premium"] is None else r["force_premium"] for r in rows],
        color=colours,
    )
    premium.set_xlabel("force premium ΔF_req\nover R surely out\n(units of T's defence)")
    belief.set_yticks(y, names)
    belief.invert_yaxis()
    for ax in axes:
        ax.grid(axis="x", alpha=0.3)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in TEXT_COLOURS.values()]
    fig.legend(
        handles,
        [f"text: {t}" for t in TEXT_COLOURS],
        loc="outside lower center",
        ncols=3,
        frameon=False,
    )
    add_titles(fig, data.title, data.subtitle)
    return fig


def save_cases(data: CasesFigure, path) -> None:
    fig = plot_cases(data)
    fig.savefig(path, dpi=150)
    plt.close(fig)
