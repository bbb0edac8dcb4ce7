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
  sum_k (a)_k/(a+b)_k t^k/k! (all terms positive; its terms peak near k = t - a - b)
  while that needs fewer than SERIES_TERMS terms; beyond
  T_asym = max(40, 4 (b |1 - a| + a + b)) Kummer's transformation and the asymptotic
  series (Abramowitz & Stegun 13.5.1)
  1F1(a; c; t) ~ Gamma(c)/Gamma(a) e^t t^{a-c} sum_s (c-a)_s (1-a)_s / (s! t^s);
  in between (both shapes large: a concentrated, near-normal law) the trapezoidal
  rule in y = logit q, whose integrand exp(t s(y) + a ln s(y) + b ln(1 - s(y))) is
  unimodal (its derivative t s(1 - s) + a - (a + b) s has one root) and decays
  exponentially: step a quarter of its curvature scale, to 40 scales each side
  (exponentially convergent; Trefethen & Weideman 2014).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

UNIFORM_SERIES = 0.01  # below this x = t (b - a) the uniform CGF uses its Taylor series
BETA_SERIES = 1e-12  # cumulant series below this t (the power series divides by t)
SERIES_TERMS = 20_000  # cap on the Kummer power series
T_ASYMPTOTIC = 40.0  # beyond max(this, ASYMPTOTIC_FACTOR * (b |1 - a| + a + b)): asymptotics
ASYMPTOTIC_FACTOR = 4.0
TRAPEZOID_SCALES = 40  # the logit trapezoid covers this many curvature scales each side


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
    excess = 0.0  # s0 - 1 while unscaled: ln s0 = log1p(excess) keeps small t exact
    s1 = 0.0
    s2 = 0.0
    log_scale = 0.0
    k = 0
    while k < SERIES_TERMS:
        term *= (a + k) / (c + k) * t / (k + 1.0)
        k += 1
        s0 += term
        excess += term
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
    if log_scale == 0.0:
        return math.log1p(excess), m1, m2
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
def _logit_trapezoid(t, a, b):
    """(ln 1F1(a; a+b; t), E_t[q], E_t[q^2]) by the trapezoidal rule in y = logit q."""
    # the mode: t s (1 - s) + a - (a + b) s = 0 has one root in s (module docstring)
    lo, hi = 0.0, 1.0
    s = a / (a + b)
    for _ in range(200):
        g = t * s * (1.0 - s) + a - (a + b) * s
        dg = t * (1.0 - 2.0 * s) - (a + b)
        if g > 0.0:
            lo = s
        else:
            hi = s
        new = s - g / dg if dg < 0.0 else 0.5 * (lo + hi)
        if not lo < new < hi:
            new = 0.5 * (lo + hi)
        if abs(new - s) <= 1e-16 * max(s, 1e-300):
            s = new
            break
        s = new
    y0 = math.log(s) - math.log1p(-s)
    curvature = s * (1.0 - s) * ((a + b) - t * (1.0 - 2.0 * s))
    scale = 1.0 / math.sqrt(max(curvature, 1e-300))
    step = 0.25 * scale
    top = t * s + a * math.log(s) + b * math.log1p(-s)
    total = first = second = 0.0
    k = 0
    while k < 4 * TRAPEZOID_SCALES + 1:
        for sign in (1.0, -1.0):
            if k == 0 and sign < 0.0:
                continue
            y = y0 + sign * k * step
            if y >= 0.0:
                e = math.exp(-y)
                sig = 1.0 / (1.0 + e)
                log_s, log_1ms = -math.log1p(e), -y - math.log1p(e)
            else:
                e = math.exp(y)
                sig = e / (1.0 + e)
                log_s, log_1ms = y - math.log1p(e), -math.log1p(e)
            w = math.exp(t * sig + a * log_s + b * log_1ms - top)
            total += w
            first += w * sig
            second += w * sig * sig
        k += 1
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return math.log(total * step) + top - log_beta, first / total, second / total


@njit(cache=True, error_model="numpy")
def beta_cgf(t, a, b):
    """(Lambda(t)/t, Lambda', Lambda'') for q ~ Beta(a, b) (module docstring)."""
    n = a + b
    mean = a / n
    var = mean * (b / n) / (n + 1.0)
    k3 = 2.0 * var * (b - a) / (n * (n + 2.0))
    if t < BETA_SERIES:
        return mean + t * (var / 2.0 + t * k3 / 6.0), mean + t * (var + t * k3 / 2.0), var + t * k3
    if t > max(T_ASYMPTOTIC, ASYMPTOTIC_FACTOR * (b * abs(1.0 - a) + a + b)):
        log_m, d1, d2 = _kummer_asymptotic(t, a, n)
        return log_m / t, d1, max(d2, 0.0)
    if t - n > SERIES_TERMS / 2:
        log_m, m1, m2 = _logit_trapezoid(t, a, b)
    else:
        log_m, m1, m2 = _kummer_series(t, a, n)
    return log_m / t, m1, max(m2 - m1 * m1, 0.0)


@njit(cache=True, error_model="numpy")
def cgf_array(kind, t, a, b):
    """``uniform_cgf`` (kind 0, [a, b]), ``beta_cgf`` (1, Beta(a, b)) or ``bernoulli_cgf``
    (2, p = a) over an array of t: three arrays of its shape."""
    flat = t.ravel()
    a_flat = np.broadcast_to(a, t.shape).ravel()
    b_flat = np.broadcast_to(b, t.shape).ravel()
    ratio = np.empty(flat.shape[0])
    m1 = np.empty(flat.shape[0])
    m2 = np.empty(flat.shape[0])
    for i in range(flat.shape[0]):
        if kind == 0:
            ratio[i], m1[i], m2[i] = uniform_cgf(flat[i], a_flat[i], b_flat[i])
        elif kind == 1:
            ratio[i], m1[i], m2[i] = beta_cgf(flat[i], a_flat[i], b_flat[i])
        else:
            ratio[i], m1[i], m2[i] = bernoulli_cgf(flat[i], a_flat[i])
    return ratio.reshape(t.shape), m1.reshape(t.shape), m2.reshape(t.shape)
