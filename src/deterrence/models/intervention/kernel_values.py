r"""The criteria's values at one force, compiled (Numba): A's payoff as a lottery.

At u = ln F with stakes V, A's payoff is u_N = V p_N - k_N - c e^u if R stays out,
u_N - Delta if it intervenes, Delta = V d + k_gap, d = p_N - p_I.  Every criterion
but minimax regret values this lottery as

    f(u, V) = u_N - G,    G = Lambda_u(lam Delta) / lam,

Lambda_u the cumulant generating function of the (second-order) distribution of the
intervention probability q at u (``solvers.cgf``): a point mass for expected,
maxmin and alpha-maxmin (G = q Delta), U[q_lo, q_hi] or Beta(a, b) for smooth in
exogenous mode, Bernoulli(q0) on {0, 1} with lam = 1/theta for the multiplier, and
for smooth in endogenous mode the law of Phi((mu - theta*(u))/sd) for mu uniform
(``kernel_quadrature``).  ``value`` returns f and its partial derivatives

    (f, f_u, f_uu, f_V, f_uV, f_VV),

from which the force problem (max_u f), the per-force threshold V*(u) (the root of
f(u, .), concave and increasing) and its slope V*'(u) = -f_u / f_V follow.  With a
point mass, V*(u) is the closed-form ratio (k_N + q k_gap + c e^u) / P, P = (1 - q)
p_N + q p_I (``ratio``).  Derivatives of G (t = lam Delta, m1 and m2 the tilted mean
and variance of q, primes in u):

    G_u = m1 Delta',  G_uu = m1 Delta'' + lam m2 Delta'^2,  G_V = m1 d,
    G_uV = m1 d' + lam m2 Delta' d,  G_VV = lam m2 d^2

plus, when the distribution moves with u (endogenous mode), the terms of q'(u).
"""

from __future__ import annotations

import math

from numba import njit

from deterrence.models.intervention import kernel_quadrature as quad
from deterrence.models.intervention.kernel_base import (
    BETA_A,
    BETA_B,
    FAST,
    INV_SQRT_2PI,
    KAPPA,
    LAM,
    MODE,
    Q_HI,
    Q_LO,
    S_MEAN,
    SD,
    SQRT_HALF,
    WR,
    spec_q,
)
from deterrence.solvers.cgf import bernoulli_cgf, beta_cgf, uniform_cgf

# criterion families (per batch)
ONE_PRIOR, UNIFORM, BETA, MULTIPLIER, SMOOTH_ENDOGENOUS, REGRET = 0, 1, 2, 3, 4, 5


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def expected(comb, q, q1, q2, v, k_n, k_gap, ce):
    """EU = V P - k(q) - c e^u under q(u) and its first two u-derivatives."""
    pn, dn, d2n, pi_, di, d2i = comb
    d = pn - pi_
    d1 = dn - di
    r = 1.0 - q
    # (1 - q) p_N + q p_I: two terms >= 0 (p_N - q d cancels when p_I << p_N, q ~ 1)
    p0 = r * pn + q * pi_
    p1 = r * dn + q * di - q1 * d
    p2 = r * d2n + q * d2i - 2.0 * q1 * d1 - q2 * d
    return (
        v * p0 - k_n - q * k_gap - ce,
        v * p1 - q1 * k_gap - ce,
        v * p2 - q2 * k_gap - ce,
    )


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def ratio(comb, q, q1, q2, k_n, k_gap, ce):
    """The one-prior threshold problem at u: (-V*(u), slope, slope', value's derivative)
    with V*(u) = K/P, K = k_N + q k_gap + c e^u; slope = K P' - K' P (the sign of
    d(-V*)/du) and its derivative K P'' - K'' P."""
    pn, dn, d2n, pi_, di, d2i = comb
    d = pn - pi_
    d1 = dn - di
    r = 1.0 - q
    p0 = r * pn + q * pi_
    p1 = r * dn + q * di - q1 * d
    p2 = r * d2n + q * d2i - 2.0 * q1 * d1 - q2 * d
    k0 = k_n + q * k_gap + ce
    k1 = q1 * k_gap + ce
    k2 = q2 * k_gap + ce
    g = k0 * p1 - k1 * p0
    dg = k0 * p2 - k2 * p0
    if p0 > 0.0:
        return -k0 / p0, g, dg, g / (p0 * p0)
    return -math.inf, g, dg, 0.0


@njit(cache=True, error_model="numpy")
def hazard(z):
    """phi(z) / (1 - Phi(z)), the normal hazard (inverse Mills ratio), for any z."""
    if z < 25.0:
        return math.exp(-0.5 * z * z) * INV_SQRT_2PI / (0.5 * math.erfc(z * SQRT_HALF))
    # asymptotic continued fraction (Abramowitz & Stegun 26.2.14)
    inv = 1.0 / (z * z)
    return z / (1.0 - inv * (1.0 - 3.0 * inv * (1.0 - 5.0 * inv)))


@njit(cache=True, error_model="numpy")
def _mean_prior(ctx, d, d1, d2):
    """q0(u) of the mean prior and its logit's u-derivatives (l', l''), endogenous mode."""
    sd = ctx[SD]
    z = (ctx[S_MEAN] - ctx[KAPPA] + ctx[WR] * d) / sd
    z1 = ctx[WR] * d1 / sd
    z2 = ctx[WR] * d2 / sd
    q = 0.5 * math.erfc(-z * SQRT_HALF)
    up, down = hazard(z), hazard(-z)  # phi/(1 - Phi), phi/Phi
    r = up + down  # d logit(Phi)/dz = phi / (Phi (1 - Phi))
    dr = r * (-z - down + up)
    return q, r * z1, r * z2 + dr * z1 * z1


@njit(cache=True, error_model="numpy", fastmath=FAST)
def value(family, comb, v, k_n, k_gap, ce, ctx, nodes):
    """(f, f_u, f_uu, f_V, f_uV, f_VV, tilted q) of the criterion at u (module docstring).

    ``comb`` is ``kernel_base.combat(u)``; ``ce`` = c e^u; ``nodes`` the scratch of the
    endogenous smooth quadrature, filled by ``kernel_quadrature.prepare`` for this u.
    (V, k_N, k_gap, c) = (1, 0, 0, 0) gives the success probability valued by the
    criterion (the force requirement's lottery)."""
    pn, dn, d2n, pi_, di, d2i = comb
    d = pn - pi_
    d1 = dn - di
    d2 = d2n - d2i
    delta = v * d + k_gap
    du = v * d1
    duu = v * d2
    lam = ctx[LAM]
    un = v * pn - k_n - ce
    un1 = v * dn - ce
    un2 = v * d2n - ce
    if family == ONE_PRIOR:
        q, q1, q2 = spec_q(0, ctx, d, d1, d2)
        f, f1, f2 = expected(comb, q, q1, q2, v, k_n, k_gap, ce)
        return f, f1, f2, (1.0 - q) * pn + q * pi_, (1.0 - q) * dn + q * di - q1 * d, 0.0, q
    if family == SMOOTH_ENDOGENOUS:
        return quad.smooth_value(nodes, ctx, comb, v, k_n, k_gap, ce)
    t = lam * delta
    endogenous_prior = False
    if family == UNIFORM:
        r, m1, m2 = uniform_cgf(t, ctx[Q_LO], ctx[Q_HI])
    elif family == BETA:
        r, m1, m2 = beta_cgf(t, ctx[BETA_A], ctx[BETA_B])
    else:  # the multiplier: Bernoulli(q0) on {0, 1}, lam = 1/theta
        if ctx[MODE] == 0.0:
            q0 = ctx[S_MEAN]
        else:
            q0, l1, l2 = _mean_prior(ctx, d, d1, d2)
            endogenous_prior = 0.0 < q0 < 1.0
        r, m1, m2 = bernoulli_cgf(t, q0)
    g = delta * r
    g_u = m1 * du
    g_uu = m1 * duu + lam * m2 * du * du
    g_v = m1 * d
    g_uv = m1 * d1 + lam * m2 * du * d
    g_vv = lam * m2 * d * d
    if endogenous_prior:
        # the prior q0(u) moves: Lambda_u / lam = l' (T - q0) / lam, with
        # (T - q0) / lam = T (1 - q0) Delta (1 - e^{-t}) / t (no cancellation as lam -> 0)
        e1 = -math.expm1(-t) / t if t > 1e-300 else 1.0
        dt = m1 * (1.0 - q0) * delta * e1
        g_u += l1 * dt
        g_uu += l2 * dt + l1 * l1 * dt * (1.0 - m1 - q0) + 2.0 * l1 * m2 * du
        g_uv += l1 * m2 * d
    return un - g, un1 - g_u, un2 - g_uu, pn - g_v, dn - g_uv, -g_vv, m1


@njit(cache=True, error_model="numpy", fastmath=FAST)
def threshold_root(family, comb, c_e, k_n, k_gap, ctx, nodes, v, steps):
    """V*(u): the root in V of f(u, V) = 0 (f concave and increasing in V), by Newton
    from ``v`` (``steps`` steps at most; 0 or less: to convergence).  From any start
    the first step lands at or below the root (the tangent lies above a concave
    function), and Newton then climbs to it monotonically.  Iterates are kept at or
    above (k_N + c e^u)/p_N, the threshold with q = 0, below every criterion's (each
    values the lottery at most as u_N).

    Returns (V*, f_u, f_uu, f_V, f_uV, f_VV) at the last iterate; inf if none."""
    if not comb[0] > 0.0:
        return math.inf, 0.0, 0.0, 0.0, 0.0, 0.0
    floor = (k_n + c_e) / comb[0]
    v = max(v, floor) if math.isfinite(v) else floor
    limit = steps if steps > 0 else 200
    f_u = f_uu = f_v = f_uv = f_vv = 0.0
    f = math.nan
    for i in range(limit):
        f, f_u, f_uu, f_v, f_uv, f_vv, _ = value(family, comb, v, k_n, k_gap, c_e, ctx, nodes)
        if not f_v > 0.0:
            return math.inf, f_u, f_uu, f_v, f_uv, f_vv
        v_new = max(v - f / f_v, floor)
        if not math.isfinite(v_new):
            return math.inf, f_u, f_uu, f_v, f_uv, f_vv
        done = abs(v_new - v) <= 1e-15 * max(1.0, abs(v_new))
        v = v_new
        if steps <= 0 and i > 0 and done:
            break
    # converged to a root, or climbing an asymptote below zero (no stakes make the
    # act worth holding's 0): the value must vanish to rounding of its terms
    scale = abs(v * comb[0]) + k_n + c_e + abs(k_gap)
    if steps <= 0 and not abs(f) <= 1e-9 * scale:
        return math.inf, f_u, f_uu, f_v, f_uv, f_vv
    return v, f_u, f_uu, f_v, f_uv, f_vv
