r"""The smooth criterion in endogenous mode: quadrature over R's mean resolve (Numba).

With mu ~ U[mu_lo, mu_hi] and q(u; mu) = Phi((mu - theta*(u))/sd), the smooth value is

    f = u_N - (1/lam) ln E_mu exp(lam Delta q(u; mu)).

In x = (mu - theta*(u))/sd the law of mu is uniform on [x_lo, x_hi], of length
(mu_hi - mu_lo)/sd at every u, and q = Phi(x).  Beyond |x| = Z_FLAT q is 0 or 1 to
1e-16, so those parts of the interval are summed in closed form; the rest, at most
2 Z_FLAT long, is cut into Gauss-Lobatto panels (Abramowitz & Stegun 25.4.32) of
PANEL_NODES nodes and at most PANEL_WIDTH.  The nodes move with u, so the value is a
smooth function of u for any width (a fixed grid in mu makes it a staircase once
the nodes are further apart than sd).

For large t = lam Delta the integrand exp(t (Phi(x) - Phi(x_top))) has a boundary
layer at the top.  20 Lobatto nodes integrate exp(-R s) on [0, 1] to 1e-14 for
R <= PANEL_RANGE (10 nodes for R <= GRADED_RANGE), so a panel is halved while the
range of its integrand, t (Phi(hi) - Phi(lo)), exceeds PANEL_RANGE -- unless the
whole panel lies NEGLIGIBLE below the top's value, when one midpoint node keeps its
mass (its contribution is below e^-40).  The halving concentrates nodes in the
layer whatever its width; the top end is a node, so lam -> infinity gives maxmin.

All moments of the tilted law (weights w_j exp(t (q_j - q_top))) come from one pass:
E[q], E[q^2], E[phi], E[x phi], E[phi^2], E[q phi], from which ``smooth_value``
returns f and its derivatives (``kernel_values``; with z' = W d'/sd, q_u = phi z').
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from deterrence.models.intervention.kernel_base import (
    FAST,
    INV_SQRT_2PI,
    KAPPA,
    LAM,
    S_CRIT,
    S_CRIT2,
    SD,
    SQRT_HALF,
    WR,
)

PANEL_NODES = 20
GRADED_NODES = 10
PANEL_WIDTH = 3.0
Z_FLAT = 8.3  # Phi(-8.3) = 5e-17: beyond, q is 0 or 1
PANEL_RANGE = 12.0  # 20 Lobatto nodes integrate exp(-t (Phi(hi) - Phi(x))) to ~1e-14 for this range
GRADED_RANGE = 4.0  # and 10 nodes for R <= this (on panels no wider than NARROW)
NARROW = 0.75
NEGLIGIBLE = 40.0  # a panel whose integrand is below e^-40 of the top's: one midpoint node
MAX_LEVELS = 64
NODES = 2048
HEADER = 8  # scratch row 4: n, flat0, flat1, z1, z2, x_lo, x_hi, length


def _lobatto(n: int) -> tuple[np.ndarray, np.ndarray]:
    legendre = np.polynomial.legendre.Legendre.basis(n - 1)
    nodes = np.concatenate([[-1.0], np.sort(legendre.deriv().roots().real), [1.0]])
    return nodes, 2.0 / (n * (n - 1) * legendre(nodes) ** 2)


PANEL_X, PANEL_W = _lobatto(PANEL_NODES)
GRADED_X, GRADED_W = _lobatto(GRADED_NODES)


def scratch() -> np.ndarray:
    """A node scratch array for ``prepare`` (rows: x, weight, Phi, phi, header)."""
    return np.zeros((5, NODES))


@njit(cache=True, error_model="numpy")
def _panel(nodes, n, a, b, xs, ws, scale):
    """Append the Lobatto nodes of [a, b] with weights (b - a)/2 w / scale."""
    half = 0.5 * (b - a)
    for j in range(xs.shape[0]):
        nodes[0, n] = a + half * (xs[j] + 1.0)
        nodes[1, n] = half * ws[j] / scale
        n += 1
    return n


@njit(cache=True, error_model="numpy")
def _normal_cdf(x):
    return 0.5 * math.erfc(-x * SQRT_HALF)


@njit(cache=True, error_model="numpy")
def _panels(nodes, a, b, t, length):
    """Nodes on [a, b] (module docstring): panels of at most PANEL_WIDTH, each split in
    halves while its integrand's range t (Phi(hi) - Phi(lo)) exceeds PANEL_RANGE, unless
    it lies more than NEGLIGIBLE below the top (then one midpoint node keeps its mass)."""
    q_top = _normal_cdf(b)
    base = int(math.ceil((b - a) / PANEL_WIDTH - 1e-12))  # noqa: RUF046 (Numba: float ceil)
    stack = np.empty((2 * MAX_LEVELS + base, 2))
    top = 0
    for k in range(base):  # pushed top first: the lowest panel is processed first
        stack[top, 0] = a + (b - a) * (base - 1 - k) / base
        stack[top, 1] = a + (b - a) * (base - k) / base
        top += 1
    n = 0
    while top > 0 and n < NODES - PANEL_NODES:
        top -= 1
        lo, hi = stack[top, 0], stack[top, 1]
        p_lo, p_hi = _normal_cdf(lo), _normal_cdf(hi)
        depth = t * (q_top - p_hi)
        spread = t * (p_hi - p_lo)
        splittable = hi - lo > 1e-15 * max(1.0, abs(hi)) and top + 2 <= stack.shape[0]
        if depth > NEGLIGIBLE:
            nodes[0, n] = 0.5 * (lo + hi)
            nodes[1, n] = (hi - lo) / length
            n += 1
        elif spread > PANEL_RANGE and splittable:
            mid = 0.5 * (lo + hi)
            stack[top, 0], stack[top, 1] = mid, hi
            stack[top + 1, 0], stack[top + 1, 1] = lo, mid
            top += 2
        elif spread <= GRADED_RANGE and hi - lo <= NARROW:
            n = _panel(nodes, n, lo, hi, GRADED_X, GRADED_W, length)
        else:
            n = _panel(nodes, n, lo, hi, PANEL_X, PANEL_W, length)
    return n


@njit(cache=True, error_model="numpy")
def prepare(nodes, ctx, d, d1, d2, t_grade):
    """Fill ``nodes`` for the force whose d = p_N - p_I (and derivatives) are given:
    node positions, weights (summing with the flat parts to 1), Phi and phi there.
    ``t_grade`` bounds the t = lam Delta the nodes will be used with."""
    sd = ctx[SD]
    theta = ctx[KAPPA] - ctx[WR] * d
    prepare_x(nodes, (ctx[S_CRIT2] - theta) / sd, (ctx[S_CRIT] - theta) / sd, t_grade)
    nodes[4, 3] = ctx[WR] * d1 / sd
    nodes[4, 4] = ctx[WR] * d2 / sd


@njit(cache=True, error_model="numpy")
def prepare_x(nodes, x_lo, x_hi, t_grade):
    """``prepare`` for x uniform on [x_lo, x_hi] (no u-derivatives)."""
    length = x_hi - x_lo
    n = 0
    flat0 = flat1 = 0.0
    if not length > 0.0:  # a point: one node
        nodes[0, 0] = x_lo
        nodes[1, 0] = 1.0
        n = 1
    else:
        flat0 = max(0.0, min(x_hi, -Z_FLAT) - x_lo) / length
        flat1 = max(0.0, x_hi - max(x_lo, Z_FLAT)) / length
        a = max(x_lo, -Z_FLAT)
        b = min(x_hi, Z_FLAT)
        if b > a:
            n = _panels(nodes, a, b, t_grade, length)
    for j in range(n):
        x = nodes[0, j]
        nodes[2, j] = 0.5 * math.erfc(-x * SQRT_HALF)
        nodes[3, j] = math.exp(-0.5 * x * x) * INV_SQRT_2PI
    head = nodes[4]
    head[0] = n
    head[1] = flat0
    head[2] = flat1
    head[3] = head[4] = 0.0
    head[5] = x_lo
    head[6] = x_hi
    head[7] = length


@njit(cache=True, error_model="numpy")
def probit_mixture_cgf(x_lo, x_hi, t):
    """Lambda(t)/t and the tilted mean for q = Phi(x), x ~ U[x_lo, x_hi], over arrays
    (the scalar path's endogenous smooth value: good - gap * ratio)."""
    flat_lo = x_lo.ravel()
    flat_hi = np.broadcast_to(x_hi, x_lo.shape).ravel()
    flat_t = np.broadcast_to(t, x_lo.shape).ravel()
    ratio = np.empty(flat_lo.shape[0])
    tilt = np.empty(flat_lo.shape[0])
    nodes = np.zeros((5, NODES))
    for i in range(flat_lo.shape[0]):
        prepare_x(nodes, flat_lo[i], flat_hi[i], flat_t[i])
        q_top, log_ratio, _, m1, _, _, _, _, _ = moments(nodes, flat_t[i])
        ratio[i] = q_top + log_ratio if flat_t[i] > 0.0 else m1
        tilt[i] = m1
    return ratio.reshape(x_lo.shape), tilt.reshape(x_lo.shape)


@njit(cache=True, error_model="numpy", fastmath=FAST)
def moments(nodes, t):
    """Tilted moments at t: (q_top, log1p(S)/t or nan, E0 weight sum, E[q], E[q^2],
    E[phi], E[x phi], E[phi^2], E[q phi]) with S = sum_j w_j expm1(t (q_j - q_top))
    (ln E exp(t q) = t q_top + log1p(S): no loss of precision as t -> 0)."""
    head = nodes[4]
    n = int(head[0])
    flat0 = head[1]
    flat1 = head[2]
    q_top = 1.0 if flat1 > 0.0 else (nodes[2, n - 1] if n > 0 else 0.0)
    s = 0.0
    e0 = 0.0
    e_q = e_q2 = e_p = e_xp = e_p2 = e_qp = 0.0
    for j in range(n):
        q = nodes[2, j]
        p = nodes[3, j]
        arg = t * (q - q_top)
        w = nodes[1, j]
        s += w * math.expm1(arg)
        e = w * math.exp(arg)
        e0 += e
        e_q += e * q
        e_q2 += e * q * q
        e_p += e * p
        e_xp += e * nodes[0, j] * p
        e_p2 += e * p * p
        e_qp += e * q * p
    if flat0 > 0.0:
        s += flat0 * math.expm1(-t * q_top)
        e0 += flat0 * math.exp(-t * q_top)
    if flat1 > 0.0:
        s += flat1 * math.expm1(t * (1.0 - q_top))
        e = flat1 * math.exp(t * (1.0 - q_top))
        e0 += e
        e_q += e
        e_q2 += e
    # log1p(S) keeps precision as t -> 0, ln E0 once E0 is small
    log_ratio = (math.log1p(s) if s > -0.5 else math.log(e0)) / t if t > 0.0 else math.nan
    return q_top, log_ratio, e0, e_q / e0, e_q2 / e0, e_p / e0, e_xp / e0, e_p2 / e0, e_qp / e0


@njit(cache=True, error_model="numpy", fastmath=FAST)
def smooth_value(nodes, ctx, comb, v, k_n, k_gap, ce):
    """(f, f_u, f_uu, f_V, f_uV, f_VV, tilted E[q]) of the smooth criterion at the force
    the nodes were prepared for (module docstring; ``kernel_values`` for the form)."""
    pn, dn, d2n, pi_, di, d2i = comb
    d = pn - pi_
    d1 = dn - di
    d2 = d2n - d2i
    delta = v * d + k_gap
    du = v * d1
    duu = v * d2
    lam = ctx[LAM]
    t = lam * delta
    q_top, log_ratio, _, m1, e_q2, e_p, e_xp, e_p2, e_qp = moments(nodes, t)
    m2 = max(e_q2 - m1 * m1, 0.0)
    var_p = max(e_p2 - e_p * e_p, 0.0)
    cov_qp = e_qp - m1 * e_p
    z1 = nodes[4, 3]
    z2 = nodes[4, 4]
    g = delta * (q_top + log_ratio) if t > 0.0 else delta * m1
    g_u = m1 * du + delta * z1 * e_p
    lam_ut = z1 * (e_p + t * cov_qp)
    lam_uu = delta * (z2 * e_p - z1 * z1 * e_xp) + t * delta * z1 * z1 * var_p
    g_uu = lam_uu + 2.0 * lam_ut * du + lam * m2 * du * du + m1 * duu
    g_v = m1 * d
    g_uv = lam * d * m2 * du + m1 * d1 + d * z1 * e_p + delta * z1 * lam * d * cov_qp
    g_vv = lam * m2 * d * d
    un = v * pn - k_n - ce
    return un - g, v * dn - ce - g_u, v * d2n - ce - g_uu, pn - g_v, dn - g_uv, -g_vv, m1
