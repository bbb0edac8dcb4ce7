r"""Cumulant generating functions of distributions on [0, 1], compiled (Numba).

The smooth (Klibanoff, Marinacci & Mukerji 2005) and multiplier (Hansen & Sargent
2001) criteria value a two-outcome lottery (``good`` with probability 1 - q,
``good - gap`` with probability q) as

    good - (1/lam) Lambda(lam gap),   Lambda(t) = ln E[exp(t q)],

the cumulant generating function (CGF) of the second-order distribution of q
(lam = 1/theta for the multiplier, whose q is Bernoulli(q0) on {0, 1}).  Each
function here returns, for t >= 0,

    (Lambda(t) / t, Lambda'(t), Lambda''(t))

i.e. the certainty equivalent per unit of t (so that ``gap * ratio`` is the
penalty, exact as t -> 0 and as t -> infinity), the tilted mean and the tilted
variance of q.  Everything is computed without overflow or cancellation:

* ``uniform_cgf`` -- q ~ U[a, b], w = b - a, x = t w:
  Lambda = t b + ln((1 - e^{-x})/x);  Lambda' = b - w (1/x - 1/(e^x - 1));
  Lambda'' = w^2 (1/x^2 - 1/(4 sinh^2(x/2)));  Taylor series below x = 0.01
  (Bernoulli numbers; Abramowitz & Stegun 23.1.1).
* ``bernoulli_cgf`` -- q ~ Bernoulli(p): Lambda = ln(1 + p (e^t - 1)) (log1p/expm1),
  Lambda' = expit(logit p + t).
* ``beta_cgf`` -- q ~ Beta(a, b): Lambda = ln 1F1(a; a + b; t) (Kummer's function):
  the cumulant series below t = 1e-12, the power series
  sum_k (a)_k/(a+b)_k t^k/k! (all terms positive) up to T_ASYMPTOTIC, beyond it
  Kummer's transformation and the asymptotic series (Abramowitz & Stegun 13.5.1)
  1F1(a; c; t) ~ Gamma(c)/Gamma(a) e^t t^{a-c} sum_s (c-a)_s (1-a)_s / (s! t^s).
"""

from __future__ import annotations

import math

from numba import njit

UNIFORM_SERIES = 0.01  # below this x = t (b - a) the uniform CGF uses its Taylor series
BETA_SERIES = 1e-12  # cumulant series below this t (the power series divides by t)
SERIES_TERMS = 100_000  # cap on the Kummer power series (t up to ~T_ASYMPTOTIC)
T_ASYMPTOTIC = 40.0  # beyond max(this, ASYMPTOTIC_FACTOR * (b |1 - a| + a + b)): asymptotics
ASYMPTOTIC_FACTOR = 4.0


@njit(cache=True, error_model="numpy")
def uniform_cgf(t, a, b):
    """(Lambda(t)/t, Lambda', Lambda'') for q ~ U[a, b] (module docstring)."""
    w = b - a
    x = t * w
    if x < UNIFORM_SERIES:
        x2 = x * x
        phi0 = 0.5 - x / 24.0 + x * x2 / 2880.0 - x2 * x2 * x / 181440.0
        phi1 = 0.5 - x / 12.0 + x * x2 / 720.0 - x2 * x2 * x / 30240.0
        phi2 = 1.0 / 12.0 - x2 / 240.0 + x2 * x2 / 6048.0
    else:
        phi0 = -math.log(-math.expm1(-x) / x) / x
        phi1 = 1.0 / x - 1.0 / math.expm1(x) if x < 700.0 else 1.0 / x
        half = 0.5 * x
        phi2 = 1.0 / (x * x) - (0.25 / math.sinh(half) ** 2 if half < 350.0 else 0.0)
    return b - w * phi0, b - w * phi1, w * w * max(phi2, 0.0)


@njit(cache=True, error_model="numpy")
def bernoulli_cgf(t, p):
    """(Lambda(t)/t, Lambda', Lambda'') for q ~ Bernoulli(p) on {0, 1}."""
    if p <= 0.0:
        return 0.0, 0.0, 0.0
    if p >= 1.0:
        return 1.0, 1.0, 0.0
    if t == 0.0:
        return p, p, p * (1.0 - p)
    if t < 30.0:
        ratio = math.log1p(p * math.expm1(t)) / t
        tilt = p / (p + (1.0 - p) * math.exp(-t))
    else:
        tail = (1.0 - p) / p * math.exp(-t)
        ratio = (t + math.log(p) + math.log1p(tail)) / t
        tilt = 1.0 / (1.0 + tail)
    return ratio, tilt, tilt * (1.0 - tilt)


@njit(cache=True, error_model="numpy")
def _kummer_series(t, a, c):
    """ln 1F1(a; c; t) and the tilted first two moments E[q], E[q^2] from the power
    series sum_k T_k, T_k = (a)_k/(c)_k t^k/k! (every term positive)."""
    term = 1.0
    s0 = 1.0
    s1 = 0.0
    s2 = 0.0
    log_scale = 0.0
    k = 0
    while k < SERIES_TERMS:
        term *= (a + k) / (c + k) * t / (k + 1.0)
        k += 1
        s0 += term
        s1 += k * term
        s2 += k * (k - 1.0) * term
        if term < 1e-17 * s0 and k > t:
            break
        if s0 > 1e250:  # rescale to stay finite
            term *= 1e-250
            s0 *= 1e-250
            s1 *= 1e-250
            s2 *= 1e-250
            log_scale += 250.0 * math.log(10.0)
    m1 = s1 / (t * s0)
    m2 = s2 / (t * t * s0)
    return math.log(s0) + log_scale, m1, m2


@njit(cache=True, error_model="numpy")
def _kummer_asymptotic(t, a, c):
    """ln 1F1(a; c; t) for large t (module docstring) and its first two t-derivatives."""
    b = c - a
    # sum_s (b)_s (1-a)_s / (s! t^s) and its derivatives in t, to the smallest term
    term = 1.0
    s = 1.0
    ds = 0.0
    d2s = 0.0
    smallest = 1.0
    for j in range(200):
        ratio = (b + j) * (1.0 - a + j) / ((j + 1.0) * t)
        term *= ratio
        if abs(term) > smallest:
            break
        smallest = abs(term)
        n = j + 1.0
        s += term
        ds += -n * term / t
        d2s += n * (n + 1.0) * term / (t * t)
        if abs(term) < 1e-17 * abs(s):
            break
    log_m = t + (a - c) * math.log(t) + math.lgamma(c) - math.lgamma(a) + math.log(s)
    d1 = 1.0 + (a - c) / t + ds / s
    d2 = -(a - c) / (t * t) + d2s / s - (ds / s) ** 2
    return log_m, d1, d2


@njit(cache=True, error_model="numpy")
def beta_cgf(t, a, b):
    """(Lambda(t)/t, Lambda', Lambda'') for q ~ Beta(a, b) (module docstring)."""
    n = a + b
    mean = a / n
    var = a * b / (n * n * (n + 1.0))
    k3 = 2.0 * a * b * (b - a) / (n * n * n * (n + 1.0) * (n + 2.0))
    if t < BETA_SERIES:
        return mean + t * (var / 2.0 + t * k3 / 6.0), mean + t * (var + t * k3 / 2.0), var + t * k3
    if t > max(T_ASYMPTOTIC, ASYMPTOTIC_FACTOR * (b * abs(1.0 - a) + a + b)):
        log_m, d1, d2 = _kummer_asymptotic(t, a, n)
        return log_m / t, d1, max(d2, 0.0)
    log_m, m1, m2 = _kummer_series(t, a, n)
    return log_m / t, m1, max(m2 - m1 * m1, 0.0)
