"""Game trees: backward induction, the normal-form route, Kuhn behaviour strategies."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.solvers.games.backward_induction import backward_induction
from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.extensive_form import Chance, Decision, ExtensiveFormGame, Leaf
from deterrence.solvers.games.reduction import (
    behaviour_from_mixed,
    strategic_form,
    tree_equilibria,
)
from deterrence.solvers.games.result import REGRET_TOL
from deterrence.solvers.games.support_enumeration import support_enumeration

from .games import as_set, entry_game, pennies_tree, signorino_game


def test_entry_game_spe_differs_from_nash():
    tree = entry_game()
    spe = backward_induction(tree).equilibria[0]
    assert as_set([spe.strategies]) == as_set([[[0, 1], [0, 1]]])  # in, accommodate
    nash = tree_equilibria(tree)
    profiles = as_set([e.strategies for e in nash.equilibria])
    assert as_set([[[1, 0], [1, 0]]]) <= profiles  # out, fight: Nash, not subgame perfect
    assert as_set([spe.strategies]) <= profiles
    assert nash.status == "complete"  # extreme points of a continuum: out with fight prob >= 1/2
    for e in nash.equilibria:
        assert e.regret <= REGRET_TOL


def test_backward_induction_signorino_and_ties():
    # challenger: war (-0.3) beats backing down (-0.5); defender then resists
    # (-0.6 > -1); the challenger challenges (-0.3 < 0? no: it stays put).
    spe = backward_induction(signorino_game()).equilibria[0]
    challenger, defender = spe.strategies
    assert challenger.tolist() == [1, 0, 0, 1]  # status quo; war at its second node
    assert defender.tolist() == [0, 1]  # resist
    assert spe.payoffs == (0.0, 0.0)
    tie = ExtensiveFormGame(
        ("a",), Decision(0, "x", (("first", Leaf((1,))), ("second", Leaf((1,)))))
    )
    assert backward_induction(tie).equilibria[0].strategies[0].tolist() == [1, 0]


def test_backward_induction_refuses_imperfect_information():
    with pytest.raises(GameError, match="perfect information"):
        backward_induction(pennies_tree())


def test_imperfect_information_tree_via_normal_form():
    result = tree_equilibria(pennies_tree())
    assert result.status == "complete"
    assert as_set([e.strategies for e in result.equilibria]) == as_set([[[0.5, 0.5], [0.5, 0.5]]])


def test_strategic_form_payoffs_and_kuhn_equivalence():
    # A tree with chance and a player who moves twice (perfect recall).
    late = Decision(0, "late", (("l", Leaf((1, 0))), ("r", Leaf((0, 2)))))
    mid = Decision(1, "mid", (("x", late), ("y", Leaf((2, 1)))))
    tree = ExtensiveFormGame(
        ("1", "2"),
        Chance(
            (
                ("good", 0.25, mid),
                ("bad", 0.75, Decision(0, "early", (("a", Leaf((3, 3))), ("b", Leaf((0, 1)))))),
            )
        ),
    )
    form = strategic_form(tree)
    rng = np.random.default_rng(0)
    for _ in range(20):
        mixed = tuple(rng.dirichlet(np.ones(s)) for s in form.game.shape)
        behaviour = behaviour_from_mixed(tree, form, mixed)
        assert np.allclose(tree.expected_payoffs(behaviour), form.game.expected_payoffs(mixed))
    # every normal-form equilibrium maps to a behaviour profile with zero regret
    for e in support_enumeration(form.game).equilibria:
        assert tree.regret(behaviour_from_mixed(tree, form, e.strategies)) <= 1e-9


def test_malformed_trees_are_refused():
    with pytest.raises(GameError, match="sum to 1"):
        ExtensiveFormGame(("a",), Chance((("x", 0.5, Leaf((0,))), ("y", 0.6, Leaf((1,))))))
    with pytest.raises(GameError, match="one per player"):
        ExtensiveFormGame(("a", "b"), Decision(0, "x", (("l", Leaf((0,))),)))
    with pytest.raises(GameError, match="actions"):
        ExtensiveFormGame(
            ("a",),
            Chance(
                (
                    ("x", 0.5, Decision(0, "s", (("l", Leaf((0,))),))),
                    ("y", 0.5, Decision(0, "s", (("r", Leaf((1,))),))),
                )
            ),
        )
    forgetful = Decision(
        0,
        "first",
        (
            ("l", Decision(0, "second", (("a", Leaf((1,))), ("b", Leaf((0,)))))),
            ("r", Decision(0, "second", (("a", Leaf((0,))), ("b", Leaf((1,)))))),
        ),
    )
    with pytest.raises(GameError, match="perfect recall"):
        ExtensiveFormGame(("a",), forgetful)


def test_perfect_bayesian_refines_nash_without_subgames():
    """Player 1 stays out (1, 3) or enters left/right; player 2, not seeing which,
    plays l or r, and r is worse for her at both nodes.  (out, r) is a Nash
    equilibrium and, with no proper subgame, subgame perfect, but r is a best reply
    to no belief at her information set: no PBE plays it.  The limit of the agent
    logit branch (a sequential equilibrium) does not."""
    from deterrence.solvers.games.agent_logit import agent_logit_solve

    def second(payoff_l, payoff_r):
        return Decision(1, "after entry", (("l", Leaf(payoff_l)), ("r", Leaf(payoff_r))))

    tree = ExtensiveFormGame(
        ("1", "2"),
        Decision(
            0,
            "start",
            (
                ("out", Leaf((1, 3))),
                ("left", second((2, 1), (0, 0))),
                ("right", second((0, 2), (0, 1))),
            ),
        ),
    )
    nash = as_set([e.strategies for e in tree_equilibria(tree).equilibria])
    assert as_set([[[1, 0, 0], [0, 1]]]) <= nash  # (out, r): Nash
    # r is strictly worse for player 2 at each node of her set: no belief supports it
    s = tree.infosets[tree.infosets_of(1)[0]]
    gains = [
        tree.payoff_at[tree.children[v][0]][1] - tree.payoff_at[tree.children[v][1]][1]
        for v in s.nodes
    ]
    assert min(gains) > 0
    sequential = agent_logit_solve(tree).equilibria[0]
    assert as_set([sequential.strategies]) == as_set([[[0, 1, 0], [1, 0]]])  # (left, l)
