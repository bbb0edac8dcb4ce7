"""The threshold figure: V* against the intervention probability q, with the config's stakes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from deterrence.plotting import ATTACK_COLOUR, HOLD_COLOUR, NOTE_COLOUR, OKABE_ITO, add_titles
from deterrence.runs.plot_data import ThresholdFigure
from deterrence.runs.quantities import label

MARKER_SIZE, RING_SIZE = 8, 15


def plot_threshold(data: ThresholdFigure, ax: Axes | None = None) -> Figure:
    """Draw V*(q), shade the ambiguity set, mark the V*s and the config's stakes V."""
    own = ax is None
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.0, 4.9), layout="constrained")
    else:
        fig = ax.figure
    blue, orange = OKABE_ITO[0], OKABE_ITO[1]
    ax.plot(data.q, data.threshold, color=blue, lw=2, label="V*(q): threshold with a known q")
    lo, hi = data.interval
    if hi > lo:
        ax.axvspan(lo, hi, color=orange, alpha=0.2, label=f"ambiguity set q ∈ [{lo:.2f}, {hi:.2f}]")
    if data.criterion_threshold is not None:
        ax.axhline(data.criterion_threshold, color=OKABE_ITO[3], lw=1, ls="--")
    for m in data.markers:
        colour = OKABE_ITO[m.colour]
        ax.plot(
            [m.q],
            [m.value],
            m.shape,
            ms=RING_SIZE if m.ring else MARKER_SIZE,
            mfc="none" if m.ring else colour,
            mec=colour,
            mew=2.2 if m.ring else 1.0,
            label=m.label,
            zorder=3 if m.ring else 4,
        )
    _stakes(ax, data)
    ax.set_xlabel("probability that R intervenes, q")
    ax.set_ylabel(label("threshold"))
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(*data.ylim)
    if data.note:
        ax.annotate(
            data.note,
            xy=(0.99, 0.02),
            xycoords="axes fraction",
            ha="right",
            fontsize=7,
            color=NOTE_COLOUR,
        )
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)
    if own:
        add_titles(fig, data.title, data.subtitle)
    return fig


def _stakes(ax: Axes, data: ThresholdFigure) -> None:
    """The config's stakes V: a line (or an arrow when far above), and A's decision."""
    colour = ATTACK_COLOUR if data.attack else HOLD_COLOUR
    box = {"boxstyle": "round", "facecolor": "white", "edgecolor": colour}
    if data.stakes_on_scale:
        ax.axhline(data.stakes, color="black", lw=1.4, label=f"stakes V = {data.stakes:g}")
        ax.annotate(
            data.decision,
            xy=(0.99, data.stakes),
            xycoords=("axes fraction", "data"),
            xytext=(0, -4),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=8.5,
            bbox=box,
        )
        return
    ax.annotate(
        f"↑ stakes V = {data.stakes:g}, above the scale\n{data.decision}",
        xy=(0.99, 0.03),
        xycoords="axes fraction",
        ha="right",
        va="bottom",
        fontsize=8.5,
        bbox=box,
    )


def save_threshold(data: ThresholdFigure, path, fmt: str = "png") -> None:
    fig = plot_threshold(data)
    fig.savefig(path, format=fmt, dpi=150)
    plt.close(fig)
