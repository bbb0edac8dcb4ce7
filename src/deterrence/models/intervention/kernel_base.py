r"""Shared structure of the compiled kernels (Numba): combat, the force grid, Newton.

Every kernel (``kernel_smooth``, ``kernel_regret``) solves one point at a time in a
compiled loop, on u = ln F, with the same three parts:

1. **The combat** (``combat``): p_N, p_I and their first two derivatives in u.  Both
   models are a link of x = (u - c) / w, the transition's centre c and width w:
   contest (Tullock 1980) c = ln D, w = 1/m, logistic link; Lanchester (1916)
   c = ln D - ln(rho)/a, w = sigma/a, normal link.  Writing x this way (not
   m u - m ln D) keeps it exact when w is tiny.

2. **The grid** (``next_node``): nodes walked from the window's lower end with the
   step of the finest scale present there:

   * the cost's scale, and never coarser than 96 points over the force range:
     h0 = min(1/2, (ln F_max - ln F_lo)/95);
   * the combat transitions: h = w/2 within X w of each centre, X the width in x
     beyond which the combat's slope cannot outweigh the marginal cost
     (contest: p' <= e^{-|x|}/w, so X = ln(B/w) + 40; Lanchester: phi(x) <=
     e^{-x^2/2}, X = sqrt(2 (ln(B/w) + 40)); B a bound on payoff over marginal
     cost); outside, a step never longer than the distance to the zone;
   * endogenous mode, R's switch: q(u; mu) = Phi((mu - kappa + W d(u))/sd) turns
     from 0 to 1 where L(u) = W d(u) - kappa lies within Z sd of -mu; there
     h = sd / (2 W d'_max) (d'_max bounds |d'|), and outside the band a step never
     longer than the L-distance to it over W d'_max.

   A node spacing is never below H_FLOOR (1e-11 in ln F): a transition narrower than
   that is a step in floating point, and its nodes straddle it, so the limit
   m -> infinity (combat -> a step) is the limit of the answers.

3. **Safeguarded Newton** (``rtsafe_step``; Press et al. 2007, sec. 9.4) from the
   zero of the slope's cubic Hermite interpolant on the cell (``cell_root``): a
   Newton step that leaves the bracket or does not halve it is replaced by
   bisection (also when a derivative overflows).

Scan state (``track``): the best grid value and the two highest cells where a
problem's slope falls through zero, with the cubic start of each.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

SQRT_HALF = 1.0 / math.sqrt(2.0)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
EPS = float(np.finfo(np.float64).eps)
# fast-math flags that keep IEEE infinities and NaNs (the code relies on them) and the
# order of operations: reassociation could turn (1 - q) p_N + q p_I back into the
# cancelling p_N - q (p_N - p_I) when p_I << p_N
FAST = {"nsz", "arcp", "contract", "afn"}

CELLS_PER_WIDTH = 2.0  # grid cells across a transition's width
REFERENCE_GRID = 96  # never coarser than this many points over the force range
COST_SCALE = 1.0  # the cost's share c e^u / (k + c e^u) varies on this scale of u
H_FLOOR = 1e-11  # no grid step below this (in ln F): narrower transitions are steps
TAIL_MARGIN = 40.0  # ln of the ratio below which a tail's slope is negligible
MAX_NODES = 20_000  # points needing more grid nodes than this are marked unresolved
NEWTON_ITERATIONS = 100
ACCEPT = 5e-5  # a Newton step this small (relative to its cell) is taken as the last

# ---------------------------------------------------------------------------- context
# Per-point constants in a float array (indices below), filled by ``set_point``.
V, C, KN, KI, KG = 0, 1, 2, 3, 4
CN, CI, WIDTH, KIND, ODDS = 5, 6, 7, 8, 9
LLO, LHI, TARGET = 10, 11, 12
MODE, S_CRIT, S_CRIT2, ALPHA, S_MEAN = 13, 14, 15, 16, 17
SD, KAPPA, WR = 18, 19, 20
LAM, BETA_A, BETA_B, Q_LO, Q_HI = 21, 22, 23, 24, 25
H0, HC, XC, HQ, D1MAX, BAND_HALF = 26, 27, 28, 29, 30, 31
LOG_REQ_OUT, LOG_REQ_IN, FAMILY, ONE_SPEC, SLOPE = 33, 34, 35, 36, 37
NCTX = 40


# ----------------------------------------------------------------------------- combat
@njit(cache=True, error_model="numpy", inline="always")
def link(x, kind):
    """(p, g, g') of the link at x: logistic (kind 0) or normal; p' = g/w, p'' = g'/w^2."""
    if kind == 0:
        if x >= 0:
            e = math.exp(-x)
            p = 1.0 / (1.0 + e)
            one_minus = e * p
        else:
            e = math.exp(x)
            one_minus = 1.0 / (1.0 + e)
            p = e * one_minus
        g = p * one_minus
        return p, g, g * (one_minus - p)
    p = 0.5 * math.erfc(-x * SQRT_HALF)
    g = math.exp(-0.5 * x * x) * INV_SQRT_2PI
    return p, g, -x * g


@njit(cache=True, error_model="numpy", fastmath=FAST)
def combat(u, ctx):
    """(p_N, p_N', p_N'', p_I, p_I', p_I'') at u = ln F (derivatives in u).

    ``ctx[SLOPE]`` = 1/w (finite for any w the validation admits).  The contest uses
    one exponential for both: the odds against winning with R in are the odds without
    times (D_I / D_N)^m (``ctx[ODDS]``) where that is finite."""
    m = ctx[SLOPE]
    kind = int(ctx[KIND])
    xn = (u - ctx[CN]) * m
    if kind == 0 and 0.0 < ctx[ODDS] < 1e300 and -700.0 < xn < 700.0:
        odds_n = math.exp(-xn)
        odds_i = odds_n * ctx[ODDS]
        if odds_i < 1e300:
            both = (1.0 + odds_n) * (1.0 + odds_i)
            if both < 1e300:
                inv = 1.0 / both
                pn, pi_ = (1.0 + odds_i) * inv, (1.0 + odds_n) * inv
            else:
                pn, pi_ = 1.0 / (1.0 + odds_n), 1.0 / (1.0 + odds_i)
            dn = m * (pn * (odds_n * pn))
            di = m * (pi_ * (odds_i * pi_))
            return pn, dn, m * (dn * (1.0 - 2.0 * pn)), pi_, di, m * (di * (1.0 - 2.0 * pi_))
    pn, gn, hn = link(xn, kind)
    pi_, gi, hi_ = link((u - ctx[CI]) * m, kind)
    return pn, m * gn, m * (m * hn), pi_, m * gi, m * (m * hi_)


# ------------------------------------------------------------------ endogenous switch
@njit(cache=True, error_model="numpy", inline="always")
def normal_q(mu, ctx, d, d1, d2):
    """q(u; mu) = Phi(z), z = (mu - kappa + W d(u)) / sd, and its first two u-derivatives."""
    sd = ctx[SD]
    z = (mu - ctx[KAPPA] + ctx[WR] * d) / sd
    q = 0.5 * math.erfc(-z * SQRT_HALF)
    phi = math.exp(-0.5 * z * z) * INV_SQRT_2PI
    z1 = ctx[WR] * d1 / sd
    z2 = ctx[WR] * d2 / sd
    return q, phi * z1, phi * (z2 - z * z1 * z1)


@njit(cache=True, error_model="numpy")
def spec_q(spec, ctx, d, d1, d2):
    """q(u) of a one-prior spec and its u-derivatives.  Specs: 0 the criterion's prior
    (q_alpha = alpha q_hi + (1 - alpha) q_lo for alpha-maxmin), 1 the mean prior,
    2 none (q = 0), 3 q = 1."""
    if spec == 2:
        return 0.0, 0.0, 0.0
    if spec == 3:
        return 1.0, 0.0, 0.0
    exogenous = ctx[MODE] == 0.0
    if spec == 1:
        if exogenous:
            return ctx[S_MEAN], 0.0, 0.0
        return normal_q(ctx[S_MEAN], ctx, d, d1, d2)
    alpha = ctx[ALPHA]
    if exogenous:
        return alpha * ctx[S_CRIT] + (1.0 - alpha) * ctx[S_CRIT2], 0.0, 0.0
    q, q1, q2 = normal_q(ctx[S_CRIT], ctx, d, d1, d2)
    if alpha == 1.0:
        return q, q1, q2
    r, r1, r2 = normal_q(ctx[S_CRIT2], ctx, d, d1, d2)
    b = 1.0 - alpha
    return alpha * q + b * r, alpha * q1 + b * r1, alpha * q2 + b * r2


# ------------------------------------------------------------------------------ grid
@njit(cache=True, error_model="numpy", fastmath=FAST)
def next_node(u, ctx, level, bands):
    """The grid node after u (see the module docstring).  ``level`` is L(u) = W d(u)
    - kappa in endogenous mode (nan otherwise); ``bands`` the centres -mu of R's
    switch bands in L (half-width ``ctx[BAND_HALF]``)."""
    h = ctx[H0]
    hc = ctx[HC]
    if hc < h:  # steep combat: fine within X w of a centre, else up to the next zone
        reach = ctx[XC]
        ahead = math.inf
        inside = False
        for centre in (ctx[CN], ctx[CI]):
            if centre - reach <= u <= centre + reach:
                inside = True
            elif centre - reach > u:
                ahead = min(ahead, centre - reach - u)
        h = hc if inside else min(h, max(hc, ahead))
    hq = ctx[HQ]
    if hq < h and level == level:
        half = ctx[BAND_HALF]
        gap = math.inf
        for centre in bands:
            gap = min(gap, max(0.0, abs(level - centre) - half))
        h = min(h, max(hq, gap / (ctx[WR] * ctx[D1MAX])))
    return u + h


# ----------------------------------------------------------------- Newton and brackets
@njit(cache=True, error_model="numpy", fastmath=FAST)
def cell_root(g0, g1, d0, d1):
    """Zero in [0, 1] of the cubic Hermite interpolant of a slope that falls from g0 > 0
    to g1 <= 0 with derivatives d0, d1 (per cell): Newton on the cubic from the
    chord's zero.  Its error is O(cell^4), so the refinement needs one evaluation."""
    t = g0 / (g0 - g1)
    if not (0.0 <= t <= 1.0):
        return 0.5
    if not (math.isfinite(d0) and math.isfinite(d1)):
        return t
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


@njit(cache=True, error_model="numpy", inline="always")
def rtsafe_step(x, g, dg, lo, hi, step_old):
    """One step of safeguarded Newton on a root bracketed by lo (g < 0 side) and hi.

    Returns (x_new, lo, hi, step, newton_taken)."""
    if g < 0:
        lo = x
    else:
        hi = x
    newton = x - g / dg if (dg != 0 and math.isfinite(dg)) else math.nan
    inside = math.isfinite(newton) and (newton - lo) * (newton - hi) <= 0
    shrinks = abs(newton - x) <= 0.5 * step_old
    if inside and shrinks:
        return newton, lo, hi, abs(newton - x), True
    mid = 0.5 * (lo + hi)
    return mid, lo, hi, abs(mid - x), False


# Scan state of one problem (a tuple): best grid value and its node, the two highest
# cells where the slope falls through zero (height, cell's lower node, Newton start,
# cell width), and the previous node's value, slope and slope derivative.
EMPTY = (-math.inf, math.nan, -math.inf, math.nan, 0.0, 0.0, -math.inf, math.nan, 0.0, 0.0)
EMPTY += (-math.inf, 0.0, 0.0, math.nan)


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def track(st, u, value, slope, dslope):
    """A problem's scan state after the node u (``EMPTY`` before the first)."""
    gv, gu, bh, bu, bs, bw, sh, su, ss, sw, pv, ps, pd, pu = st
    if not math.isfinite(value):
        value = -math.inf
    if value > gv:
        gv, gu = value, u
    if pu == pu and ps > 0 and slope <= 0:
        h = max(pv, value)
        width = u - pu
        start = pu + cell_root(ps, slope, pd * width, dslope * width) * width
        if h > bh:
            sh, su, ss, sw = bh, bu, bs, bw
            bh, bu, bs, bw = h, pu, start, width
        elif h > sh:
            sh, su, ss, sw = h, pu, start, width
    return (gv, gu, bh, bu, bs, bw, sh, su, ss, sw, value, slope, dslope, u)


@njit(cache=True, error_model="numpy", inline="always")
def merge(a, b):
    """Scan states of two node ranges combined (the best grid point, the two best cells)."""
    gv, gu = (a[0], a[1]) if a[0] >= b[0] else (b[0], b[1])
    cells = (
        (a[2], a[3], a[4], a[5]),
        (a[6], a[7], a[8], a[9]),
        (b[2], b[3], b[4], b[5]),
        (b[6], b[7], b[8], b[9]),
    )
    first = (-math.inf, math.nan, 0.0, 0.0)
    second = (-math.inf, math.nan, 0.0, 0.0)
    for cell in cells:
        if cell[0] > first[0]:
            second = first
            first = cell
        elif cell[0] > second[0]:
            second = cell
    return (gv, gu, *first, *second, a[10], a[11], a[12], a[13])
