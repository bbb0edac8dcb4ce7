r"""Compiled per-point solver (Numba) for minimax regret (Savage 1951; Stoye 2011).

With priors k (exogenous: the set's two ends, since regret is convex in q and the
worst prior is an end; endogenous: REGRET_PRIORS means of R's resolve evenly over
the set), EU_k(u, V) = V P_k(u) - K_k(u), and B_k(V) = max(0, max_u EU_k(u, V)),
A attacks with u iff its largest regret max_k [B_k - EU_k(u)] is below holding's,
max_k B_k.  So A attacks at stakes V iff

    G(V) = max_u R(u, V) + max_k B_k(V) > 0,   R(u, V) = min_k [EU_k(u, V) - B_k(V)].

Per point, on u = ln F (the grid, window and Newton of ``kernel_base`` and
``kernel_smooth``):

1. The grid is walked once over a window valid for every stakes the point needs
   (V and the thresholds' bracket, bounded by V*_1, the threshold at q = 1, one
   convex Newton); each node's combat (and in endogenous mode each prior's
   q_k(u) and its derivatives) is stored, so that EU_k at a node is linear in V.
2. B_k(V): the best node of each EU_k, refined by safeguarded Newton.
3. max_u R: R is the lower envelope of smooth functions; its best node is refined
   by an active set: maximise the smallest f_k = EU_k - B_k in the node's cells;
   where another prior becomes smaller, the maximum is the kink where they cross
   (a root of f_k1 - f_k2 by safeguarded Newton), checked against every prior.
4. V*: G rises with V (every EU_k does, and B_k by less than the largest); it is
   <= 0 at V*_lo and >= 0 at V*_hi, the one-prior thresholds at the set's bottom
   and top (docs/model.md, "Batch solving"), so V* is its root there, by Brent's method
   (Brent 1973, ch. 4) to 1e-13.
5. The requirement is the worst case's (the top of the set), the references as in
   ``kernel_smooth``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from deterrence.models.intervention import kernel_setup as ks_setup
from deterrence.models.intervention import kernel_smooth as sm
from deterrence.models.intervention.kernel_base import (
    ACCEPT,
    ALPHA,
    CI,
    CN,
    EMPTY,
    EPS,
    FAST,
    KAPPA,
    KG,
    KI,
    KN,
    LLO,
    MAX_NODES,
    MODE,
    NCTX,
    NEWTON_ITERATIONS,
    S_CRIT,
    S_CRIT2,
    WR,
    C,
    V,
    combat,
    next_node,
    normal_q,
    rtsafe_step,
    track,
)

REGRET_PRIORS = 65  # priors scanned in endogenous mode (docs/model.md)
REGRET_TIE = 1e-9  # regrets this close (relative) count as tied: the largest q is reported
GRID = 4096  # nodes stored per point (more: unresolved)
BRENT_TOL = 1e-13


# -------------------------------------------------------------------------- priors
@njit(cache=True, error_model="numpy")
def set_priors(ctx, priors):
    """The priors' s (q or mu) into ``priors``; returns their count."""
    lo, hi = ctx[S_CRIT2], ctx[S_CRIT]
    if not hi > lo:
        priors[0] = hi
        return 1
    if ctx[MODE] == 0.0:
        priors[0], priors[1] = lo, hi
        return 2
    for k in range(REGRET_PRIORS):
        priors[k] = lo + (hi - lo) * k / (REGRET_PRIORS - 1)
    priors[REGRET_PRIORS - 1] = hi
    return REGRET_PRIORS


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def _q(ctx, s, d, d1, d2):
    if ctx[MODE] == 0.0:
        return s, 0.0, 0.0
    return normal_q(s, ctx, d, d1, d2)


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def _eu(comb, ce, q, q1, q2, v, ctx):
    """(EU, EU', EU'') of one prior from its q(u) and derivatives."""
    pn, dn, d2n, pi_, di, d2i = comb
    d = pn - pi_
    d1 = dn - di
    r = 1.0 - q
    kg = ctx[KG]
    p0 = r * pn + q * pi_
    p1 = r * dn + q * di - q1 * d
    p2 = r * d2n + q * d2i - 2.0 * q1 * d1 - q2 * d
    return v * p0 - ctx[KN] - q * kg - ce, v * p1 - q1 * kg - ce, v * p2 - q2 * kg - ce


@njit(cache=True, error_model="numpy", fastmath=FAST)
def prior_eu(k, u, v, ctx, priors):
    """(EU_k, EU_k', EU_k'') at u and stakes v (exact)."""
    comb = combat(u, ctx)
    d = comb[0] - comb[3]
    q, q1, q2 = _q(ctx, priors[k], d, comb[1] - comb[4], comb[2] - comb[5])
    return _eu(comb, ctx[C] * math.exp(u), q, q1, q2, v, ctx)


# ---------------------------------------------------------------------------- the grid
@njit(cache=True, error_model="numpy", fastmath=FAST)
def store_grid(a, b, ctx, bands, priors, count, us, combs, qs):
    """Walk the grid from a to b, storing each node's u, combat and c e^u (``combs``
    columns 0-6) and each prior's q, q', q'' (``qs[k, g]``); returns the node count
    (more than GRID: unresolved)."""
    u = a
    n = 0
    while n < GRID:
        comb = combat(u, ctx)
        us[n] = u
        for j in range(6):
            combs[n, j] = comb[j]
        combs[n, 6] = ctx[C] * math.exp(u)
        d = comb[0] - comb[3]
        for k in range(count):
            q, q1, q2 = _q(ctx, priors[k], d, comb[1] - comb[4], comb[2] - comb[5])
            qs[k, n, 0], qs[k, n, 1], qs[k, n, 2] = q, q1, q2
        n += 1
        if u >= b:
            return n
        level = math.nan if ctx[MODE] == 0.0 else ctx[WR] * d - ctx[KAPPA]
        u = min(next_node(u, ctx, level, bands), b)
    return GRID + 1


@njit(cache=True, error_model="numpy", fastmath=FAST, inline="always")
def _node_eu(g, k, v, ctx, combs, qs):
    comb = (combs[g, 0], combs[g, 1], combs[g, 2], combs[g, 3], combs[g, 4], combs[g, 5])
    return _eu(comb, combs[g, 6], qs[k, g, 0], qs[k, g, 1], qs[k, g, 2], v, ctx)


# ------------------------------------------------------------------- best EU per prior
@njit(cache=True, error_model="numpy", fastmath=FAST)
def _newton_prior(k, a, b, x0, v, ctx, priors):
    """max of EU_k on [a, b], whose slope falls through zero there: (u, value)."""
    neg, pos = b, a
    x = min(max(x0, a), b)
    step_old = b - a
    cell = b - a
    f = -math.inf
    for _ in range(NEWTON_ITERATIONS):
        f, g, dg = prior_eu(k, x, v, ctx, priors)
        if g == 0.0:
            break
        x_new, neg, pos, step, newton = rtsafe_step(x, g, dg, neg, pos, step_old)
        if newton and step <= ACCEPT * cell:
            return x_new, f + 0.5 * g * (x_new - x)
        step_old = step
        if step <= 4.0 * EPS * max(1.0, abs(x)):
            break
        x = x_new
    return x, f


@njit(cache=True, error_model="numpy", fastmath=FAST)
def best_eu(k, v, n, us, combs, qs, ctx, priors):
    """max_u EU_k(u, v) over the stored grid, refined (two best falling cells)."""
    st = EMPTY
    for g in range(n):
        f, f1, f2 = _node_eu(g, k, v, ctx, combs, qs)
        st = track(st, us[g], f, f1, f2)
    best_u, best_f = st[1], st[0]
    for j in range(2):
        lower = st[3 + 4 * j]
        if lower != lower:
            continue
        x, fx = _newton_prior(k, lower, lower + st[5 + 4 * j], st[4 + 4 * j], v, ctx, priors)
        if fx > best_f:
            best_u, best_f = x, fx
    return best_u, best_f


# -------------------------------------------------------------------- max_u min_k f_k
@njit(cache=True, error_model="numpy", fastmath=FAST)
def _smallest(u, v, ctx, priors, count, floors):
    """(min_k f_k(u), its k, the slope of that f_k) with f_k = EU_k - B_k; among priors
    tied (to rounding) the one whose slope is smallest, so that a kink's slope is the
    side that falls."""
    comb = combat(u, ctx)
    ce = ctx[C] * math.exp(u)
    d = comb[0] - comb[3]
    best = math.inf
    k_best = -1
    slope = 0.0
    for k in range(count):
        q, q1, q2 = _q(ctx, priors[k], d, comb[1] - comb[4], comb[2] - comb[5])
        f, f1, _ = _eu(comb, ce, q, q1, q2, v, ctx)
        f -= floors[k]
        tie = 4.0 * EPS * max(1.0, abs(f))
        if f < best - tie or (f <= best + tie and f1 < slope):
            best, k_best, slope = min(f, best), k, f1
    return best, k_best, slope


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _kink(k1, k2, a, b, v, ctx, priors, floors):
    """The root of f_k1 - f_k2 in [a, b] (opposite signs at the ends), safeguarded Newton."""
    fa1, _, _ = prior_eu(k1, a, v, ctx, priors)
    fa2, _, _ = prior_eu(k2, a, v, ctx, priors)
    ga = (fa1 - floors[k1]) - (fa2 - floors[k2])
    if ga < 0.0:
        neg, pos = a, b
    else:
        neg, pos = b, a
    x = 0.5 * (a + b)
    step_old = abs(b - a)
    for _ in range(NEWTON_ITERATIONS):
        f1, s1, _ = prior_eu(k1, x, v, ctx, priors)
        f2, s2, _ = prior_eu(k2, x, v, ctx, priors)
        g = (f1 - floors[k1]) - (f2 - floors[k2])
        if g == 0.0:
            return x
        x_new, neg, pos, step, _ = rtsafe_step(x, g, s1 - s2, neg, pos, step_old)
        step_old = step
        if step <= 4.0 * EPS * max(1.0, abs(x)) or abs(pos - neg) <= 4.0 * EPS * max(1.0, abs(x)):
            return x_new
        x = x_new
    return x


@njit(cache=True, error_model="numpy", fastmath=FAST)
def _local_max(a, b, v, ctx, priors, count, floors):
    """The maximum of R = min_k f_k on [a, b], R unimodal there: bisection on the sign
    of the active prior's slope, jumping to the kink of the two priors active at the
    bracket's ends (or to the smooth maximum of the one prior active at both) and
    accepting it when no prior lies below it there.  (u*, R*)."""
    r_a, k_a, s_a = _smallest(a, v, ctx, priors, count, floors)
    r_b, k_b, s_b = _smallest(b, v, ctx, priors, count, floors)
    if s_a <= 0.0:
        return a, r_a
    if s_b >= 0.0:
        return b, r_b
    lo, hi = a, b
    best_u, best_r = (a, r_a) if r_a >= r_b else (b, r_b)
    for _ in range(200):
        if k_a == k_b:
            z, _ = _newton_prior(k_a, lo, hi, 0.5 * (lo + hi), v, ctx, priors)
        else:
            z = _kink(k_a, k_b, lo, hi, v, ctx, priors, floors)
            # a kink is the maximum only if the left prior still rises there and the
            # right one falls; else the maximum is the smooth one of the prior that turns
            _, s_left, _ = prior_eu(k_a, z, v, ctx, priors)
            _, s_right, _ = prior_eu(k_b, z, v, ctx, priors)
            if s_left < 0.0:
                hi, k_b = z, k_a
                continue
            if s_right > 0.0:
                lo, k_a = z, k_b
                continue
        z_f, _, _ = prior_eu(k_a, z, v, ctx, priors)
        z_f -= floors[k_a]
        r_z, k_z, s_z = _smallest(z, v, ctx, priors, count, floors)
        if r_z > best_r:
            best_u, best_r = z, r_z
        if r_z >= z_f - 16.0 * EPS * max(1.0, abs(z_f)):
            return z, r_z  # nothing below the candidate: it is the maximum
        # a third prior lies below the candidate: bisect towards the maximum
        if not (lo < z < hi) or min(z - lo, hi - z) < 0.05 * (hi - lo):
            z = 0.5 * (lo + hi)
            r_z, k_z, s_z = _smallest(z, v, ctx, priors, count, floors)
        if s_z > 0.0:
            lo, k_a = z, k_z
        else:
            hi, k_b = z, k_z
        if r_z > best_r:
            best_u, best_r = z, r_z
        if hi - lo <= 4.0 * EPS * max(1.0, abs(hi)):
            break
    return best_u, best_r


@njit(cache=True, error_model="numpy", fastmath=FAST)
def max_regret_value(v, n, us, combs, qs, ctx, priors, count, floors, values):
    """max_u R(u, v): the grid's two best local maxima refined by the active set; (u*, R*)."""
    for g in range(n):
        low = math.inf
        for k in range(count):
            f, _, _ = _node_eu(g, k, v, ctx, combs, qs)
            low = min(low, f - floors[k])
        values[g] = low
    best_g = second_g = -1
    best = second = -math.inf
    for g in range(n):
        left = values[g - 1] if g > 0 else -math.inf
        right = values[g + 1] if g < n - 1 else -math.inf
        if values[g] >= left and values[g] >= right:
            if values[g] > best:
                second, second_g = best, best_g
                best, best_g = values[g], g
            elif values[g] > second:
                second, second_g = values[g], g
    u_best, r_best = us[best_g], best
    for g in (best_g, second_g):
        if g < 0:
            continue
        a = us[max(g - 1, 0)]
        b = us[min(g + 1, n - 1)]
        x, r = _local_max(a, b, v, ctx, priors, count, floors)
        if r > r_best:
            u_best, r_best = x, r
    return u_best, r_best


@njit(cache=True, error_model="numpy", fastmath=FAST)
def gain(v, n, us, combs, qs, ctx, priors, count, floors, values):
    """G(v) = max_u R(u, v) + max_k B_k(v); fills ``floors`` with B_k(v); (G, u*).  The
    lowest force competes for B_k (below the window EU_k is quasi-convex)."""
    top = 0.0
    lo = ctx[LLO]
    for k in range(count):
        _, e = best_eu(k, v, n, us, combs, qs, ctx, priors)
        if us[0] > lo:
            e_lo, _, _ = prior_eu(k, lo, v, ctx, priors)
            e = max(e, e_lo)
        floors[k] = max(0.0, e)
        top = max(top, floors[k])
    u_star, r = max_regret_value(v, n, us, combs, qs, ctx, priors, count, floors, values)
    return r + top, u_star


@njit(cache=True, error_model="numpy", fastmath=FAST)
def brent_root(lo, hi, f_lo, f_hi, n, us, combs, qs, ctx, priors, count, floors, values):
    """The root of the rising G in [lo, hi] (G(lo) <= 0 < G(hi)): Brent's method."""
    a, b, fa, fb = lo, hi, f_lo, f_hi
    c, fc = a, fa
    d = e = b - a
    for _ in range(200):
        if (fb > 0) == (fc > 0):
            c, fc = a, fa
            d = e = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol = 2.0 * EPS * abs(b) + 0.5 * BRENT_TOL * max(1.0, abs(b))
        m = 0.5 * (c - b)
        if abs(m) <= tol or fb == 0.0:
            return b
        if abs(e) >= tol and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:
                p, q = 2.0 * m * s, 1.0 - s
            else:
                q0, r = fa / fc, fb / fc
                p = s * (2.0 * m * q0 * (q0 - r) - (b - a) * (r - 1.0))
                q = (q0 - 1.0) * (r - 1.0) * (s - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if 2.0 * p < min(3.0 * m * q - abs(tol * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = m
        else:
            d = e = m
        a, fa = b, fb
        b = b + d if abs(d) > tol else b + (tol if m > 0 else -tol)
        fb, _ = gain(b, n, us, combs, qs, ctx, priors, count, floors, values)
    return b


# ------------------------------------------------------------------------- the driver
@njit(cache=True, error_model="numpy")
def _one_prior_threshold(ctx, s, bands, nodes, work):
    """V* of EU at one prior s (exogenous q or endogenous mu) via ``kernel_smooth``."""
    saved = (ctx[S_CRIT], ctx[S_CRIT2], ctx[ALPHA])
    ctx[S_CRIT], ctx[S_CRIT2], ctx[ALPHA] = s, s, 1.0
    u_a, u_b = sm.window(0, ctx)
    if ctx[MODE] == 0.0 and sm._uniform(u_a, u_b, ctx):
        _, s1, _, _, count, _ = sm.scan_constant(u_a, u_b, ctx, 2)
    else:
        _, s1, _, _, count = sm.scan(0, u_a, u_b, ctx, bands, nodes, work, 2)
    _, thr = sm.refine(1, 0, s1, ctx, nodes, work)
    if ctx[MODE] != 0.0:
        _, e1, _, _, _ = sm.scan(0, ctx[LLO], u_a, ctx, bands, nodes, work, 2)
        _, thr_low = sm.refine(1, 0, e1, ctx, nodes, work)
        thr = max(thr, thr_low)
    ctx[S_CRIT], ctx[S_CRIT2], ctx[ALPHA] = saved
    return -thr if count <= MAX_NODES else math.nan


@njit(cache=True, error_model="numpy")
def _certain_threshold(ctx):
    """V*_1: the threshold if R surely intervenes, min_u (k_I + c e^u)/p_I(u) (its log is
    convex: ``kernel_smooth.no_intervention_threshold`` on the I transition)."""
    saved = (ctx[CN], ctx[KN])
    ctx[CN], ctx[KN] = ctx[CI], ctx[KI]
    value = sm.no_intervention_threshold(ctx, ctx[CI])
    ctx[CN], ctx[KN] = saved
    return value


@njit(cache=True, error_model="numpy")
def _certified(n, us, v, r_star, ctx, priors, count, floors):
    """Exogenous mode: nothing below the window beats R*: R <= EU_0 - B_0 (the set's
    bottom), quasi-convex on [F_lo, u_a] (a constant prior below the mode)."""
    lo = ctx[LLO]
    if us[0] <= lo:
        return True
    bound = -math.inf
    for u in (lo, us[0]):
        f, _, _ = prior_eu(0, u, v, ctx, priors)
        bound = max(bound, f - floors[0])
    return r_star >= bound - 1e-13 * max(1.0, abs(bound))


@njit(cache=True, error_model="numpy")
def solve_point(ctx, bands, priors, scratch, nodes, work, tmp, out, store):
    """Every output of one point (module docstring) into ``out``."""
    us, combs, qs, floors, values = scratch
    count = set_priors(ctx, priors)
    v = ctx[V]
    v_top = max(v, _certain_threshold(ctx))
    saved_v = ctx[V]
    ctx[V] = v_top if math.isfinite(v_top) else v
    u_a, u_b = sm.window(5, ctx)  # the generic (not one-prior) window at the largest V
    ctx[V] = saved_v
    lo = ctx[LLO]
    a = lo if ctx[MODE] != 0.0 else u_a
    n = store_grid(a, u_b, ctx, bands, priors, count, us, combs, qs)
    if n > GRID:
        sm._unresolved(out)
        return
    g_v, u_star = gain(v, n, us, combs, qs, ctx, priors, count, floors, values)
    if not _certified(n, us, v, g_v, ctx, priors, count, floors):
        n = store_grid(lo, u_b, ctx, bands, priors, count, us, combs, qs)
        if n > GRID:
            sm._unresolved(out)
            return
        g_v, u_star = gain(v, n, us, combs, qs, ctx, priors, count, floors, values)
    top = 0.0
    for k in range(count):
        top = max(top, floors[k])
    at_lower = u_star <= lo
    if not at_lower and us[0] > lo:  # the lowest force
        low, _, _ = _smallest(lo, v, ctx, priors, count, floors)
        if low + top >= g_v:
            u_star, g_v, at_lower = lo, low + top, True
    out[sm.OUT_ATTACK] = 1.0 if g_v > 0.0 else 0.0
    out[sm.OUT_FORCE] = math.nan if at_lower else math.exp(u_star)
    out[sm.OUT_Q] = _largest_regret_q(u_star, v, ctx, priors, count, floors)
    # V*: the root of G between the one-prior thresholds at the set's ends
    v_lo = _one_prior_threshold(ctx, priors[0], bands, nodes, work)
    v_hi = _one_prior_threshold(ctx, priors[count - 1], bands, nodes, work)
    if not (math.isfinite(v_lo) and math.isfinite(v_hi)):
        threshold = v_hi if math.isfinite(v_hi) else math.nan
    elif v_hi <= v_lo * (1.0 + 1e-15):
        threshold = v_hi
    else:
        args = (n, us, combs, qs, ctx, priors, count, floors, values)
        f_lo, _ = gain(v_lo, *args)
        f_hi, _ = gain(v_hi, *args)
        if f_lo > 0.0:
            threshold = v_lo
        elif f_hi <= 0.0:
            threshold = v_hi
        else:
            threshold = brent_root(v_lo, v_hi, f_lo, f_hi, *args)
    # the worst case's requirement and the references: kernel_smooth at the top prior
    sm.solve_point(0, ctx, bands, nodes, work, tmp, store)
    for j in range(sm.NOUT):
        if j not in (sm.OUT_ATTACK, sm.OUT_FORCE, sm.OUT_Q):
            out[j] = tmp[j]
    out[sm.OUT_THRESHOLD] = threshold


@njit(cache=True, error_model="numpy")
def _largest_regret_q(u, v, ctx, priors, count, floors):
    """q at u under the prior of largest regret (ties within REGRET_TIE: the largest q)."""
    comb = combat(u, ctx)
    ce = ctx[C] * math.exp(u)
    d = comb[0] - comb[3]
    worst = -math.inf
    for k in range(count):
        q, q1, q2 = _q(ctx, priors[k], d, comb[1] - comb[4], comb[2] - comb[5])
        f, _, _ = _eu(comb, ce, q, q1, q2, v, ctx)
        worst = max(worst, floors[k] - f)
    tie = worst - REGRET_TIE * max(1.0, abs(worst))
    q_out = math.nan
    for k in range(count - 1, -1, -1):
        q, q1, q2 = _q(ctx, priors[k], d, comb[1] - comb[4], comb[2] - comb[5])
        f, _, _ = _eu(comb, ce, q, q1, q2, v, ctx)
        if floors[k] - f >= tie:
            return q
    return q_out


@njit(cache=True, error_model="numpy")
def solve_points(criterion, kind, endogenous, beta, raw):
    """Every output of every row of ``raw`` (P, NRAW): (P, NOUT)."""
    size = raw.shape[0]
    out = np.empty((size, sm.NOUT))
    nodes = np.zeros((5, 2048))
    work = np.zeros(4)
    tmp = np.zeros(sm.NOUT)
    store = np.zeros((sm.STORE, 10))
    ctx = np.zeros(NCTX)
    priors = np.zeros(REGRET_PRIORS)
    count = REGRET_PRIORS if endogenous else 2
    bands = np.zeros(REGRET_PRIORS if endogenous else ks_setup.BANDS)
    scratch = (
        np.zeros(GRID),
        np.zeros((GRID, 7)),
        np.zeros((count, GRID, 3)),
        np.zeros(REGRET_PRIORS),
        np.zeros(GRID),
    )
    for i in range(size):
        ks_setup.set_point(ks_setup.MAXMIN, kind, endogenous, beta, raw[i], ctx, bands[:3])
        if endogenous:
            k = set_priors(ctx, priors)
            for j in range(REGRET_PRIORS):
                bands[j] = -priors[min(j, k - 1)]
        solve_point(ctx, bands, priors, scratch, nodes, work, tmp, out[i], store)
    return out
