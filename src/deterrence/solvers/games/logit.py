"""Logit QRE of normal-form games: the traced branch, QREs at given lambdas, and its limit.

See :mod:`.qre` for the method.  For a normal-form game the action values of
player i are its pure payoffs against the others' mix, and their derivatives
d v_i / d sigma_b contract i's payoff array with every player's mix but i's
and b's (exact, no finite differences).  The limit of the branch is snapped
to the Nash equilibrium on its support (indifference solved by least squares)
and returned with its regret.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from deterrence.solvers.games.normal_form import NormalFormGame, _contract
from deterrence.solvers.games.qre import (
    MAX_LAMBDA,
    LogitPath,
    at_lambdas,
    polish_on_supports,
    trace_logit,
)
from deterrence.solvers.games.result import (
    NOT_CONVERGED,
    OK,
    REGRET_TOL,
    Equilibrium,
    NashResult,
    make_equilibrium,
    payoff_scale,
)

SUPPORT_CUTOFF = 1e-6  # probabilities below this at the end of the branch are taken as 0


@dataclass(frozen=True)
class LogitSolution:
    """The principal logit branch of a game and the equilibrium it selects."""

    path: LogitPath
    limit: Equilibrium
    result: NashResult


def _values(game: NormalFormGame):
    return lambda sigma: game.pure_payoffs(sigma)


def _jacobian(game: NormalFormGame):
    sizes = game.shape
    offsets = np.concatenate([[0], np.cumsum(sizes)])

    def jac(sigma: Sequence[np.ndarray]) -> np.ndarray:
        out = np.zeros((offsets[-1], offsets[-1]))
        for i, u in enumerate(game.payoffs):
            for b in range(game.n_players):
                if b == i:
                    continue
                keep = [None if j in (i, b) else s for j, s in enumerate(sigma)]
                block = _contract(u, keep)  # axes (i, b) in their original order
                if b < i:
                    block = block.T
                out[offsets[i] : offsets[i + 1], offsets[b] : offsets[b + 1]] = block
        return out

    return jac


def logit_branch(
    game: NormalFormGame, max_lambda: float | None = None, deadline: float | None = None
) -> LogitPath:
    """The principal branch from the centroid up to ``max_lambda`` (scaled by the payoffs)."""
    scale = payoff_scale(game.payoffs)
    top = MAX_LAMBDA / scale if max_lambda is None else max_lambda
    return trace_logit(
        game.shape, _values(game), _jacobian(game), max_lambda=top, scale=scale, deadline=deadline
    )


def logit_at(game: NormalFormGame, lambdas: Sequence[float]) -> list[list[np.ndarray]]:
    """The logit QRE on the principal branch at each lambda."""
    scale = payoff_scale(game.payoffs)
    return at_lambdas(game.shape, _values(game), list(lambdas), _jacobian(game), scale)


def logit_solve(game: NormalFormGame, deadline: float | None = None) -> LogitSolution:
    """Trace the branch and return it with the Nash equilibrium it converges to."""
    path = logit_branch(game, deadline=deadline)
    limit = _snap(game, path.last)
    tol = REGRET_TOL * payoff_scale(game.payoffs)
    ok = path.converged and limit.regret <= tol
    result = NashResult(
        method="logit",
        status=OK if ok else NOT_CONVERGED,
        equilibria=(limit,),
        parameters={"max_lambda": float(path.lambdas[-1]), "regret_tol": REGRET_TOL},
        message=""
        if ok
        else f"branch ended at lambda {path.lambdas[-1]:.3g}, regret {limit.regret:.2e}",
    )
    return LogitSolution(path, limit, result)


def _snap(game: NormalFormGame, profile: Sequence[np.ndarray]) -> Equilibrium:
    """The equilibrium on the support of ``profile`` if one is there, else the profile itself."""
    raw = make_equilibrium(game, profile)
    if game.n_players != 2:
        return _polish(game, profile, raw)
    a, b = game.payoffs
    rows = np.flatnonzero(profile[0] > SUPPORT_CUTOFF)
    cols = np.flatnonzero(profile[1] > SUPPORT_CUTOFF)
    y = _indifferent(a[np.ix_(rows, cols)], len(cols))
    x = _indifferent(b[np.ix_(rows, cols)].T, len(rows))
    if x is None or y is None:
        return raw
    xf = np.zeros(a.shape[0])
    yf = np.zeros(a.shape[1])
    xf[rows], yf[cols] = x, y
    snapped = make_equilibrium(game, (xf, yf))
    return snapped if snapped.regret <= raw.regret else raw


def _indifferent(sub: np.ndarray, k: int) -> np.ndarray | None:
    """A mix over k columns making every row of ``sub`` indifferent (least squares)."""
    r = sub.shape[0]
    m = np.zeros((r + 1, k + 1))
    m[:r, :k] = sub
    m[:r, k] = -1.0
    m[r, :k] = 1.0
    rhs = np.zeros(r + 1)
    rhs[r] = 1.0
    sol = np.linalg.lstsq(m, rhs, rcond=None)[0]
    p = sol[:k]
    return p if (p >= -1e-9).all() else None


def _polish(game: NormalFormGame, profile: Sequence[np.ndarray], raw: Equilibrium) -> Equilibrium:
    """n players: the equilibrium on the limit's supports (``qre.polish_on_supports``)."""
    tol = 1e-12 * payoff_scale(game.payoffs)
    exact = polish_on_supports(profile, game.pure_payoffs, tol, SUPPORT_CUTOFF)
    if exact is None:
        return raw
    polished = make_equilibrium(game, exact)
    return polished if polished.regret <= raw.regret else raw
