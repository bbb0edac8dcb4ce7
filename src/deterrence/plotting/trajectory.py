"""The belief-dynamics figure: A's belief, V* and the force requirement by year."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from deterrence.plotting import OKABE_ITO


def trajectory_data(outputs: dict) -> dict[str, np.ndarray]:
    """Columns of the figure from a dynamics model's outputs (tested without drawing)."""
    rows = outputs["trajectory"]

    def column(key):
        return np.array([np.nan if r[key] is None else r[key] for r in rows], dtype=float)

    return {
        "year": column("year"),
        "belief_lo": column("belief_lo"),
        "belief_hi": column("belief_hi"),
        "interoperability": column("interoperability"),
        "threshold": column("threshold"),
        "force_requirement": column("force_requirement"),
        "baseline_threshold": column("threshold") - column("threshold_premium"),
    }


def plot_trajectory(outputs: dict, title: str = "") -> Figure:
    data = trajectory_data(outputs)
    # a step per year, the last one drawn to the end of its year
    data = {k: np.append(v, v[-1]) for k, v in data.items()}
    data["year"][-1] += 1
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.0, 6.4), sharex=True, layout="constrained")
    years = data["year"]
    top.fill_between(
        years,
        data["belief_lo"],
        data["belief_hi"],
        step="post",
        color=OKABE_ITO[1],
        alpha=0.35,
        label="belief interval P(R committed)",
    )
    lines = [
        (top, "interoperability", OKABE_ITO[2], "-", "interoperability e"),
        (bottom, "threshold", OKABE_ITO[0], "-", f"V* ({outputs['criterion']})"),
        (bottom, "baseline_threshold", OKABE_ITO[0], "--", "V* without ambiguity (mean belief)"),
        (bottom, "force_requirement", OKABE_ITO[3], "-", "force requirement"),
    ]
    for ax, key, colour, style, label in lines:
        ax.step(
            years,
            data[key],
            where="post",
            color=colour,
            ls=style,
            lw=2 if style == "-" else 1,
            label=label,
        )
    top.set_ylim(0, 1.02)
    top.set_ylabel("probability / share")
    top.legend(loc="upper left", frameon=False)
    top.grid(alpha=0.3)
    bottom.set_xlabel("year")
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_ylabel("stakes / force (T's defence = 1)")
    bottom.legend(loc="upper left", frameon=False)
    bottom.grid(alpha=0.3)
    if title:
        top.set_title(title)
    return fig


def save_trajectory(outputs: dict, path, title: str = "") -> None:
    fig = plot_trajectory(outputs, title)
    fig.savefig(path, dpi=150)
    plt.close(fig)
