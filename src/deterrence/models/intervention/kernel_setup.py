r"""Per-point constants of the kernels, computed in the compiled loop (Numba).

``set_point`` turns one row of raw inputs (``RAW_*``: the model's parameters, the
belief's and the criterion's) into the context row the kernels read
(``kernel_base`` indices) and the switch bands:

* the combat as a link of x = (u - c)/w: contest c = ln D, w = 1/m; Lanchester
  c = ln D - ln(rho)/a, w = sigma/a (a = 2 square law, 1 linear); the I centre is
  c + ln(D_I/D_N) = c + log1p(e D_R / D_T) (exact for small e D_R);
* the requirements at q = 0 and q = 1 in closed form (docs/model.md), with the
  normal quantile by Wichura's algorithm AS 241 (1988);
* the grid constants (docs/model.md, "Batch solving"): h0 = min(1/2, (ln F_max - ln F_lo)/95);
  combat zones of spacing max(w/2, H_FLOOR) within X w of each centre, X = ln(B/w) + 40
  (contest: p' <= e^{-|x|}/w) or sqrt(2 (ln(B/w) + 40)) (Lanchester), with
  B = (V + k_I + c F_max + 1)/(c F_lo) (times 1 + W/sd in endogenous mode) bounding
  payoff over marginal cost; R's switch bands (endogenous mode) of spacing
  max(sd/(2 W d'_max), H_FLOOR) where L(u) = W d(u) - kappa lies within Z sd of -mu
  (mu the set's ends and mean), Z = sqrt(2 (ln B + 40)), d'_max = g_max/w
  (g_max = 1/4 for the logistic link, 1/sqrt(2 pi) for the normal one).
"""

from __future__ import annotations

import math

from numba import njit

from deterrence.models.intervention import kernel_base as kb

# raw input columns
(
    RAW_V,
    RAW_DT,
    RAW_DR,
    RAW_E,
    RAW_M,
    RAW_C,
    RAW_KN,
    RAW_KI,
    RAW_KAPPA,
    RAW_W,
    RAW_TARGET,
    RAW_FMAX,
    RAW_RHO,
    RAW_SIGMA,
    RAW_LO,
    RAW_HI,
    RAW_MEAN,
    RAW_SD,
    RAW_A,
    RAW_B,
    RAW_ALPHA,
    RAW_LAM,
) = range(22)
NRAW = 22
FORCE_FLOOR = 1e-6  # the force search starts at FORCE_FLOOR * min(D_T, F_max)
BANDS = 3
# criterion codes (per batch)
EXPECTED, MAXMIN, ALPHA_MAXMIN, SMOOTH, REGRET, MULTIPLIER = 0, 1, 2, 3, 4, 5


@njit(cache=True, error_model="numpy")
def ndtri(p):
    """The standard normal quantile Phi^{-1}(p), 0 < p < 1 (Wichura 1988, AS 241)."""
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        num = (
            ((((((2509.0809287301226727 * r + 33430.575583588128105) * r
            + 67265.770927008700853) * r + 45921.953931549871457) * r
            + 13731.693765509461125) * r + 1971.5909503065514427) * r
            + 133.14166789178437745) * r + 3.387132872796366608
        )  # fmt: skip
        den = (
            ((((((5226.495278852545925 * r + 28729.085735721942674) * r
            + 39307.89580009271061) * r + 21213.794301586595867) * r
            + 5394.1960214247511077) * r + 687.1870074920579083) * r
            + 42.313330701600911252) * r + 1.0
        )  # fmt: skip
        return q * num / den
    r = p if q < 0 else 1.0 - p
    r = math.sqrt(-math.log(r))
    if r <= 5.0:
        r -= 1.6
        num = (
            ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r
            + 0.24178072517745061177) * r + 1.27045825245236838258) * r
            + 3.64784832476320460504) * r + 5.7694972214606914055) * r
            + 4.6303378461565452959) * r + 1.42343711074968357734
        )  # fmt: skip
        den = (
            ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r
            + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
            + 0.68976733498510000455) * r + 1.6763848301838038494) * r
            + 2.05319162663775882187) * r + 1.0
        )  # fmt: skip
    else:
        r -= 5.0
        num = (
            ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
            + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
            + 0.29656057182850489123) * r + 1.7848265399172913358) * r
            + 5.4637849111641143699) * r + 6.6579046435011037772
        )  # fmt: skip
        den = (
            ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
            + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
            + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
            + 0.59983220655588793769) * r + 1.0
        )  # fmt: skip
    value = num / den
    return -value if q < 0 else value


@njit(cache=True, error_model="numpy")
def set_point(criterion, kind, endogenous, beta, raw, ctx, bands):
    """Fill one context row and its switch bands from one raw row (module docstring).

    ``kind``: 0 contest, 1 Lanchester square law, 2 linear law."""
    for j in range(ctx.shape[0]):
        ctx[j] = 0.0
    v, c = raw[RAW_V], raw[RAW_C]
    k_n, k_i = raw[RAW_KN], raw[RAW_KI]
    d_t = raw[RAW_DT]
    spread = raw[RAW_E] * raw[RAW_DR]
    f_max = raw[RAW_FMAX]
    ctx[kb.V], ctx[kb.C], ctx[kb.KN], ctx[kb.KI], ctx[kb.KG] = v, c, k_n, k_i, k_i - k_n
    shift = math.log1p(spread / d_t)
    log_dt = math.log(d_t)
    target = raw[RAW_TARGET]
    if kind == 0:
        width = 1.0 / raw[RAW_M]
        centre = log_dt
        # requirement: D (P/(1-P))^(1/m)
        req = width * (math.log(target) - math.log1p(-target))
    else:
        a = 2.0 if kind == 1 else 1.0
        width = raw[RAW_SIGMA] / a
        centre = log_dt - math.log(raw[RAW_RHO]) / a
        req = width * ndtri(target)
    ctx[kb.KIND] = 0.0 if kind == 0 else 1.0
    ctx[kb.WIDTH] = width
    ctx[kb.SLOPE] = 1.0 / width
    ctx[kb.CN] = centre
    ctx[kb.CI] = centre + shift
    ctx[kb.ODDS] = math.exp(shift / width) if kind == 0 else math.nan
    log_lo = math.log(FORCE_FLOOR) + min(log_dt, math.log(f_max))
    ctx[kb.LLO], ctx[kb.LHI] = log_lo, math.log(f_max)
    ctx[kb.TARGET] = target
    ctx[kb.LOG_REQ_OUT] = centre + req
    ctx[kb.LOG_REQ_IN] = centre + shift + req
    ctx[kb.MODE] = 1.0 if endogenous else 0.0
    lo, hi, mean = raw[RAW_LO], raw[RAW_HI], raw[RAW_MEAN]
    ctx[kb.S_MEAN] = mean
    ctx[kb.ALPHA] = 1.0
    if criterion == EXPECTED:
        ctx[kb.S_CRIT] = ctx[kb.S_CRIT2] = mean
        ctx[kb.ONE_SPEC] = 1.0
    else:
        ctx[kb.S_CRIT], ctx[kb.S_CRIT2] = hi, lo
    if criterion == ALPHA_MAXMIN:
        ctx[kb.ALPHA] = raw[RAW_ALPHA]
    ctx[kb.Q_LO], ctx[kb.Q_HI] = lo, hi
    if beta:
        ctx[kb.BETA_A], ctx[kb.BETA_B] = raw[RAW_A], raw[RAW_B]
    ctx[kb.LAM] = raw[RAW_LAM]
    sd, w_r = raw[RAW_SD], raw[RAW_W]
    ctx[kb.SD], ctx[kb.KAPPA], ctx[kb.WR] = sd, raw[RAW_KAPPA], w_r
    # grid constants
    ctx[kb.H0] = min(0.5, (ctx[kb.LHI] - log_lo) / (kb.REFERENCE_GRID - 1))
    ctx[kb.HC] = max(width / kb.CELLS_PER_WIDTH, kb.H_FLOOR)
    log_b = math.log(v + k_i + c * f_max + 1.0) - math.log(c) - log_lo
    if endogenous:
        log_b += math.log1p(w_r / sd)
    tail = max(log_b - math.log(width), 0.0) + kb.TAIL_MARGIN
    reach = tail if kind == 0 else math.sqrt(2.0 * tail)
    ctx[kb.XC] = max(reach * width, 2.0 * ctx[kb.HC])
    ctx[kb.HQ] = math.inf
    bands[0] = bands[1] = bands[2] = 0.0
    if endogenous:
        d1max = (0.25 if kind == 0 else 0.3989422804014327) / width
        ctx[kb.D1MAX] = d1max
        if w_r > 0.0:
            ctx[kb.HQ] = max(sd / (2.0 * w_r * d1max), kb.H_FLOOR)
        ctx[kb.BAND_HALF] = math.sqrt(2.0 * (max(log_b, 0.0) + kb.TAIL_MARGIN)) * sd
        bands[0], bands[1], bands[2] = -hi, -mean, -lo
