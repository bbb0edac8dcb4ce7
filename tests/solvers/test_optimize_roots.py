"""The global force search and the root finders on functions with known answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.solvers.optimize import maximize_log_grid
from deterrence.solvers.roots import increasing_root, least_crossing


def two_peaks(centres, heights, width=0.15):
    """A sum of two bumps in ln x, one row per (centre, height) pair."""
    c = np.asarray(centres, float)
    h = np.asarray(heights, float)

    def f(x):
        u = np.log(x)[..., None]
        return np.sum(h[:, None, :] * np.exp(-((u - c[:, None, :]) ** 2) / width**2), axis=-1)

    return f


@given(c1=st.floats(-3, 3), c2=st.floats(-3, 3), h1=st.floats(0.5, 2), h2=st.floats(0.5, 2))
def test_global_maximum_of_two_peaks(c1, c2, h1, h2):
    f = two_peaks([[c1, c2]], [[h1, h2]])
    best = maximize_log_grid(f, np.array([1e-2]), np.array([1e2]))
    dense = np.exp(np.linspace(np.log(1e-2), np.log(1e2), 400_001))
    assert best.value[0] >= f(dense[None, :]).max() - 1e-10


def test_batched_rows_are_independent():
    centres = np.array([[-1.0, 2.0], [0.5, -2.0], [-1.0, 1.5]])
    heights = np.array([[1.0, 1.2], [1.5, 1.0], [0.8, 0.9]])
    best = maximize_log_grid(two_peaks(centres, heights), np.full(3, 1e-2), np.full(3, 1e2))
    np.testing.assert_allclose(np.log(best.x), [2.0, 0.5, 1.5], atol=1e-6)
    for i in range(3):
        one = maximize_log_grid(two_peaks(centres[i : i + 1], heights[i : i + 1]), 1e-2, 1e2)
        assert one.value[0] == pytest.approx(best.value[i], abs=1e-14)


def test_monotone_function_hits_the_bounds():
    up = maximize_log_grid(lambda x: np.log(x), 0.5, 7.0)
    down = maximize_log_grid(lambda x: -x, 0.5, 7.0)
    assert up.x[0] == 7.0 and not up.at_lower[0]
    assert down.x[0] == 0.5 and down.at_lower[0]


def test_least_crossing_finds_the_first_of_several():
    f = lambda x: np.sin(x)  # noqa: E731 - crosses 0.5 at pi/6, 5pi/6 (down), 13pi/6, ...
    assert least_crossing(f, 0.5, 0.01, 20.0) == pytest.approx(np.pi / 6, abs=1e-12)
    assert least_crossing(lambda x: -np.cos(x), 0.5, 0.01, 20.0) == pytest.approx(
        2 * np.pi / 3, abs=1e-12
    )
    assert least_crossing(f, 1.5, 0.01, 20.0) is None


def test_increasing_root_expands_bracket():
    assert increasing_root(lambda v: v - 1234.5, 0.0, 1.0) == pytest.approx(1234.5, rel=1e-12)
    assert increasing_root(lambda v: -1.0, 0.0, 1.0, max_doublings=10) is None
