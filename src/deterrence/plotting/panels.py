"""Drawing helpers shared by the two-panel model figures (bargaining, two fronts).

Each figure puts A's value of each choice on the left and the optimum under a
known prior on the right; these draw the pieces the two have in common.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from deterrence.plotting import OKABE_ITO

LEGEND = {"fontsize": 7, "frameon": False, "loc": "upper center", "bbox_to_anchor": (0.5, -0.14)}


def two_panels() -> tuple[Figure, Axes, Axes]:
    """A figure of two side-by-side panels: (figure, left, right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11.0, 5.0), layout="constrained")
    return fig, left, right


def optimum_lines(ax: Axes, baseline: float, optimum: float, criterion: str, symbol: str) -> None:
    """Vertical lines at the choice without ambiguity and at the criterion's choice."""
    for value, colour, style, what in (
        (baseline, OKABE_ITO[2], "-", "without ambiguity"),
        (optimum, OKABE_ITO[3], "--", f"under {criterion}"),
    ):
        ax.axvline(value, color=colour, lw=1.2, ls=style, label=f"{symbol} {what} = {value:.3f}")


def prior_band(ax: Axes, interval: tuple[float, float], name: str) -> None:
    """Shade A's interval of priors (nothing for a point), labelled ``name ∈ [lo, hi]``."""
    lo, hi = interval
    if hi > lo:
        ax.axvspan(lo, hi, color=OKABE_ITO[1], alpha=0.15, label=f"{name} ∈ [{lo:.2f}, {hi:.2f}]")


def criterion_level(ax: Axes, value: float, criterion: str, symbol: str) -> None:
    """A dotted horizontal line at the criterion's choice."""
    ax.axhline(
        value, color=OKABE_ITO[3], lw=1, ls=":", label=f"{criterion}: {symbol} = {value:.3f}"
    )


def finish_panel(ax: Axes, xlabel: str, ylabel: str, title: str, ncol: int = 2) -> None:
    """Axis labels, a small title, a light grid and the legend below the panel."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(ncol=ncol, **LEGEND)


def finish_figure(fig: Figure, title: str, note: str = "") -> Figure:
    """The figure's title and, if given, a note under the panels; returns the figure."""
    fig.suptitle(title, fontsize=11)
    if note:
        fig.text(0.5, -0.02, note, ha="center", va="top", fontsize=7, color="0.3")
    return fig
