"""The belief-dynamics figure: the dated events, A's belief, V* and the force requirement."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from deterrence.plotting import OKABE_ITO, add_titles
from deterrence.runs.plot_data import TrajectoryFigure
from deterrence.runs.quantities import label


def plot_trajectory(data: TrajectoryFigure, fig: Figure | None = None) -> Figure:
    """Panels sharing the years (events, belief and interoperability, V*, force
    requirement) and, beside them, the key to the numbered events."""
    own = fig is None
    if fig is None:
        fig = plt.figure(figsize=(11.0, 8.4), layout="constrained")
    heights = [0.45 + 0.22 * _levels(data), 2.4, 2.2, 2.0]
    grid = fig.add_gridspec(4, 2, width_ratios=[2.3, 1.0], height_ratios=heights)
    strip = fig.add_subplot(grid[0, 0])
    belief, threshold, force = (fig.add_subplot(grid[k, 0], sharex=strip) for k in (1, 2, 3))
    _events(strip, fig.add_subplot(grid[:, 1]), data)
    _belief(belief, data)
    _threshold(threshold, data)
    _force(force, data)
    for ax in (strip, belief, threshold):
        ax.tick_params(labelbottom=False)
    if own:
        add_titles(fig, data.title, data.subtitle)
    return fig


def _levels(data: TrajectoryFigure) -> int:
    return 1 + max((e.level for e in data.events), default=0)


def _events(ax: Axes, key: Axes, data: TrajectoryFigure) -> None:
    """Numbered markers at the events' years; their key in its own column."""
    for e in data.events:
        ax.plot([e.year], [e.level], "o", ms=11, mfc="white", mec="0.3")
        ax.text(e.year, e.level, str(e.number), ha="center", va="center", fontsize=7)
    ax.set_ylim(_levels(data) - 0.4, -0.6)
    ax.set_yticks([])
    ax.set_ylabel("events", fontsize=9, rotation=0, ha="right", va="center")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    key.axis("off")
    handles = [Line2D([], [], ls="", marker=f"${e.number}$", color="0.2") for e in data.events]
    names = [f"{e.year}: {e.name}" for e in data.events]
    if handles:
        key.legend(
            handles,
            names,
            loc="upper left",
            bbox_to_anchor=(0.0, 1.0),
            frameon=False,
            fontsize=7.5,
            handlelength=1.0,
            title="dated events",
            title_fontsize=8.5,
            alignment="left",
        )


def _belief(ax: Axes, data: TrajectoryFigure) -> None:
    c = data.columns
    ax.stairs(
        c["belief_hi"],
        data.edges,
        baseline=c["belief_lo"],
        fill=True,
        color=OKABE_ITO[1],
        alpha=0.45,
        label="A's belief interval, P(R committed)",
    )
    ax.stairs(
        c["interoperability"],
        data.edges,
        baseline=None,
        color=OKABE_ITO[2],
        lw=2,
        label="interoperability e",
    )
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("probability / share", fontsize=9)
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    ax.grid(alpha=0.3)


def _threshold(ax: Axes, data: TrajectoryFigure) -> None:
    blue = OKABE_ITO[0]
    ax.stairs(
        data.columns["threshold"],
        data.edges,
        baseline=None,
        color=blue,
        lw=2,
        label=f"V* ({data.criterion})",
    )
    ax.stairs(
        data.baseline_threshold,
        data.edges,
        baseline=None,
        color=blue,
        lw=1,
        ls="--",
        label="V* without ambiguity (mean belief)",
    )
    if data.stakes is not None:
        ax.axhline(
            data.stakes,
            color="black",
            lw=1.2,
            label=f"stakes V = {data.stakes:g} (A attacks while V* < V)",
        )
    ax.set_ylabel(label("threshold").replace(" (", "\n("), fontsize=9)
    ax.legend(loc="center left", frameon=False, fontsize=8)
    ax.grid(alpha=0.3)


def _force(ax: Axes, data: TrajectoryFigure) -> None:
    ax.stairs(
        data.columns["force_requirement"],
        data.edges,
        baseline=None,
        color=OKABE_ITO[3],
        lw=2,
        label=f"force requirement ({data.criterion})",
    )
    ax.set_ylabel(label("force_requirement").replace(" (", "\n("), fontsize=9)
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    ax.set_xlabel("year (each step: the state after that year's events)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(data.edges[0], data.edges[-1])
    ax.grid(alpha=0.3)


def save_trajectory(data: TrajectoryFigure, path) -> None:
    fig = plot_trajectory(data)
    fig.savefig(path, dpi=150)
    plt.close(fig)
