"""Agent logit QRE of game trees (McKelvey & Palfrey 1998).

Every information set is an agent that plays a logit response to its action
values, conditional on reaching the set (beliefs by Bayes' rule, which is
well defined because logit play reaches every node).  The branch is traced
with :mod:`.qre`'s path follower, derivatives by finite differences; its
limit is a sequential equilibrium (McKelvey & Palfrey 1998, Thm 2), hence
subgame perfect.  Gambit's ``logit_solve`` on a tree computes the same
object.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from deterrence.solvers.games.extensive_form import ExtensiveFormGame
from deterrence.solvers.games.qre import (
    MAX_LAMBDA,
    LogitPath,
    at_lambdas,
    polish_on_supports,
    trace_logit,
)
from deterrence.solvers.games.result import NOT_CONVERGED, OK, REGRET_TOL, Equilibrium, NashResult

LIMIT_LAMBDA = 1e5  # agent branches are traced to this lambda (times the payoff scale)


def _scale(tree: ExtensiveFormGame) -> float:
    return max(1.0, max(float(np.abs(p).max()) for p in tree.payoff_at.values()))


def agent_logit_at(tree: ExtensiveFormGame, lambdas: Sequence[float]) -> list[list[np.ndarray]]:
    """Behaviour profiles (one vector per information set) of the agent QRE at each lambda."""
    return at_lambdas(tree.sizes(), tree.action_values, list(lambdas), scale=_scale(tree))


def agent_logit_branch(
    tree: ExtensiveFormGame, max_lambda: float | None = None, deadline: float | None = None
) -> LogitPath:
    top = min(LIMIT_LAMBDA, MAX_LAMBDA) / _scale(tree) if max_lambda is None else max_lambda
    return trace_logit(
        tree.sizes(), tree.action_values, max_lambda=top, scale=_scale(tree), deadline=deadline
    )


def agent_logit_solve(tree: ExtensiveFormGame, deadline: float | None = None) -> NashResult:
    """The limit of the agent logit branch: a sequential equilibrium of the tree.

    Probabilities below 1e-6 at the end of the branch are rounded to 0 (and the
    rest renormalised) when that lowers the regret.
    """
    if not tree.infosets:  # only chance moves: nothing to choose, the play is the answer
        payoffs = tuple(float(x) for x in tree.exact_expected_payoffs([]))
        return NashResult(
            method="agent_logit",
            status=OK,
            equilibria=(
                Equilibrium(
                    strategies=tree.per_player([]),
                    payoffs=payoffs,
                    regret=0.0,
                    exact=tuple(() for _ in range(tree.n_players)),
                    exact_regret=Fraction(0),
                ),
            ),
            message="no player moves in this tree: the empty profile is the only one",
        )
    path = agent_logit_branch(tree, deadline=deadline)
    behaviour = [b / b.sum() for b in path.last]
    rounded = [np.where(b < 1e-6, 0.0, b) for b in behaviour]
    rounded = [b / b.sum() for b in rounded]
    if tree.regret(rounded) <= tree.regret(behaviour) + 1e-12 * _scale(tree):
        behaviour = rounded
    polished = _polish(tree, behaviour)
    if polished is not None and tree.regret(polished) <= tree.regret(behaviour):
        behaviour = polished
    regret = tree.regret(behaviour)
    # a verified equilibrium is one, wherever the branch stopped (its lambda is reported)
    ok = regret <= 1e-6 * _scale(tree)
    equilibrium = Equilibrium(
        strategies=tree.per_player(behaviour),
        payoffs=tuple(float(x) for x in tree.expected_payoffs(behaviour)),
        regret=regret,
    )
    return NashResult(
        method="agent_logit",
        status=OK if ok else NOT_CONVERGED,
        equilibria=(equilibrium,),
        parameters={"max_lambda": float(path.lambdas[-1]), "regret_tol": REGRET_TOL},
        message="" if ok else f"regret {regret:.2e} at lambda {path.lambdas[-1]:.3g}",
    )


def _polish(tree: ExtensiveFormGame, behaviour: list[np.ndarray]) -> list[np.ndarray] | None:
    """The equilibrium on the limit's supports: every information set's support actions
    equally valued, conditional on reaching it (``qre.polish_on_supports``)."""
    return polish_on_supports(behaviour, tree.action_values, 1e-10 * _scale(tree))
