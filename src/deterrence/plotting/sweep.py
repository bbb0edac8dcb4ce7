"""Figures of a sweep: lines (one axis) or a map over two axes (contours, regions, cells).

The data, and every decision about what to draw (categories, a yes/no
output, a constant field, coinciding lines, a colour scale for many
``--by`` values, one set of levels for all panels), come from
:func:`deterrence.runs.plot_data.pivot`; this module only draws.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from deterrence.plotting import ATTACK_COLOUR, HOLD_COLOUR, OKABE_ITO, add_titles
from deterrence.runs.plot_data import MAX_LEGEND, PlotData

MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
DODGE = 0.12  # sideways shift between series at one category
ANNOTATE_CELLS = 60  # a heat map with at most this many cells prints its values


def _boolean_axis(ax: Axes, axis: str = "y") -> None:
    ticks, names = [0, 1], ["A holds", "A attacks"]
    if axis == "y":
        ax.set_yticks(ticks, names)
        ax.set_ylim(-0.15, 1.15)
    else:
        ax.set_xticks(ticks, names)


def _category_axis(ax: Axes, categories: tuple[str, ...], axis: str) -> None:
    ticks = range(len(categories))
    if axis == "x":
        ax.set_xticks(
            ticks,
            categories,
            rotation=20 if len(categories) > 4 else 0,
            ha="right" if len(categories) > 4 else "center",
        )
        ax.set_xlim(-0.5, len(categories) - 0.5)
    else:  # the first category on top, as in a table
        ax.set_yticks(ticks, categories)
        ax.set_ylim(len(categories) - 0.5, -0.5)


def _note(ax: Axes, text: str) -> None:
    if text:
        ax.text(
            0.5,
            0.5,
            text,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            color="black",
            bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85, "edgecolor": "0.7"},
        )


def plot_lines(data: PlotData, ax: Axes | None = None) -> Figure:
    """One line per ``by`` value: Okabe-Ito colours and markers, coinciding lines
    drawn once with a joint legend entry, or a viridis colour bar for many values."""
    own = ax is None
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.2, 4.8), layout="constrained")
    else:
        fig = ax.figure
    if data.by_scale:
        _scaled_lines(data, ax, fig)
    else:
        _palette_lines(data, ax)
    ax.set_xlabel(data.x_label)
    ax.set_ylabel(data.z_label)
    ax.grid(True, alpha=0.3)
    if data.x_categories:
        _category_axis(ax, data.x_categories, "x")
    if data.boolean:
        _boolean_axis(ax)
    _note(ax, data.note)
    if own:
        add_titles(fig, data.title, data.subtitle)
    return fig


def _palette_lines(data: PlotData, ax: Axes) -> None:
    count = len(data.groups)
    for i, group in enumerate(data.groups):
        x, z = data.series[group[0]]
        if data.x_categories:
            x = x + DODGE * (i - (count - 1) / 2) / max(1, count / 3)
        ax.plot(
            x,
            z,
            color=OKABE_ITO[i % len(OKABE_ITO)],
            marker=MARKERS[i % len(MARKERS)],
            markevery=1 if data.x_categories else max(1, len(x) // 10),
            ms=6 if data.x_categories else 5,
            lw=0 if data.x_categories else 1.8,
            drawstyle="steps-mid" if data.boolean and not data.x_categories else "default",
            label=data.group_label(group) or None,
        )
    if data.by:
        outside = count > MAX_LEGEND
        ax.legend(
            title=data.by_label,
            fontsize=8,
            frameon=False,
            loc="upper left" if outside else "best",
            bbox_to_anchor=(1.01, 1.0) if outside else None,
        )


def _scaled_lines(data: PlotData, ax: Axes, fig: Figure) -> None:
    values = np.asarray(data.by_scale)
    norm = Normalize(values.min(), values.max())
    cmap = plt.get_cmap("viridis")
    for value, (x, z) in zip(values, data.series.values(), strict=True):
        if data.x_categories:  # categories are not joined by lines
            ax.plot(x, z, "o", color=cmap(norm(value)), ms=4, alpha=0.8)
        else:
            ax.plot(x, z, color=cmap(norm(value)), lw=1.4)
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(mappable, ax=ax, label=data.by_label)


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sorted cell centres (half a spacing beyond each end)."""
    if centres.size == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    mid = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[2 * centres[0] - mid[0]], mid, [2 * centres[-1] - mid[-1]]])


def _panels(data: PlotData) -> list[tuple[str, str, tuple]]:
    panels = [(name, "grid", v) for name, v in data.grids.items()]
    return panels + [(name, "scattered", v) for name, v in data.scattered.items()]


def plot_map(data: PlotData, fig: Figure | None = None) -> Figure:
    """A map of z over (x, y), one panel per ``by`` value, one colour scale for all.

    Numbers: filled contours with labelled levels (viridis), or cells where
    an axis is categorical; a yes/no output: two-colour regions with a
    legend; a constant field: one level with a note.
    """
    panels = _panels(data)
    n = len(panels)
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    own = fig is None
    if fig is None:
        fig = plt.figure(figsize=(4.8 * cols + 1.2, 3.9 * rows + 0.6), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True, sharey=True).ravel()
    mappable = None
    for ax, (name, kind, (x, y, z)) in zip(axes, panels, strict=False):
        if data.boolean:
            _regions(ax, kind, x, y, z)
        elif data.constant is not None:
            _uniform(ax, kind, x, y)
        elif kind == "grid" and (data.x_categories or data.y_categories):
            mappable = _cells(ax, data, x, y, z)
        else:
            mappable = _contours(ax, data, kind, x, y, z)
        if data.x_categories:
            _category_axis(ax, data.x_categories, "x")
        if data.y_categories:
            _category_axis(ax, data.y_categories, "y")
        if name:
            ax.set_title(f"{data.by_label} = {name}", fontsize=9)
    for ax in axes[n:]:
        ax.set_visible(False)
    for ax in axes[:n]:
        if ax.get_subplotspec().is_last_row():
            ax.set_xlabel(data.x_label)
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel(data.y_label)
    if mappable is not None:
        fig.colorbar(mappable, ax=list(axes[:n]), label=data.z_label, shrink=0.9)
    if data.boolean:
        handles = [
            Patch(color=HOLD_COLOUR, label="A holds"),
            Patch(color=ATTACK_COLOUR, label="A attacks"),
        ]
        axes[min(n, cols) - 1].legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False
        )
    for ax, (name, _, _) in zip(axes, panels, strict=False):
        _note(ax, data.panel_note(name))
    if own:
        add_titles(fig, data.title, data.subtitle)
    return fig


def _regions(ax: Axes, kind: str, x, y, z) -> None:
    cmap = ListedColormap([HOLD_COLOUR, ATTACK_COLOUR])
    norm = BoundaryNorm([-0.5, 0.5, 1.5], 2)
    if kind == "grid":
        ax.pcolormesh(_edges(x), _edges(y), np.ma.masked_invalid(z), cmap=cmap, norm=norm)
    else:
        ax.scatter(x, y, c=z, cmap=cmap, norm=norm, s=14, linewidths=0)


def _uniform(ax: Axes, kind: str, x, y) -> None:
    colour = plt.get_cmap("viridis")(0.5)
    if kind == "grid":
        ax.pcolormesh(
            _edges(x), _edges(y), np.zeros((len(y), len(x))), cmap=ListedColormap([colour])
        )
    else:
        ax.scatter(x, y, color=colour, s=14, linewidths=0)


def _cells(ax: Axes, data: PlotData, x, y, z):
    norm = Normalize(data.levels[0], data.levels[-1]) if data.levels else None
    mesh = ax.pcolormesh(_edges(x), _edges(y), np.ma.masked_invalid(z), cmap="viridis", norm=norm)
    if z.size <= ANNOTATE_CELLS:
        low = data.levels[0] if data.levels else np.nanmin(z)
        high = data.levels[-1] if data.levels else np.nanmax(z)
        for (i, j), value in np.ndenumerate(z):
            if np.isfinite(value):
                light = (value - low) < 0.6 * (high - low)
                ax.text(
                    x[j],
                    y[i],
                    f"{value:.3g}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if light else "black",
                )
    return mesh


def _contours(ax: Axes, data: PlotData, kind: str, x, y, z):
    levels = list(data.levels) or 12
    if kind == "grid":
        filled = ax.contourf(x, y, z, levels=levels, cmap="viridis")
        lines = ax.contour(x, y, z, levels=filled.levels[::2], colors="white", linewidths=0.6)
    else:
        filled = ax.tricontourf(x, y, z, levels=levels, cmap="viridis")
        lines = ax.tricontour(x, y, z, levels=filled.levels[::2], colors="white", linewidths=0.6)
    ax.clabel(lines, fmt="%.3g", fontsize=7)
    return filled


def sweep_figure(data: PlotData) -> Figure:
    """Lines without --y, a map with it."""
    return plot_lines(data) if data.y is None else plot_map(data)


def save_sweep_plot(data: PlotData, path, fmt: str = "png") -> None:
    fig = sweep_figure(data)
    fig.savefig(path, format=fmt, dpi=150)
    plt.close(fig)


plot_contours = plot_map  # the name of earlier versions
