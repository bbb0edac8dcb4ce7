"""Pure-strategy Nash equilibria of n-player normal-form games.

A pure profile a is an equilibrium iff for every player i, u_i(a) is the
maximum of u_i over i's own strategies with the others' fixed (Nash 1951).
All profiles are checked at once: for each player, compare the payoff array
with its maximum along that player's axis.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import (
    OK,
    REGRET_TOL,
    NashResult,
    exact_nfg_equilibrium,
    payoff_scale,
)


def pure_profiles(game: NormalFormGame, tol: float | None = None) -> np.ndarray:
    """Indices (rows of an (E, n) array) of the pure equilibria, in lexicographic order."""
    tol = REGRET_TOL * payoff_scale(game.payoffs) if tol is None else tol
    is_eq = np.ones(game.shape, dtype=bool)
    for i, u in enumerate(game.payoffs):
        is_eq &= u >= u.max(axis=i, keepdims=True) - tol
    return np.argwhere(is_eq)


def pure_equilibria(game: NormalFormGame) -> NashResult:
    """Every pure-strategy equilibrium of a game with any number of players."""
    equilibria = []
    for cell in pure_profiles(game):  # float candidates (with a tolerance), checked exactly
        profile = [
            [Fraction(int(k == c)) for k in range(s)] for s, c in zip(game.shape, cell, strict=True)
        ]
        eq = exact_nfg_equilibrium(game, profile)
        if eq.exact_regret == 0:
            equilibria.append(eq)
    return NashResult(
        method="pure",
        status=OK,
        equilibria=tuple(equilibria),
        parameters={"arithmetic": "float search, rational check"},
        message="every pure equilibrium (mixed ones are not sought)",
    )
