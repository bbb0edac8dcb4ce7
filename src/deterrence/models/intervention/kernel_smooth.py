r"""Compiled per-point solver (Numba) for every criterion but minimax regret.

For each point, on u = ln F (``kernel_base`` for the combat, the grid and Newton;
``kernel_values`` for the criteria's values):

1. **Window.**  Below the mode u_m of h_N(u) = p_N'(u) e^{-u} (contest with m > 1:
   p_N = (m-1)/(2m); Lanchester: x_N = -w) both h_N and h_I rise (h_I is h_N shifted
   right), so with a constant q the slope e^u (V h_q - c) of V P - k - c e^u changes
   sign at most once, from - to +, and (k + c e^u)/P falls (d ln P/du >= 1 there).
   Above u_b no force beats a reference force u_r (at the centre of the I transition
   and up to three widths above it): every criterion's value is at most
   V - k_N - c e^u and at least EU at q = 1; every V*(u) is at least k_N + c e^u and
   at most the ratio at q = 1.  The scan covers [u_m - h, u_b].
   For expected, maxmin and alpha-maxmin in exogenous mode that window is proved.
   For the other criteria, and in endogenous mode, it is certified after the scan:
   on [F_lo, u_m] q(u) >= q_floor (the set's mean for exogenous smooth and the
   multiplier, by Jensen's inequality; in endogenous mode q rises there, since d
   does), so the value is at most EU at q_floor, quasi-convex there, and V*(u) at
   least the ratio at q_floor, falling there; if the answer found does not beat
   those bounds, [F_lo, u_m] is scanned too.
2. **Grid and Newton** (``kernel_base``): the scan tracks, for the best force
   (max f(u, V)), the criterion's threshold (max -V*(u)) and expected utility's
   (the mean prior), the two highest cells where the slope falls through zero;
   safeguarded Newton from the cubic start refines each.
3. **Thresholds by the envelope.**  V* = min_u V*(u).  For one prior V*(u) is the
   ratio (k_N + q k_gap + c e^u)/P (docs/model.md, fact 1); for smooth and the
   multiplier V*(u) is the root of the concave, increasing f(u, .) (Newton from a
   neighbour's root: two steps at a grid node, to convergence in the refinement),
   with slope V*'(u) = -f_u/f_V and (V*')' from f's second derivatives.  No root in V
   re-solves the force problem.
4. **No-intervention threshold.**  With q = 0, ln V*(u) = ln(k_N + c e^u) - ln p_N(u)
   is convex (p_N is log-concave): one safeguarded Newton on its derivative.
5. **Requirements.**  Exogenous mode: the valued success probability
   S(u) = p_N - G(d) rises in u (S' = (1 - m1) p_N' + m1 p_I' >= 0): Newton between
   the requirements at q = 0 and q = 1 (the contest at one prior: a quadratic in the
   odds).  Endogenous mode: the first grid node from p_N^{-1}(P̄) up where S reaches
   P̄, then Newton in that cell.

Output columns: see ``OUT_*``; NaN where a quantity does not exist.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from deterrence.models.intervention import kernel_quadrature as quad
from deterrence.models.intervention import kernel_setup as ks_setup
from deterrence.models.intervention.kernel_base import (
    ACCEPT,
    CI,
    CN,
    EMPTY,
    EPS,
    FAST,
    H0,
    HC,
    HQ,
    INV_SQRT_2PI,
    KAPPA,
    KG,
    KI,
    KIND,
    KN,
    LAM,
    LHI,
    LLO,
    LOG_REQ_IN,
    LOG_REQ_OUT,
    MAX_NODES,
    MODE,
    NCTX,
    NEWTON_ITERATIONS,
    ODDS,
    ONE_SPEC,
    S_CRIT,
    S_CRIT2,
    S_MEAN,
    SD,
    SLOPE,
    SQRT_HALF,
    TARGET,
    WIDTH,
    WR,
    C,
    V,
    cell_root,
    combat,
    merge,
    next_node,
    normal_q,
    rtsafe_step,
    spec_q,
    track,
)
from deterrence.models.intervention.kernel_values import (
    BETA,
    MULTIPLIER,
    ONE_PRIOR,
    SMOOTH_ENDOGENOUS,
    UNIFORM,
    expected,
    ratio,
    threshold_root,
    value,
)

# output columns
OUT_ATTACK, OUT_FORCE, OUT_Q, OUT_THRESHOLD, OUT_REQUIREMENT = 0, 1, 2, 3, 4
OUT_V_EU, OUT_V_0, OUT_R_EU, OUT_STATUS = 5, 6, 7, 8
NOUT = 9
# status bits
UNRESOLVED = 1  # the grid would need more than MAX_NODES nodes

E_MINUS = np.exp(-np.arange(4.0))  # e^-j of the window's contest references
# problems: 0 best force, 1 the criterion's threshold, 2 expected utility's threshold,
# 3 the criterion's requirement (S - P̄), 4 expected utility's requirement, 5 the threshold
# with q = 0
BEST, THRESHOLD, BASELINE, REQUIREMENT, BASE_REQUIREMENT, UNINTERVENED = 0, 1, 2, 3, 4, 5
BOUND_BEST, BOUND_THRESHOLD = 6, 7  # the Jensen bounds' problems (``scan_bounded``)
SCAN_STEPS = 2  # Newton steps of V*(u) at a grid node (warm-started from the last)
STORE = 4096  # nodes ``scan_bounded`` keeps (more: unresolved)


# -------------------------------------------------------------------- evaluations
@njit(cache=True, error_model="numpy", fastmath=FAST)
def _prepare(family, u, comb, ctx, nodes, v_grade):
    """Per-force set-up of the endogenous smooth quadrature (t up to lam (V d + k_gap))."""
    if family == SMOOTH_ENDOGENOUS:
        d = comb[0] - comb[3]
        t = ctx[LAM] * (max(ctx[V], v_grade) * d + ctx[KG])
        quad.prepare(nodes, ctx, d, comb[1] - comb[4], comb[2] - comb[5], 2.0 * t)


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _constant(problem, u, q, ctx):
    """(slope, slope', value, value') of the best force (problem 0) or a threshold
    problem at a constant prior q."""
    pn, dn, d2n, pi_, di, d2i = combat(u, ctx)
    ce = ctx[C] * math.exp(u)
    r = 1.0 - q
    p0 = r * pn + q * pi_
    p1 = r * dn + q * di
    p2 = r * d2n + q * d2i
    k = ctx[KN] + q * ctx[KG]
    if problem == BEST:
        g = ctx[V] * p1 - ce
        return g, ctx[V] * p2 - ce, ctx[V] * p0 - k - ce, g
    total = k + ce
    g = total * p1 - ce * p0
    if p0 > 0.0:
        return g, total * p2 - ce * p0, -total / p0, g / (p0 * p0)
    return g, total * p2 - ce * p0, -math.inf, 0.0


@njit(cache=True, error_model="numpy", fastmath=FAST)
def evaluate(problem, family, u, ctx, nodes, work):
    """(slope, slope', value, value') of a problem at u.  ``work[0]`` carries the last
    V*(u) between calls (a warm start for the criterion's threshold)."""
    if ctx[MODE] == 0.0 and problem <= BASELINE and (family == ONE_PRIOR or problem == BASELINE):
        q, _, _ = spec_q(1 if problem == BASELINE else 0, ctx, 0.0, 0.0, 0.0)
        return _constant(problem, u, q, ctx)
    if problem == UNINTERVENED:
        return _constant(problem, u, 0.0, ctx)
    comb = combat(u, ctx)
    if problem in (BOUND_BEST, BOUND_THRESHOLD):
        d, d1, d2 = comb[0] - comb[3], comb[1] - comb[4], comb[2] - comb[5]
        q, q1, q2 = _bound_prior(family, ctx, d, d1, d2)
        ce = ctx[C] * math.exp(u)
        if problem == BOUND_BEST:
            f, f_u, f_uu = expected(comb, q, q1, q2, ctx[V], ctx[KN], ctx[KG], ce)
            return f_u, f_uu, f, f_u
        r, g, dg, dr = ratio(comb, q, q1, q2, ctx[KN], ctx[KG], ce)
        return g, dg, r, dr
    ce = ctx[C] * math.exp(u)
    if problem == BEST:
        _prepare(family, u, comb, ctx, nodes, 0.0)
        f, f_u, f_uu, _, _, _, _ = value(family, comb, ctx[V], ctx[KN], ctx[KG], ce, ctx, nodes)
        return f_u, f_uu, f, f_u
    if problem == THRESHOLD and family != ONE_PRIOR:
        return _threshold_point(family, u, comb, ce, ctx, nodes, work, 0)
    if problem in (THRESHOLD, BASELINE, UNINTERVENED):
        d = comb[0] - comb[3]
        spec = 0 if problem == THRESHOLD else (1 if problem == BASELINE else 2)
        q, q1, q2 = spec_q(spec, ctx, d, comb[1] - comb[4], comb[2] - comb[5])
        r, g, dg, dr = ratio(comb, q, q1, q2, ctx[KN], ctx[KG], ce)
        return g, dg, r, dr
    if problem == REQUIREMENT and family != ONE_PRIOR:
        if family == SMOOTH_ENDOGENOUS:
            # the success lottery's t = lam d exactly: the nodes' negligible-panel test
            # needs t itself, not a bound above it (a graded t, as for the stakes
            # problems, would take panels that matter at lam d for negligible)
            d = comb[0] - comb[3]
            quad.prepare(nodes, ctx, d, comb[1] - comb[4], comb[2] - comb[5], ctx[LAM] * d)
        s, s_u, _, _, _, _, _ = value(family, comb, 1.0, 0.0, 0.0, 0.0, ctx, nodes)
        return s - ctx[TARGET], s_u, s, s_u
    d = comb[0] - comb[3]
    q, q1, q2 = spec_q(
        0 if problem == REQUIREMENT else 1, ctx, d, comb[1] - comb[4], comb[2] - comb[5]
    )
    s, s_u, _ = expected(comb, q, q1, q2, 1.0, 0.0, 0.0, 0.0)
    return s - ctx[TARGET], s_u, s, s_u


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _threshold_point(family, u, comb, ce, ctx, nodes, work, steps):
    """The criterion's threshold problem at u for smooth and the multiplier:
    (slope f_u, its derivative f_uu + f_uV V*', value -V*(u), value' f_u/f_V)."""
    _prepare(family, u, comb, ctx, nodes, work[0] if math.isfinite(work[0]) else 0.0)
    v_star, f_u, f_uu, f_v, f_uv, _ = threshold_root(
        family, comb, ce, ctx[KN], ctx[KG], ctx, nodes, work[0], steps
    )
    if not (math.isfinite(v_star) and f_v > 0.0):
        return f_u, f_uu, -math.inf, 0.0
    work[0] = v_star
    slope = -f_u / f_v
    return f_u, f_uu + f_uv * slope, -v_star, f_u / f_v


# ------------------------------------------------------------------------- scanning
@njit(cache=True, error_model="numpy", fastmath=FAST)
def _level(ctx, comb):
    """L(u) = W d(u) - kappa for the switch bands (endogenous mode), else nan."""
    if ctx[MODE] == 0.0:
        return math.nan
    return ctx[WR] * (comb[0] - comb[3]) - ctx[KAPPA]


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _uniform(a, b, ctx):
    """Whether no combat zone or switch band needs finer nodes than h0 in [a, b]."""
    return ctx[HC] >= ctx[H0] and (ctx[MODE] == 0.0 or ctx[HQ] >= ctx[H0])


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def _contest_pair(odds_n, odds_i, m):
    """The combat tuple of the contest (m = 1/w) from the odds against winning without
    and with R; one division for both probabilities where the product is finite."""
    both = (1.0 + odds_n) * (1.0 + odds_i)
    if both < 1e300:
        inv = 1.0 / both
        pn, pi_ = (1.0 + odds_i) * inv, (1.0 + odds_n) * inv
    else:
        pn, pi_ = 1.0 / (1.0 + odds_n), 1.0 / (1.0 + odds_i)
    dn = m * (pn * (odds_n * pn))
    di = m * (pi_ * (odds_i * pi_))
    return pn, dn, m * (dn * (1.0 - 2.0 * pn)), pi_, di, m * (di * (1.0 - 2.0 * pi_))


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def _ratio_node(st, u, q, pn, pi_, dn, di, d2n, d2i, k, ce):
    """Track the threshold problem -(k + c e^u)/P at a node, q constant."""
    r = 1.0 - q
    p0 = r * pn + q * pi_
    total = k + ce
    value = -total / p0 if p0 > 0.0 else -math.inf
    slope = total * (r * dn + q * di) - ce * p0
    return track(st, u, value, slope, total * (r * d2n + q * d2i) - ce * p0)


@njit(cache=True, error_model="numpy", fastmath=FAST)
def scan_constant(a, b, ctx, problems):
    """``scan`` for one constant prior (expected, maxmin, alpha-maxmin in exogenous mode)
    on an even grid: the combat computed once per node, the contest's odds and e^u as
    geometric sequences.  The no-intervention threshold is left to
    ``no_intervention_threshold`` (its log is convex: Newton from the threshold's u)."""
    s0 = s1 = s2 = s3 = EMPTY
    kn, kg, v, c = ctx[KN], ctx[KG], ctx[V], ctx[C]
    q, _, _ = spec_q(0, ctx, 0.0, 0.0, 0.0)
    qm, _, _ = spec_q(1, ctx, 0.0, 0.0, 0.0)
    k0, km = kn + q * kg, kn + qm * kg
    r0 = 1.0 - q
    w = ctx[WIDTH]
    m = 1.0 / w
    n = max(2, int(math.ceil((b - a) / ctx[H0] - 1e-9)) + 1)  # noqa: RUF046
    step = (b - a) / (n - 1)
    contest = ctx[KIND] == 0.0 and 0.0 < ctx[ODDS] < 1e300
    odds_n = math.exp(-(a - ctx[CN]) / w) if contest else 0.0
    shrink = math.exp(-step / w) if contest else 0.0
    grow = math.exp(step)
    ce = c * math.exp(a)
    three = problems == 3
    first = -math.inf
    # q = 0: the log ratio is convex, so its slope falls through zero once: track the
    # sign of (k_N + c e^u) p_N' - c e^u p_N only, and the cell where it turns
    zero_cell, zero_start, zero_width = math.nan, 0.0, 0.0
    prev_g = prev_dg = prev_u = 0.0
    for g in range(n):
        u = b if g == n - 1 else a + g * step
        if g > 0:
            ce *= grow
            odds_n *= shrink
        if contest and 1e-300 < odds_n < 1e300 and odds_n * ctx[ODDS] < 1e300:
            pn, dn, d2n, pi_, di, d2i = _contest_pair(odds_n, odds_n * ctx[ODDS], m)
        else:
            pn, dn, d2n, pi_, di, d2i = combat(u, ctx)
        p0 = r0 * pn + q * pi_
        f = v * p0 - k0 - ce
        if g == 0:
            first = f + ce  # V P(u_a) - k: bounds the value at any lower force
        s0 = track(s0, u, f, v * (r0 * dn + q * di) - ce, v * (r0 * d2n + q * d2i) - ce)
        s1 = _ratio_node(s1, u, q, pn, pi_, dn, di, d2n, d2i, k0, ce)
        if three:
            s2 = _ratio_node(s2, u, qm, pn, pi_, dn, di, d2n, d2i, km, ce)
        total = kn + ce
        g0 = total * dn - ce * pn
        dg0 = total * d2n - ce * pn
        if g > 0 and prev_g > 0.0 and g0 <= 0.0 and zero_cell != zero_cell:
            width = u - prev_u
            zero_cell, zero_width = prev_u, width
            zero_start = prev_u + cell_root(prev_g, g0, prev_dg * width, dg0 * width) * width
        prev_g, prev_dg, prev_u = g0, dg0, u
    if zero_cell == zero_cell:  # a state with one cell and no grid value (see refine)
        s3 = (
            -math.inf, math.nan, 0.0, zero_cell, zero_start, zero_width, -math.inf,
            math.nan, 0.0, 0.0, -math.inf, 0.0, 0.0, math.nan,
        )  # fmt: skip
    return s0, s1, s2, s3, n, first


@njit(cache=True, error_model="numpy", fastmath=FAST)
def scan(family, a, b, ctx, bands, nodes, work, problems):
    """Walk the grid from a to b: the scan states of the best force, the criterion's
    threshold, expected utility's (if ``problems`` == 3) and the no-intervention
    threshold; and the node count.  On an even grid (no zone or band) the contest's
    odds exp(-(u - c)/w) and e^u are geometric sequences: no exponential per node."""
    s0 = s1 = s2 = s3 = EMPTY
    kn, kg, v, c = ctx[KN], ctx[KG], ctx[V], ctx[C]
    one = family == ONE_PRIOR
    w = ctx[WIDTH]
    even = _uniform(a, b, ctx)
    n = max(2, int(math.ceil((b - a) / ctx[H0] - 1e-9)) + 1) if even else MAX_NODES + 1  # noqa: RUF046
    step = (b - a) / (n - 1) if even else 0.0
    contest = even and ctx[KIND] == 0.0 and 0.0 < ctx[ODDS] < 1e300
    odds_n = math.exp(-(a - ctx[CN]) / w) if contest else 0.0
    shrink = math.exp(-step / w) if contest else 0.0
    grow = math.exp(step)
    eu = math.exp(a)
    u = a
    count = 0
    while True:
        if contest and 1e-300 < odds_n < 1e300 and odds_n * ctx[ODDS] < 1e300:
            comb = _contest_pair(odds_n, odds_n * ctx[ODDS], 1.0 / w)
        else:
            comb = combat(u, ctx)
        ce = c * eu if even else c * math.exp(u)
        d = comb[0] - comb[3]
        d1 = comb[1] - comb[4]
        d2 = comb[2] - comb[5]
        if one:
            q, q1, q2 = spec_q(0, ctx, d, d1, d2)
            f, f_u, f_uu = expected(comb, q, q1, q2, v, kn, kg, ce)
            s0 = track(s0, u, f, f_u, f_uu)
            r, g, dg, _ = ratio(comb, q, q1, q2, kn, kg, ce)
            s1 = track(s1, u, r, g, dg)
        else:
            _prepare(family, u, comb, ctx, nodes, work[0] if math.isfinite(work[0]) else 0.0)
            f, f_u, f_uu, _, _, _, _ = value(family, comb, v, kn, kg, ce, ctx, nodes)
            s0 = track(s0, u, f, f_u, f_uu)
            v_star, f_u, f_uu, f_v, f_uv, _ = threshold_root(
                family, comb, ce, kn, kg, ctx, nodes, work[0], SCAN_STEPS
            )
            if math.isfinite(v_star) and f_v > 0.0:
                work[0] = v_star
                s1 = track(s1, u, -v_star, f_u, f_uu - f_uv * f_u / f_v)
            else:
                s1 = track(s1, u, -math.inf, -1.0, 0.0)
        if problems == 3:
            q, q1, q2 = spec_q(1, ctx, d, d1, d2)
            r, g, dg, _ = ratio(comb, q, q1, q2, kn, kg, ce)
            s2 = track(s2, u, r, g, dg)
        r, g, dg, _ = ratio(comb, 0.0, 0.0, 0.0, kn, kg, ce)
        s3 = track(s3, u, r, g, dg)
        count += 1
        if u >= b or count > MAX_NODES:
            break
        if even:
            u = b if count == n - 1 else a + count * step
            odds_n *= shrink
            eu *= grow
        else:
            u = min(next_node(u, ctx, _level(ctx, comb), bands), b)
    return s0, s1, s2, s3, count


@njit(cache=True, error_model="numpy", fastmath=FAST)
def mixture_mean(ctx, d, d1, d2):
    """E_mu q(u; mu) for mu ~ U[mu_lo, mu_hi] in closed form, with its u-derivatives:
    (sd/L) [psi(x_hi) - psi(x_lo)], psi(x) = x Phi(x) + phi(x) (psi' = Phi), x = (mu -
    theta*(u))/sd, L = mu_hi - mu_lo; Phi at the midpoint when L << sd."""
    sd, w_r = ctx[SD], ctx[WR]
    mu_lo, mu_hi = ctx[S_CRIT2], ctx[S_CRIT]
    width = mu_hi - mu_lo
    z1, z2 = w_r * d1 / sd, w_r * d2 / sd
    if not width > 1e-6 * sd:
        return normal_q(0.5 * (mu_lo + mu_hi), ctx, d, d1, d2)
    theta = ctx[KAPPA] - w_r * d
    x_lo, x_hi = (mu_lo - theta) / sd, (mu_hi - theta) / sd
    c_lo = 0.5 * math.erfc(-x_lo * SQRT_HALF)
    c_hi = 0.5 * math.erfc(-x_hi * SQRT_HALF)
    p_lo = math.exp(-0.5 * x_lo * x_lo) * INV_SQRT_2PI
    p_hi = math.exp(-0.5 * x_hi * x_hi) * INV_SQRT_2PI
    scale = sd / width
    mean = scale * (x_hi * c_hi + p_hi - x_lo * c_lo - p_lo)
    return mean, scale * (c_hi - c_lo) * z1, scale * ((c_hi - c_lo) * z2 + (p_hi - p_lo) * z1 * z1)


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def _bound_prior(family, ctx, d, d1, d2):
    """The Jensen prior q_bar(u): the criterion's value is at most EU under it and its
    V*(u) at least the ratio under it (smooth: the mean of the second-order prior; the
    multiplier: q0)."""
    if family == SMOOTH_ENDOGENOUS:
        return mixture_mean(ctx, d, d1, d2)
    return spec_q(1, ctx, d, d1, d2)


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def _restart(st):
    """A scan state whose previous node is forgotten (the next node starts a new run)."""
    return (st[0], st[1], st[2], st[3], st[4], st[5], st[6], st[7], st[8], st[9],
            -math.inf, 0.0, 0.0, math.nan)  # fmt: skip


@njit(cache=True, error_model="numpy", fastmath=FAST)
def scan_bounded(family, a, b, ctx, bands, nodes, work, problems, store):
    """``scan`` for smooth and the multiplier, pruned by Jensen's inequality: the value
    at u is at most EU under q_bar(u) and V*(u) at least that prior's ratio (Klibanoff,
    Marinacci & Mukerji 2005; Strzalecki 2011), so after a cheap pass under q_bar
    (closed forms), the criterion is evaluated only at nodes whose bound can beat the
    criterion's value at the bound's optimum: EU_bar(u) >= f(u_bar) for the force,
    ratio_bar(u) <= V*(u_bar) for the threshold (and next to them)."""
    kn, kg, v, c = ctx[KN], ctx[KG], ctx[V], ctx[C]
    b0 = b1 = s2 = s3 = EMPTY
    u = a
    n = 0
    while True:
        comb = combat(u, ctx)
        ce = c * math.exp(u)
        d, d1, d2 = comb[0] - comb[3], comb[1] - comb[4], comb[2] - comb[5]
        q, q1, q2 = _bound_prior(family, ctx, d, d1, d2)
        f, f_u, f_uu = expected(comb, q, q1, q2, v, kn, kg, ce)
        b0 = track(b0, u, f, f_u, f_uu)
        r, g, dg, _ = ratio(comb, q, q1, q2, kn, kg, ce)
        b1 = track(b1, u, r, g, dg)
        if problems == 3:
            if family != SMOOTH_ENDOGENOUS:
                s2 = track(s2, u, r, g, dg)  # the baseline is the bound's prior
            else:
                qm, qm1, qm2 = spec_q(1, ctx, d, d1, d2)
                rm, gm, dgm = ratio(comb, qm, qm1, qm2, kn, kg, ce)[:3]
                s2 = track(s2, u, rm, gm, dgm)
        r0, g0, dg0, _ = ratio(comb, 0.0, 0.0, 0.0, kn, kg, ce)
        s3 = track(s3, u, r0, g0, dg0)
        if n < store.shape[0]:
            store[n, 0] = u
            for j in range(6):
                store[n, 1 + j] = comb[j]
            store[n, 7], store[n, 8], store[n, 9] = ce, f, r
        n += 1
        if u >= b or n > MAX_NODES:
            break
        u = min(next_node(u, ctx, _level(ctx, comb), bands), b)
    if n > min(MAX_NODES, store.shape[0]):
        return b0, b1, s2, s3, MAX_NODES + 1
    # the criterion's value at the bound's optimum: a lower bound of its maximum, and
    # its V* there: an upper bound of V*
    u_f, _ = refine(BOUND_BEST, family, b0, ctx, nodes, work)
    _, _, floor, _ = evaluate(BEST, family, u_f, ctx, nodes, work)
    u_t, _ = refine(BOUND_THRESHOLD, family, b1, ctx, nodes, work)
    work[0] = math.inf
    _, _, ceiling, _ = _threshold_point(
        family, u_t, combat(u_t, ctx), c * math.exp(u_t), ctx, nodes, work, 0
    )
    s0 = _bounded_pass(BEST, family, n, floor, b0, ctx, nodes, work, store)
    s1 = _bounded_pass(THRESHOLD, family, n, ceiling, b1, ctx, nodes, work, store)
    return s0, s1, s2, s3, n


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _bounded_pass(problem, family, n, level, bound_state, ctx, nodes, work, store):
    """Track the criterion's problem over the nodes whose bound (store column 8 for the
    force, 9 for the threshold, both as values to maximise) reaches ``level``, their
    neighbours, and the bound's two best cells."""
    st = EMPTY
    column = 8 if problem == BEST else 9
    tol = 1e-12 * max(1.0, abs(level))
    cells = (bound_state[3], bound_state[7])
    prev_in = False
    kn, kg, v = ctx[KN], ctx[KG], ctx[V]
    for g in range(n):
        u = store[g, 0]
        near = False
        for h in range(max(0, g - 1), min(n, g + 2)):
            if not (store[h, column] < level - tol):
                near = True
        for lower in cells:
            if lower == lower and (u == lower or (g > 0 and store[g - 1, 0] == lower)):
                near = True
        if level != level or level == -math.inf:
            near = True
        if not near:
            prev_in = False
            continue
        if not prev_in:
            st = _restart(st)
        comb = (store[g, 1], store[g, 2], store[g, 3], store[g, 4], store[g, 5], store[g, 6])
        ce = store[g, 7]
        if problem == BEST:
            _prepare(family, u, comb, ctx, nodes, 0.0)
            f, f_u, f_uu, _, _, _, _ = value(family, comb, v, kn, kg, ce, ctx, nodes)
            st = track(st, u, f, f_u, f_uu)
        else:
            work[0] = -store[g, 9]  # the bound's ratio: Newton climbs from it
            slope, dslope, val, _ = _threshold_point(family, u, comb, ce, ctx, nodes, work, 3)
            st = track(st, u, val, slope, dslope)
        prev_in = True
    return st


@njit(cache=True, error_model="numpy", fastmath=FAST)
def newton_max(problem, family, a, b, x0, ctx, nodes, work):
    """Safeguarded Newton on a problem's slope, which falls through zero in [a, b];
    (u, value) with the value corrected to O(step^3) (see ``kernel_base``)."""
    lo, hi = b, a  # slope < 0 at lo's side, >= 0 at hi's
    x = min(max(x0, a), b)
    step_old = b - a
    cell = b - a
    fx = -math.inf
    for _ in range(NEWTON_ITERATIONS):
        g, dg, fx, dfx = evaluate(problem, family, x, ctx, nodes, work)
        if g == 0.0:
            break
        x_new, lo, hi, step, newton = rtsafe_step(x, g, dg, lo, hi, step_old)
        if newton and step <= ACCEPT * cell:
            # the root is within ~step^2 of the Newton point; the value there is
            # f(x) + f'(x) step / 2 to O(step^3) (f' is linear in the step)
            corrected = fx + 0.5 * dfx * (x_new - x)
            return x_new, (corrected if math.isfinite(corrected) else -math.inf)
        step_old = step
        if step <= 4.0 * EPS * max(1.0, abs(x)):
            break
        x = x_new
    return x, (fx if math.isfinite(fx) else -math.inf)


@njit(cache=True, error_model="numpy", fastmath=FAST)
def refine(problem, family, st, ctx, nodes, work):
    """A scan's answer for one problem: its two best cells refined, against its best
    grid node: (u*, value)."""
    best_u = math.nan
    best_f = -math.inf
    for k in range(2):
        lower = st[3 + 4 * k]
        if lower != lower:
            continue
        start, width = st[4 + 4 * k], st[5 + 4 * k]
        x, fx = newton_max(problem, family, lower, lower + width, start, ctx, nodes, work)
        if fx > best_f:
            best_u, best_f = x, fx
    if st[0] > best_f or best_u != best_u:
        return st[1], st[0]
    return best_u, best_f


# ------------------------------------------------------------------------ the window
@njit(cache=True, error_model="numpy", fastmath=FAST)
def window(family, ctx):
    """[u_a, u_b] (module docstring, part 1).  For the contest the references' odds are
    e^-j and e^-j / (D_I/D_N)^m: no exponential but one for c e^u."""
    lo, hi = ctx[LLO], ctx[LHI]
    w = ctx[WIDTH]
    h = ctx[H0]
    if ctx[KIND] == 0.0:
        m = ctx[SLOPE]
        u_mode = ctx[CN] + w * math.log((m - 1.0) / (m + 1.0)) if m > 1.0 else -math.inf
    else:
        u_mode = ctx[CN] - w * w
    u_a = min(max(u_mode - h, lo), hi)
    v, c, kn, kg = ctx[V], ctx[C], ctx[KN], ctx[KG]
    proven = family == ONE_PRIOR and ctx[MODE] == 0.0
    q0 = q1 = 1.0
    if proven:
        q0, _, _ = spec_q(0, ctx, 0.0, 0.0, 0.0)
        q1, _, _ = spec_q(1, ctx, 0.0, 0.0, 0.0)
    plain = ctx[KIND] == 0.0 and lo <= ctx[CI] and ctx[CI] + 3.0 * w <= hi and ctx[ODDS] < 1e300
    ce = c * math.exp(ctx[CI])
    grow = math.exp(w)
    force_top = ratio0 = ratio1 = math.inf
    for j in range(4):
        if plain:
            if j > 0:
                ce *= grow
            odds = E_MINUS[j]
            pn, pi_ = 1.0 / (1.0 + odds / ctx[ODDS]), 1.0 / (1.0 + odds)
        else:
            u_ref = min(max(ctx[CI] + j * w, lo), hi)
            comb = combat(u_ref, ctx)
            ce = c * math.exp(u_ref)
            pn, pi_ = comb[0], comb[3]
        if proven:  # each problem's own bound, at its own prior
            win = (1.0 - q0) * pn + q0 * pi_
            force_top = min(force_top, v * (1.0 - win) + ce)
            if win > 0.0:
                ratio0 = min(ratio0, (ce + (kn + q0 * kg) * (1.0 - win)) / win)
            win = (1.0 - q1) * pn + q1 * pi_
            if win > 0.0:
                ratio1 = min(ratio1, (ce + (kn + q1 * kg) * (1.0 - win)) / win)
        else:  # bounds valid for every criterion: value >= EU at q = 1, V*(u) <= ratio at 1
            force_top = min(force_top, v * (1.0 - pi_) + kg + ce)
            if pi_ > 0.0:
                ratio0 = min(ratio0, (ctx[KI] + ce) / pi_ - kn)
    top = max(force_top, ratio0) if not proven else max(force_top, ratio0, ratio1)
    u_b = min(math.log(top / c) + h, hi) if top > 0.0 else hi
    return u_a, max(u_b, u_a)


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _floor_prior(family, ctx, comb_lo):
    """q_floor: a constant prior below every prior the criterion weighs on [F_lo, u_m]
    (module docstring, part 1)."""
    d = comb_lo[0] - comb_lo[3]
    if ctx[MODE] == 0.0:
        if family == ONE_PRIOR:
            q, _, _ = spec_q(0, ctx, 0.0, 0.0, 0.0)
            return q
        return ctx[S_MEAN]  # Jensen: smooth and multiplier values <= EU at the mean
    if family == ONE_PRIOR:
        q, _, _ = spec_q(0, ctx, d, 0.0, 0.0)
        return q
    if family == MULTIPLIER:
        q, _, _ = normal_q(ctx[S_MEAN], ctx, d, 0.0, 0.0)
        return q
    q, _, _ = normal_q(ctx[S_CRIT2], ctx, d, 0.0, 0.0)  # smooth: the set's bottom
    return q


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _certified(family, ctx, u_a, best, threshold, baseline):
    """Whether nothing on [F_lo, u_a] can beat the window's answers (module docstring):
    ``best`` >= EU at q_floor at both ends, and -V* (``threshold``, ``baseline``) >=
    the ratio's -K/P at q_floor (the mean prior's floor for the baseline) at u_a."""
    lo = ctx[LLO]
    if u_a <= lo:
        return True
    comb_lo = combat(lo, ctx)
    comb_a = combat(u_a, ctx)
    q = _floor_prior(family, ctx, comb_lo)
    q_mean, _, _ = spec_q(1, ctx, comb_lo[0] - comb_lo[3], 0.0, 0.0)
    kn, kg, v, c = ctx[KN], ctx[KG], ctx[V], ctx[C]
    f_lo, _, _ = expected(comb_lo, q, 0.0, 0.0, v, kn, kg, c * math.exp(lo))
    f_a, _, _ = expected(comb_a, q, 0.0, 0.0, v, kn, kg, c * math.exp(u_a))
    bound = max(f_lo, f_a)
    r, _, _, _ = ratio(comb_a, q, 0.0, 0.0, kn, kg, c * math.exp(u_a))
    r_mean, _, _, _ = ratio(comb_a, q_mean, 0.0, 0.0, kn, kg, c * math.exp(u_a))
    tol = 1e-13
    return (
        best >= bound - tol * max(1.0, abs(bound))
        and threshold >= r - tol * max(1.0, abs(r))
        and baseline >= r_mean - tol * max(1.0, abs(r_mean))
    )


# -------------------------------------------------------------------- other problems
@njit(cache=True, error_model="numpy", fastmath=FAST)
def _log_ratio_slope(u, ctx):
    """d/du ln[(k_N + c e^u)/p_N(u)] (rising: the log ratio is convex) and its derivative."""
    w = ctx[WIDTH]
    x = (u - ctx[CN]) / w
    ce = ctx[C] * math.exp(u)
    k = ctx[KN]
    share = ce / (k + ce)
    dshare = k * ce / ((k + ce) * (k + ce))
    if ctx[KIND] == 0.0:  # logistic: p'/p = (1 - p)/w, (p'/p)' = -p (1 - p)/w^2
        one_minus = 1.0 / (1.0 + math.exp(x)) if x > -700.0 else 1.0
        p = 1.0 - one_minus
        return share - one_minus / w, dshare + (p * one_minus / w) / w
    from_below = _hazard_left(x)  # phi(x)/Phi(x)
    return share - from_below / w, dshare + (from_below * (from_below + x) / w) / w


@njit(cache=True, error_model="numpy")
def _hazard_left(x):
    """phi(x) / Phi(x) for any x (the hazard of -x)."""
    y = -x
    if y < 25.0:
        return (
            math.exp(-0.5 * y * y) * 0.3989422804014327 / (0.5 * math.erfc(y * 0.7071067811865476))
        )
    inv = 1.0 / (y * y)
    return y / (1.0 - inv * (1.0 - 3.0 * inv * (1.0 - 5.0 * inv)))


@njit(cache=True, error_model="numpy", fastmath=FAST)
def no_intervention_threshold(ctx, start):
    """V*_0 = min_u (k_N + c e^u)/p_N(u): the root of the rising slope of its log, by
    safeguarded Newton from ``start`` (bracketed by the search's ends)."""
    lo, hi = ctx[LLO], ctx[LHI]
    x = min(max(start, lo), hi) if start == start else min(max(ctx[CN], lo), hi)
    g, dg = _log_ratio_slope(x, ctx)
    if g > 0.0:
        neg, pos = lo, x
        g_end, _ = _log_ratio_slope(lo, ctx)
        if g_end >= 0.0:
            x, g = lo, 0.0
    else:
        neg, pos = x, hi
        g_end, _ = _log_ratio_slope(hi, ctx)
        if g_end <= 0.0:
            x, g = hi, 0.0
    step_old = abs(pos - neg)
    for _ in range(NEWTON_ITERATIONS + 100):
        if g == 0.0:
            break
        x_new, neg, pos, step, _ = rtsafe_step(x, g, dg, neg, pos, step_old)
        step_old = step
        if step <= 4.0 * EPS * max(1.0, abs(x)):
            break
        x = x_new
        g, dg = _log_ratio_slope(x, ctx)
    comb = combat(x, ctx)
    if not comb[0] > 0.0:
        return math.inf
    return (ctx[KN] + ctx[C] * math.exp(x)) / comb[0]


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _root_rising(problem, family, a, b, ctx, nodes, work, start=math.nan):
    """The root of a rising S - P̄ in [a, b] (S(a) < P̄ <= S(b)) by safeguarded Newton
    from ``start`` (the midpoint if nan)."""
    neg, pos = a, b
    x = min(max(start, a), b) if start == start else 0.5 * (a + b)
    step_old = b - a
    for _ in range(NEWTON_ITERATIONS + 100):
        g, dg, _, _ = evaluate(problem, family, x, ctx, nodes, work)
        if g == 0.0:
            return x
        x_new, neg, pos, step, _ = rtsafe_step(x, g, dg, neg, pos, step_old)
        step_old = step
        if step <= 1e-14 * max(1.0, abs(x)) or abs(pos - neg) <= 4.0 * EPS * max(1.0, abs(x)):
            return x_new if step > 0 else x
        x = x_new
    return x


@njit(cache=True, error_model="numpy", fastmath=FAST)
def contest_requirement(q, ctx):
    """The contest's requirement at a constant q in closed form: with y = (D_N/F)^m and
    r = (D_I/D_N)^m, (1 - q)/(1 + y) + q/(1 + r y) = P̄ is the quadratic
    P̄ r y^2 + (P̄ (1 + r) - (1 - q) r - q) y + P̄ - 1 = 0, with one positive root."""
    target = ctx[TARGET]
    r = ctx[ODDS]
    a = target * r
    b = target * (1.0 + r) - (1.0 - q) * r - q
    root = math.sqrt(b * b + 4.0 * a * (1.0 - target))
    y = 2.0 * (1.0 - target) / (b + root) if b > 0 else (root - b) / (2.0 * a)
    return ctx[CN] - ctx[WIDTH] * math.log(y)


@njit(cache=True, error_model="numpy", fastmath=FAST)
def rising_requirement(problem, family, ctx, nodes, work):
    """Exogenous mode: the least u with S(u) >= P̄, S rising, between the requirements
    at q = 0 and at q = 1 (S lies between p_I and p_N); nan if beyond F_max."""
    u_out, u_in, hi = ctx[LOG_REQ_OUT], ctx[LOG_REQ_IN], ctx[LHI]
    if not u_out <= hi:
        return math.nan
    top = min(u_in, hi)
    if not u_in <= hi:  # S(u_in) >= p_I(u_in) = P̄ is reachable only if F_max reaches it
        g_top, _, _, _ = evaluate(problem, family, top, ctx, nodes, work)
        if g_top < 0.0:
            return math.nan
    if top <= u_out:
        return u_out
    if family == ONE_PRIOR and ctx[KIND] == 0.0 and 1e-150 < ctx[ODDS] < 1e150:
        q, _, _ = spec_q(0 if problem == REQUIREMENT else 1, ctx, 0.0, 0.0, 0.0)
        return min(max(contest_requirement(q, ctx), u_out), top)
    g_out, _, _, _ = evaluate(problem, family, u_out, ctx, nodes, work)
    if g_out >= 0.0:
        return u_out
    start = math.nan
    if family != ONE_PRIOR and ctx[KIND] == 0.0 and 1e-150 < ctx[ODDS] < 1e150:
        # the mean prior's requirement: S <= P at the mean (Jensen), so the root is above
        start = contest_requirement(ctx[S_MEAN] if ctx[MODE] == 0.0 else 0.5, ctx)
    return _root_rising(problem, family, u_out, top, ctx, nodes, work, start)


@njit(cache=True, error_model="numpy", fastmath=FAST)
def crossing_requirement(problem, family, ctx, bands, nodes, work):
    """Endogenous mode: the first grid node from p_N^{-1}(P̄) up where S reaches P̄, and
    the root in the cell before it; nan if none up to F_max."""
    hi = ctx[LHI]
    u = max(ctx[LOG_REQ_OUT], ctx[LLO])
    if not u <= hi:
        return math.nan
    g, _, _, _ = evaluate(problem, family, u, ctx, nodes, work)
    if g >= 0.0:
        return u
    count = 0
    while u < hi and count < MAX_NODES:
        comb = combat(u, ctx)
        nxt = min(next_node(u, ctx, _level(ctx, comb), bands), hi)
        g, _, _, _ = evaluate(problem, family, nxt, ctx, nodes, work)
        if g >= 0.0:
            return _root_rising(problem, family, u, nxt, ctx, nodes, work)
        u = nxt
        count += 1
    return math.nan


# ----------------------------------------------------------------------- the driver
@njit(cache=True, error_model="numpy", fastmath=FAST)
def _intervention_probability(family, u, ctx, nodes, work):
    """q at F* under the prior that sets the value (docs/model.md)."""
    comb = combat(u, ctx)
    d = comb[0] - comb[3]
    if family == ONE_PRIOR:
        q, _, _ = spec_q(0, ctx, d, 0.0, 0.0)
        return q
    if family == MULTIPLIER:
        _, _, _, _, _, _, tilt = value(
            family, comb, ctx[V], ctx[KN], ctx[KG], ctx[C] * math.exp(u), ctx, nodes
        )
        return tilt
    q, _, _ = spec_q(1, ctx, d, 0.0, 0.0)  # smooth: the mean prior
    return q


@njit(cache=True, error_model="numpy")
def _unresolved(out):
    out[OUT_STATUS] = UNRESOLVED
    for k in range(OUT_STATUS):
        out[k] = math.nan


@njit(cache=True, error_model="numpy")
def solve_point(family, ctx, bands, nodes, work, out, store):
    """Every output of one point (module docstring) into ``out``."""
    lo = ctx[LLO]
    problems = 2 if (family == ONE_PRIOR and ctx[ONE_SPEC] == 1.0) else 3
    u_a, u_b = window(family, ctx)
    comb = combat(u_a, ctx)
    q_start, _, _ = spec_q(1, ctx, comb[0] - comb[3], 0.0, 0.0)
    r0, _, _, _ = ratio(comb, q_start, 0.0, 0.0, ctx[KN], ctx[KG], ctx[C] * math.exp(u_a))
    work[0] = -r0 if math.isfinite(r0) else 1.0  # V*(u) warm start: the mean prior's ratio
    proven = family == ONE_PRIOR and ctx[MODE] == 0.0
    first = math.inf  # a bound on the value at any force below the window
    if proven and _uniform(u_a, u_b, ctx):
        s0, s1, s2, s3, count, first = scan_constant(u_a, u_b, ctx, problems)
    elif family == ONE_PRIOR:
        s0, s1, s2, s3, count = scan(family, u_a, u_b, ctx, bands, nodes, work, problems)
    else:
        s0, s1, s2, s3, count = scan_bounded(
            family, u_a, u_b, ctx, bands, nodes, work, problems, store
        )
    if count > MAX_NODES:
        _unresolved(out)
        return
    u_star, best = refine(BEST, family, s0, ctx, nodes, work)
    u_thr, thr = refine(THRESHOLD, family, s1, ctx, nodes, work)
    base = thr
    if problems == 3:
        _, base = refine(BASELINE, family, s2, ctx, nodes, work)
    if not proven and not _certified(family, ctx, u_a, best, thr, base):
        if family == ONE_PRIOR:
            e0, e1, e2, _, extra = scan(family, lo, u_a, ctx, bands, nodes, work, problems)
        else:
            e0, e1, e2, _, extra = scan_bounded(
                family, lo, u_a, ctx, bands, nodes, work, problems, store
            )
        if extra > MAX_NODES:
            _unresolved(out)
            return
        s0, s1, s2 = merge(s0, e0), merge(s1, e1), merge(s2, e2)
        u_star, best = refine(BEST, family, s0, ctx, nodes, work)
        _, thr = refine(THRESHOLD, family, s1, ctx, nodes, work)
        base = thr
        if problems == 3:
            _, base = refine(BASELINE, family, s2, ctx, nodes, work)
    # q = 0: the log ratio is convex, its minimum in the window (below u_a it falls)
    if s3[0] > -math.inf or s3[3] == s3[3]:
        _, v0 = refine(UNINTERVENED, family, s3, ctx, nodes, work)
    else:  # no turn in the window: at an end, found from the threshold's optimum
        v0 = -no_intervention_threshold(ctx, u_thr)
    # the lowest force: the supremum may be approached only as F -> F_lo
    at_lower = u_star <= lo
    if not at_lower and not best > first:
        _, _, low, _ = evaluate(BEST, family, lo, ctx, nodes, work)
        if low >= best:
            u_star, best, at_lower = lo, low, True
    out[OUT_ATTACK] = 1.0 if best > 0.0 else 0.0
    out[OUT_FORCE] = math.nan if at_lower else math.exp(u_star)
    out[OUT_Q] = _intervention_probability(family, u_star, ctx, nodes, work)
    out[OUT_THRESHOLD] = -thr if math.isfinite(thr) else math.nan
    out[OUT_V_EU] = -base if math.isfinite(base) else math.nan
    out[OUT_V_0] = -v0 if math.isfinite(v0) else math.nan
    exogenous = ctx[MODE] == 0.0
    if exogenous:
        req = rising_requirement(REQUIREMENT, family, ctx, nodes, work)
        req_eu = rising_requirement(BASE_REQUIREMENT, ONE_PRIOR, ctx, nodes, work)
    else:
        req = crossing_requirement(REQUIREMENT, family, ctx, bands, nodes, work)
        req_eu = crossing_requirement(BASE_REQUIREMENT, ONE_PRIOR, ctx, bands, nodes, work)
    if family == ONE_PRIOR and problems == 2:
        req_eu = req
    out[OUT_REQUIREMENT] = math.exp(req) if req == req else math.nan
    out[OUT_R_EU] = math.exp(req_eu) if req_eu == req_eu else math.nan
    out[OUT_STATUS] = 0.0


@njit(cache=True, error_model="numpy")
def family_of(criterion, endogenous, beta):
    """The value family (``kernel_values``) of a criterion code (``kernel_setup``)."""
    if criterion == ks_setup.MULTIPLIER:
        return MULTIPLIER
    if criterion == ks_setup.SMOOTH:
        if endogenous:
            return SMOOTH_ENDOGENOUS
        return BETA if beta else UNIFORM
    return ONE_PRIOR


@njit(cache=True, error_model="numpy")
def solve_points(criterion, kind, endogenous, beta, raw):
    """Every output of every row of ``raw`` (P, NRAW): (P, NOUT)."""
    size = raw.shape[0]
    out = np.empty((size, NOUT))
    nodes = np.zeros((5, quad.NODES))
    work = np.zeros(4)
    ctx = np.zeros(NCTX)
    bands = np.zeros(ks_setup.BANDS)
    store = np.zeros((STORE, 10))
    family = family_of(criterion, endogenous, beta)
    for i in range(size):
        ks_setup.set_point(criterion, kind, endogenous, beta, raw[i], ctx, bands)
        solve_point(family, ctx, bands, nodes, work, out[i], store)
    return out
