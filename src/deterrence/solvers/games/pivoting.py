"""Lemke--Howson and vertex enumeration for two-player games, through nashpy.

* Lemke & Howson (1964), "Equilibrium points of bimatrix games", J. SIAM
  12(2); von Stengel (2007), Algorithm 3.6: complementary pivoting on the two
  best-response polytopes, started by dropping one of the m + n labels.
  Starting from every label finds up to m + n equilibria, not necessarily all.
* Vertex enumeration (von Stengel 2007, Algorithm 3.5; Avis et al. 2010):
  the equilibria are the completely labelled vertex pairs of the polytopes.

nashpy (Knight & Campbell 2018) implements both; each profile it returns is
re-checked here by its regret, and a failure of its pivoting (which assumes a
nondegenerate game) is reported in the result's status, not swallowed.
"""

from __future__ import annotations

import warnings

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import (
    DEGENERATE,
    NOT_CONVERGED,
    OK,
    REGRET_TOL,
    Equilibrium,
    NashResult,
    make_equilibrium,
    payoff_scale,
    unique,
)


def _nashpy_game(game: NormalFormGame):
    if game.n_players != 2:
        raise GameError(f"this method needs a two-player game, not {game.n_players} players")
    import nashpy

    # Equilibria do not change when a constant is added to a player's payoffs; the
    # polytope methods need positive payoffs (bounded best-response polytopes).
    a, b = (u - u.min() + 1.0 for u in game.payoffs)
    return nashpy.Game(a, b)


def _checked(game: NormalFormGame, profiles) -> tuple[list[Equilibrium], int]:
    """Profiles that are equilibria within REGRET_TOL, and how many were rejected."""
    tol = REGRET_TOL * payoff_scale(game.payoffs)
    good, bad = [], 0
    for x, y in profiles:
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))) or x.sum() <= 0:
            bad += 1
            continue
        eq = make_equilibrium(game, (x, y))
        if eq.regret <= tol:
            good.append(eq)
        else:
            bad += 1
    return unique(good), bad


def lemke_howson(game: NormalFormGame, labels: list[int] | None = None) -> NashResult:
    """Lemke--Howson from each initial dropped label (default: every one of the m + n)."""
    nash_game = _nashpy_game(game)
    labels = list(range(sum(game.shape))) if labels is None else labels
    profiles, failures = [], 0
    for label in labels:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                profiles.append(nash_game.lemke_howson(initial_dropped_label=label))
        except (ValueError, TypeError, IndexError, np.linalg.LinAlgError):
            failures += 1
    equilibria, rejected = _checked(game, profiles)
    failures += rejected
    return NashResult(
        method="lemke_howson",
        status=OK if failures == 0 else NOT_CONVERGED,
        equilibria=tuple(equilibria),
        parameters={"labels": labels, "regret_tol": REGRET_TOL},
        message=(
            f"{failures} of {len(labels)} paths failed or ended off equilibrium (degenerate game?)"
            if failures
            else ""
        ),
    )


def vertex_enumeration(game: NormalFormGame) -> NashResult:
    """The equilibria at completely labelled vertex pairs of the best-response polytopes."""
    nash_game = _nashpy_game(game)
    failed = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            profiles = list(nash_game.vertex_enumeration())
    except (ValueError, TypeError, IndexError, np.linalg.LinAlgError) as exc:
        profiles, failed = [], f"nashpy's vertex enumeration failed ({type(exc).__name__})"
    equilibria, rejected = _checked(game, profiles)
    from deterrence.solvers.games.support_enumeration import _pure_ties

    sizes_differ = _pure_ties(*game.payoffs) or any(
        np.count_nonzero(e.strategies[0] > 1e-9) != np.count_nonzero(e.strategies[1] > 1e-9)
        for e in equilibria
    )
    return NashResult(
        method="vertex_enumeration",
        status=NOT_CONVERGED if failed else DEGENERATE if sizes_differ or rejected else OK,
        equilibria=tuple(equilibria),
        parameters={"regret_tol": REGRET_TOL},
        message=failed or ("the game is degenerate" if sizes_differ else ""),
    )
