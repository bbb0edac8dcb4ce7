"""Figures of a sweep: a line chart (one axis) or filled contours (two axes)."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from deterrence.plotting import OKABE_ITO
from deterrence.runs.plot_data import PlotData, label

MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")


def plot_lines(data: PlotData, ax: Axes | None = None) -> Figure:
    """One line per ``by`` value, Okabe-Ito colours and distinct markers."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.8, 4.4), layout="constrained")
    else:
        fig = ax.figure
    for i, (name, (x, z)) in enumerate(data.series.items()):
        ax.plot(
            x,
            z,
            color=OKABE_ITO[i % len(OKABE_ITO)],
            marker=MARKERS[i % len(MARKERS)],
            markevery=max(1, len(x) // 10),
            ms=5,
            lw=1.8,
            label=name or None,
        )
    ax.set_xlabel(label(data.x))
    ax.set_ylabel(label(data.z))
    ax.grid(True, alpha=0.3)
    if data.by:
        ax.legend(title=data.by, fontsize=8, frameon=False)
    return fig


def plot_contours(data: PlotData, fig: Figure | None = None) -> Figure:
    """Filled contours with labelled levels, one panel per ``by`` value (viridis).

    Grid data is contoured directly; a sampled design's scattered points by
    Delaunay triangulation (``tricontourf``).
    """
    panels = [(name, "grid", v) for name, v in data.grids.items()]
    panels += [(name, "scattered", v) for name, v in data.scattered.items()]
    n = len(panels)
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    if fig is None:
        fig = plt.figure(figsize=(4.6 * cols, 3.8 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, (name, kind, (x, y, z)) in zip(axes, panels, strict=False):
        if kind == "grid":
            filled = ax.contourf(x, y, z, levels=12, cmap="viridis")
            lines = ax.contour(x, y, z, levels=filled.levels[::2], colors="white", linewidths=0.6)
        else:
            filled = ax.tricontourf(x, y, z, levels=12, cmap="viridis")
            lines = ax.tricontour(
                x, y, z, levels=filled.levels[::2], colors="white", linewidths=0.6
            )
        ax.clabel(lines, fmt="%.3g", fontsize=7)
        fig.colorbar(filled, ax=ax, label=label(data.z))
        ax.set_xlabel(label(data.x))
        ax.set_ylabel(label(data.y))
        if name:
            ax.set_title(f"{data.by} = {name}", fontsize=9)
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig


def save_sweep_plot(data: PlotData, path, fmt: str = "png") -> None:
    fig = plot_lines(data) if data.y is None else plot_contours(data)
    if getattr(data, "note", None):  # partial results: said on the figure itself
        title = fig.get_suptitle()
        fig.suptitle(f"{title}\n{data.note}" if title else data.note, fontsize=9, color="firebrick")
    fig.savefig(path, format=fmt, dpi=150)
    plt.close(fig)
