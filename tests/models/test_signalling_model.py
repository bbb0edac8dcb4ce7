"""The signalling model: hand-worked answers, Fearon's claims, an independent checker,
and agreement with the generic signalling-game solver."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.deeds.signalling import (
    TYPES,
    SignallingModel,
    SignallingSpec,
    posterior,
)
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters
from deterrence.solvers.games.signalling import SignallingGame, pure_pbe

FINE = np.geomspace(1e-3, 100.0, 400_001)  # the checker's own brute-force force grid


def make(spec: SignallingSpec, **params) -> SignallingModel:
    return SignallingModel(Parameters.create(**params), Combat(), spec)


# ------------------------------------------------------------- independent check
def r_payoff(
    model: SignallingModel, kind: str, level: int, text: int, force: float | None
) -> float:
    """R's payoff from first principles (docs/model.md's finite form plus the signal's cost)."""
    p, s = model.params, model.spec
    cost = (s.cost_committed if kind == "committed" else s.cost_opportunist)[level]
    if force is None:
        return -cost
    e = min(1.0, p.interoperability + s.interoperability_gain[level])
    combat = Combat()
    p_n = combat.win_probability(force, p.target_strength)
    p_i = combat.win_probability(force, p.target_strength + e * p.third_party_strength)
    w = s.committed_value if kind == "committed" else s.opportunist_value
    return (
        max(
            w - p.third_party_cost - p.third_party_loss * p_i,
            -p.third_party_loss * p_n - s.audience_cost[text],
        )
        - cost
    )


def a_best(
    model: SignallingModel, level: int, text: int, mu: float, stakes: float
) -> tuple[float, float]:
    """A's best attack value and force after a message, by brute force on FINE."""
    p, s = model.params, model.spec
    e = min(1.0, p.interoperability + s.interoperability_gain[level])
    combat = Combat()
    p_n = combat.win_probability(FINE, p.target_strength)
    p_i = combat.win_probability(FINE, p.target_strength + e * p.third_party_strength)
    q = np.zeros_like(FINE)
    for kind, weight in zip(TYPES, (mu, 1 - mu), strict=True):
        w = s.committed_value if kind == "committed" else s.opportunist_value
        join = (
            w - p.third_party_cost - p.third_party_loss * p_i
            >= -p.third_party_loss * p_n - s.audience_cost[text] - 1e-9
        )
        q += weight * join
    value = (
        q * (stakes * p_i - p.intervention_war_cost)
        + (1 - q) * (stakes * p_n - p.war_cost)
        - p.force_cost * FINE
    )
    k = int(np.argmax(value))
    return float(value[k]), float(FINE[k])


def check(model: SignallingModel, eq) -> None:
    """Bayes consistency on path and sequential rationality of A and of both R types."""
    s = model.spec
    names = {s.message_name(m): m for m in s.messages}
    prior = model.spec.prior_committed[0]
    # Bayes' rule from the strategy
    for name, (lo, hi) in eq.posteriors.items():
        like_c = eq.strategy["committed"].get(name, 0.0)
        like_o = eq.strategy["opportunist"].get(name, 0.0)
        assert (lo, hi) == pytest.approx(posterior((prior, prior), like_c, like_o), abs=1e-12)
    # A's replies are optimal (and A mixes only when indifferent)
    stakes = [model.params.stakes] + ([s.high_stakes] if s.prob_high_stakes > 0 else [])
    weights = [1 - s.prob_high_stakes, s.prob_high_stakes] if s.prob_high_stakes > 0 else [1.0]
    for name, reply in eq.responses.items():
        level, text = names[name]
        mu = eq.posteriors[name][0]
        for row, v in enumerate(stakes):
            best, force = a_best(model, level, text, mu, v)
            beta = reply.probability(row)
            if 0 < beta < 1:
                assert abs(best) < 1e-5  # indifferent between holding and attacking
            else:
                assert reply.attack[row] == (best > 1e-9)
            if reply.attack[row]:
                assert reply.force[row] == pytest.approx(force, rel=1e-3)

    def value(kind, name, mu, reply=None):
        """R's payoff of a message: A's replies from brute force, or the reported ones."""
        level, text = names[name]
        cost = (s.cost_committed if kind == "committed" else s.cost_opportunist)[level]
        total = -cost
        for row, (v, w) in enumerate(zip(stakes, weights, strict=True)):
            if reply is None:
                best, force = a_best(model, level, text, mu, v)
                beta = 1.0 if best > 1e-9 else 0.0
            else:
                force, beta = reply.force[row], reply.probability(row)
            if beta > 0:
                total += w * beta * (r_payoff(model, kind, level, text, force) + cost)
        return total

    # R's types: no message pays more, with off-path messages met by a supporting belief
    for kind in TYPES:
        target = eq.payoffs[kind]
        for name in names:
            if name in eq.posteriors:
                got = value(kind, name, eq.posteriors[name][0], eq.responses[name])
            else:
                got = value(kind, name, eq.off_path[name][0])
            assert got <= target + 5e-5, (kind, name)  # FINE is a grid
        for name in eq.strategy[kind]:
            got = value(kind, name, eq.posteriors[name][0], eq.responses[name])
            assert got == pytest.approx(target, abs=1e-9)


# ------------------------------------------------------------------- the claims
def ladder(**changes) -> SignallingSpec:
    base = dict(
        levels=("none", "exercises"),
        cost_committed=(0.0, 0.1),
        cost_opportunist=(0.0, 1.0),
        interoperability_gain=(0.0, 0.0),
        texts=("none",),
        audience_cost=(0.0,),
    )
    return SignallingSpec(**{**base, **changes})


def test_hand_worked_separating_equilibrium():
    """V = 2 lies between V*(q=0) = 1.216 and V*(q=1) = 2.419: A attacks an R it
    knows to be an opportunist and holds against a committed one.  The committed
    type pays 0.1 for exercises and is left alone; the opportunist would pay 1.0,
    more than it loses when attacked (p_N(F*) = 0.79), so it stays at none."""
    model = make(ladder(), stakes=2.0)
    sol = model.solve()
    (sep,) = [e for e in sol.equilibria if e.kind == "separating"]
    assert sep.strategy == {"committed": {"exercises+none": 1.0}, "opportunist": {"none+none": 1.0}}
    assert sep.responses["exercises+none"].attack == (False,)
    canonical = InterventionModel(
        Parameters.create(stakes=2.0), Combat(), Belief("exogenous", 0.0, 0.0)
    )
    expected = canonical.solve(Criterion("expected"))
    assert sep.responses["none+none"].force[0] == pytest.approx(expected.force, rel=1e-6)
    p_n = Combat().win_probability(expected.force, 1.0)
    assert sep.payoffs == pytest.approx({"committed": -0.1, "opportunist": -p_n}, abs=1e-8)
    assert sep.thresholds["none+none"] == pytest.approx(
        1.2157481, abs=1e-6
    )  # docs/model.md, fact 1
    assert sep.intuitive and sep.outlay == pytest.approx(0.05)
    # pooling on none exists but fails the intuitive criterion: only a committed
    # R could gain from exercises, and believed committed it would be left alone
    (pool,) = [e for e in sol.equilibria if e.kind == "pooling"]
    assert pool.posteriors["none+none"] == (0.5, 0.5) and not pool.intuitive
    for eq in sol.equilibria:
        check(model, eq)


def test_extra_cost_and_cost_exchange_ratio_by_hand():
    """Claim C6 in the signalling model.  In the separating equilibrium of the hand-worked
    case A knows the committed type after exercises (q = 1: the requirement is
    D_I (P/(1 - P))^(1/m)) and the opportunist after none (q = 0: D_T (P/(1 - P))^(1/m));
    the US extra cost is c p (F_req(1) - F_req(0)) and R's outlay p x 0.1 (p = 0.5)."""
    model = make(ladder(interoperability_gain=(0.0, 0.1)), stakes=2.0)
    (sep,) = [e for e in model.solve().equilibria if e.kind == "separating"]
    p = model.params
    odds = (p.success_target / (1 - p.success_target)) ** (1 / p.decisiveness)
    d_in = p.target_strength + (p.interoperability + 0.1) * p.third_party_strength
    assert sep.requirements["exercises+none"] == pytest.approx(d_in * odds, rel=1e-9)
    assert sep.requirements["none+none"] == pytest.approx(p.target_strength * odds, rel=1e-9)
    extra = p.force_cost * 0.5 * (d_in - p.target_strength) * odds
    assert sep.us_extra_cost == pytest.approx(extra, rel=1e-9)
    assert sep.outlay == pytest.approx(0.05)
    assert sep.cost_exchange_ratio == pytest.approx(extra / 0.05, rel=1e-9)
    # pooling on none: A keeps the prior, R spends nothing, the ratio is unbounded (None)
    (pool,) = [e for e in model.solve().equilibria if e.kind == "pooling"]
    assert pool.outlay == 0.0 and pool.cost_exchange_ratio is None
    assert pool.us_extra_cost == pytest.approx(
        p.force_cost
        * (
            InterventionModel(p, Combat(), Belief("exogenous", 0.5, 0.5))
            .solve(Criterion("expected"))
            .force_requirement
            - p.target_strength * odds
        ),
        rel=1e-7,
    )


def test_costless_text_is_uninformative_in_every_equilibrium():
    spec = SignallingSpec(
        levels=("none",),
        cost_committed=(0.0,),
        cost_opportunist=(0.0,),
        interoperability_gain=(0.0,),
        prior_committed=(0.35, 0.35),
    )
    model = make(spec, stakes=2.0)
    equilibria = model.solve().equilibria
    assert equilibria
    for eq in equilibria:
        for lo, hi in eq.posteriors.values():
            assert lo == hi == pytest.approx(0.35)
        check(model, eq)


def test_cooperation_separates_with_a_wide_cost_gap_only():
    wide = make(ladder(cost_opportunist=(0.0, 1.0)), stakes=2.0).solve()
    narrow = make(ladder(cost_opportunist=(0.0, 0.2)), stakes=2.0).solve()
    assert any(e.kind == "separating" for e in wide.equilibria)
    assert not any(e.kind == "separating" for e in narrow.equilibria)


def test_audience_cost_separates_on_its_own():
    """Tying hands (Fearon 1997): with a resolute A (stakes 5, probability 0.7) that
    attacks whatever it believes, a mutual-defence text with an audience cost binds
    whoever signs it to fight; the opportunist will not sign, the committed type
    loses nothing by signing.  Without the audience cost the text separates nothing."""

    def spec(cost: float) -> SignallingSpec:
        return ladder(
            levels=("none",),
            cost_committed=(0.0,),
            cost_opportunist=(0.0,),
            interoperability_gain=(0.0,),
            texts=("none", "mutual_defence"),
            audience_cost=(0.0, cost),
            high_stakes=5.0,
            prob_high_stakes=0.7,
            opportunist_value=-0.5,
        )

    tied = make(spec(2.0), stakes=2.0)
    separating = [e for e in tied.solve().equilibria if e.kind == "separating"]
    assert separating and separating[0].strategy["committed"] == {"none+mutual_defence": 1.0}
    check(tied, separating[0])
    assert all(e.kind == "pooling" for e in make(spec(0.0), stakes=2.0).solve().equilibria)


def test_prior_interval_gives_posterior_intervals_and_maxmin_decisions():
    spec = ladder(prior_committed=(0.3, 0.8), criterion="maxmin", cost_opportunist=(0.0, 0.2))
    model = make(spec, stakes=2.0)
    pools = [e for e in model.solve().equilibria if e.kind == "pooling"]
    assert pools
    for eq in pools:
        for lo, hi in eq.posteriors.values():
            assert (lo, hi) == pytest.approx((0.3, 0.8))
    # maxmin acts on the worst posterior (0.3): it attacks where the mean (0.55) might not
    expected = make(ladder(prior_committed=(0.3, 0.8), cost_opportunist=(0.0, 0.2)), stakes=2.0)
    v_maxmin = model.threshold((0, 0), (0.3, 0.8))
    v_mean = expected.threshold((0, 0), (0.3, 0.8))
    assert v_maxmin > v_mean  # the worst case is more intervention: a higher threshold


def test_semi_separating_equilibrium_is_an_equilibrium():
    """With exercises cheap for both types but more so for the committed one, the
    opportunist mixes: its posterior makes it indifferent."""
    spec = ladder(cost_opportunist=(0.0, 0.55), cost_committed=(0.0, 0.05))
    model = make(spec, stakes=2.0)
    semis = [e for e in model.solve().equilibria if e.kind == "semi-separating"]
    assert semis
    for eq in semis:
        mixer = next(k for k in TYPES if len(eq.strategy[k]) == 2)
        assert 0 < min(eq.strategy[mixer].values()) < 1
        check(model, eq)


def test_agrees_with_the_generic_signalling_solver():
    """On a finite force list the model is a finite signalling game: the generic
    PBE enumeration (solvers.games.signalling) finds the same sender strategies."""
    forces = (0.5, 1.0, 2.0, 3.0, 4.0)
    spec = ladder(cost_opportunist=(0.0, 1.0))
    model = SignallingModel(Parameters.create(stakes=2.0), Combat(), spec, force_levels=forces)
    messages = spec.messages
    n_m, n_a = len(messages), len(forces) + 1
    us = np.zeros((2, n_m, n_a))
    ur = np.zeros((2, n_m, n_a))
    p = model.params
    for j, (level, text) in enumerate(messages):
        for a in range(n_a):
            force = None if a == 0 else forces[a - 1]
            for t, kind in enumerate(TYPES):
                us[t, j, a] = r_payoff(model, kind, level, text, force)
                if force is not None:
                    p_n = Combat().win_probability(force, p.target_strength)
                    p_i = Combat().win_probability(force, p.defence_in)
                    w = spec.committed_value if kind == "committed" else spec.opportunist_value
                    joins = (
                        w - p.third_party_cost - p.third_party_loss * p_i
                        >= -p.third_party_loss * p_n
                    )
                    ur[t, j, a] = (
                        p.stakes * (p_i if joins else p_n)
                        - (p.intervention_war_cost if joins else p.war_cost)
                        - p.force_cost * force
                    )
    game = SignallingGame([0.5, 0.5], us, ur)
    generic = {
        (pbe.sender, tuple(pbe.receiver[m] for m in set(pbe.sender))) for pbe in pure_pbe(game)
    }
    ours = set()
    for eq in model.solve().equilibria:
        if eq.kind == "semi-separating":
            continue
        sender = tuple(
            messages.index(
                next(
                    spec_m
                    for spec_m in messages
                    if spec.message_name(spec_m) == next(iter(eq.strategy[k]))
                )
            )
            for k in TYPES
        )
        actions = []
        for m in set(sender):
            reply = eq.responses[spec.message_name(messages[m])]
            actions.append(0 if not reply.attack[0] else forces.index(reply.force[0]) + 1)
        ours.add((sender, tuple(actions)))
    assert {s for s, _ in ours} == {s for s, _ in generic}
    assert ours == generic
