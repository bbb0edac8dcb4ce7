"""Compiled kernels (Numba) for the one-prior exogenous batch path.

For expected, maxmin and alpha-maxmin with an exogenous belief q is one number per
point, and the three problems -- the best force (max V P(u) - k - c e^u), the
threshold (min (k + c e^u) / P(u)) and the requirement (P(u) = P̄), u = ln F and
P = (1 - q) p_N + q p_I -- are one-dimensional with analytic derivatives.  Per
point, in a loop that Numba compiles (no temporaries of shape (points, grid)):

1. A window [u_a, u_b] of the force range that provably holds every interior
   optimum (``_window``): below the mode of p_N'(u) e^-u the objective is
   quasi-convex and the ratio falls; above u_b no force beats a reference force.
2. An even grid over the window, at least ``CELLS_PER_WIDTH`` cells across the
   combat transition (so steep combat is resolved, not skipped), scanned once for
   the two problems' slopes (``_scan``): the highest cells where a slope falls
   through zero, with the zero of the slope's cubic Hermite interpolant as start.
3. Safeguarded Newton from that start (``_newton``, rtsafe), stopped when a
   step is below ``ACCEPT`` (the next would be ~step**2), the value corrected to
   O(step**3); the lowest force's value compared for the boundary optimum.
4. The requirement in closed form for the contest (a quadratic in the odds),
   by Newton between the q = 0 and q = 1 requirements otherwise.

The numpy path ``InterventionModel._fast_one_prior`` (a fixed 96-point grid) is
the fallback without Numba; tests check that both agree, that where they differ
the kernel's answer is the better one, and that it beats a 200,001-point brute
force.  Points too steep for ``MAX_GRID`` cells are flagged for the general path.

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
# fast-math flags that keep IEEE infinities and NaNs (the code relies on them) and the
# order of operations: reassociation could turn (1 - q) p_N + q p_I back into the
# cancelling p_N - q (p_N - p_I) when p_I << p_N
FAST = {"nsz", "arcp", "contract", "afn"}
NEWTON_ITERATIONS = 40
ACCEPT = 1e-5  # a Newton step this small (in ln F) is taken as the last
ACCEPT_ROOT = 1e-8  # the same for the requirement's root
CELLS_PER_WIDTH = 2.0  # grid cells across the combat transition (and across a unit of ln F)
REFERENCE_GRID = 96  # never coarser than this grid over the whole force range (the general path's)
MAX_GRID = 4096
E_MINUS = np.exp(-np.arange(4.0))  # e^-j of the window's references


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
    log_dn, log_di, kind, m, log_rho, sigma, odds_ratio = cb
    if kind == 0:  # one exponential: the odds against I are the odds against N times a constant
        odds_n = math.exp(-m * (u - log_dn))
        odds_i = odds_n * odds_ratio
        if not (1e-290 < odds_n < 1e290 and odds_i < 1e290):
            odds_i = math.exp(-m * (u - log_di))
        o0 = 1.0 / (1.0 + odds_n)
        i0 = 1.0 / (1.0 + odds_i)
        o1 = m * o0 * (1.0 - o0)
        i1 = m * i0 * (1.0 - i0)
        o2 = m * o1 * (1.0 - 2.0 * o0)
        i2 = m * i1 * (1.0 - 2.0 * i0)
    else:
        o0, o1, o2 = _component(u, log_dn, kind, m, log_rho, sigma)
        i0, i1, i2 = _component(u, log_di, kind, m, log_rho, sigma)
    # (1 - q) o + q i: both terms >= 0 (o - q (o - i) cancels when i << o and q ~ 1)
    r = 1.0 - q
    return r * o0 + q * i0, r * o1 + q * i1, r * o2 + q * i2


# problem codes: 0 best force (max V P - k - c e^u), 1 least ratio (max -(k + c e^u)/P),
# 2 requirement (P - target)
@njit(cache=True, fastmath=FAST)
def _slope_value(problem, x, q, v, c, k, target, cb):
    """(g, g', f, f'): the problem's slope, its derivative, its value at x and the
    value's derivative (g itself, or g / P^2 for the ratio)."""
    m0, m1, m2 = _mix(x, q, cb)
    ce = c * math.exp(x)
    if problem == 0:
        g = v * m1 - ce
        return g, v * m2 - ce, v * m0 - k - ce, g
    if problem == 1:
        total = k + ce
        g = total * m1 - ce * m0
        if m0 > 0:
            return g, total * m2 - ce * m0, -total / m0, g / (m0 * m0)
        return g, total * m2 - ce * m0, -math.inf, 0.0
    return m0 - target, m1, 0.0, 0.0


@njit(cache=True, fastmath=FAST)
def _slope(problem, x, q, v, c, k, target, cb):
    g, dg, _, _ = _slope_value(problem, x, q, v, c, k, target, cb)
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
        gx, dgx, fx, dfx = _slope_value(problem, x, q, v, c, k, target, cb)
        if gx < 0:
            lo = x
        else:
            hi = x
        if gx == 0:
            break
        newton = x - gx / dgx if dgx != 0 else math.nan
        inside = (newton - lo) * (newton - hi) <= 0 and math.isfinite(newton)
        shrinks = abs(newton - x) <= 0.5 * step_old
        accept = ACCEPT if problem < 2 else ACCEPT_ROOT  # a root's error is first order
        if inside and shrinks and abs(newton - x) <= accept * max(1.0, abs(x)):
            # the root is within ~step**2 of the Newton point; the value there is
            # f(x) + f'(x) step / 2 to O(step**3) (f' is linear in the step)
            fx = fx + 0.5 * dfx * (newton - x)
            return newton, (fx if math.isfinite(fx) else -math.inf)
        x_new = newton if (inside and shrinks) else 0.5 * (lo + hi)
        step_old = abs(x_new - x)
        if abs(x_new - x) <= 4 * EPS * max(1.0, abs(x)):
            break  # converged: x (where fx was evaluated) is the root to rounding
        x = x_new
    return x, (fx if math.isfinite(fx) else -math.inf)


# Scan state of one problem, a row of a (3, STATE) array (see ``_track``).
GRID_VALUE, GRID_INDEX, BEST_H, BEST_CELL, BEST_START = 0, 1, 2, 3, 4
SECOND_H, SECOND_CELL, SECOND_START, PREV_VALUE, PREV_SLOPE = 5, 6, 7, 8, 9
PREV_DSLOPE = 10
STATE = 11


@njit(cache=True, fastmath=FAST)
def _cell_root(g0, g1, d0, d1):
    """Zero in [0, 1] of the cubic Hermite interpolant of a slope that falls from g0 > 0
    to g1 <= 0 with derivatives d0, d1 (per cell): Newton on the cubic from the
    chord's zero.  Its error is O(cell^4), so the refinement needs one evaluation."""
    t = g0 / (g0 - g1)
    for _ in range(3):
        h = g0 + t * (d0 + t * (3 * (g1 - g0) - 2 * d0 - d1 + t * (2 * (g0 - g1) + d0 + d1)))
        dh = d0 + t * (6 * (g1 - g0) - 4 * d0 - 2 * d1 + t * 3 * (2 * (g0 - g1) + d0 + d1))
        if not dh < 0:
            break
        t_new = t - h / dh
        if not 0.0 <= t_new <= 1.0:
            break
        t = t_new
    return t


@njit(cache=True, fastmath=FAST, inline="always")
def _track(st, g, u_prev, u, value, slope, dslope):
    """A problem's scan state after grid point g (as ``maximize_with_slope``): the best
    grid value, and the two highest cells where the slope falls through zero, with the
    zero of the slope's cubic interpolant as Newton's start.  The state is a tuple laid
    out as a row of ``state`` (and written there by ``_store``), so that it stays in
    registers through the scan."""
    gv, gi, bh, bc, bs, sh, sc, ss, pv, ps, pd = st
    if not math.isfinite(value):
        value = -math.inf
    if value > gv:
        gv, gi = value, float(g)
    if g > 0 and ps > 0 and slope <= 0:
        h = max(pv, value)
        width = u - u_prev
        start = u_prev + _cell_root(ps, slope, pd * width, dslope * width) * width
        if h > bh:
            sh, sc, ss = bh, bc, bs
            bh, bc, bs = h, float(g - 1), start
        elif h > sh:
            sh, sc, ss = h, float(g - 1), start
    return (gv, gi, bh, bc, bs, sh, sc, ss, value, slope, dslope)


@njit(cache=True, fastmath=FAST, inline="always")
def _store(state, row, st):
    """Write a scan state into row ``row`` of ``state`` (read by ``_refine``)."""
    gv, gi, bh, bc, bs, sh, sc, ss, _, _, _ = st
    state[row, GRID_VALUE] = gv
    state[row, GRID_INDEX] = gi
    state[row, BEST_H] = bh
    state[row, BEST_CELL] = bc
    state[row, BEST_START] = bs
    state[row, SECOND_H] = sh
    state[row, SECOND_CELL] = sc
    state[row, SECOND_START] = ss


@njit(cache=True, fastmath=FAST, inline="always")
def _ratio_point(r, q, total, ce, components):
    """The threshold problem at a grid point: -(k + c e^u) / P, its slope
    (k + c e^u) P' - c e^u P and the slope's derivative, for P = r p_N + q p_I."""
    pn, pi_, dn, di, d2n, d2i = components
    m0 = r * pn + q * pi_
    value = -total / m0 if m0 > 0 else -math.inf
    return value, total * (r * dn + q * di) - ce * m0, total * (r * d2n + q * d2i) - ce * m0


@njit(cache=True, fastmath=FAST)
def _scan(u0, step, n, kind, cb, v, c, qs, ks, problems, state):
    """One pass over the grid for up to three problems at once: row 0 the best force
    (q = qs[0]), rows 1 and 2 the least ratio at qs[1] and qs[2].  The combat
    components are computed once per grid point; for the contest the odds
    exp(-m (u - ln D)) and e^u form geometric sequences along the even grid, so no
    exponential is needed where they stay finite and non-zero.  Grid point g is
    u0 + g step; the slopes' derivatives come along for the cells' cubic starts."""
    log_dn, log_di, _, m, log_rho, sigma, odds_ratio = cb
    empty = (-math.inf, 0.0, -math.inf, -1.0, 0.0, -math.inf, -1.0, 0.0, -math.inf, 0.0, 0.0)
    st0 = st1 = st2 = empty
    ratio = math.exp(-m * step)
    odds_n = math.exp(-m * (u0 - log_dn))
    odds_i = odds_n * odds_ratio if kind == 0 else 0.0
    growth = math.exp(step)
    eu = math.exp(u0)
    cost_first = c * eu
    first = -math.inf
    q0, q1, q2 = qs[0], qs[1], qs[2]
    r0, r1, r2 = 1.0 - q0, 1.0 - q1, 1.0 - q2
    k0, k1, k2 = ks[0], ks[1], ks[2]
    three = problems == 3
    for g in range(n):
        u = u0 + g * step
        if kind == 0:
            if g > 0:
                odds_n *= ratio
                odds_i *= ratio
                eu *= growth
            if not (0.0 < odds_n < 1e300):
                odds_n = math.exp(-m * (u - log_dn))
            if not (0.0 < odds_i < 1e300):
                odds_i = math.exp(-m * (u - log_di))
            both = (1.0 + odds_n) * (1.0 + odds_i)
            if both < 1e300:  # one division for both
                inv = 1.0 / both
                pn, pi_ = (1.0 + odds_i) * inv, (1.0 + odds_n) * inv
            else:
                pn, pi_ = 1.0 / (1.0 + odds_n), 1.0 / (1.0 + odds_i)
            dn = m * pn * (1.0 - pn)
            di = m * pi_ * (1.0 - pi_)
            d2n = m * dn * (1.0 - 2.0 * pn)
            d2i = m * di * (1.0 - 2.0 * pi_)
        else:
            if g > 0:
                eu *= growth
            pn, dn, d2n = _component(u, log_dn, kind, m, log_rho, sigma)
            pi_, di, d2i = _component(u, log_di, kind, m, log_rho, sigma)
        ce = c * eu
        u_prev = u - step if g > 0 else u
        m0 = r0 * pn + q0 * pi_
        m1 = r0 * dn + q0 * di
        m2 = r0 * d2n + q0 * d2i
        value = v * m0 - k0 - ce
        if g == 0:
            first = value
        st0 = _track(st0, g, u_prev, u, value, v * m1 - ce, v * m2 - ce)
        components = (pn, pi_, dn, di, d2n, d2i)
        value, slope, dslope = _ratio_point(r1, q1, k1 + ce, ce, components)
        st1 = _track(st1, g, u_prev, u, value, slope, dslope)
        if three:
            value, slope, dslope = _ratio_point(r2, q2, k2 + ce, ce, components)
            st2 = _track(st2, g, u_prev, u, value, slope, dslope)
    _store(state, 0, st0)
    _store(state, 1, st1)
    _store(state, 2, st2)
    return first, cost_first


@njit(cache=True, fastmath=FAST)
def _refine(problem, row, state, u0, step, q, v, c, k, cb):
    """The scan's answer for one problem: the two best falling cells refined by
    safeguarded Newton, against the best grid point.  (u*, f(u*), at lower end)."""
    best_u = u0
    best_f = -math.inf
    for cell_col, start_col in ((BEST_CELL, BEST_START), (SECOND_CELL, SECOND_START)):
        cell = int(state[row, cell_col])
        if cell < 0:
            continue
        # the scan saw the slope fall across the cell: its ends need no evaluation
        a, b = u0 + cell * step, u0 + (cell + 1) * step
        x, fx = _newton(problem, a, b, state[row, start_col], q, v, c, k, 0.0, cb, 0)
        if fx > best_f:
            best_u, best_f = x, fx
    index = int(state[row, GRID_INDEX])
    if state[row, GRID_VALUE] > best_f:
        # the exact value at the grid point (the scan's components are for bracketing)
        u = u0 + index * step
        return u, _value(problem, u, q, v, c, k, cb), index == 0
    return best_u, best_f, False


@njit(cache=True, fastmath=FAST)
def _window(log_lo, log_hi, v, c, qs, ks, problems, cb, u_mode, grow):
    """The part [u_a, u_b] of [ln F_lo, ln F_hi] that can hold an interior optimum.

    Below the mode u_m of h_N(u) = p_N'(u) e^-u (contest with m > 1: p_N = (m-1)/(2m);
    probit: z_N = -1/s) both h_N and h_I rise (h_I is h_N shifted right), so the
    best-force slope e^u (V h - c) changes sign at most once, from - to +: A's
    objective there is highest at an end of the region.  There too d ln P / du >= 1
    (contest: >= m (1 - p_N); probit: the inverse Mills ratio exceeds -z_N) while
    c e^u / (k + c e^u) < 1, so the ratio (k + c e^u) / P falls.  Above u_b no force
    beats a reference force u_r: V P - k - c e^u < V P(u_r) - k - c e^u_r once
    c e^u > V (1 - P(u_r)) + c e^u_r, and (k + c e^u) / P >= k + c e^u exceeds the
    ratio r(u_r) once c e^u > r(u_r) - k.  The references sit at and above ln D_I."""
    log_dn, log_di, kind, m, log_rho, sigma, odds_ratio = cb
    width = 1.0 / m if kind == 0 else sigma / (2.0 if kind == 1 else 1.0)
    # the transition's width, and 1: the scale of the cost's share c e^u / (k + c e^u);
    # and no coarser than the general path's grid, which near-degenerate optima (two
    # maxima of almost equal value in one cell) otherwise resolve better
    spacing = min(min(width, 1.0) / CELLS_PER_WIDTH, (log_hi - log_lo) / (REFERENCE_GRID - 1))
    u_a = min(max(u_mode - spacing, log_lo), log_hi)  # u_mode: -inf where none
    best_force = v + c * math.exp(log_lo)  # the reference F_lo, with P(F_lo) >= 0
    ratio_1 = ratio_2 = math.inf  # least r(u_r) - k of the threshold problems
    # contest references inside the range: odds e^-j / r and e^-j, no exponential
    plain = kind == 0 and log_lo <= log_di and log_di + 3 * width <= log_hi
    ce = c * math.exp(log_di)
    for j in range(4):
        if plain:
            if j > 0:
                ce *= grow
            odds = E_MINUS[j]
            pn, pi_ = 1.0 / (1.0 + odds / odds_ratio), 1.0 / (1.0 + odds)
        else:
            u_ref = min(max(log_di + j * width, log_lo), log_hi)
            pn, _, _ = _component(u_ref, log_dn, kind, m, log_rho, sigma)
            pi_, _, _ = _component(u_ref, log_di, kind, m, log_rho, sigma)
            ce = c * math.exp(u_ref)
        best_force = min(best_force, v * (1.0 - (1.0 - qs[0]) * pn - qs[0] * pi_) + ce)
        win = (1.0 - qs[1]) * pn + qs[1] * pi_
        if win > 0.0:
            ratio_1 = min(ratio_1, (ce + ks[1] * (1.0 - win)) / win)
        win = (1.0 - qs[2]) * pn + qs[2] * pi_
        if problems == 3 and win > 0.0:
            ratio_2 = min(ratio_2, (ce + ks[2] * (1.0 - win)) / win)
    top = max(best_force, ratio_1, ratio_2) if problems == 3 else max(best_force, ratio_1)
    u_b = min(math.log(top / c) + spacing, log_hi)
    return u_a, max(u_b, u_a), spacing


@njit(cache=True, fastmath=FAST)
def one_prior_outputs(
    kind, v, log_dn, log_di, m, log_rho, sigma, c, k_n, k_i, q, q_base, same_base,
    target, log_lo, log_hi, log_req_out, log_req_in, odds_ratio, u_mode, grow,
):  # fmt: skip
    """Every output for each point; arrays of shape (P,).  Per-point constants come
    in precomputed by numpy (vectorised): the logarithms of D_N, D_I, rho, the force
    bounds and the requirements at q = 0 and 1, and ``combat_constants``.  NaN marks
    "does not exist"; the last array flags points too steep for the grid, left to
    the general path."""
    size = v.shape[0]
    attack = np.zeros(size, dtype=np.bool_)
    force = np.empty(size)
    threshold = np.empty(size)
    base = np.empty(size)
    requirement = np.empty(size)
    unresolved = np.zeros(size, dtype=np.bool_)
    state = np.empty((3, STATE))
    qs = np.empty(3)
    ks = np.empty(3)
    problems = 2 if same_base else 3
    for i in range(size):
        lo, hi = log_lo[i], log_hi[i]
        cb = (log_dn[i], log_di[i], kind, m[i], log_rho[i], sigma[i], odds_ratio[i])
        k_gap = k_i[i] - k_n[i]
        qs[0] = qs[1] = q[i]
        qs[2] = q_base[i]
        ks[0] = ks[1] = k_n[i] + q[i] * k_gap
        ks[2] = k_n[i] + q_base[i] * k_gap
        u_a, u_b, spacing = _window(lo, hi, v[i], c[i], qs, ks, problems, cb, u_mode[i], grow[i])
        n = max(2, math.ceil((u_b - u_a) / spacing - 1e-9) + 1)
        if n > MAX_GRID:  # too steep for this grid: left to the general path
            unresolved[i] = True
            force[i] = threshold[i] = base[i] = requirement[i] = math.nan
            continue
        step = (u_b - u_a) / (n - 1)
        first, cost_first = _scan(u_a, step, n, kind, cb, v[i], c[i], qs, ks, problems, state)
        u_star, best, at_lower = _refine(0, 0, state, u_a, step, qs[0], v[i], c[i], ks[0], cb)
        # the lowest force, unless ruled out: P(F_lo) <= P(u_a), so its value is at
        # most the window's first value plus the force cost saved
        if u_a > lo:
            at_lower = False  # the window's first point is not the search's lower end
            if not best > first + cost_first:
                low = _value(0, lo, qs[0], v[i], c[i], ks[0], cb)
                if low >= best:
                    u_star, best, at_lower = lo, low, True
        attack[i] = best > 0.0
        force[i] = math.nan if at_lower else math.exp(u_star)
        _, r, _ = _refine(1, 1, state, u_a, step, qs[1], v[i], c[i], ks[1], cb)
        threshold[i] = -r if math.isfinite(r) else math.nan
        if same_base:
            base[i] = threshold[i]
        else:
            _, rb, _ = _refine(1, 2, state, u_a, step, qs[2], v[i], c[i], ks[2], cb)
            base[i] = -rb if math.isfinite(rb) else math.nan
        requirement[i] = _requirement(q[i], target[i], log_req_out[i], log_req_in[i], hi, cb)
    return attack, force, threshold, base, requirement, unresolved


@njit(cache=True, fastmath=FAST)
def _requirement(q, target, u_out, u_in, log_hi, cb):
    """The root of P(u) = target between the requirements at q = 0 and q = 1 (at
    u_out and u_in, logarithms)."""
    reachable = u_out <= log_hi
    if reachable and not (u_in <= log_hi):
        p_hi, _, _ = _mix(log_hi, q, cb)
        reachable = p_hi >= target
    if not reachable:
        return math.nan
    log_dn, _, kind, m, _, _, odds_ratio = cb
    if kind == 0 and 1e-150 < odds_ratio < 1e150:
        # contest: with y = (D_N / F)^m, (1 - q) / (1 + y) + q / (1 + r y) = P̄ for
        # r = (D_I / D_N)^m is the quadratic P̄ r y^2 + b y + (P̄ - 1) = 0, one root > 0
        a = target * odds_ratio
        b = target * (1.0 + odds_ratio) - (1.0 - q) * odds_ratio - q
        root = math.sqrt(b * b + 4.0 * a * (1.0 - target))
        y = 2.0 * (1.0 - target) / (b + root) if b > 0 else (root - b) / (2.0 * a)
        return math.exp(log_dn - math.log(y) / m)
    # P - target rises in u: <= 0 at u_out (P <= p_N there), >= 0 at u_in
    top = max(min(u_in, log_hi), u_out)
    start = u_out + q * (top - u_out)
    root, _ = _newton(2, u_out, top, start, q, 0.0, 0.0, 0.0, target, cb, 1)
    return math.exp(root)


def combat_constants(kind: int, log_dn, log_di, m, log_rho, sigma):
    """Per-point constants of the kernel, vectorised with numpy: the odds ratio
    (D_I / D_N)^m (contest), the mode u_m of p_N'(u) e^-u (-inf where p_N'(u) e^-u
    falls everywhere: contest with m <= 1) and e^width of the combat transition."""
    with np.errstate(all="ignore"):
        if kind == 0:
            odds_ratio = np.exp(m * (log_di - log_dn))
            u_mode = np.where(m > 1.0, log_dn + np.log((m - 1.0) / (m + 1.0)) / m, -np.inf)
            grow = np.exp(1.0 / m)
        else:
            slope = (2.0 if kind == 1 else 1.0) / sigma
            odds_ratio = np.ones_like(log_dn)
            u_mode = log_dn + (-1.0 / slope - log_rho / sigma) / slope
            grow = np.exp(1.0 / slope)
    return tuple(np.ascontiguousarray(x, dtype=float) for x in (odds_ratio, u_mode, grow))
