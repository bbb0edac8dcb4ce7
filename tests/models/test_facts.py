"""docs/model.md's "Facts every implementation must satisfy", one test per fact."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from deterrence.models.beliefs import Belief
from deterrence.models.criteria import Criterion
from tests.conftest import FACT_TOL, make_model, solve

CRITERIA_ALL = ("expected", "maxmin", "alpha_maxmin", "smooth", "minimax_regret", "multiplier")


def independent_threshold(q: float, m=1.5, c=0.2, k_n=0.5, k_i=1.2, d_n=1.0, d_i=1.48) -> float:
    """V*(q) = min_F [q k_I + (1-q) k_N + c F] / [q p_I + (1-q) p_N], by SciPy's bounded Brent."""

    def p(f, d):
        return f**m / (f**m + d**m)

    def ratio(log_f):
        f = np.exp(log_f)
        return (q * k_i + (1 - q) * k_n + c * f) / (q * p(f, d_i) + (1 - q) * p(f, d_n))

    res = minimize_scalar(ratio, bounds=(-3.0, 4.0), method="bounded", options={"xatol": 1e-12})
    return float(res.fun)


# ---------------------------------------------------------------- fact 1
@pytest.mark.parametrize("q, known", [(0.0, 1.216), (1.0, 2.419)])
def test_fact1_threshold_known_values(q, known):
    sol = solve(make_model(Belief.point(q)), "expected")
    assert sol.threshold == pytest.approx(known, abs=5e-4)
    assert sol.threshold == pytest.approx(independent_threshold(q), abs=FACT_TOL)


def test_fact1_threshold_formula_and_monotone_in_q():
    model = make_model()
    qs = np.linspace(0.0, 1.0, 21)
    curve = model.exogenous_thresholds(qs)
    for q, v in zip(qs, curve, strict=True):
        assert v == pytest.approx(independent_threshold(q), abs=FACT_TOL)
    assert np.all(np.diff(curve) >= 0)


# ---------------------------------------------------------------- fact 2
@pytest.mark.parametrize("q", [0.0, 1.0])
@pytest.mark.parametrize("name", CRITERIA_ALL)
def test_fact2_contest_force_requirement_closed_form(q, name):
    model = make_model(Belief.point(q))
    p = model.params
    defence = p.defence_in if q == 1.0 else p.defence_out
    closed = defence * (p.success_target / (1 - p.success_target)) ** (1 / p.decisiveness)
    assert solve(model, name).force_requirement == pytest.approx(closed, abs=FACT_TOL)


# ---------------------------------------------------------------- fact 3
OUTPUTS = ("attack", "force", "intervention_probability", "threshold", "force_requirement")


def _same_outputs(a, b):
    for key in OUTPUTS:
        assert getattr(a, key) == pytest.approx(getattr(b, key), abs=FACT_TOL), key


def test_fact3_maxmin_equals_expected_at_q_hi():
    ambiguous = solve(make_model(Belief("exogenous", 0.15, 0.7)), "maxmin")
    point = solve(make_model(Belief.point(0.7)), "expected")
    _same_outputs(ambiguous, point)


@pytest.mark.parametrize("alpha", [0.0, 0.3, 0.75, 1.0])
def test_fact3_alpha_maxmin_equals_expected_at_q_alpha(alpha):
    lo, hi = 0.15, 0.7
    ambiguous = solve(make_model(Belief("exogenous", lo, hi)), "alpha_maxmin", alpha=alpha)
    point = solve(make_model(Belief.point(alpha * hi + (1 - alpha) * lo)), "expected")
    _same_outputs(ambiguous, point)


# ---------------------------------------------------------------- fact 4
def test_fact4_smooth_tends_to_expected_as_lambda_to_zero():
    model = make_model(Belief("exogenous", 0.1, 0.7))
    smooth = solve(model, "smooth", ambiguity_aversion=1e-7)
    expected = solve(model, "expected")
    assert smooth.threshold == pytest.approx(expected.threshold, abs=FACT_TOL)
    assert smooth.force_requirement == pytest.approx(expected.force_requirement, abs=FACT_TOL)


@pytest.mark.parametrize(
    "belief", [Belief("exogenous", 0.1, 0.7), Belief("exogenous", beta=(2.0, 3.0))]
)
def test_fact4_smooth_tends_to_maxmin_over_support_as_lambda_grows(belief):
    model = make_model(belief)
    smooth = solve(model, "smooth", ambiguity_aversion=1e8)
    maxmin = solve(model, "maxmin")  # a Beta's set is its support, so maxmin acts on q = 1
    assert smooth.threshold == pytest.approx(maxmin.threshold, abs=1e-5)
    assert maxmin.intervention_probability == belief.hi


def test_fact4_smooth_threshold_rises_with_spread_and_lambda():
    mean = 0.4
    by_width = [
        solve(make_model(Belief("exogenous", mean - w, mean + w)), "smooth").threshold
        for w in (0.0, 0.1, 0.2, 0.3, 0.4)
    ]
    assert np.all(np.diff(by_width) > 0)
    model = make_model(Belief("exogenous", 0.1, 0.7))
    by_lambda = [
        solve(model, "smooth", ambiguity_aversion=lam).threshold for lam in (0.5, 2.0, 8.0, 32.0)
    ]
    assert np.all(np.diff(by_lambda) > 0)


def test_fact4_smooth_threshold_rises_with_beta_spread_at_fixed_mean():
    # Beta(a, b) with the same mean 0.4 and falling concentration a + b
    thresholds = [
        solve(make_model(Belief("exogenous", beta=(0.4 * n, 0.6 * n))), "smooth").threshold
        for n in (50.0, 10.0, 2.0, 0.5)
    ]
    assert np.all(np.diff(thresholds) > 0)


def test_fact4_multiplier_tends_to_expected_and_falls_with_theta():
    model = make_model()
    expected = solve(model, "expected")
    big = solve(model, "multiplier", penalty=1e8)
    assert big.threshold == pytest.approx(expected.threshold, abs=FACT_TOL)
    by_theta = [solve(model, "multiplier", penalty=t).threshold for t in (0.2, 0.5, 1, 4, 16)]
    assert np.all(np.diff(by_theta) < 0)


# ---------------------------------------------------------------- fact 5
@pytest.mark.parametrize(
    "belief",
    [
        Belief("exogenous", 0.2, 0.6),
        Belief("exogenous", beta=(2.0, 5.0)),
        Belief("endogenous", -0.2, 0.3, sd=0.3),
    ],
)
def test_fact5_maxmin_premia_nonnegative(belief):
    sol = solve(make_model(belief), "maxmin")
    assert sol.threshold_premium >= 0
    assert sol.force_premium >= 0
    assert sol.extra_cost >= 0


@pytest.mark.parametrize("belief", [Belief.point(0.35), Belief("endogenous", 0.1, 0.1)])
@pytest.mark.parametrize("name", [c for c in CRITERIA_ALL if c != "multiplier"])
def test_fact5_threshold_premium_zero_for_one_point(belief, name):
    """With a point prior every criterion but the multiplier is EU at that point."""
    sol = solve(make_model(belief), name)
    assert sol.threshold_premium == pytest.approx(0.0, abs=FACT_TOL)
    assert sol.ambiguity_force_premium == pytest.approx(0.0, abs=FACT_TOL)


def test_fact5_force_premium_zero_when_r_surely_stays_out():
    # force_premium is measured against R surely staying out (docs/model.md, Outputs)
    sol = solve(make_model(Belief.point(0.0)), "maxmin")
    assert sol.force_premium == pytest.approx(0.0, abs=FACT_TOL)
    assert sol.extra_cost == pytest.approx(0.0, abs=FACT_TOL)


# ---------------------------------------------------------------- fact 6
def test_fact6_minimax_regret_is_not_ambiguity_averse():
    mean = 0.45
    expected = solve(make_model(Belief.point(mean)), "expected").threshold
    for width in (0.1, 0.3, 0.5, 0.9):
        model = make_model(Belief("exogenous", mean - width / 2, mean + width / 2))
        regret = solve(model, "minimax_regret").threshold
        maxmin = solve(model, "maxmin").threshold
        assert abs(regret - expected) < 0.01 * expected
        assert maxmin - expected > 5 * abs(regret - expected)


def test_criterion_rejects_unknown_name():
    with pytest.raises(ValueError, match="allowed"):
        Criterion("bayes")


def test_multiplier_premium_is_its_robustness_margin_over_expected_utility():
    """The multiplier sees only the mean prior, so its V* does not depend on the set's
    width; its threshold premium is measured against expected utility at that mean
    (issue 12): positive (a robustness margin), falling in theta, and -> 0 as theta -> inf."""
    wide = solve(make_model(Belief("exogenous", 0.0, 0.8)), "multiplier")
    point = solve(make_model(Belief.point(0.4)), "multiplier")
    expected = solve(make_model(Belief.point(0.4)), "expected").threshold
    assert wide.threshold == pytest.approx(point.threshold, abs=FACT_TOL)
    assert wide.threshold_premium == pytest.approx(wide.threshold - expected, abs=1e-12)
    assert wide.threshold_premium > 0
    margins = [
        solve(make_model(), "multiplier", penalty=t).threshold_premium for t in (0.5, 2, 8, 1e6)
    ]
    assert np.all(np.diff(margins) < 0)
    assert margins[-1] == pytest.approx(0.0, abs=1e-5)
