"""Lottery Colonel Blotto: allocating a budget across contests of the ratio form.

Two players divide budgets X and Y over n fronts; front i is worth v_i to
each and is won by the first player with probability
p_i = x_i^r / (x_i^r + y_i^r) (Friedman 1958; Kovenock & Roberson 2012,
section 3, on the lottery Blotto game).

* :func:`proportional_equilibrium` -- for 0 < r <= 1 each player dividing its
  budget in proportion to the values is a (pure) equilibrium: the first-order
  conditions r a^{r-1} b^r / (a^r + b^r)^2 = const hold front by front when
  x_i = a v_i and y_i = b v_i, and each player's payoff is concave in its own
  allocation when r <= 1.  Every front is then won with probability
  X^r / (X^r + Y^r).
* :func:`best_response` -- the first player's best allocation against a fixed
  allocation y of the other, for r = 1 in closed form (water-filling: the
  marginal value v_i y_i / (x_i + y_i)^2 equals a multiplier on every front
  that receives force, so x_i = max(0, sqrt(v_i y_i / mu) - y_i), with mu set
  by the budget).

No function here knows what the fronts mean; the model layer decides.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq


def win_probabilities(x, y, r: float = 1.0) -> np.ndarray:
    """p_i = x_i^r / (x_i^r + y_i^r) front by front (0 where both are 0)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x**r / (x**r + y**r)
    return np.where((x == 0) & (y == 0), 0.0, p)


def payoff(x, y, values, r: float = 1.0) -> float:
    """The first player's expected value sum_i v_i p_i."""
    return float(np.dot(np.asarray(values, float), win_probabilities(x, y, r)))


def proportional_equilibrium(budgets, values, r: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The equilibrium allocations (x, y) of a lottery Blotto game with 0 < r <= 1.

    Each budget is divided in proportion to the fronts' values.
    """
    if not 0 < r <= 1:
        raise ValueError(f"r = {r}: the proportional allocation is an equilibrium for 0 < r <= 1")
    values = np.asarray(values, float)
    if (values < 0).any() or values.sum() <= 0:
        raise ValueError("values: must be >= 0 with a positive sum")
    shares = values / values.sum()
    return budgets[0] * shares, budgets[1] * shares


def best_response(y, values, budget: float) -> np.ndarray:
    """The best allocation of ``budget`` against a fixed y when r = 1 (water-filling).

    Maximises sum_i v_i x_i / (x_i + y_i) subject to sum_i x_i = budget,
    x_i >= 0: x_i = max(0, sqrt(v_i y_i / mu) - y_i), where mu > 0 solves
    sum_i x_i(mu) = budget (the sum falls in mu, so the root is unique).  A
    front with y_i = 0 is won by any positive force; such fronts, if any has
    positive value, take an infinitesimal share, returned here as 0.
    """
    y, values = np.asarray(y, float), np.asarray(values, float)
    live = (y > 0) & (values > 0)
    if not live.any() or budget <= 0:
        return np.zeros_like(y)

    def spent(log_mu: float) -> float:
        mu = np.exp(log_mu)
        return float(np.maximum(0.0, np.sqrt(values[live] * y[live] / mu) - y[live]).sum()) - budget

    top = float(np.log(np.max(values[live] / y[live])))  # at mu >= max v/y nothing is spent
    low = top - 1.0
    while spent(low) <= 0:
        low -= 1.0
    log_mu = brentq(spent, low, top, xtol=1e-15, rtol=1e-15)
    x = np.zeros_like(y)
    x[live] = np.maximum(0.0, np.sqrt(values[live] * y[live] / np.exp(log_mu)) - y[live])
    return x * (budget / x.sum())  # remove the root's last rounding
