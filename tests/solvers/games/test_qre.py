"""Logit QRE: known values, the path's limit, the agent form on trees."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.solvers.games.agent_logit import agent_logit_at, agent_logit_solve
from deterrence.solvers.games.backward_induction import backward_induction
from deterrence.solvers.games.logit import logit_at, logit_branch, logit_solve
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import REGRET_TOL
from deterrence.solvers.games.support_enumeration import support_enumeration

from .games import (
    MATCHING_PENNIES,
    PRISONERS_DILEMMA,
    as_set,
    random_nondegenerate,
    selten_horse,
    signorino_game,
)


def test_signorino_agent_qre_known_values():
    """docs/references.md: at lambda = 2, P(challenge) = 0.418748, P(resist) = 0.843286,
    P(war) = 0.598688 (equal in pygambit's logit solver)."""
    (first, second, defender) = agent_logit_at(signorino_game(), [2.0])[0]
    # information sets are ordered player by player: challenger's two, then the defender's
    assert first[1] == pytest.approx(0.418748, abs=1e-6)
    assert second[1] == pytest.approx(0.598688, abs=1e-6)
    assert defender[1] == pytest.approx(0.843286, abs=1e-6)


def test_agent_qre_limit_is_the_subgame_perfect_equilibrium():
    tree = signorino_game()
    limit = agent_logit_solve(tree).equilibria[0]
    spe = backward_induction(tree).equilibria[0]
    assert as_set([limit.strategies]) == as_set([spe.strategies])


def test_logit_qre_satisfies_its_fixed_point():
    rng = np.random.default_rng(4)
    game = random_nondegenerate(rng, 3, 4)
    a, b = game.payoffs
    for lam, (x, y) in zip([0.0, 0.01, 0.5], logit_at(game, [0.0, 0.01, 0.5]), strict=True):
        for p, v in ((x, a @ y), (y, b.T @ x)):
            logit = np.exp(lam * (v - v.max()))
            assert p == pytest.approx(logit / logit.sum(), abs=1e-10)


def test_logit_limit_is_a_nash_equilibrium_of_the_game():
    rng = np.random.default_rng(8)
    for _ in range(8):
        game = random_nondegenerate(rng, *rng.integers(2, 5, 2))
        solution = logit_solve(game)
        assert solution.result.status == "ok"
        assert solution.limit.regret <= REGRET_TOL * 1000
        nash = as_set([e.strategies for e in support_enumeration(game).equilibria], 5)
        assert as_set([solution.limit.strategies], 5) <= nash
        assert solution.path.lambdas[0] == 0.0 and solution.path.converged


def test_logit_known_limits():
    assert as_set([logit_solve(PRISONERS_DILEMMA).limit.strategies]) == as_set([[[0, 1], [0, 1]]])
    path = logit_branch(MATCHING_PENNIES)
    assert all(np.allclose(p[0], 0.5) for p in path.profiles)  # the centroid all along


def test_three_player_logit_limit_has_zero_regret():
    rng = np.random.default_rng(1)
    game = NormalFormGame(tuple(rng.normal(size=(3, 2, 2, 2))))
    solution = logit_solve(game)
    assert solution.result.status == "ok" and solution.limit.regret <= 1e-10


def test_selten_horse_agent_logit_limit_is_an_equilibrium():
    """Three players, player 3's set spans two histories: the limit of the agent
    logit branch has zero regret (Gambit's logit_solve gives the same profile:
    tests/solvers/games/test_pygambit.py)."""
    result = agent_logit_solve(selten_horse())
    assert result.status == "ok"
    (eq,) = result.equilibria
    assert eq.regret <= 1e-10
    one, two, three = eq.strategies
    assert one == pytest.approx([0.5102040816, 0.4897959184, 1.0, 0.0], abs=1e-9)
    assert two == pytest.approx([0.625, 0.375], abs=1e-9)
    assert three == pytest.approx([0.75, 0.25], abs=1e-9)
