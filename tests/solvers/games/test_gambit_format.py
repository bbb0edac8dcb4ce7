"""Gambit .nfg/.efg text: round trips, the payoff and outcome versions, malformed files."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.solvers.games.backward_induction import backward_induction
from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.extensive_form import Chance, Decision, ExtensiveFormGame, Leaf
from deterrence.solvers.games.gambit_format import parse_efg, parse_nfg, write_efg, write_nfg
from deterrence.solvers.games.normal_form import NormalFormGame

from .games import BATTLE_OF_THE_SEXES, entry_game, pennies_tree, signorino_game

# The example of the Gambit manual's "payoff version" (a 3 x 2 game).
PAYOFF_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""

OUTCOME_VERSION = """NFG 1 R "Two person 2 x 2 game with unique mixed equilibrium"
{ "Player 1" "Player 2" }

{ { "1" "2" }
{ "1" "2" }
}
""

{
{ "" 2, 0 }
{ "" 0, 1 }
{ "" 0, 2 }
{ "" 1, 0 }
}
1 2 3 4
"""

# Gambit manual: a tree with a chance move, rationals and outcomes reused.
EFG = """EFG 2 R "General Bayes game, one stage" { "Player 1" "Player 2" }
"A comment"

c "ROOT" 1 "(0,1)" { "1G" 1/2 "1B" 1/2 } 0
p "" 1 1 "(1,1)" { "H" "L" } 0
t "" 1 "Outcome 1" { 10, 2 }
t "" 2 "Outcome 2" { 0, 10 }
p "" 1 2 "(1,2)" { "H" "L" } 0
t "" 3 "Outcome 3" { 2, 4 }
t "" 1
"""


def test_payoff_version_reads_in_gambit_order():
    game = parse_nfg(PAYOFF_VERSION)
    assert game.shape == (3, 2) and game.players == ("Player 1", "Player 2")
    # profiles run with player 1's strategy fastest: (1,1) (2,1) (3,1) (1,2) ...
    assert game.payoffs[0].tolist() == [[1, 1], [0, 0], [0, 2]]
    assert game.payoffs[1].tolist() == [[1, 1], [2, 3], [2, 0]]


def test_outcome_version_reads_names_and_payoffs():
    game = parse_nfg(OUTCOME_VERSION)
    assert game.payoffs[0].tolist() == [[2, 0], [0, 1]]
    assert game.payoffs[1].tolist() == [[0, 2], [1, 0]]
    assert game.title.startswith("Two person")


def test_nfg_round_trip_keeps_everything():
    rng = np.random.default_rng(2)
    for shape in [(2, 2), (3, 4), (2, 3, 2)]:
        payoffs = tuple(rng.normal(size=shape) for _ in shape)
        game = NormalFormGame(
            payoffs,
            strategies=tuple(tuple(f"s{j}" for j in range(s)) for s in shape),
            title='a "quoted" title',
        )
        back = parse_nfg(write_nfg(game))
        assert back.title == game.title and back.strategies == game.strategies
        for a, b in zip(game.payoffs, back.payoffs, strict=True):
            assert np.array_equal(a, b)  # repr() of floats round-trips exactly


def test_efg_reads_chance_rationals_and_reused_outcomes():
    tree = parse_efg(EFG)
    assert tree.players == ("Player 1", "Player 2")
    assert [s.label for s in tree.infosets] == ["(1,1)", "(1,2)"]
    behaviour = [np.array([1.0, 0.0]), np.array([0.0, 1.0])]
    # 1G: H -> (10, 2); 1B: L -> outcome 1 again (10, 2)
    assert tree.expected_payoffs(behaviour).tolist() == [10.0, 2.0]


@pytest.mark.parametrize("make", [entry_game, signorino_game, pennies_tree])
def test_efg_round_trip(make):
    tree = make()
    back = parse_efg(write_efg(tree))
    assert [(s.player, s.label, s.actions, s.nodes) for s in back.infosets] == [
        (s.player, s.label, s.actions, s.nodes) for s in tree.infosets
    ]
    rng = np.random.default_rng(0)
    for _ in range(5):
        behaviour = [rng.dirichlet(np.ones(len(s.actions))) for s in tree.infosets]
        assert np.allclose(back.expected_payoffs(behaviour), tree.expected_payoffs(behaviour))
    if tree.perfect_information:
        assert backward_induction(back).to_record() == backward_induction(tree).to_record()


def test_efg_round_trip_with_interior_payoffs_and_chance():
    inner = Decision(0, "x", (("a", Leaf((1.5, -2))), ("b", Leaf((0, 1)))), payoffs=(1, 1))
    tree = ExtensiveFormGame(("p", "q"), Chance((("u", 0.25, inner), ("v", 0.75, Leaf((3, 3))))))
    back = parse_efg(write_efg(tree))
    for b in ([np.array([1.0, 0.0])], [np.array([0.3, 0.7])]):
        assert np.allclose(back.expected_payoffs(b), tree.expected_payoffs(b))


MALFORMED_NFG = {
    "not_a_game": ("hello", "'NFG' at the start"),
    "too_few_payoffs": ('NFG 1 R "x" { "a" "b" } { 2 2 }\n1 2 3', "expected 8 payoffs"),
    "bad_number": ('NFG 1 R "x" { "a" "b" } { 2 2 }\n1 2 3 4 5 6 7 x', "line 2"),
    "counts_mismatch": ('NFG 1 R "x" { "a" "b" } { 2 }\n1 2', "strategy counts"),
    "unclosed": ('NFG 1 R "x" { "a" "b" ', "unexpected end of file"),
    "undefined_outcome": (
        'NFG 1 R "x" { "a" } { { "1" } }\n""\n{ { "" 1 } }\n2',
        "outcome 2 is not defined",
    ),
}
MALFORMED_EFG = {
    "wrong_magic": ('NFG 2 R "x" { "a" }', "'EFG' at the start"),
    "bad_player": ('EFG 2 R "x" { "a" }\np "" 3 1 "" { "l" } 0\nt "" 0', "player number"),
    "missing_children": (
        'EFG 2 R "x" { "a" }\np "" 1 1 "" { "l" "r" } 0\nt "" 1 "" { 1 }',
        "end of file",
    ),
    "payoff_count": ('EFG 2 R "x" { "a" "b" }\nt "" 1 "" { 1 }', "needs 2 payoffs"),
    "chance_sum": (
        'EFG 2 R "x" { "a" }\nc "" 1 "" { "l" 0.5 "r" 0.6 } 0\nt "" 0\nt "" 0',
        "sum to 1",
    ),
    "trailing": ('EFG 2 R "x" { "a" }\nt "" 0\nt "" 0', "the end of the file"),
    "unknown_infoset": ('EFG 2 R "x" { "a" }\np "" 1 4 0\nt "" 0', "information set 4"),
}


@pytest.mark.parametrize("case", MALFORMED_NFG)
def test_malformed_nfg_raises_one_line(case):
    text, fragment = MALFORMED_NFG[case]
    with pytest.raises(GameError, match=fragment) as info:
        parse_nfg(text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("case", MALFORMED_EFG)
def test_malformed_efg_raises_one_line(case):
    text, fragment = MALFORMED_EFG[case]
    with pytest.raises(GameError, match=fragment) as info:
        parse_efg(text)
    assert "\n" not in str(info.value)


def test_written_nfg_solves_the_same():
    from deterrence.solvers.games.support_enumeration import support_enumeration

    back = parse_nfg(write_nfg(BATTLE_OF_THE_SEXES))
    assert (
        support_enumeration(back).to_record()
        == support_enumeration(BATTLE_OF_THE_SEXES).to_record()
    )
