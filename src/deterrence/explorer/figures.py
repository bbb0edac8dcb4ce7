"""The page's figures as SVG text, drawn by the package's own plotting functions.

Figures are drawn on :class:`matplotlib.figure.Figure` objects (not pyplot's
global state) under one lock, since the server draws in worker threads.
Text stays text in the SVG (``svg.fonttype = none``): smaller and quicker.
"""

from __future__ import annotations

import io
import threading

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from deterrence.plotting.sweep import plot_contours, plot_lines
from deterrence.plotting.threshold import plot_threshold
from deterrence.runs.execute import threshold_curve
from deterrence.runs.plot_data import PlotData
from deterrence.runs.validate import Config

THRESHOLD_SIZE = (6.4, 4.2)  # inches, as deterrence run draws it
# Fixed margins rather than constrained layout: the layout pass costs more than
# the drawing itself, and the page redraws the figure on every change.
THRESHOLD_MARGINS = {"left": 0.1, "right": 0.97, "bottom": 0.12, "top": 0.9}
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "deterrence"}
_DRAWING = threading.Lock()


def svg(fig: Figure) -> str:
    """A figure as SVG text."""
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def threshold_svg(config: Config, solution) -> str:
    """The threshold figure of a solved scenario (V* against q, the set shaded)."""
    curve = threshold_curve(config, solution)
    with _DRAWING:
        fig = Figure(figsize=THRESHOLD_SIZE)
        fig.subplots_adjust(**THRESHOLD_MARGINS)
        plot_threshold(curve, ax=fig.subplots())
        return svg(fig)


def sweep_svg(data: PlotData) -> str:
    """A sweep figure as ``deterrence plot`` draws it: lines, or one contour per panel
    (the plotting functions size the figure; pyplot's copy is closed at once)."""
    with _DRAWING:
        fig = plot_lines(data) if data.y is None else plot_contours(data)
        try:
            return svg(fig)
        finally:
            plt.close(fig)
