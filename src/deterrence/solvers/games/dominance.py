"""Iterated elimination of strictly dominated strategies (IESDS).

A strategy is strictly dominated if another strategy (``by="pure"``) or a
mixture of the player's other strategies (``by="mixed"``) does strictly
better against every profile of the others.  Removing strictly dominated
strategies in any order leaves the same game, and no equilibrium is lost
(Osborne & Rubinstein 1994, sec. 4.2; Fudenberg & Tirole 1991, sec. 2.1).
Mixed domination is decided by a linear programme (``scipy.optimize.linprog``):
maximise the smallest margin eps of a mixture sigma over strategy s,
sum_t sigma_t u(t, c) >= u(s, c) + eps for every column c of the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import payoff_scale

DOMINANCE_TOL = 1e-9  # margins below this (relative to the payoff scale) are not strict


@dataclass(frozen=True)
class Reduction:
    """The game left after IESDS and, per player, the original indices that survive."""

    game: NormalFormGame
    surviving: tuple[tuple[int, ...], ...]
    removed: tuple[tuple[int, int], ...]  # (player, original strategy) in removal order


def iterated_strict_dominance(game: NormalFormGame, by: str = "pure") -> Reduction:
    """Remove strictly dominated strategies until none is left."""
    if by not in ("pure", "mixed"):
        raise GameError(f"by must be 'pure' or 'mixed', not {by!r}")
    tol = DOMINANCE_TOL * payoff_scale(game.payoffs)
    alive = [list(range(s)) for s in game.shape]
    removed: list[tuple[int, int]] = []
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            u = _restricted(game.payoffs[i], alive)
            rows = np.moveaxis(u, i, 0).reshape(len(alive[i]), -1)  # own strategy x others
            for s in range(len(alive[i])):
                if len(alive[i]) > 1 and _dominated(rows, s, by, tol):
                    removed.append((i, alive[i][s]))
                    del alive[i][s]
                    changed = True
                    break
            if changed:
                break
    reduced = NormalFormGame(
        tuple(_restricted(u, alive) for u in game.payoffs),
        players=game.players,
        strategies=tuple(
            tuple(game.strategies[i][j] for j in alive[i]) for i in range(game.n_players)
        ),
        title=game.title,
    )
    return Reduction(reduced, tuple(tuple(a) for a in alive), tuple(removed))


def _restricted(u: np.ndarray, alive: list[list[int]]) -> np.ndarray:
    return u[np.ix_(*alive)]


def _dominated(rows: np.ndarray, s: int, by: str, tol: float) -> bool:
    others = np.delete(rows, s, axis=0)
    if by == "pure":
        return bool(((others - rows[s]) > tol).all(axis=1).any())
    from scipy.optimize import linprog

    k, cols = others.shape
    # variables: sigma (k), eps; maximise eps s.t. -others' sigma + eps <= -rows[s]
    c = np.zeros(k + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-others.T, np.ones((cols, 1))])
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=-rows[s],
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs",
    )
    return bool(res.status == 0 and -res.fun > tol)
