"""Decision criteria under ambiguity for a two-outcome lottery.

A lottery pays ``good`` with probability 1 - q and ``good - gap`` with
probability q (``gap`` >= 0, so q is the probability of the bad outcome).
Its expected utility under q is linear in q::

    EU(q) = good - q * gap

and the decision maker does not know q: it holds a set of values, or a
second-order prior mu over them.  The functions below evaluate the criteria
of the ambiguity literature on arrays (broadcasting over any shape):

* expected utility -- ``expected``;
* maxmin EU (Gilboa & Schmeidler 1989) -- ``expected`` at the largest q,
  since EU falls in q;
* alpha-maxmin (Ghirardato, Maccheroni & Marinacci 2004) -- ``expected`` at
  ``alpha_mix(q_lo, q_hi, alpha)`` because EU is linear in q;
* smooth ambiguity (Klibanoff, Marinacci & Mukerji 2005) with CARA phi,
  V = -(1/lam) ln E_mu[exp(-lam EU(q))]: closed forms for mu uniform
  (``smooth_uniform``) and Beta (``smooth_beta``), and a quadrature form for
  any discrete mu (``smooth_discrete``);
* multiplier preferences (Hansen & Sargent 2001; Strzalecki 2011),
  V = -theta ln E_q0[exp(-u / theta)] -- ``multiplier``, with the worst-case
  tilted probability ``multiplier_tilt``;
* regret (Savage 1951; Stoye 2011) -- ``regret``.

No function here knows what the outcomes mean; the model layer decides.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit


def expected(good: np.ndarray, gap: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Expected utility ``good - q * gap``."""
    return good - q * gap


def alpha_mix(q_lo: np.ndarray, q_hi: np.ndarray, alpha: float) -> np.ndarray:
    """Probability whose EU equals alpha*min + (1-alpha)*max over [q_lo, q_hi].

    EU falls in q, so the minimum is at ``q_hi`` and the maximum at ``q_lo``;
    EU is linear in q, so the mixture of the two EUs is EU at the mixed q.
    """
    return alpha * q_hi + (1.0 - alpha) * q_lo


UNIFORM_SERIES = 0.01  # below this x = t (b - a) the uniform MGF uses its Taylor series


def _log_mgf_uniform(t: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ln E[exp(t q)] for q ~ U[a, b], t >= 0, stable for large t and b -> a.

    E[exp(tq)] = (e^{tb} - e^{ta}) / (t (b - a)) = e^{tb} (1 - e^{-tw}) / (t w),
    w = b - a; ln((1 - e^{-x})/x) = -x/2 + x^2/24 - x^4/2880 + x^6/181440 - ...
    (Bernoulli numbers) below x = 0.01, where the direct form loses digits that a
    small lambda would magnify.
    """
    t, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (t, a, b)))
    x = t * (b - a)
    small = x < UNIFORM_SERIES
    x_safe = np.where(small, 1.0, x)
    x2 = x * x
    series = -x / 2.0 + x2 / 24.0 - x2 * x2 / 2880.0 + x2 * x2 * x2 / 181440.0
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.log(-np.expm1(-x_safe) / x_safe)
    return t * b + np.where(small, series, direct)


def smooth_uniform(good, gap, q_lo, q_hi, lam: float) -> np.ndarray:
    """KMM smooth value with CARA phi and mu uniform on [q_lo, q_hi].

    V = good - (1/lam) ln[(e^{lam gap q_hi} - e^{lam gap q_lo}) / (lam gap (q_hi - q_lo))]
    (the closed form in docs/references.md).  q_lo = q_hi gives EU at that q.
    """
    t = lam * np.asarray(gap, dtype=float)
    return good - _log_mgf_uniform(t, q_lo, q_hi) / lam


def smooth_beta(good, gap, a, b, lam) -> np.ndarray:
    """KMM smooth value with CARA phi and mu = Beta(a, b) over q:
    good - gap Lambda(t)/t, t = lam gap, Lambda = ln 1F1(a; a + b; t)
    (``solvers.cgf.beta_cgf``: series, asymptotics, or quadrature in logit q)."""
    from deterrence.solvers.cgf import cgf_array

    gap = np.asarray(gap, dtype=float)
    t = np.asarray(lam * gap, dtype=float)
    a, b = (np.broadcast_to(np.asarray(x, dtype=float), t.shape) for x in (a, b))
    ratio, _, _ = cgf_array(
        1, np.ascontiguousarray(t), np.ascontiguousarray(a), np.ascontiguousarray(b)
    )
    return good - gap * ratio


def smooth_discrete(values: np.ndarray, weights: np.ndarray, lam: float, axis: int = 0):
    """KMM smooth value -(1/lam) ln sum_k w_k exp(-lam * values_k) along ``axis``.

    ``weights`` are quadrature or probability weights summing to 1 along ``axis``.
    """
    return -weighted_logsumexp(-lam * values, weights, axis) / lam


def weighted_logsumexp(x: np.ndarray, weights: np.ndarray, axis: int) -> np.ndarray:
    """ln sum_k w_k e^{x_k} along ``axis``, shifted by the maximum so nothing overflows.

    The same as ``scipy.special.logsumexp(x, b=weights, axis=axis)`` for
    non-negative weights, without its generic array-API overhead (it dominates
    the smooth criterion's batch path).
    """
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        total = np.log(np.sum(weights * np.exp(x - top), axis=axis))
    return total + np.squeeze(top, axis=axis)


def certainty_equivalent_root(
    prices: np.ndarray,
    costs: np.ndarray,
    weights: np.ndarray,
    lam: float | np.ndarray,
    *,
    axis: int = 0,
    rtol: float = 1e-12,
    max_iter: int = 100,
) -> np.ndarray:
    """Least v at which -(1/lam) ln sum_k w_k exp(-lam (v prices_k - costs_k)) reaches 0.

    The CARA certainty equivalent of the lotteries v * prices_k - costs_k (weights
    ``w_k`` along ``axis``, summing to 1) rises in v when every price is >= 0, so the
    root is unique: h(v) = ln sum_k w_k exp(-lam (v prices_k - costs_k)) is convex
    and falls, and Newton's method from v0 = E[costs] / E[prices] (where Jensen puts
    h >= 0, left of the root) climbs to it monotonically.  inf where every price is
    0.  This is the smooth (KMM) and multiplier criteria's threshold at one act.
    """
    prices, costs, weights = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (prices, costs, weights))
    )
    prices, costs, weights = (np.moveaxis(x, axis, 0) for x in (prices, costs, weights))
    shape = prices.shape[1:]
    # one column per root: (K, M)
    prices, costs, weights = (x.reshape(x.shape[0], -1) for x in (prices, costs, weights))
    lam = np.broadcast_to(np.asarray(lam, dtype=float), shape).ravel()
    mean_price = np.sum(weights * prices, axis=0)
    with np.errstate(all="ignore"):
        v = np.sum(weights * costs, axis=0) / mean_price
    v = np.where(np.isfinite(v) & (mean_price > 0), v, np.inf)
    x = np.empty_like(prices)
    with np.errstate(all="ignore"):  # roots beyond the floating-point range become inf
        for _ in range(max_iter):  # on whole arrays: Newton takes ~3 steps everywhere
            finite = np.isfinite(v)
            np.multiply(np.where(finite, v, 0.0), prices, out=x)
            np.subtract(costs, x, out=x)
            np.multiply(x, lam, out=x)  # x_k = -lam (v p_k - c_k)
            top = np.max(x, axis=0)
            np.subtract(x, top, out=x)
            np.exp(x, out=x)
            np.multiply(x, weights, out=x)
            total = np.sum(x, axis=0)
            slope = lam * np.einsum("km,km->m", x, prices) / total  # -h'(v) > 0
            step = np.where(finite, (np.log(total) + top) / slope, 0.0)
            v = v + step
            if not np.any(np.abs(step) > rtol * np.maximum(1.0, np.abs(v))):
                break  # quadratic convergence: the error after this step is ~ step**2
    return np.where(np.isfinite(v), v, np.inf).reshape(shape)


def multiplier(good, gap, q0, theta: float) -> np.ndarray:
    """Hansen-Sargent multiplier value -theta ln[(1-q0) e^{-good/theta} + q0 e^{-bad/theta}].

    Written as good - theta ln(1 + q0 (e^{gap/theta} - 1)) = good - gap L(t)/t with
    t = gap/theta, evaluated as log1p(q0 expm1(t)) / t for t < 30 (exact as theta
    -> infinity, where it tends to q0: expected utility) and as
    (t + ln q0 + log1p((1 - q0)/q0 e^{-t})) / t beyond (no overflow as theta -> 0).
    """
    gap, q0 = np.broadcast_arrays(np.asarray(gap, dtype=float), np.asarray(q0, dtype=float))
    t = gap / theta
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        small = np.log1p(q0 * np.expm1(np.minimum(t, 30.0))) / t
        large = (t + np.log(q0) + np.log1p((1.0 - q0) / q0 * np.exp(-t))) / t
        ratio = np.where(t < 30.0, small, large)
    ratio = np.where(t > 0.0, ratio, q0)
    ratio = np.where(q0 <= 0.0, 0.0, np.where(q0 >= 1.0, 1.0, ratio))
    return good - gap * ratio


def multiplier_tilt(gap, q0, theta: float) -> np.ndarray:
    """Worst-case probability of the bad outcome under multiplier preferences.

    q0 e^{-bad/theta} / [(1-q0) e^{-good/theta} + q0 e^{-bad/theta}]
    = expit(logit(q0) + gap/theta).
    """
    with np.errstate(divide="ignore"):
        return expit(logit(q0) + gap / theta)


def regret(values: np.ndarray, best: np.ndarray) -> np.ndarray:
    """Savage regret of an act worth ``values`` when the best act is worth ``best``.

    ``best`` already includes the option of holding (worth 0), i.e. it is
    max(0, max over acts).
    """
    return best - values
