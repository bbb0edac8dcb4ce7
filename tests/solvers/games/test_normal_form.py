"""Normal-form solvers: textbook games, completeness, degeneracy, dominance, the 2x2 batch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.solvers.games.batch import solve_2x2_batch
from deterrence.solvers.games.dominance import iterated_strict_dominance
from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.pivoting import lemke_howson, vertex_enumeration
from deterrence.solvers.games.pure import pure_equilibria
from deterrence.solvers.games.result import REGRET_TOL
from deterrence.solvers.games.support_enumeration import support_enumeration

from .games import (
    BATTLE_OF_THE_SEXES,
    CHICKEN,
    MATCHING_PENNIES,
    PRISONERS_DILEMMA,
    ROCK_PAPER_SCISSORS,
    as_set,
    random_nondegenerate,
)

TEXTBOOK = {
    "prisoners_dilemma": (PRISONERS_DILEMMA, [[[0, 1], [0, 1]]]),
    "matching_pennies": (MATCHING_PENNIES, [[[0.5, 0.5], [0.5, 0.5]]]),
    "battle_of_the_sexes": (
        BATTLE_OF_THE_SEXES,
        [[[1, 0], [1, 0]], [[0, 1], [0, 1]], [[2 / 3, 1 / 3], [1 / 3, 2 / 3]]],
    ),
    "chicken": (
        CHICKEN,
        [[[1, 0], [0, 1]], [[0, 1], [1, 0]], [[0.9, 0.1], [0.9, 0.1]]],
    ),
    "rock_paper_scissors": (ROCK_PAPER_SCISSORS, [[[1 / 3] * 3, [1 / 3] * 3]]),
}


@pytest.mark.parametrize("name", TEXTBOOK)
@pytest.mark.parametrize(
    "solver", [support_enumeration, vertex_enumeration, lemke_howson], ids=lambda f: f.__name__
)
def test_textbook_equilibria(name, solver):
    game, expected = TEXTBOOK[name]
    result = solver(game)
    found = as_set([e.strategies for e in result.equilibria])
    if solver is lemke_howson:  # a subset, but only equilibria
        assert found <= as_set(expected) and found
    else:
        assert found == as_set(expected)
        assert result.status in ("ok", "complete")
    for eq in result.equilibria:
        assert eq.regret <= REGRET_TOL
        assert np.allclose(eq.payoffs, game.expected_payoffs(eq.strategies))


def test_pure_equilibria_of_a_three_player_game():
    # Three players each choose 0/1 and get 1 when all match, 0 otherwise:
    # exactly two pure equilibria (all 0, all 1) plus none else.
    u = np.zeros((2, 2, 2))
    u[0, 0, 0] = u[1, 1, 1] = 1
    game = NormalFormGame((u, u, u))
    result = pure_equilibria(game)
    cells = {tuple(int(np.argmax(s)) for s in e.strategies) for e in result.equilibria}
    assert cells == {(0, 0, 0), (1, 1, 1)}
    # and a deviation check by brute force over every cell
    brute = {
        cell
        for cell in np.ndindex(2, 2, 2)
        if all(
            u[cell] >= max(u[tuple(c if j != i else k for j, c in enumerate(cell))] for k in (0, 1))
            for i in range(3)
        )
    }
    assert cells == brute


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # nashpy warns on its own misses
def test_support_enumeration_is_complete_where_nashpy_misses():
    """nashpy 0.0.43's support_enumeration drops equilibria of nondegenerate integer
    games; ours must find every one (checked against vertex enumeration)."""
    import nashpy

    rng = np.random.default_rng(11)
    misses = 0
    for _ in range(60):
        m = int(rng.integers(3, 6))
        game = random_nondegenerate(rng, m, m)
        ours = as_set([e.strategies for e in support_enumeration(game).equilibria])
        theirs = as_set(nashpy.Game(*game.payoffs).support_enumeration())
        vertices = as_set([e.strategies for e in vertex_enumeration(game).equilibria])
        assert ours == vertices
        assert theirs <= ours
        misses += theirs != ours
        assert len(ours) % 2 == 1  # a nondegenerate game has an odd number of equilibria
    assert misses > 0  # the tolerance problem is real on these games


def test_degenerate_game_is_flagged():
    # Column 2 ties for player 2 against row 1: a continuum of equilibria.
    game = NormalFormGame.bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    result = support_enumeration(game)
    assert result.status == "degenerate" and "degenerate" in result.message
    assert result.equilibria and all(e.regret <= REGRET_TOL for e in result.equilibria)


def test_degenerate_mixed_strategy_is_flagged():
    # von Stengel (2007), Fig. 3.5-like: a mixed strategy with three best responses.
    a = np.array([[3, 3], [2, 5], [0, 6]])
    b = np.array([[3, 3], [2, 6], [3, 1]])
    game = NormalFormGame.bimatrix(a, b)
    assert support_enumeration(game).status == "degenerate"


@pytest.mark.parametrize(
    "payoffs, fragment",
    [
        ((np.zeros((2, 2)), np.zeros((2, 3))), "shape"),
        ((np.zeros((2, 2, 2)), np.zeros((2, 2, 2))), "axes"),
        ((np.array([[1.0, np.nan], [0, 0]]), np.zeros((2, 2))), "finite"),
        ((np.zeros((0, 2)), np.zeros((0, 2))), "at least one strategy"),
    ],
)
def test_wrong_payoff_shapes_are_refused(payoffs, fragment):
    with pytest.raises(GameError, match=fragment):
        NormalFormGame(payoffs)


def test_iterated_dominance_prisoners_dilemma_and_mixed_domination():
    reduced = iterated_strict_dominance(PRISONERS_DILEMMA)
    assert reduced.surviving == ((1,), (1,))
    # Row 3 is dominated by the 50-50 mix of rows 1 and 2, by no pure row.
    game = NormalFormGame.bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]])
    assert iterated_strict_dominance(game, by="pure").surviving == ((0, 1, 2), (0, 1))
    assert iterated_strict_dominance(game, by="mixed").surviving == ((0, 1), (0, 1))
    # Eliminating never loses an equilibrium.
    full = as_set([e.strategies for e in support_enumeration(game).equilibria])
    small = support_enumeration(iterated_strict_dominance(game, by="mixed").game)
    lifted = {
        tuple(np.concatenate([np.insert(e.strategies[0], 2, 0.0), e.strategies[1]]).round(6) + 0.0)
        for e in small.equilibria
    }
    assert lifted == full


def test_batch_2x2_equals_one_at_a_time():
    rng = np.random.default_rng(3)
    a = rng.integers(-9, 10, (3000, 2, 2)).astype(float)
    b = rng.integers(-9, 10, (3000, 2, 2)).astype(float)
    batch = solve_2x2_batch(a, b)
    checked = 0
    for g in range(len(a)):
        result = support_enumeration(NormalFormGame.bimatrix(a[g], b[g]))
        assert batch.degenerate[g] == (result.status == "degenerate")
        if batch.degenerate[g]:
            continue
        expected = as_set([e.strategies for e in result.equilibria])
        mine = [
            [np.eye(2)[i], np.eye(2)[j]] for i, j in zip(*np.nonzero(batch.pure[g]), strict=True)
        ]
        if not np.isnan(batch.mixed[g, 0]):
            p, q = batch.mixed[g]
            mine.append([np.array([p, 1 - p]), np.array([q, 1 - q])])
        assert as_set(mine) == expected
        assert batch.count[g] == len(expected)
        checked += 1
    assert checked > 1500


small_games = st.integers(2, 4).flatmap(
    lambda m: st.integers(2, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(-20, 20), min_size=m * n, max_size=m * n),
            st.lists(st.integers(-20, 20), min_size=m * n, max_size=m * n),
            st.just((m, n)),
        )
    )
)


@given(small_games)
def test_every_equilibrium_returned_has_small_regret(data):
    a, b, shape = data
    game = NormalFormGame.bimatrix(np.reshape(a, shape), np.reshape(b, shape))
    result = support_enumeration(game)
    assert result.equilibria  # Nash (1951): there is always one; degenerate games too here
    for eq in result.equilibria:
        assert eq.regret <= REGRET_TOL * max(1, np.abs(a).max(), np.abs(b).max())
        assert eq.regret == pytest.approx(game.regret(eq.strategies), abs=1e-9)


def test_bayesian_battle_of_the_sexes_osborne():
    """Osborne (2004), sec. 9.2: player 2 wishes to meet player 1 (prob 1/2) or to
    avoid her (1/2).  The pure Bayesian equilibrium: player 1 goes to B; the meeting
    type of player 2 goes to B, the avoiding type to S."""
    from deterrence.solvers.games.bayesian import BayesianGame

    meet = (np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]))
    avoid = (np.array([[2, 0], [0, 1]]), np.array([[0, 2], [1, 0]]))
    payoffs = np.zeros((2, 1, 2, 2, 2))
    for t, (a, b) in enumerate((meet, avoid)):
        payoffs[0, 0, t], payoffs[1, 0, t] = a, b
    game = BayesianGame(np.array([[0.5, 0.5]]), payoffs)
    normal = game.harsanyi()
    assert normal.shape == (2, 4)
    cells = [
        tuple(int(np.argmax(s)) for s in e.strategies) for e in pure_equilibria(normal).equilibria
    ]
    plans = [[game.plans(i)[c[i]] for i in range(2)] for c in cells]
    assert plans == [[(0,), (0, 1)]]  # B; (B if meeting, S if avoiding)
    # every normal-form equilibrium gives type strategies that best-respond type by type
    for eq in support_enumeration(normal).equilibria:
        x1, x2 = game.type_strategies(eq.strategies)
        for t in range(2):
            values = payoffs[1, 0, t].T @ x1[0]  # type t's payoff of each action against 1's mix
            assert x2[t] @ values >= values.max() - 1e-9


def test_harsanyi_with_one_type_each_is_the_game_itself():
    from deterrence.solvers.games.bayesian import BayesianGame

    a, b = CHICKEN.payoffs
    game = BayesianGame(np.ones((1, 1)), np.stack([a, b])[:, None, None])
    normal = game.harsanyi()
    assert np.array_equal(normal.payoffs[0], a) and np.array_equal(normal.payoffs[1], b)
