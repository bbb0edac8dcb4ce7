"""Bounded global maximisation (solvers/bounded.py)."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.solvers.bounded import maximize_bounded


def test_smooth_interior_maximum():
    top = maximize_bounded(lambda x: -((x - 0.3) ** 2), 0.0, 1.0)
    assert top.x[0] == pytest.approx(0.3, abs=1e-9) and not top.at_lower[0]


def test_maximum_at_an_end():
    top = maximize_bounded(lambda x: x, 0.0, 2.0)
    assert top.x[0] == 2.0
    low = maximize_bounded(lambda x: -x, 1.0, 2.0)
    assert low.x[0] == 1.0 and low.at_lower[0]


def test_kink_is_found_exactly_with_extra_points():
    def f(x):
        return -np.abs(x - 0.123456789)

    top = maximize_bounded(f, 0.0, 1.0, extra=np.array([[0.123456789]]))
    assert top.x[0] == 0.123456789
    kinked = maximize_bounded(f, 0.0, 1.0, smooth=False)
    assert kinked.x[0] == pytest.approx(0.123456789, abs=1e-12)


def test_global_maximum_of_two_peaks():
    def f(x):
        return np.exp(-((x - 0.2) ** 2) / 0.001) + 1.1 * np.exp(-((x - 0.8) ** 2) / 0.001)

    assert maximize_bounded(f, 0.0, 1.0).x[0] == pytest.approx(0.8, abs=1e-6)


def test_rows_are_independent():
    centres = np.array([0.1, 0.5, 0.9, 0.37])

    def f(x):
        return -((x - centres[: x.shape[0], None]) ** 2)

    together = maximize_bounded(f, np.zeros(4), np.ones(4)).x
    for i in range(4):
        alone = maximize_bounded(lambda x, c=centres[i]: -((x - c) ** 2), 0.0, 1.0).x[0]
        assert together[i] == alone


def test_degenerate_interval():
    top = maximize_bounded(lambda x: x**2, 0.7, 0.7)
    assert top.x[0] == 0.7
