"""The data behind the bargaining figure, prepared without drawing (tested on its own).

Two views of one scenario: A's value of each demand under the set's lowest,
mean and highest prior and under A's criterion (where the optimum sits), and
the optimal demand and probability of war as functions of a known prior
(q in exogenous mode, R's mean resolve mu in endogenous mode), with the
set of priors and the criterion's answer marked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from deterrence.models.bargaining.model import BargainingModel, BargainingSolution
from deterrence.models.beliefs import Belief
from deterrence.models.criteria import Criterion

POINTS = 201


@dataclass(frozen=True)
class BargainingCurves:
    """Arrays for the two panels of the bargaining figure."""

    demands: np.ndarray  # x on [p_I, min(1, p_N + c̄)]
    prior_values: dict[str, np.ndarray]  # label -> EU of each demand under that prior
    criterion_values: np.ndarray  # the criterion's value of each demand
    priors: np.ndarray  # a grid of known priors s (q or mu)
    demand_at: np.ndarray  # x*(s) under a known prior s
    war_at: np.ndarray  # Pr(war) at x*(s) under s
    interval: tuple[float, float]  # the set of priors
    prior_symbol: str  # "q" or "μ"
    criterion: str
    demand: float  # the criterion's x*
    baseline_demand: float  # x* under EU at the mean prior
    status_quo: float


def bargaining_curves(
    model: BargainingModel, crit: Criterion, solution: BargainingSolution, points: int = POINTS
) -> BargainingCurves:
    """The curves of a scalar model under ``crit``; ``solution`` is its solution."""
    lo, hi = model.demand_bounds()
    x = np.linspace(lo[0], hi[0], points)[None, :]
    b = model.belief
    priors = {"lowest prior": b.lo, "mean prior": b.mean, "highest prior": b.hi}
    prior_values = {}
    for name, s in priors.items():
        good, gap, cut = model.lottery(x)
        prior_values[name] = (good - b.q(s, cut) * gap).ravel()
    if crit.name == "minimax_regret":
        s, best = model._regret_setup()
        values = -(best - model._prior_values(x, s)).max(axis=0)
    else:
        values = model.value(crit, x)
    if b.mode == "exogenous":
        grid, symbol = np.linspace(0.0, 1.0, points), "q"
        known = Belief("exogenous", grid[:, None], grid[:, None])
    else:
        span = 3.0 * b.sd
        grid, symbol = np.linspace(b.lo - span, b.hi + span, points), "μ"
        known = Belief("endogenous", grid[:, None], grid[:, None], None, b.sd)
    rows = _repeat(model, points).with_belief(known)
    demand_at, _, _ = rows.optimum(Criterion("expected"))
    war_at = rows.mean_war(demand_at)
    return BargainingCurves(
        demands=x.ravel(),
        prior_values=prior_values,
        criterion_values=np.asarray(values, float).ravel(),
        priors=grid,
        demand_at=demand_at,
        war_at=war_at,
        interval=(float(b.lo), float(b.hi)),
        prior_symbol=symbol,
        criterion=crit.name,
        demand=solution.demand,
        baseline_demand=solution.baseline_demand,
        status_quo=float(model.status_quo),
    )


def _repeat(model: BargainingModel, n: int) -> BargainingModel:
    """A batch of n copies of a scalar model (numeric fields as (n, 1) columns)."""
    from deterrence.models.bargaining.model import NUMERIC_FIELDS

    return replace(
        model, **{k: np.full((n, 1), float(np.ravel(getattr(model, k))[0])) for k in NUMERIC_FIELDS}
    )
