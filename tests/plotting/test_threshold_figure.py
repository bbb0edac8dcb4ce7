"""The threshold figure's data: the config's stakes, A's decision, nested markers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from deterrence.plotting.threshold import plot_threshold
from deterrence.runs.config import build
from deterrence.runs.execute import solve_config
from deterrence.runs.plot_data import threshold_data


def figure(**sections):
    config = build({"model": {"name": "intervention"}, **sections}, "scenario.toml")
    return threshold_data(config, solve_config(config))


def test_stakes_and_decision_are_shown():
    data = figure(parameters={"stakes": 4.0})
    assert data.stakes == 4.0 and data.attack and data.stakes_on_scale
    assert data.ylim[0] < 1.3 and data.ylim[1] > 4.0  # the curve and V both fit
    assert data.decision == "A attacks: stakes V = 4 > V* = 1.938"
    held = figure(parameters={"stakes": 1.8})
    assert not held.attack and held.decision.startswith("A holds: stakes V = 1.8 ≤ V* = 1.938")
    assert held.title == "scenario" and "V = 1.8" in held.subtitle


def test_stakes_far_above_the_curve_are_off_scale():
    data = figure(parameters={"stakes": 40.0})
    assert not data.stakes_on_scale and data.ylim[1] < 3.0


def test_coinciding_markers_stay_visible():
    """With a point belief, the no-ambiguity V* and the criterion's V* are the same point:
    the first becomes a ring drawn around the second."""
    data = figure(belief={"q": 0.4}, criterion={"name": "expected"})
    ring, inner = data.markers
    assert (ring.q, ring.value) == pytest.approx((inner.q, inner.value))
    assert ring.ring and not inner.ring and "same point" in ring.label
    apart = figure()
    assert not any(m.ring for m in apart.markers)


def test_plot_draws_every_marker_and_the_stakes_line():
    data = figure()
    fig = plot_threshold(data)
    ax = fig.axes[0]
    labels = ax.get_legend_handles_labels()[1]
    assert "stakes V = 4" in labels and sum("V* =" in t for t in labels) == 2
    assert fig.texts[0].get_text() == "scenario"
    plt.close(fig)
