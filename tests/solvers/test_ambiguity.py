"""The ambiguity criteria against the literature's known values and independent integrals."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.stats import beta as beta_dist

from deterrence.models.beliefs import gauss_lobatto
from deterrence.solvers import ambiguity as amb
from deterrence.solvers.roots import increasing_root

# Fixed-force kernel of docs/references.md: p_N = 0.8, p_I = 0.5, k_N = 0.2, k_I = 0.4.
P_N, P_I, K_N, K_I = 0.8, 0.5, 0.2, 0.4


def kernel(stakes: float):
    """(good, gap) of attacking at these stakes."""
    return stakes * P_N - K_N, stakes * (P_N - P_I) + (K_I - K_N)


def kernel_threshold(value) -> float:
    return increasing_root(lambda s: float(value(*kernel(s))), 0.0, 1.0)


@pytest.mark.parametrize(
    "q, known", [(0, 0.25), (0.25, 0.3448), (0.5, 0.4615), (0.75, 0.6087), (1, 0.8)]
)
def test_kernel_expected_threshold(q, known):
    assert kernel_threshold(lambda g, d: amb.expected(g, d, q)) == pytest.approx(known, abs=5e-5)


def test_kernel_maxmin_and_alpha():
    maxmin = kernel_threshold(lambda g, d: amb.expected(g, d, 0.75))
    alpha = kernel_threshold(lambda g, d: amb.expected(g, d, amb.alpha_mix(0.25, 0.75, 0.5)))
    assert maxmin == pytest.approx(0.6087, abs=5e-5)
    assert alpha == pytest.approx(0.4615, abs=5e-5)


@pytest.mark.parametrize(
    "lam, known",
    [(0.01, 0.4616), (1, 0.4634), (5, 0.4708), (20, 0.4973), (100, 0.5581), (1000, 0.5996)],
)
def test_kernel_smooth_known_values(lam, known):
    """KMM smooth, CARA, mu uniform on [0.25, 0.75] (docs/references.md)."""
    closed = kernel_threshold(lambda g, d: amb.smooth_uniform(g, d, 0.25, 0.75, lam))
    nodes, weights = gauss_lobatto(41)
    qs, w = 0.25 + (nodes + 1) * 0.25, weights / weights.sum()
    quadrature = kernel_threshold(lambda g, d: amb.smooth_discrete(amb.expected(g, d, qs), w, lam))
    assert closed == pytest.approx(known, abs=5e-5)
    assert quadrature == pytest.approx(closed, abs=1e-9)


@pytest.mark.parametrize("half_width", [0.1, 0.25, 0.4, 0.5])
def test_kernel_minimax_regret_stays_at_midpoint(half_width):
    """Fixed force: regret of attacking max(0, -EU), of holding max(0, EU), over q's end points."""

    def gain(stakes):
        eu = np.array(
            [amb.expected(*kernel(stakes), q) for q in (0.5 - half_width, 0.5 + half_width)]
        )
        best = np.maximum(eu, 0)
        return -np.max(amb.regret(eu, best)) + np.max(best)

    assert increasing_root(gain, 0.0, 1.0) == pytest.approx(0.4615, abs=5e-5)


@given(a=st.floats(0.2, 8), b=st.floats(0.2, 8), t=st.floats(0, 200))
def test_smooth_beta_matches_arbitrary_precision(a, b, t):
    """ln E[e^{tq}] = ln 1F1(a; a+b; t) for q ~ Beta(a, b), against mpmath at 30 digits."""
    log_mgf = -amb.smooth_beta(0.0, t, a, b, 1.0)
    with mpmath.workdps(30):
        exact = float(mpmath.log(mpmath.hyp1f1(a, a + b, t)))
    assert log_mgf == pytest.approx(exact, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("a, b, t", [(2.0, 3.0, 5.0), (1.5, 1.0, 30.0), (4.0, 2.0, 0.5)])
def test_smooth_beta_matches_integral(a, b, t):
    """The same moment generating function by numerical quadrature of the density."""
    integral, _ = quad(
        lambda q: np.exp(t * (q - 1)) * beta_dist.pdf(q, a, b), 0, 1, epsabs=0, epsrel=1e-12
    )
    assert -amb.smooth_beta(0.0, t, a, b, 1.0) == pytest.approx(t + np.log(integral), rel=1e-9)


def test_smooth_beta_large_argument_is_finite_and_tends_to_worst_case():
    # lambda -> infinity: the value tends to the worst outcome, good - gap
    values = amb.smooth_beta(1.0, 2.0, 2.0, 3.0, np.array([1e2, 1e4, 1e6]))
    assert np.all(np.isfinite(values))
    assert values[-1] == pytest.approx(-1.0, abs=1e-4)


@given(lo=st.floats(0, 1), width=st.floats(0, 1), gap=st.floats(0, 5), lam=st.floats(1e-3, 50))
def test_smooth_uniform_between_maxmin_and_expected(lo, width, gap, lam):
    hi = min(1.0, lo + width)
    value = amb.smooth_uniform(1.0, gap, lo, hi, lam)
    assert (
        amb.expected(1.0, gap, hi) - 1e-12 <= value <= amb.expected(1.0, gap, (lo + hi) / 2) + 1e-12
    )


@given(q0=st.floats(0, 1), gap=st.floats(0, 5), theta=st.floats(1e-2, 1e3))
def test_multiplier_is_penalised_worst_case(q0, gap, theta):
    """Variational form: V = min_q [EU(q) + theta KL(q || q0)], attained at the tilt."""
    value = amb.multiplier(1.0, gap, q0, theta)
    tilt = amb.multiplier_tilt(gap, q0, theta)

    def kl(q):
        terms = [x * np.log(x / y) for x, y in ((q, q0), (1 - q, 1 - q0)) if x > 0]
        return sum(terms)

    assert value == pytest.approx(amb.expected(1.0, gap, tilt) + theta * kl(tilt), abs=1e-9)
    assert amb.expected(1.0, gap, 1.0) - 1e-12 <= value <= amb.expected(1.0, gap, q0) + 1e-12
    assert tilt >= q0 - 1e-12


def test_gauss_lobatto_exact_for_polynomials():
    nodes, weights = gauss_lobatto(9)  # exact to degree 2n - 3 = 15
    for degree in range(16):
        exact = (1 - (-1) ** (degree + 1)) / (degree + 1)
        assert np.sum(weights * nodes**degree) == pytest.approx(exact, abs=1e-13)


@given(
    st.integers(1, 9),
    st.floats(0.01, 300.0),
    st.integers(0, 2**32 - 1),
)
def test_certainty_equivalent_root_is_the_smooth_values_root(k, lam, seed):
    """The root of the CARA certainty equivalent equals Brent's root of
    ``smooth_discrete`` at that v, and lies between the expected-value root and the
    worst node's root (Jensen's inequality and the maximum)."""
    rng = np.random.default_rng(seed)
    prices, costs = rng.uniform(0.01, 1, k), rng.uniform(0, 2, k)
    weights = rng.dirichlet(np.ones(k))
    v = amb.certainty_equivalent_root(prices[:, None], costs[:, None], weights[:, None], lam)[0]

    def value(s):
        return amb.smooth_discrete(s * prices - costs, weights, lam)

    assert value(v) == pytest.approx(0.0, abs=1e-9 * max(1.0, v))
    assert v >= np.sum(weights * costs) / np.sum(weights * prices) - 1e-12 * v
    assert v <= np.max(costs / prices) * (1 + 1e-12)


def test_certainty_equivalent_root_multiplier_form():
    """Two nodes weighted (1 - q0, q0) with lam = 1/theta: the multiplier's V* at a
    fixed act equals the root of ``multiplier`` (Hansen-Sargent)."""
    for q0, theta in [(0.2, 0.1), (0.5, 1.0), (0.9, 25.0)]:
        prices = np.array([[P_N], [P_I]])
        costs = np.array([[K_N], [K_I]])
        weights = np.array([[1 - q0], [q0]])
        v = amb.certainty_equivalent_root(prices, costs, weights, 1 / theta)[0]
        root = kernel_threshold(
            lambda good, gap, q0=q0, theta=theta: amb.multiplier(good, gap, q0, theta)
        )
        assert v == pytest.approx(root, rel=1e-10)


def test_certainty_equivalent_root_without_a_price_is_inf():
    v = amb.certainty_equivalent_root(
        np.zeros((3, 2)), np.ones((3, 2)), np.full((3, 1), 1 / 3), 2.0
    )
    assert np.all(np.isinf(v))
