"""Lottery Colonel Blotto (Friedman 1958; Kovenock & Roberson 2012): docs/references.md,
"Two fronts"."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.solvers.blotto import (
    best_response,
    payoff,
    proportional_equilibrium,
    win_probabilities,
)
from deterrence.solvers.bounded import maximize_bounded


def test_known_values():
    """Budgets 10 v 6, values 3:1: 7.5/2.5 and 4.5/1.5, each front won w.p. 0.625."""
    x, y = proportional_equilibrium((10.0, 6.0), (3.0, 1.0))
    np.testing.assert_allclose(x, [7.5, 2.5])
    np.testing.assert_allclose(y, [4.5, 1.5])
    np.testing.assert_allclose(win_probabilities(x, y), [0.625, 0.625])
    np.testing.assert_allclose(best_response(y, (3.0, 1.0), 10.0), x, atol=1e-12)
    np.testing.assert_allclose(best_response(x, (3.0, 1.0), 6.0), y, atol=1e-12)


def test_r_above_one_is_refused():
    with pytest.raises(ValueError):
        proportional_equilibrium((1.0, 1.0), (1.0, 1.0), r=1.5)


def _numerical_best_response(y, values, budget, r):
    """Two fronts: the best x_1 on a bounded search, x_2 = budget - x_1."""

    def value(x1):
        return values[0] * win_probabilities(x1, y[0], r) + values[1] * win_probabilities(
            budget - x1, y[1], r
        )

    top = maximize_bounded(value, 0.0, budget)
    return np.array([top.x[0], budget - top.x[0]])


@given(
    a=st.floats(0.5, 20),
    b=st.floats(0.5, 20),
    v1=st.floats(0.1, 10),
    v2=st.floats(0.1, 10),
    r=st.floats(0.2, 1.0),
)
def test_proportional_allocation_is_an_equilibrium(a, b, v1, v2, r):
    """For 0 < r <= 1 neither side gains by deviating from the proportional split."""
    values = np.array([v1, v2])
    x, y = proportional_equilibrium((a, b), values, r)
    bx = _numerical_best_response(y, values, a, r)
    by = _numerical_best_response(x, values, b, r)
    assert payoff(bx, y, values, r) <= payoff(x, y, values, r) + 1e-9
    # the second player's payoff is the value of the fronts it wins
    assert payoff(by, x, values, r) <= payoff(y, x, values, r) + 1e-9
    np.testing.assert_allclose(bx, x, atol=1e-5 * a)


@given(
    y1=st.floats(0.1, 10),
    y2=st.floats(0.1, 10),
    v1=st.floats(0.1, 10),
    v2=st.floats(0.1, 10),
    budget=st.floats(0.1, 30),
)
def test_water_filling_is_the_best_response(y1, y2, v1, v2, budget):
    values, y = np.array([v1, v2]), np.array([y1, y2])
    closed = best_response(y, values, budget)
    assert closed.sum() == pytest.approx(budget) and (closed >= 0).all()
    numeric = _numerical_best_response(y, values, budget, 1.0)
    assert payoff(closed, y, values) >= payoff(numeric, y, values) - 1e-12
