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


# Scan state of one problem, a row of a (3, STATE) array (see ``_track``).
GRID_VALUE, GRID_INDEX, BEST_H, BEST_CELL, BEST_START = 0, 1, 2, 3, 4
SECOND_H, SECOND_CELL, SECOND_START, PREV_VALUE, PREV_SLOPE = 5, 6, 7, 8, 9
STATE = 10


@njit(cache=True, fastmath=FAST, inline="always")
def _track(state, row, g, u_prev, u, value, slope):
    """Update a problem's scan with grid point g (as ``maximize_with_slope``): the best
    grid value, and the two highest cells where the slope falls through zero."""
    if not math.isfinite(value):
        value = -math.inf
    if value > state[row, GRID_VALUE]:
        state[row, GRID_VALUE] = value
        state[row, GRID_INDEX] = g
    prev_slope = state[row, PREV_SLOPE]
    if g > 0 and prev_slope > 0 and slope <= 0:
        h = max(state[row, PREV_VALUE], value)
        start = u_prev + prev_slope * (u - u_prev) / (prev_slope - slope)  # chord's zero
        if h > state[row, BEST_H]:
            state[row, SECOND_H] = state[row, BEST_H]
            state[row, SECOND_CELL] = state[row, BEST_CELL]
            state[row, SECOND_START] = state[row, BEST_START]
            state[row, BEST_H], state[row, BEST_CELL], state[row, BEST_START] = h, g - 1, start
        elif h > state[row, SECOND_H]:
            state[row, SECOND_H], state[row, SECOND_CELL] = h, g - 1
            state[row, SECOND_START] = start
    state[row, PREV_VALUE] = value
    state[row, PREV_SLOPE] = slope


@njit(cache=True, fastmath=FAST)
def _scan(grid, kind, cb, v, c, qs, ks, problems, state):
    """One pass over the grid for up to three problems at once: row 0 the best force
    (q = qs[0]), rows 1 and 2 the least ratio at qs[1] and qs[2].  The combat
    components are computed once per grid point; for the contest the odds
    exp(-m (u - ln D)) and e^u form geometric sequences along the even grid, so no
    exponential is needed where they stay finite and non-zero."""
    log_dn, log_di, _, m, log_rho, sigma = cb
    n = grid.shape[0]
    for row in range(problems):
        state[row, GRID_VALUE] = -math.inf
        state[row, GRID_INDEX] = 0
        state[row, BEST_H] = -math.inf
        state[row, SECOND_H] = -math.inf
        state[row, BEST_CELL] = -1
        state[row, SECOND_CELL] = -1
        state[row, PREV_SLOPE] = 0.0
    step = grid[1] - grid[0] if n > 1 else 0.0
    ratio = math.exp(-m * step)
    odds_n = math.exp(-m * (grid[0] - log_dn))
    odds_i = math.exp(-m * (grid[0] - log_di))
    growth = math.exp(step)
    eu = math.exp(grid[0])
    for g in range(n):
        u = grid[g]
        if kind == 0:
            if g > 0:
                odds_n *= ratio
                odds_i *= ratio
                eu *= growth
            if not (0.0 < odds_n < 1e300):
                odds_n = math.exp(-m * (u - log_dn))
            if not (0.0 < odds_i < 1e300):
                odds_i = math.exp(-m * (u - log_di))
            pn = 1.0 / (1.0 + odds_n)
            pi_ = 1.0 / (1.0 + odds_i)
            dn = m * pn * (1.0 - pn)
            di = m * pi_ * (1.0 - pi_)
        else:
            if g > 0:
                eu *= growth
            pn, dn, _ = _component(u, log_dn, kind, m, log_rho, sigma)
            pi_, di, _ = _component(u, log_di, kind, m, log_rho, sigma)
        ce = c * eu
        u_prev = grid[g - 1] if g > 0 else u
        q = qs[0]
        m0 = pn - q * (pn - pi_)
        m1 = dn - q * (dn - di)
        _track(state, 0, g, u_prev, u, v * m0 - ks[0] - ce, v * m1 - ce)
        for row in range(1, problems):
            q = qs[row]
            m0 = pn - q * (pn - pi_)
            m1 = dn - q * (dn - di)
            total = ks[row] + ce
            value = -total / m0 if m0 > 0 else -math.inf
            _track(state, row, g, u_prev, u, value, -(ce * m0 - total * m1))


@njit(cache=True, fastmath=FAST)
def _refine(problem, row, state, grid, q, v, c, k, cb):
    """The scan's answer for one problem: the two best falling cells refined by
    safeguarded Newton, against the best grid point.  (u*, f(u*), at lower end)."""
    best_u = grid[0]
    best_f = -math.inf
    for cell_col, start_col in ((BEST_CELL, BEST_START), (SECOND_CELL, SECOND_START)):
        cell = int(state[row, cell_col])
        if cell < 0:
            continue
        # the scan saw the slope fall across the cell: its ends need no evaluation
        x, fx = _newton(
            problem, grid[cell], grid[cell + 1], state[row, start_col], q, v, c, k, 0.0, cb, 0
        )
        if fx > best_f:
            best_u, best_f = x, fx
    index = int(state[row, GRID_INDEX])
    if state[row, GRID_VALUE] > best_f:
        # the exact value at the grid point (the scan's components are for bracketing)
        return grid[index], _value(problem, grid[index], q, v, c, k, cb), index == 0
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
    state = np.empty((3, STATE))
    qs = np.empty(3)
    ks = np.empty(3)
    problems = 2 if same_base else 3
    for i in range(size):
        log_lo, log_hi = math.log(f_lo[i]), math.log(f_hi[i])
        for g in range(n_grid):
            grid[g] = log_lo + t[g] * (log_hi - log_lo)
        cb = (math.log(d_n[i]), math.log(d_i[i]), kind, m[i], math.log(rho[i]), sigma[i])
        k_gap = k_i[i] - k_n[i]
        qs[0] = qs[1] = q[i]
        qs[2] = q_base[i]
        ks[0] = ks[1] = k_n[i] + q[i] * k_gap
        ks[2] = k_n[i] + q_base[i] * k_gap
        _scan(grid, kind, cb, v[i], c[i], qs, ks, problems, state)
        u_star, best, at_lower = _refine(0, 0, state, grid, qs[0], v[i], c[i], ks[0], cb)
        attack[i] = best > 0.0
        force[i] = math.nan if at_lower else math.exp(u_star)
        _, r, _ = _refine(1, 1, state, grid, qs[1], v[i], c[i], ks[1], cb)
        threshold[i] = -r if math.isfinite(r) else math.nan
        if same_base:
            base[i] = threshold[i]
        else:
            _, rb, _ = _refine(1, 2, state, grid, qs[2], v[i], c[i], ks[2], cb)
            base[i] = -rb if math.isfinite(rb) else math.nan
        requirement[i] = _requirement(q[i], target[i], req_out[i], req_in[i], log_hi, cb)
    return attack, force, threshold, base, requirement


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
