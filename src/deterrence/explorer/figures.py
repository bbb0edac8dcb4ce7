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

from deterrence.plotting.sweep import sweep_figure
from deterrence.plotting.threshold import plot_threshold
from deterrence.runs.plot_data import PlotData, threshold_data
from deterrence.runs.validate import Config

THRESHOLD_SIZE = (7.0, 4.9)  # inches, as deterrence run draws it
# Fixed margins rather than constrained layout: the layout pass costs more than
# the drawing itself, and the page redraws the figure on every change.
# The page's heading names the scenario, so the figure goes without the titles.
THRESHOLD_MARGINS = {"left": 0.1, "right": 0.97, "bottom": 0.11, "top": 0.97}
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "deterrence"}
_DRAWING = threading.Lock()


def svg(fig: Figure) -> str:
    """A figure as SVG text."""
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def threshold_svg(config: Config, solution) -> str:
    """The threshold figure of a solved scenario: V* against q, the set of priors
    shaded, the V*s marked, and the config's stakes with A's decision."""
    data = threshold_data(config, solution)
    with _DRAWING:
        fig = Figure(figsize=THRESHOLD_SIZE)
        fig.subplots_adjust(**THRESHOLD_MARGINS)
        plot_threshold(data, ax=fig.subplots())
        return svg(fig)


def sweep_svg(data: PlotData) -> str:
    """A sweep figure as ``deterrence plot`` draws it: lines, or one contour per panel
    (the plotting functions size the figure; pyplot's copy is closed at once)."""
    with _DRAWING:
        fig = sweep_figure(data)
        try:
            return svg(fig)
        finally:
            plt.close(fig)
