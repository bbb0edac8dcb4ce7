"""The data behind the two-front figures, prepared without drawing (tested on its own).

Belief mode: A's payoff of each Pacific force against each of R's moves and its
criterion's value (where the optimum sits), and the optimal Pacific force as
a function of a known chance q that R acts, at the lowest, mean and highest
Pacific share pi.  Equilibrium mode: both players' payoffs by allocation and
each player's equilibrium mix.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from deterrence.models.beliefs import Belief
from deterrence.models.criteria import Criterion
from deterrence.models.two_fronts.game import GameSolution, TwoFrontsGame
from deterrence.models.two_fronts.model import (
    NUMERIC_FIELDS,
    STATES,
    TwoFrontsModel,
    TwoFrontsSolution,
)

POINTS = 201
MOVES = {
    "stays_out": "R stays out",
    "joins_pacific": "R joins in the Pacific",
    "opens_europe": "R opens Europe",
}


@dataclass(frozen=True)
class AllocationCurves:
    """Arrays for the two panels of the belief-mode figure."""

    forces: np.ndarray  # x_P on [0, B]
    payoffs: dict[str, np.ndarray]  # R's move -> u_s(x_P)
    criterion_values: np.ndarray | None  # None for minimax regret (a regret, not a payoff)
    q: np.ndarray  # known chance that R acts
    force_at: dict[str, np.ndarray]  # "π = ..." -> x_P*(q)
    interval: tuple[float, float]
    criterion: str
    force: float
    baseline_force: float
    budget: float


def allocation_curves(
    model: TwoFrontsModel, crit: Criterion, solution: TwoFrontsSolution, points: int = POINTS
) -> AllocationCurves:
    budget = float(np.ravel(model.budget)[0])
    x = np.linspace(0.0, budget, points)[None, :]
    payoffs = {label: u.ravel() for label, u in zip(MOVES.values(), model.payoffs(x), strict=True)}
    values = None if crit.name == "minimax_regret" else model.value(crit, x).ravel()
    q = np.linspace(0.0, 1.0, points)
    force_at = {}
    lo, hi = float(np.ravel(model.share_lo)[0]), float(np.ravel(model.share_hi)[0])
    for share in sorted({lo, (lo + hi) / 2, hi}):
        rows = _repeat(model, points)
        rows = replace(
            rows, belief=Belief("exogenous", q[:, None], q[:, None]), share_lo=share, share_hi=share
        )
        force_at[f"π = {share:.2f}"], _ = rows.best_allocation(Criterion("expected"))
    b = model.belief
    return AllocationCurves(
        forces=x.ravel(),
        payoffs=payoffs,
        criterion_values=values,
        q=q,
        force_at=force_at,
        interval=(float(b.lo), float(b.hi)),
        criterion=crit.name,
        force=solution.pacific_force,
        baseline_force=solution.baseline_pacific_force,
        budget=budget,
    )


@dataclass(frozen=True)
class GameCurves:
    """Arrays for the equilibrium-mode figure."""

    forces: np.ndarray  # A's allocation grid (Pacific force)
    payoffs_a: dict[str, np.ndarray]  # R's move -> A's payoff by allocation
    payoffs_r: dict[str, np.ndarray]  # R's move -> R's payoff by allocation
    mix_a: np.ndarray  # A's equilibrium mix (A's preferred equilibrium)
    mix_r: dict[str, float]
    equilibria: int


def game_curves(game: TwoFrontsGame, solution: GameSolution) -> GameCurves:
    u_a, u_r = game.payoffs()
    first = solution.equilibria[0] if solution.equilibria else None
    mix_a = np.array(list(first.allocation_mix.values())) if first else np.full(game.levels, np.nan)
    return GameCurves(
        forces=game.allocations(),
        payoffs_a={MOVES[s]: u_a[:, k] for k, s in enumerate(STATES)},
        payoffs_r={MOVES[s]: u_r[:, k] for k, s in enumerate(STATES)},
        mix_a=mix_a,
        mix_r={MOVES[s]: first.third_party_mix[s] for s in STATES} if first else {},
        equilibria=len(solution.equilibria),
    )


def _repeat(model: TwoFrontsModel, n: int) -> TwoFrontsModel:
    """A batch of n copies of a scalar model."""
    return replace(
        model,
        **{k: np.full((n, 1), float(np.ravel(getattr(model, k))[0])) for k in NUMERIC_FIELDS},
    )
