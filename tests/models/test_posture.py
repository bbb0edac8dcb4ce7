"""The posture game: equilibria are equilibria, and ambiguity is mixed where it should be."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.combat import Combat
from deterrence.models.intervention.posture import (
    COST_EXCHANGE_BOX,
    BoxRange,
    PostureModel,
    PostureSpec,
    cost_exchange_region,
)
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
    w = PostureSpec().third_party_value
    assert u_r[1, 1] == pytest.approx(w - p.third_party_cost - p.third_party_loss * p_i - 0.1)
    assert np.allclose(u_a[0], 0) and u_r[0].tolist() == [0.0, -0.1]


def test_readiness_falls_with_stakes_inside_the_mixed_region():
    """Russia's full-readiness probability keeps the US indifferent: as the stakes grow,
    it must rise to hold the US at zero (comparative statics of the mixed equilibrium)."""
    probs = [solve(stakes=v).equilibria[0].russia_full_readiness for v in (1.9, 2.0, 2.1)]
    assert probs[0] < probs[1] < probs[2]


# ------------------------------------------------------------------- claim C6 in equilibrium
HAND = PostureSpec(
    force_levels=(0.0, 2.0, 3.0),
    readiness_names=("aside", "ready"),
    readiness=(0.0, 1.0),
    readiness_cost=(0.0, 0.05),
    third_party_value=0.4,
)


def hand_worked(spec: PostureSpec = HAND):
    """The 3 x 2 posture game solved by hand (default parameters, V = 2).

    Against a Russia that stands aside the US does best with F = 2 (F_out); in the mixed
    equilibrium it mixes between holding and F = 3, and Russia between aside and ready:
    * the US is indifferent between holding (0) and F = 3:
      y u_A(3, ready) + (1 - y) u_A(3, aside) = 0;
    * Russia is indifferent between aside and ready:
      x [(w - kappa_R) - W_R (p(3, D_I) - p(3, D_T))] = (1 - s) h(ready);
    * extra cost c x (3 - 2); outlay y (1 - s) h(ready); value loss u_A(2, aside).
    """
    p = Parameters.create(stakes=2.0)
    combat = Combat()
    p_n, p_i = (combat.win_probability(3.0, d) for d in (p.defence_out, p.defence_in))

    def u_a(f, win, k):
        return p.stakes * win - k - p.force_cost * f

    aside, ready = u_a(3, p_n, p.war_cost), u_a(3, p_i, p.intervention_war_cost)
    y = aside / (aside - ready)
    h = (1 - spec.sunk_share) * spec.readiness_cost[1]
    gain = (spec.third_party_value - p.third_party_cost) + p.third_party_loss * (p_n - p_i)
    x = h / gain
    extra, outlay = p.force_cost * x * (3 - 2), y * h
    loss = u_a(2, combat.win_probability(2.0, p.defence_out), p.war_cost)
    return {"y": y, "x": x, "extra": extra, "outlay": outlay, "loss": loss}


def test_cost_exchange_ratio_on_a_hand_worked_case():
    want = hand_worked()
    (eq,) = solve(HAND, stakes=2.0).equilibria
    assert eq.russia_mixes and eq.us_force_vs_aside == 2.0
    assert eq.russia_full_readiness == pytest.approx(want["y"], abs=1e-12)
    assert eq.us_force_mix["3"] == pytest.approx(want["x"], abs=1e-12)
    assert eq.us_extra_cost == pytest.approx(want["extra"], abs=1e-12)
    assert eq.russia_outlay == pytest.approx(want["outlay"], abs=1e-12)
    assert eq.cost_exchange_ratio == pytest.approx(want["extra"] / want["outlay"], rel=1e-10)
    assert eq.us_value_loss == pytest.approx(want["loss"], abs=1e-12)
    assert eq.value_exchange_ratio == pytest.approx(want["loss"] / want["outlay"], rel=1e-10)


def test_sunk_costs_move_how_often_the_us_operates_not_the_exchange_rate():
    """The article's reading (Russia's planning already pays for readiness) is a sunk
    share s: the US's operation probability and both sides' costs scale with 1 - s, the
    cost-exchange ratio stays, the value-exchange ratio grows as 1 / (1 - s)."""
    base = solve(HAND, stakes=2.0).equilibria[0]
    for s in (0.5, 0.9):
        spec = PostureSpec(**{**HAND.__dict__, "sunk_share": s})
        (eq,) = solve(spec, stakes=2.0).equilibria
        assert hand_worked(spec)["x"] == pytest.approx(eq.us_force_mix["3"], abs=1e-12)
        assert eq.us_force_mix["3"] == pytest.approx((1 - s) * base.us_force_mix["3"])
        assert eq.russia_full_readiness == pytest.approx(base.russia_full_readiness)
        assert eq.cost_exchange_ratio == pytest.approx(base.cost_exchange_ratio, rel=1e-9)
        assert eq.value_exchange_ratio == pytest.approx(base.value_exchange_ratio / (1 - s))


def test_value_of_joining_and_readiness_cost_are_separate_inputs():
    """R's payoffs depend on w - kappa_R and on h, each its own input; the shipped default
    does not set w equal to kappa_R."""
    p = Parameters()
    assert PostureSpec().third_party_value != p.third_party_cost
    one = PostureModel(
        Parameters.create(third_party_cost=0.3), Combat(), PostureSpec(third_party_value=0.4)
    )
    two = PostureModel(
        Parameters.create(third_party_cost=0.4), Combat(), PostureSpec(third_party_value=0.5)
    )
    assert np.allclose(one.payoffs()[1], two.payoffs()[1])
    cheaper = PostureModel(p, Combat(), PostureSpec(readiness_cost=(0.0, 0.01, 0.02)))
    assert not np.allclose(one.payoffs()[1], cheaper.payoffs()[1])
    assert np.allclose(one.payoffs()[0], cheaper.payoffs()[0])  # the US's payoffs do not move


def test_without_a_net_value_of_joining_russia_stands_aside():
    """Russia readies only if joining pays or China's defeat costs it enough: with w well
    below kappa_R at the default loss, the equilibrium is pure and there is no ambiguity."""
    spec = PostureSpec(third_party_value=0.0)
    (eq,) = solve(spec, stakes=2.0).equilibria
    assert not eq.russia_mixes and eq.russia_readiness_mix["stand_aside"] == 1.0
    assert eq.russia_outlay == 0.0 and eq.cost_exchange_ratio is None


def test_cost_exchange_region_shares_match_its_samples():
    box = {k: COST_EXCHANGE_BOX[k] for k in ("stakes", "join_value")}
    box["readiness_cost"] = BoxRange(0.02, 0.1, "test")
    region = cost_exchange_region(box, n=16, seed=3, spec=HAND)
    assert len(region.samples) == 16 and set(region.shares) == {
        f"{m}>{t}" for m in ("cost_exchange_ratio", "value_exchange_ratio") for t in (1, 10)
    }
    mixed = [s for s in region.samples if s["russia_mixes"]]
    assert region.share_mixed == pytest.approx(len(mixed) / 16)
    for t in (1, 10):
        ratios = [
            np.inf if s["cost_exchange_ratio"] is None else s["cost_exchange_ratio"] for s in mixed
        ]
        hits = [r for r in ratios if r > t]
        assert region.shares[f"cost_exchange_ratio>{t}"] == pytest.approx(len(hits) / 16)
    for s in region.samples:  # every point stays inside its box
        assert all(box[k].low <= s[k] <= box[k].high for k in box)
    again = cost_exchange_region(box, n=16, seed=3, spec=HAND)
    assert again.shares == region.shares  # the seed fixes the sample
