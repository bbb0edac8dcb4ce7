"""Figures of the analysis commands: sensitivity indices, PRIM's peeling trajectory,
uncertainty bands.  Thin layers over the data of ``runs.analysis``."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from deterrence.plotting import OKABE_ITO
from deterrence.runs.analysis.discovery import Discovery
from deterrence.runs.analysis.sensitivity import Indices
from deterrence.runs.plot_data import label

BARS = {
    "sobol": (("S1", "first order S1"), ("ST", "total ST")),
    "delta": (("delta", "delta"), ("S1", "first order S1")),
}
MAX_PANELS = 12


def _title(result: Indices) -> str:
    by = ", ".join(f"{k} = {v}" for k, v in result.by.items())
    return f"{label(result.output)}" + (f"\n{by}" if by else "")


def plot_bars(result: Indices, ax: Axes | None = None) -> Figure:
    """Sobol' S1 and ST (or delta and S1) of each parameter, ranked, with interval whiskers."""
    fig, ax = _axes(ax, (6.4, 0.45 * len(result.rows) + 1.6))
    rows = result.rows[::-1]  # largest at the top
    y = np.arange(len(rows))
    height = 0.38
    for k, (key, name) in enumerate(BARS[result.method]):
        value = np.array([r[key] if r[key] is not None else np.nan for r in rows])
        conf = np.array([r[f"{key}_conf"] if r[f"{key}_conf"] is not None else 0 for r in rows])
        ax.barh(
            y + (k - 0.5) * height,
            value,
            height,
            xerr=conf,
            color=OKABE_ITO[k],
            label=name,
            error_kw={"elinewidth": 1, "capsize": 2},
        )
    ax.set_yticks(y, [label(r["parameter"]) for r in rows], fontsize=8)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("index (whiskers: bootstrap confidence interval)")
    ax.set_title(_title(result), fontsize=9)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.grid(True, axis="x", alpha=0.3)
    return fig


def plot_morris(result: Indices, ax: Axes | None = None) -> Figure:
    """Morris mu* against sigma, each parameter labelled; mu*'s interval as a whisker."""
    fig, ax = _axes(ax, (6.0, 4.6))
    for i, r in enumerate(result.rows):
        mu, sigma = r["mu_star"] or 0.0, r["sigma"] or 0.0
        ax.errorbar(
            mu,
            sigma,
            xerr=r["mu_star_conf"] or 0.0,
            fmt="o",
            color=OKABE_ITO[i % len(OKABE_ITO)],
            ms=5,
            capsize=2,
        )
        ax.annotate(
            label(r["parameter"]),
            (mu, sigma),
            fontsize=7,
            xytext=(4, 3),
            textcoords="offset points",
        )
    top = max([r["mu_star"] or 0.0 for r in result.rows] + [1e-12])
    ax.plot([0, top], [0, top], color="0.6", lw=0.8, ls="--", label="σ = μ*")
    ax.set_xlabel("μ* (mean absolute elementary effect)")
    ax.set_ylabel("σ (sd of elementary effects)")
    ax.set_title(_title(result), fontsize=9)
    ax.legend(fontsize=8, frameon=False)
    ax.grid(True, alpha=0.3)
    return fig


def plot_indices(results: list[Indices]) -> Figure:
    """One panel per group of one output's indices."""
    shown = results[:MAX_PANELS]
    cols = min(len(shown), 3)
    rows = math.ceil(len(shown) / cols)
    d = len(shown[0].rows)
    height = 4.6 if shown[0].method == "morris" else 0.45 * d + 1.8
    fig = plt.figure(figsize=(6.0 * cols, height * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    draw = plot_morris if shown[0].method == "morris" else plot_bars
    for ax, result in zip(axes, shown, strict=False):
        draw(result, ax)
    for ax in axes[len(shown) :]:
        ax.set_visible(False)
    return fig


def plot_trajectory(found: Discovery, ax: Axes | None = None) -> Figure:
    """PRIM's peeling trajectories: density against coverage, each chosen box marked."""
    fig, ax = _axes(ax, (6.2, 4.6))
    for i, box in enumerate(found.boxes):
        cov = [t["coverage"] for t in box.trajectory]
        den = [t["density"] for t in box.trajectory]
        res = [t["restricted"] for t in box.trajectory]
        points = ax.scatter(cov, den, c=res, cmap="viridis", s=14, zorder=2)
        ax.plot(cov, den, color=OKABE_ITO[i % len(OKABE_ITO)], lw=1, label=f"box {i + 1}")
        ax.scatter(
            cov[box.step],
            den[box.step],
            s=140,
            facecolors="none",
            edgecolors=OKABE_ITO[i % len(OKABE_ITO)],
            lw=2,
            zorder=3,
        )
        ax.annotate(
            f"box {i + 1}",
            (cov[box.step], den[box.step]),
            fontsize=8,
            xytext=(6, -12),
            textcoords="offset points",
        )
    if found.boxes:
        fig.colorbar(points, ax=ax, label="restricted inputs")
    ax.axhline(found.threshold_share, color="0.4", ls="--", lw=0.8, label="threshold share")
    ax.axhline(found.base_rate, color="0.6", ls=":", lw=0.8, label="base rate")
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    word = "above" if found.condition == ">" else "below"
    ax.set_title(f"PRIM: {label(found.output)} {word} {found.value:g}", fontsize=9)
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    ax.grid(True, alpha=0.3)
    return fig


def plot_uncertainty(
    samples: dict[str, np.ndarray], points: dict[str, float | None], summary: dict[str, dict]
) -> Figure:
    """A histogram of each output over the uncertain inputs: point value, median, 5-95%."""
    names = list(samples)
    cols = min(len(names), 2)
    rows = math.ceil(len(names) / cols)
    fig = plt.figure(figsize=(5.4 * cols, 3.4 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, name in zip(axes, names, strict=False):
        values = samples[name][np.isfinite(samples[name])]
        ax.hist(values, bins=40, color=OKABE_ITO[5], alpha=0.8)
        band = summary.get(name, {})
        if band.get("p05") is not None:
            ax.axvspan(band["p05"], band["p95"], color=OKABE_ITO[1], alpha=0.15, label="5–95%")
            ax.axvline(band["median"], color=OKABE_ITO[1], lw=1.5, label="median")
        if points.get(name) is not None:
            ax.axvline(points[name], color=OKABE_ITO[0], lw=1.5, ls="--", label="point value")
        ax.set_xlabel(label(name))
        ax.set_ylabel("samples")
        ax.legend(fontsize=7, frameon=False)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    return fig


def save(fig: Figure, path: str | Path) -> None:
    fig.savefig(path, dpi=130)
    plt.close(fig)


def _axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is None:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        return fig, ax
    return ax.figure, ax
