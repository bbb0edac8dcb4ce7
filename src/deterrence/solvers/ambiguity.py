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
from scipy.special import expit, hyp1f1, logit


def expected(good: np.ndarray, gap: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Expected utility ``good - q * gap``."""
    return good - q * gap


def alpha_mix(q_lo: np.ndarray, q_hi: np.ndarray, alpha: float) -> np.ndarray:
    """Probability whose EU equals alpha*min + (1-alpha)*max over [q_lo, q_hi].

    EU falls in q, so the minimum is at ``q_hi`` and the maximum at ``q_lo``;
    EU is linear in q, so the mixture of the two EUs is EU at the mixed q.
    """
    return alpha * q_hi + (1.0 - alpha) * q_lo


SERIES_BELOW = 1e-4  # below this argument the Beta MGF uses its cumulant series


def _log_mgf_uniform(t: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ln E[exp(t q)] for q ~ U[a, b], t >= 0, stable for large t and b -> a.

    E[exp(tq)] = (e^{tb} - e^{ta}) / (t (b - a)) = e^{tb} (1 - e^{-tw}) / (t w),
    w = b - a, and (1 - e^{-x})/x -> 1 as x -> 0.
    """
    x = t * (b - a)
    small = x < 1e-8
    x_safe = np.where(small, 1.0, x)
    log_ratio = np.where(small, -x / 2.0, np.log(-np.expm1(-x_safe) / x_safe))
    return t * b + log_ratio


def _log_mgf_beta(t: np.ndarray, a: float, b: float) -> np.ndarray:
    """ln E[exp(t q)] for q ~ Beta(a, b), t >= 0.

    E[exp(tq)] = 1F1(a; a+b; t) (Kummer's function).  Kummer's transformation
    1F1(a; c; t) = e^t 1F1(c - a; c; -t) keeps it finite for large t.
    """
    t = np.asarray(t, dtype=float)
    n = a + b
    # Near t = 0 SciPy's hyp1f1 can fail (inf/nan below ~1e-200); the cumulant
    # series mean*t + var*t^2/2 + k3*t^3/6 is exact to O(t^4) there.
    mean = a / n
    var = a * b / (n**2 * (n + 1))
    k3 = 2 * a * b * (b - a) / (n**3 * (n + 1) * (n + 2))
    series = t * (mean + t * (var / 2 + t * k3 / 6))
    small = t < SERIES_BELOW
    with np.errstate(invalid="ignore", divide="ignore"):
        kummer = t + np.log(hyp1f1(b, n, -np.where(small, 1.0, t)))
    return np.where(small, series, kummer)


def smooth_uniform(good, gap, q_lo, q_hi, lam: float) -> np.ndarray:
    """KMM smooth value with CARA phi and mu uniform on [q_lo, q_hi].

    V = good - (1/lam) ln[(e^{lam gap q_hi} - e^{lam gap q_lo}) / (lam gap (q_hi - q_lo))]
    (the closed form in docs/references.md).  q_lo = q_hi gives EU at that q.
    """
    t = lam * np.asarray(gap, dtype=float)
    return good - _log_mgf_uniform(t, q_lo, q_hi) / lam


def smooth_beta(good, gap, a: float, b: float, lam: float) -> np.ndarray:
    """KMM smooth value with CARA phi and mu = Beta(a, b) over q."""
    t = lam * np.asarray(gap, dtype=float)
    return good - _log_mgf_beta(t, a, b) / lam


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

    Written as good - theta ln(1 - q0 + q0 e^{gap/theta}) and evaluated in
    log space, so a small theta does not overflow.
    """
    with np.errstate(divide="ignore"):
        log_terms = np.logaddexp(np.log1p(-q0), np.log(q0) + gap / theta)
    return good - theta * log_terms


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
