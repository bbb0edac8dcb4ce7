"""The posture game: equilibria are equilibria, and ambiguity is mixed where it should be."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.combat import Combat
from deterrence.models.intervention.posture import PostureModel, PostureSpec
from deterrence.models.parameters import Parameters
from deterrence.solvers.games.result import REGRET_TOL


def solve(spec: PostureSpec | None = None, **params):
    p = Parameters.create(**params)
    return PostureModel(p, Combat(decisiveness=p.decisiveness), spec or PostureSpec()).solve()


def test_every_equilibrium_has_zero_regret_and_sums_to_one():
    for stakes in (0.5, 1.5, 2.0, 3.0, 6.0):
        for e in (0.0, 0.5, 1.0):
            s = solve(stakes=stakes, interoperability=e)
            assert s.status == "ok" and s.equilibria
            for eq in s.equilibria:
                assert eq.regret <= REGRET_TOL
                assert sum(eq.us_force_mix.values()) == pytest.approx(1.0)
                assert sum(eq.russia_readiness_mix.values()) == pytest.approx(1.0)


def test_low_stakes_no_operation_and_russia_stands_aside():
    # Below V*(q = 0) = 1.216 no force level pays even against a Russia that stands aside.
    (eq,) = solve(stakes=1.0).equilibria
    assert eq.us_force_mix["0"] == 1.0 and eq.russia_readiness_mix["stand_aside"] == 1.0


def test_high_stakes_pure_attack_against_full_readiness():
    (eq,) = solve(stakes=6.0).equilibria
    assert eq.expected_force > 0 and eq.us_force_mix["0"] == 0.0
    assert eq.russia_full_readiness == 1.0


def test_intermediate_stakes_mixed_equilibrium():
    """Between the thresholds the game is an inspection game: both sides mix."""
    (eq,) = solve(stakes=2.0).equilibria
    assert 0.0 < eq.russia_full_readiness < 1.0
    assert 0.0 < eq.us_force_mix["0"] < 1.0
    assert eq.us_value == pytest.approx(0.0, abs=1e-12)  # indifferent with holding


def test_payoffs_follow_the_canonical_functions():
    p = Parameters.create(stakes=2.0)
    model = PostureModel(
        p,
        Combat(),
        PostureSpec(
            force_levels=(0.0, 2.0),
            readiness=(0.0, 1.0),
            readiness_names=("out", "in"),
            readiness_cost=(0.0, 0.1),
        ),
    )
    u_a, u_r = model.payoffs()
    combat = Combat()
    p_n = combat.win_probability(2.0, p.defence_out)
    p_i = combat.win_probability(2.0, p.defence_in)
    assert u_a[1, 0] == pytest.approx(p.stakes * p_n - p.war_cost - p.force_cost * 2)
    assert u_a[1, 1] == pytest.approx(p.stakes * p_i - p.intervention_war_cost - p.force_cost * 2)
    assert u_r[1, 1] == pytest.approx(0.3 - p.third_party_cost - p.third_party_loss * p_i - 0.1)
    assert np.allclose(u_a[0], 0) and u_r[0].tolist() == [0.0, -0.1]


def test_readiness_falls_with_stakes_inside_the_mixed_region():
    """Russia's full-readiness probability keeps the US indifferent: as the stakes grow,
    it must rise to hold the US at zero (comparative statics of the mixed equilibrium)."""
    probs = [solve(stakes=v).equilibria[0].russia_full_readiness for v in (1.9, 2.0, 2.1)]
    assert probs[0] < probs[1] < probs[2]
