"""Issue 17: exactness, complete enumeration, the sequence form, bounded work.

Each defect of the issue is reproduced on the project's own games
(``corpus.py``); answers come from hand computation, an independent brute-force
enumeration (below), or Gambit's committed answers (``fixtures/``).
"""

from __future__ import annotations

import json
import time
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.solvers.games.agent_logit import agent_logit_solve
from deterrence.solvers.games.exact import nfg_regret, solve
from deterrence.solvers.games.extreme_equilibria import extreme_equilibria
from deterrence.solvers.games.gambit_format import parse_efg, parse_nfg
from deterrence.solvers.games.lemke_howson import lemke_howson
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.polynomial_enumeration import polynomial_enumeration
from deterrence.solvers.games.reduction import tree_equilibria
from deterrence.solvers.games.sequence_form import lcp_solve

from .corpus import (
    all_equal_tree,
    chance_only_tree,
    huge_payoff_tree,
    many_types_tree,
    strategic_corpus,
)

FIXTURES = Path(__file__).parent / "fixtures"
ANSWERS = json.loads((FIXTURES / "gambit_answers.json").read_text())["games"]


def exact_set(result) -> set:
    return {tuple(x for s in e.exact for x in s) for e in result.equilibria}


def brute_force_extreme(game: NormalFormGame) -> set:
    """Extreme equilibria by brute force: every m-subset of P's m + n constraints and
    every n-subset of Q's, solved exactly; completely labelled pairs (an independent
    check of :mod:`.polytopes`, which searches in floats first)."""

    def positive(u):
        low = min(u.reshape(-1))
        return np.vectorize(lambda v: Fraction(v) - low + 1, otypes=[object])(u)

    a, b = (positive(u) for u in game.exact_payoffs)
    m, n = a.shape

    def verts(c, k, other):  # {x in R^k : x >= 0, c^T x <= 1}, c of shape (k, other)
        out = {}
        rows = [("x", i) for i in range(k)] + [("c", j) for j in range(other)]
        for tight in combinations(rows, k):
            mat = [
                [Fraction(int(i == t[1])) for i in range(k)]
                if t[0] == "x"
                else [c[i, t[1]] for i in range(k)]
                for t in tight
            ]
            rhs = [Fraction(0) if t[0] == "x" else Fraction(1) for t in tight]
            x = solve(mat, rhs)
            if x is None or any(v < 0 for v in x):
                continue
            if any(sum(c[i, j] * x[i] for i in range(k)) > 1 for j in range(other)):
                continue
            labels = {("x", i) for i in range(k) if x[i] == 0}
            labels |= {("c", j) for j in range(other) if sum(c[i, j] * x[i] for i in range(k)) == 1}
            out[tuple(x)] = labels
        return out

    p = verts(b, m, n)
    q = verts(a.T, n, m)
    found = set()
    for x, lx in p.items():
        for y, ly in q.items():
            if not any(x) or not any(y):
                continue
            rows = {i for i in range(m) if ("x", i) in lx or ("c", i) in ly}
            cols = {j for j in range(n) if ("c", j) in lx or ("x", j) in ly}
            if len(rows) == m and len(cols) == n:
                sx, sy = sum(x), sum(y)
                found.add(tuple(v / sx for v in x) + tuple(v / sy for v in y))
    return found


# ------------------------------------------------------------------ defect 1: exactness
def test_huge_payoffs_beside_small_ones_give_only_equilibria():
    tree = huge_payoff_tree()
    for result in (tree_equilibria(tree), lcp_solve(tree)):
        assert result.equilibria
        for e in result.equilibria:
            assert e.exact_regret == 0  # never a profile with regret 0.5 or 1.5


def test_vertex_enumeration_returns_only_exact_equilibria():
    rng = np.random.default_rng(5)
    for _ in range(5):
        a, b = rng.integers(-1000, 1000, (2, 5, 5))
        result = extreme_equilibria(NormalFormGame.bimatrix(a, b))
        assert all(e.exact_regret == 0 for e in result.equilibria)


# ------------------------------------------------------------------ defect 2: trees
def test_all_equal_tree_lists_every_extreme_equilibrium():
    result = tree_equilibria(all_equal_tree())
    assert result.status == "complete"
    assert len(result.equilibria) == 4  # the four pure profiles (by hand)
    pure = {tuple(int(v) for s in e.exact for v in s) for e in result.equilibria}
    assert pure == {(1, 0, 1, 0), (1, 0, 0, 1), (0, 1, 1, 0), (0, 1, 0, 1)}


# ------------------------------------------------------------------ defect 3: degenerate
@pytest.mark.parametrize("name", [k for k in strategic_corpus() if k.startswith(("degen", "zero"))])
def test_degenerate_bimatrix_extreme_equilibria_match_brute_force_and_gambit(name):
    game = parse_nfg((FIXTURES / f"{name}.nfg").read_text())
    ours = exact_set(extreme_equilibria(game))
    assert ours == brute_force_extreme(game)
    theirs = {tuple(Fraction(x) for s in e for x in s) for e in ANSWERS[name]["equilibria"]}
    assert ours == theirs


def test_zero_game_is_one_component_of_four_extreme_equilibria():
    result = extreme_equilibria(NormalFormGame.bimatrix(np.zeros((2, 2)), np.zeros((2, 2))))
    assert len(result.equilibria) == 4 and result.components == ((0, 1, 2, 3),)


# ------------------------------------------------------------------ defect 4: n players
@pytest.mark.parametrize(
    "name", [k for k in strategic_corpus() if k.startswith(("random", "coord"))]
)
def test_nplayer_enumeration_finds_every_gambit_equilibrium(name):
    game = parse_nfg((FIXTURES / f"{name}.nfg").read_text())
    ours = [np.concatenate(e.strategies) for e in polynomial_enumeration(game).equilibria]
    for theirs in ANSWERS[name]["equilibria"]:
        flat = np.concatenate([np.array(s) for s in theirs])
        assert any(np.allclose(flat, o, atol=1e-7) for o in ours), theirs


def test_three_player_all_match_game_by_hand():
    """Each of three players gets 1 when all three choose the same strategy, else 0.
    By hand: the pure equilibria are exactly (0,0,0) and (1,1,1) (at any other pure
    profile the odd one out gains by joining the other two)."""
    u = np.zeros((2, 2, 2))
    u[0, 0, 0] = u[1, 1, 1] = 1
    result = polynomial_enumeration(NormalFormGame((u, u, u)))
    assert all(e.exact_regret == 0 for e in result.equilibria if e.exact is not None)
    pure = {
        tuple(int(np.argmax(s)) for s in e.strategies)
        for e in result.equilibria
        if all(max(s) == 1 for s in e.strategies)
    }
    assert pure == {(0, 0, 0), (1, 1, 1)}


# ------------------------------------------------------------------ defect 5: big trees
def test_tree_with_a_huge_reduced_form_is_solved_by_the_sequence_form():
    tree = many_types_tree(12)  # 4096 reduced strategies for player 1
    start = time.perf_counter()
    result = lcp_solve(tree)
    assert time.perf_counter() - start >= 0  # (timing is a benchmark, not a test)
    assert result.equilibria[0].exact_regret == 0


def test_sequence_form_matches_gambit_outcome_on_the_corpus():
    for name in ("all_equal", "huge_payoff", "many_types"):
        tree = parse_efg((FIXTURES / f"{name}.efg").read_text())
        e = lcp_solve(tree).equilibria[0]
        from deterrence.solvers.games.backward_induction import behaviour_of

        reach = tree.reach(behaviour_of(tree, e))
        leaves = [reach[v] for v in sorted(tree.payoff_at)]
        assert any(
            np.allclose(leaves, t, atol=1e-9) for t in ANSWERS[name]["leaf_probabilities"]
        ), name


# ------------------------------------------------------------------ defect 6: logit
def test_agent_logit_on_a_chance_only_tree_is_trivial():
    result = agent_logit_solve(chance_only_tree())
    assert result.status == "ok" and result.equilibria[0].payoffs == (2.0,)


def test_agent_logit_stops_at_its_deadline():
    from .games import selten_horse

    result = agent_logit_solve(selten_horse(), deadline=time.monotonic() + 0.05)
    assert result.status in ("ok", "not_converged")


# ------------------------------------------------------------------ Lemke-Howson
def test_lemke_howson_handles_a_degenerate_game():
    game = parse_nfg((FIXTURES / "degenerate_3x3_5.nfg").read_text())
    result = lemke_howson(game)
    assert result.equilibria and all(e.exact_regret == 0 for e in result.equilibria)
    assert exact_set(result) <= exact_set(extreme_equilibria(game))


# ------------------------------------------------------------------ properties
small = st.integers(min_value=-3, max_value=3)


@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_every_extreme_equilibrium_has_zero_exact_regret_and_is_invariant(m, n, data):
    a = np.array(
        data.draw(st.lists(st.lists(small, min_size=n, max_size=n), min_size=m, max_size=m))
    )
    b = np.array(
        data.draw(st.lists(st.lists(small, min_size=n, max_size=n), min_size=m, max_size=m))
    )
    game = NormalFormGame.bimatrix(a, b)
    result = extreme_equilibria(game)
    assert result.equilibria
    for e in result.equilibria:
        assert nfg_regret(game.exact_payoffs, e.exact) == 0
    # adding constants to payoffs changes nothing
    shifted = extreme_equilibria(NormalFormGame.bimatrix(a + 7, b - 5))
    assert exact_set(shifted) == exact_set(result)
    # relabelling (reversing) the row player's strategies permutes the answer
    flipped = extreme_equilibria(NormalFormGame.bimatrix(a[::-1], b[::-1]))
    assert {x[:m][::-1] + x[m:] for x in exact_set(flipped)} == exact_set(result)


# ------------------------------------------------------------------ hostile input
def test_a_payoff_of_1e999_is_refused_in_one_line():
    from deterrence.solvers.games.errors import GameError

    with pytest.raises(GameError, match="1e300"):
        parse_nfg('NFG 1 R "x" { "a" "b" } { 1 1 }\n1e999 0\n')
    with pytest.raises(GameError, match="1e300"):
        parse_nfg('NFG 1 R "x" { "a" "b" } { 1 1 }\n1e999999999 0\n')


def test_sixty_players_with_one_strategy_each_is_quick():
    text = 'NFG 1 R "x" { ' + " ".join(f'"{i}"' for i in range(60)) + " } { "
    text += "1 " * 60 + "}\n" + " ".join(str(i) for i in range(60)) + "\n"
    game = parse_nfg(text)
    start = time.process_time()
    result = polynomial_enumeration(game)
    assert len(result.equilibria) == 1 and result.status == "complete"
    assert time.process_time() - start < 30  # a bound on runaway work, not a benchmark


def test_parsing_memory_is_proportional_to_the_file():
    import tracemalloc

    rng = np.random.default_rng(0)
    values = rng.integers(-99, 100, 2 * 300 * 300)
    text = 'NFG 1 R "big" { "1" "2" } { 300 300 }\n' + " ".join(map(str, values)) + "\n"
    tracemalloc.start()
    parse_nfg(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 40 * len(text) + 20_000_000  # 16 MB would stay far below 1 GB
