"""Pure PBE of signalling games: beer--quiche, cheap talk, costly signals, the tree check."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.solvers.games.signalling import SignallingGame, check_pbe, pure_pbe


def beer_quiche(prior_weak: float = 0.1) -> SignallingGame:
    """Cho & Kreps (1987): a weak type prefers quiche, a strong one beer (1 for the
    preferred breakfast), both gain 2 if not challenged; the receiver gains 1 by
    dueling a weak type or not dueling a strong one."""
    us = np.zeros((2, 2, 2))
    ur = np.zeros((2, 2, 2))
    for t in range(2):
        for m in range(2):
            us[t, m] = [0, 2]
            us[t, m] += 1.0 if (t, m) in ((0, 1), (1, 0)) else 0.0
            ur[t, m] = [1, 0] if t == 0 else [0, 1]
    return SignallingGame(
        [prior_weak, 1 - prior_weak],
        us,
        ur,
        types=("weak", "strong"),
        messages=("beer", "quiche"),
        actions=("duel", "not"),
    )


def test_beer_quiche_two_pooling_equilibria_one_intuitive():
    game = beer_quiche()
    found = {(p.sender, p.receiver): p for p in pure_pbe(game)}
    assert set(found) == {((0, 0), (1, 0)), ((1, 1), (0, 1))}
    beer, quiche = found[((0, 0), (1, 0))], found[((1, 1), (0, 1))]
    assert beer.kind == quiche.kind == "pooling"
    assert beer.intuitive and not quiche.intuitive
    # off path: dueling after quiche needs P(weak) >= 1/2
    assert beer.belief_intervals[1] == pytest.approx((0.5, 1.0), abs=1e-6)
    assert np.allclose(beer.beliefs[0], [0.1, 0.9])  # Bayes on path: the prior
    for p in found.values():
        assert check_pbe(game, p) == []


def test_cheap_talk_with_common_preferences_is_uninformative():
    """Fearon (1997): when every type wants the same response and messages cost
    nothing, the posterior after any message sent equals the prior."""
    us = np.zeros((2, 3, 2))
    us[:, :, 1] = 1.0  # every type wants action 1, whatever it says
    ur = np.zeros((2, 3, 2))
    ur[0, :, 0] = 1.0  # the receiver wants 0 against type 0 ...
    ur[1, :, 1] = 1.0  # ... and 1 against type 1
    game = SignallingGame([0.4, 0.6], us, ur)
    equilibria = pure_pbe(game)
    assert equilibria
    for p in equilibria:
        assert p.kind == "pooling"
        for m, seen in enumerate(p.on_path):
            if seen:
                assert np.allclose(p.beliefs[m], [0.4, 0.6])


def test_costly_signal_separates_when_the_cost_gap_is_wide():
    """A signal that costs the low type more than the gain from being believed
    strong, and the high type less, supports a separating equilibrium."""

    def game(cost_low: float, cost_high: float) -> SignallingGame:
        us = np.zeros((2, 2, 2))
        us[:, :, 1] = 1.0  # both types gain 1 when the receiver yields (action 1)
        us[0, 1, :] -= cost_low  # type 0 (low) pays to send message 1
        us[1, 1, :] -= cost_high
        ur = np.zeros((2, 2, 2))
        ur[0, :, 0] = 1.0
        ur[1, :, 1] = 1.0
        return SignallingGame([0.5, 0.5], us, ur)

    separating = [p for p in pure_pbe(game(1.5, 0.2)) if p.kind == "separating"]
    assert separating and all(p.sender == (0, 1) for p in separating)
    assert all(p.kind != "separating" for p in pure_pbe(game(0.5, 0.2)))


def test_every_pbe_is_a_nash_equilibrium_of_the_tree():
    rng = np.random.default_rng(5)
    for _ in range(20):
        game = SignallingGame(
            rng.dirichlet([1, 1]), rng.normal(size=(2, 2, 3)), rng.normal(size=(2, 2, 3))
        )
        tree = game.tree()
        for p in pure_pbe(game):
            assert check_pbe(game, p) == []
            behaviour = []
            for t in range(2):
                behaviour.append(np.eye(2)[p.sender[t]])
            for m in range(2):
                behaviour.append(np.eye(3)[p.receiver[m]])
            assert tree.regret(behaviour) <= 1e-9
