"""Compiled kernels (Numba) for the one-prior exogenous batch path.

The same algorithm as ``InterventionModel._fast_one_prior`` (a shared
96-point grid in u = ln F, the best cells refined by safeguarded Newton on the
analytic derivative, the requirement bracketed in closed form), written as a
loop over points that Numba compiles: no temporaries of shape (points, grid),
so a point costs a few hundred floating-point operations instead of a few
dozen array passes.  The numpy path remains the reference and the fallback
when Numba is not installed; tests check that both agree.

Combat kinds: 0 contest, 1 Lanchester square, 2 Lanchester linear
(``deterrence.models.combat``).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

SQRT_HALF = 1.0 / math.sqrt(2.0)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
EPS = np.finfo(np.float64).eps
# fast-math flags that keep IEEE infinities and NaNs (the code relies on them)
FAST = {"nsz", "arcp", "contract", "afn", "reassoc"}
NEWTON_ITERATIONS = 40


@njit(cache=True, inline="always")
def _component(u, log_d, kind, m, log_rho, sigma):
    """(p, dp/du, d2p/du2) of one combat component at u = ln F."""
    if kind == 0:
        x = m * (u - log_d)
        if x >= 0:
            p = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            p = e / (1.0 + e)
        dp = m * p * (1.0 - p)
        return p, dp, m * dp * (1.0 - 2.0 * p)
    slope = (2.0 if kind == 1 else 1.0) / sigma
    z = slope * (u - log_d) + log_rho / sigma
    p = 0.5 * math.erfc(-z * SQRT_HALF)
    dp = slope * math.exp(-0.5 * z * z) * INV_SQRT_2PI
    return p, dp, -slope * z * dp


@njit(cache=True, inline="always")
def _mix(u, q, cb):
    """P(u) = (1 - q) p_N + q p_I and its first two derivatives.

    ``cb`` = (ln D_N, ln D_I, combat kind, m, ln rho, sigma): the point's combat."""
    log_dn, log_di, kind, m, log_rho, sigma = cb
    o0, o1, o2 = _component(u, log_dn, kind, m, log_rho, sigma)
    i0, i1, i2 = _component(u, log_di, kind, m, log_rho, sigma)
    return o0 - q * (o0 - i0), o1 - q * (o1 - i1), o2 - q * (o2 - i2)


# problem codes: 0 best force (max V P - k - c e^u), 1 least ratio (max -(k + c e^u)/P),
# 2 requirement (P - target)
@njit(cache=True, fastmath=FAST)
def _slope_value(problem, x, q, v, c, k, target, cb):
    """(g, g', f): the problem's slope, its derivative and its value at x."""
    m0, m1, m2 = _mix(x, q, cb)
    ce = c * math.exp(x)
    if problem == 0:
        return v * m1 - ce, v * m2 - ce, v * m0 - k - ce
    if problem == 1:
        total = k + ce
        val = -total / m0 if m0 > 0 else -math.inf
        return -(ce * m0 - total * m1), -(ce * m0 - total * m2), val
    return m0 - target, m1, 0.0


@njit(cache=True, fastmath=FAST)
def _slope(problem, x, q, v, c, k, target, cb):
    g, dg, _ = _slope_value(problem, x, q, v, c, k, target, cb)
    return g, dg


@njit(cache=True)
def _value(problem, x, q, v, c, k, cb):
    m0, _, _ = _mix(x, q, cb)
    ce = c * math.exp(x)
    if problem == 0:
        out = v * m0 - k - ce
    elif m0 > 0:
        out = -(k + ce) / m0
    else:
        out = -math.inf
    return out if math.isfinite(out) else -math.inf


@njit(cache=True, fastmath=FAST)
def _newton(problem, a, b, x0, q, v, c, k, target, cb, rising=-1):
    """rtsafe on the problem's slope in [a, b] (Press et al. 2007, sec. 9.4).

    ``rising`` is 1 if the slope rises from a to b, 0 if it falls, -1 if unknown
    (then it is evaluated at both ends)."""
    if rising < 0:
        ga, _ = _slope(problem, a, q, v, c, k, target, cb)
        gb, _ = _slope(problem, b, q, v, c, k, target, cb)
        rising = 1 if ga <= gb else 0
    if rising == 1:
        lo, hi = a, b
    else:
        lo, hi = b, a
    x = min(max(x0, min(a, b)), max(a, b))
    step_old = abs(b - a)
    fx = -math.inf
    for _ in range(NEWTON_ITERATIONS):
        gx, dgx, fx = _slope_value(problem, x, q, v, c, k, target, cb)
        if gx < 0:
            lo = x
        else:
            hi = x
        if gx == 0:
            break
        newton = x - gx / dgx if dgx != 0 else math.nan
        inside = (newton - lo) * (newton - hi) <= 0 and math.isfinite(newton)
        shrinks = abs(newton - x) <= 0.5 * step_old
        x_new = newton if (inside and shrinks) else 0.5 * (lo + hi)
        step_old = abs(x_new - x)
        if abs(x_new - x) <= 4 * EPS * max(1.0, abs(x)):
            break  # converged: x (where fx was evaluated) is the root to rounding
        x = x_new
    return x, (fx if math.isfinite(fx) else -math.inf)


@njit(cache=True, fastmath=FAST)
def _fill_grid(grid, log_d, kind, m, log_rho, sigma, p, dp, d2p):
    """One component's (p, p', p'') on the grid.  For the contest the odds
    exp(-m (u - ln D)) form a geometric sequence along the evenly spaced grid,
    so no exponential is needed where they stay finite and non-zero."""
    n = grid.shape[0]
    if kind == 0:
        ratio = math.exp(-m * (grid[1] - grid[0])) if n > 1 else 1.0
        odds = math.exp(-m * (grid[0] - log_d))
        for g in range(n):
            if g > 0:
                odds *= ratio
            if not (0.0 < odds < 1e300):
                odds = math.exp(-m * (grid[g] - log_d))
            s = 1.0 / (1.0 + odds)
            p[g] = s
            dp[g] = m * s * (1.0 - s)
            d2p[g] = m * dp[g] * (1.0 - 2.0 * s)
        return
    for g in range(n):
        p[g], dp[g], d2p[g] = _component(grid[g], log_d, kind, m, log_rho, sigma)


@njit(cache=True, fastmath=FAST)
def _grid_value_slope(problem, g, q, v, c, k, pn, dn, d2n, pi_, di, d2i, eu):
    """The problem's value and slope at grid point g from the stored components."""
    m0 = pn[g] - q * (pn[g] - pi_[g])
    m1 = dn[g] - q * (dn[g] - di[g])
    ce = c * eu[g]
    if problem == 0:
        val = v * m0 - k - ce
        sl = v * m1 - ce
    else:
        val = -(k + ce) / m0 if m0 > 0 else -math.inf
        sl = -(ce * m0 - (k + ce) * m1)
    return (val if math.isfinite(val) else -math.inf), sl


@njit(cache=True, fastmath=FAST)
def _maximize(problem, grid, q, v, c, k, cb, ws):
    """Global maximum over the grid, the two best falling cells refined (as
    ``solvers.optimize.maximize_with_slope``).  ``ws`` holds the components on the
    grid (``_fill_grid``).  Returns (u*, f(u*), whether u* is the lower end)."""
    pn, dn, d2n, pi_, di, d2i, eu = ws
    n = grid.shape[0]
    best_cell = -1
    second_cell = -1
    best_start = 0.0
    second_start = 0.0
    best_h = -math.inf
    second_h = -math.inf
    grid_best = 0
    grid_best_value = -math.inf
    prev_value = 0.0
    prev_slope = 0.0
    for g in range(n):
        val, sl = _grid_value_slope(problem, g, q, v, c, k, pn, dn, d2n, pi_, di, d2i, eu)
        if val > grid_best_value:
            grid_best_value = val
            grid_best = g
        if g > 0 and prev_slope > 0 and sl <= 0:
            h = max(prev_value, val)
            # start Newton where the slope's chord crosses zero
            start = grid[g - 1] + prev_slope * (grid[g] - grid[g - 1]) / (prev_slope - sl)
            if h > best_h:
                second_h, second_cell, second_start = best_h, best_cell, best_start
                best_h, best_cell, best_start = h, g - 1, start
            elif h > second_h:
                second_h, second_cell, second_start = h, g - 1, start
        prev_value, prev_slope = val, sl
    best_u = grid[0]
    best_f = -math.inf
    for cell, start in ((best_cell, best_start), (second_cell, second_start)):
        if cell < 0:
            continue
        # the grid saw the slope fall across the cell: its ends need no evaluation
        x, fx = _newton(problem, grid[cell], grid[cell + 1], start, q, v, c, k, 0.0, cb, 0)
        if fx > best_f:
            best_u, best_f = x, fx
    if grid_best_value > best_f:
        # the exact value at the grid point (the stored components are for bracketing)
        exact = _value(problem, grid[grid_best], q, v, c, k, cb)
        return grid[grid_best], exact, grid_best == 0
    return best_u, best_f, False


@njit(cache=True, fastmath=FAST)
def one_prior_outputs(
    n_grid, kind, v, d_n, d_i, m, rho, sigma, c, k_n, k_i, q, q_base, same_base,
    target, f_lo, f_hi, req_out, req_in,
):  # fmt: skip
    """Every output for each point; arrays of shape (P,).  NaN marks "does not exist"."""
    size = v.shape[0]
    attack = np.zeros(size, dtype=np.bool_)
    force = np.empty(size)
    threshold = np.empty(size)
    base = np.empty(size)
    requirement = np.empty(size)
    t = np.linspace(0.0, 1.0, n_grid)
    grid = np.empty(n_grid)
    ws = (
        np.empty(n_grid), np.empty(n_grid), np.empty(n_grid),
        np.empty(n_grid), np.empty(n_grid), np.empty(n_grid), np.empty(n_grid),
    )  # fmt: skip
    for i in range(size):
        log_lo, log_hi = math.log(f_lo[i]), math.log(f_hi[i])
        for g in range(n_grid):
            grid[g] = log_lo + t[g] * (log_hi - log_lo)
        cb = (math.log(d_n[i]), math.log(d_i[i]), kind, m[i], math.log(rho[i]), sigma[i])
        _fill_grid(grid, cb[0], kind, m[i], cb[4], sigma[i], ws[0], ws[1], ws[2])
        _fill_grid(grid, cb[1], kind, m[i], cb[4], sigma[i], ws[3], ws[4], ws[5])
        eu = ws[6]
        growth = math.exp(grid[1] - grid[0]) if n_grid > 1 else 1.0
        eu[0] = math.exp(grid[0])
        for g in range(1, n_grid):
            eu[g] = eu[g - 1] * growth
        qi = q[i]
        k = k_n[i] + qi * (k_i[i] - k_n[i])
        u_star, best, at_lower = _maximize(0, grid, qi, v[i], c[i], k, cb, ws)
        attack[i] = best > 0.0
        force[i] = math.nan if at_lower else math.exp(u_star)
        threshold[i] = _least_ratio(grid, qi, v[i], c[i], k, cb, ws)
        if same_base:
            base[i] = threshold[i]
        else:
            kb = k_n[i] + q_base[i] * (k_i[i] - k_n[i])
            base[i] = _least_ratio(grid, q_base[i], v[i], c[i], kb, cb, ws)
        requirement[i] = _requirement(qi, target[i], req_out[i], req_in[i], log_hi, cb)
    return attack, force, threshold, base, requirement


@njit(cache=True, fastmath=FAST)
def _least_ratio(grid, q, v, c, k, cb, ws):
    """V* = min over u of (k + c e^u) / P(u) (MODEL.md fact 1); NaN if infinite."""
    _, r, _ = _maximize(1, grid, q, v, c, k, cb, ws)
    return -r if math.isfinite(r) else math.nan


@njit(cache=True, fastmath=FAST)
def _requirement(q, target, req_out, req_in, log_hi, cb):
    """The root of P(u) = target between the requirements at q = 0 and q = 1."""
    u_out, u_in = math.log(req_out), math.log(req_in)
    reachable = u_out <= log_hi
    if reachable and not (u_in <= log_hi):
        p_hi, _, _ = _mix(log_hi, q, cb)
        reachable = p_hi >= target
    if not reachable:
        return math.nan
    # P - target rises in u: <= 0 at u_out (P <= p_N there), >= 0 at u_in
    root, _ = _newton(
        2, u_out, max(min(u_in, log_hi), u_out), u_out, q, 0.0, 0.0, 0.0, target, cb, 1
    )
    return math.exp(root)
