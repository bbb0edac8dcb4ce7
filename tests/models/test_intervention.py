"""The canonical model: endogenous intervention, optimal force, and outputs that may not exist."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

from deterrence.models.beliefs import Belief
from deterrence.models.criteria import Criterion
from deterrence.models.parameters import Parameters
from tests.conftest import FACT_TOL, make_model, solve


def test_endogenous_q_is_normal_tail_beyond_cutoff():
    model = make_model(Belief("endogenous", -0.1, 0.25, sd=0.4), third_party_loss=1.7)
    f = np.array([0.3, 1.0, 4.0, 30.0])
    p_n, p_i = model.win_probabilities(f)
    cutoff = 0.3 - 1.7 * (p_n - p_i)
    for mu in (-0.1, 0.25):
        np.testing.assert_allclose(model.q(mu, f), norm.sf(cutoff, loc=mu, scale=0.4), rtol=1e-12)


def test_endogenous_intervention_is_sequentially_rational():
    """R intervenes iff w - kappa_R - W_R p_I >= -W_R p_N (its payoffs in the finite form)."""
    model = make_model(Belief("endogenous", 0.0, 0.0))
    p = model.params
    for force in (0.5, 1.0, 2.0, 8.0):
        p_n, p_i = model.win_probabilities(force)
        cutoff = model.cutoff(p_n, p_i)
        for theta in (cutoff - 1e-9, cutoff + 1e-9):
            intervene = theta - p.third_party_cost - p.third_party_loss * p_i
            stay_out = -p.third_party_loss * p_n
            assert (intervene >= stay_out) == (theta >= cutoff)


def test_huge_or_tiny_force_leaves_little_reason_to_intervene():
    model = make_model(Belief("endogenous", 0.0, 0.0))
    q = model.q(0.0, np.array([1e-4, 1.2, 1e4]))
    assert q[1] > q[0] and q[1] > q[2]
    assert q[0] == pytest.approx(norm.sf(0.3 / 0.3), abs=1e-4)


@pytest.mark.parametrize("q", [0.0, 0.3, 1.0])
def test_optimal_force_solves_first_order_condition(q):
    """V p'(F) = c with p = q p_I + (1-q) p_N, solved independently with brentq."""
    model = make_model(Belief.point(q))
    p = model.params
    m = p.decisiveness

    def slope(f, d):
        return m * f ** (m - 1) * d**m / (f**m + d**m) ** 2

    def foc(f):
        return (
            p.stakes * (q * slope(f, p.defence_in) + (1 - q) * slope(f, p.defence_out))
            - p.force_cost
        )

    independent = brentq(foc, 1.0, 20.0, xtol=1e-14)
    assert solve(model, "expected").force == pytest.approx(independent, rel=1e-7)


def test_requirement_beyond_max_force_is_none():
    sol = solve(make_model(max_force=2.0), "maxmin")
    assert sol.force_requirement is None
    assert sol.force_premium is None and sol.extra_cost is None
    assert sol.threshold is not None


def test_no_optimal_force_when_attack_is_hopeless():
    # tiny stakes, m > 1: the value only falls with F, the supremum is at F -> 0
    sol = solve(make_model(stakes=0.01), "maxmin")
    assert sol.attack is False
    assert sol.force is None


def test_holding_at_the_threshold():
    model = make_model()
    v_star = solve(model, "maxmin").threshold
    below = solve(make_model(stakes=v_star * (1 - 1e-6)), "maxmin")
    above = solve(make_model(stakes=v_star * (1 + 1e-6)), "maxmin")
    assert (below.attack, above.attack) == (False, True)
    assert below.threshold == pytest.approx(v_star, abs=FACT_TOL)


def test_endogenous_maxmin_uses_the_top_of_the_mean_interval():
    ambiguous = solve(make_model(Belief("endogenous", -0.3, 0.2)), "maxmin")
    worst = solve(make_model(Belief("endogenous", 0.2, 0.2)), "expected")
    for key in ("force", "threshold", "force_requirement", "intervention_probability"):
        assert getattr(ambiguous, key) == pytest.approx(getattr(worst, key), abs=FACT_TOL)


def test_smooth_closed_form_equals_quadrature():
    """Exogenous smooth by its closed form; the same belief run through the quadrature path."""
    from deterrence.models import beliefs

    belief = Belief("exogenous", 0.1, 0.7)
    model = make_model(belief)
    f = np.linspace(0.5, 8, 50)
    good, gap, cutoff = model.lottery(f, 4.0)
    nodes, weights = beliefs.gauss_lobatto(41)
    qs = (0.1 + (nodes + 1) * 0.3)[:, None]
    from deterrence.solvers.ambiguity import expected, smooth_discrete

    quad = smooth_discrete(expected(good, gap, qs), (weights / weights.sum())[:, None], 2.0)
    np.testing.assert_allclose(belief.smooth(good, gap, cutoff, 2.0), quad, atol=1e-12)


def test_multiplier_intervention_probability_is_worst_case_tilt():
    sol = solve(make_model(Belief.point(0.4)), "multiplier", penalty=0.5)
    model = make_model(Belief.point(0.4))
    _, gap, _ = model.lottery(np.array(sol.force), model.params.stakes)
    tilt = 0.4 * np.exp(gap / 0.5) / (0.6 + 0.4 * np.exp(gap / 0.5))
    assert sol.intervention_probability == pytest.approx(float(tilt), abs=1e-12)


@pytest.mark.parametrize(
    "bad, match",
    [
        ({"target_strength": 0.0}, "target_strength"),
        ({"third_party_strength": -0.1}, "third_party_strength"),
        ({"interoperability": 1.2}, "interoperability"),
        ({"success_target": 1.0}, "success_target"),
        ({"war_cost": 1.0, "intervention_war_cost": 0.5}, "intervention_war_cost"),
        ({"stakes": float("nan")}, "stakes"),
    ],
)
def test_parameters_reject_invalid_values(bad, match):
    with pytest.raises(ValueError, match=match):
        Parameters.create(**bad)


@pytest.mark.parametrize(
    "belief, crit",
    [
        (Belief("endogenous", -0.3, 0.4, sd=0.3), Criterion("smooth", ambiguity_aversion=2.0)),
        (Belief("endogenous", -0.2, 0.2, sd=0.05), Criterion("smooth", ambiguity_aversion=40.0)),
        (Belief("endogenous", 0.0, 0.3, sd=0.6), Criterion("smooth", ambiguity_aversion=0.01)),
        (Belief("endogenous", -0.1, 0.2, sd=0.2), Criterion("multiplier", penalty=0.3)),
        (Belief("exogenous", 0.1, 0.7), Criterion("multiplier", penalty=5.0)),
    ],
)
@pytest.mark.parametrize("combat", ["contest", "lanchester_square"])
def test_envelope_threshold_equals_root_of_the_gain(belief, crit, combat):
    """V* = min_F V*(F) (the batch path) equals the least V at which the best attack's
    value reaches the hold value, found by Brent's method on the gain (the scalar path,
    which re-solves the force problem at every V)."""
    model = make_model(belief, combat, decisiveness=2.5, third_party_loss=1.3)
    envelope = model.envelope_thresholds(crit)[0]
    root = model.root_threshold(crit, start=2.0)
    assert envelope == pytest.approx(root, rel=1e-9)
    # at V* the best attack is worth exactly holding
    assert model.gain(crit, envelope)[0] == pytest.approx(0.0, abs=1e-9)


def test_quadrature_cache_gives_fresh_values():
    """The force grid's node probabilities are cached between a batch's searches; a
    second grid (or a changed belief) must not get the first one's values."""
    lo, hi = np.array([[-0.2], [0.1]]), np.array([[0.3], [0.4]])
    belief = Belief("endogenous", lo, hi, sd=0.3)
    theta = np.linspace(-0.5, 0.5, 64)[None, :].repeat(2, axis=0)
    first, _ = belief.smooth_priors(theta)
    again, _ = belief.smooth_priors(theta.copy())
    np.testing.assert_array_equal(first, again)
    shifted, _ = belief.smooth_priors(theta + 0.1)
    nodes = belief.quadrature()[0]
    np.testing.assert_allclose(shifted, belief.q(belief.along_set(nodes), theta + 0.1))
    other = Belief("endogenous", lo + 0.05, hi, sd=0.3)
    np.testing.assert_allclose(
        other.smooth_priors(theta)[0], other.q(other.along_set(other.quadrature()[0]), theta)
    )


@pytest.mark.parametrize("width_in_sds", [0.2, 1.3, 5.0, 30.0])
def test_smooth_quadrature_equals_adaptive_integration(width_in_sds):
    """Endogenous smooth: the composite Gauss-Lobatto rule (panels of at most three
    resolve sds) equals scipy's adaptive quad of -(1/lam) ln E_mu exp(-lam EU(mu))
    to 1e-12, also on intervals 30 sds wide, where one 41-node rule was off by 1e-5."""
    from scipy.integrate import quad

    sd, lam, lo = 0.05, 4.0, -0.3
    belief = Belief("endogenous", lo, lo + width_in_sds * sd, sd=sd)
    model = make_model(belief, third_party_loss=1.5)
    forces = np.array([[0.6, 1.3, 2.5, 5.0]])
    good, gap, cutoff = model.lottery(forces, 4.0)
    got = belief.smooth(good, gap, cutoff, lam)[0]
    for j in range(forces.shape[1]):

        def integrand(mu, j=j):
            eu = good[0, j] - belief.q(mu, cutoff[0, j]) * gap[0, j]
            return np.exp(-lam * (eu - good[0, j]))

        mean, _ = quad(integrand, belief.lo, belief.hi, epsabs=0, epsrel=1e-13, limit=500)
        exact = good[0, j] - np.log(mean / (belief.hi - belief.lo)) / lam
        assert got[j] == pytest.approx(exact, abs=1e-12 * max(1, abs(exact)))


def test_quadrature_panels_are_capped_for_absurd_intervals():
    """An interval of 2e12 resolve sds must not ask for 7e11 panels (memory): the
    panel count is capped, and the weights still sum to 1 with the ends included."""
    from deterrence.models.beliefs import MAX_PANELS, PANEL_NODES

    fractions, weights = Belief("endogenous", -1e6, 1e6, sd=1e-6).quadrature()
    assert fractions.shape[0] == PANEL_NODES * MAX_PANELS
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert fractions.min() == 0.0 and fractions.max() == 1.0
