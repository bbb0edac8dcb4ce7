"""The threshold figure: V* against the intervention probability q."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from deterrence.plotting import OKABE_ITO
from deterrence.runs.execute import ThresholdCurve


def plot_threshold(curve: ThresholdCurve, ax: Axes | None = None) -> Figure:
    """Draw V*(q), shade the ambiguity interval and mark the criterion's V*."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    else:
        fig = ax.figure
    blue, orange, green = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]
    ax.plot(curve.q, curve.threshold, color=blue, lw=2, label="V*(q): threshold with a known q")
    lo, hi = curve.interval
    if hi > lo:
        ax.axvspan(lo, hi, color=orange, alpha=0.2, label=f"ambiguity set q ∈ [{lo:.2f}, {hi:.2f}]")
    q_base, v_base = curve.baseline
    if q_base is not None and v_base is not None:
        ax.plot(
            [q_base], [v_base], "o", color=green, ms=7, label=f"no ambiguity: V* = {v_base:.3f}"
        )
    q_mark, v_mark = curve.marked
    if q_mark is not None and v_mark is not None:
        ax.axhline(v_mark, color=OKABE_ITO[3], lw=1, ls="--")
        ax.plot(
            [q_mark],
            [v_mark],
            "D",
            color=OKABE_ITO[3],
            ms=8,
            label=f"{curve.criterion}: V* = {v_mark:.3f}",
        )
    ax.set_xlabel("probability that R intervenes, q")
    ax.set_ylabel("aggression threshold V* (stakes)")
    ax.set_xlim(0.0, 1.0)
    ax.set_title("How the risk of intervention raises A's threshold for attack")
    if curve.endogenous:
        ax.annotate(
            "R best-responds to F: markers sit at q(F*), off the known-q curve",
            xy=(0.99, 0.02),
            xycoords="axes fraction",
            ha="right",
            fontsize=7,
            color="0.35",
        )
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return fig


def save_threshold(curve: ThresholdCurve, path, fmt: str = "png") -> None:
    fig = plot_threshold(curve)
    fig.savefig(path, format=fmt, dpi=150)
    plt.close(fig)
