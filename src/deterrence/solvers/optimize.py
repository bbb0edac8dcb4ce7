"""Global maximisation of a one-dimensional function over a positive interval.

The value of attacking with force F is smooth but need not be unimodal (an
endogenous intervention probability can create several local maxima), so a
local method alone is not enough.  :func:`maximize_log_grid` follows the
standard recipe of bracketing on a grid and refining locally:

1. evaluate f on a grid evenly spaced in ln x between ``lo`` and ``hi``;
2. find the grid's local maxima (end points included);
3. refine the ``candidates`` best of them by golden-section search on ln x
   within the two neighbouring grid cells (Kiefer 1953; Press et al. 2007,
   *Numerical Recipes*, 3rd ed., section 10.2);
4. keep the best of the refined points and the grid's best point.

Everything is vectorised over rows: ``f`` maps an array of shape (R, n) to
(R, n), so R independent problems are solved with the same numpy operations.
A local maximum narrower than one grid cell can be missed; the grid density
(``grid_points``) sets that resolution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from deterrence.solvers.newton import safeguarded_newton

Objective = Callable[[np.ndarray], np.ndarray]

GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0
GRID_POINTS = 288  # bracketing grid: 36 points per decade over the default 8 decades of F
LOG_X_TOL = 1e-12  # width in ln x at which golden-section refinement stops
SMOOTH_SWITCH = 1e-4  # for smooth f: width at which golden section hands over to Newton
NEWTON_H = 1e-5  # central-difference step in ln x
NEWTON_STEPS = 3
VALUE_ULPS = 8  # values this close count as equal when polishing
BRACKET = 0.4  # the tolerances above are for a bracket of this width (two 96-grid cells)


@dataclass(frozen=True)
class Maximum:
    """Result of a batched maximisation (arrays of shape (R,)).

    ``at_lower`` flags rows whose best point is the lower end ``lo`` itself:
    the supremum may then lie below the bracket (e.g. approached as x -> 0).
    """

    x: np.ndarray
    value: np.ndarray
    at_lower: np.ndarray


def log_grid(lo: np.ndarray, hi: np.ndarray, n: int = GRID_POINTS) -> np.ndarray:
    """Grid of shape (R, n), evenly spaced in ln x from ``lo`` to ``hi`` per row.

    The count n is the same for every row, so a row's grid (and everything
    computed from it) does not depend on which other rows share the batch.
    """
    log_lo, log_hi = np.log(lo), np.log(hi)
    t = np.linspace(0.0, 1.0, n)
    return log_lo[:, None] + t[None, :] * (log_hi - log_lo)[:, None]


def _local_maxima(values: np.ndarray) -> np.ndarray:
    """Mask of grid points that are at least as high as their neighbours."""
    left = np.concatenate([np.full((*values.shape[:-1], 1), -np.inf), values[..., :-1]], -1)
    right = np.concatenate([values[..., 1:], np.full((*values.shape[:-1], 1), -np.inf)], -1)
    return (values >= left) & (values >= right)


def newton_polish(f: Objective, u, fu, lo, hi, steps: int = NEWTON_STEPS, h=NEWTON_H):
    """Guarded Newton steps towards a maximum of f(exp(u)), elementwise.

    Derivatives in u by central differences with step ``h``; a step is
    taken only where the curvature is negative, stays in [lo, hi] and does not
    lower the value beyond rounding, so the result is never worse than the input.
    """
    for _ in range(steps):
        f_plus, f_minus = f(np.exp(u + h)), f(np.exp(u - h))
        slope = (f_plus - f_minus) / (2 * h)
        curve = (f_plus - 2 * fu + f_minus) / h**2
        with np.errstate(divide="ignore", invalid="ignore"):
            trial = np.clip(u - slope / curve, lo, hi)
        trial = np.where(curve < 0, trial, u)
        f_trial = f(np.exp(trial))
        # near a maximum values differ only by rounding, so a step that keeps
        # the value to within a few ulps is taken: its location is the better estimate
        better = f_trial >= fu - VALUE_ULPS * np.finfo(float).eps * np.maximum(1.0, np.abs(fu))
        u, fu = np.where(better, trial, u), np.where(better, f_trial, fu)
    return u, fu


def golden_section(
    f: Objective, a: np.ndarray, b: np.ndarray, max_iter: int = 100, tol: float = LOG_X_TOL
):
    """Batched golden-section search for a maximum of ``f(exp(u))`` on u in [a, b].

    ``a`` and ``b`` are arrays of the same shape; ``f`` takes arrays of that
    shape.  One new evaluation per iteration for every element.  Returns
    (u, f(exp(u))) at the best interior point found.
    """
    a, b = a.astype(float), b.astype(float)
    c = b - GOLDEN * (b - a)
    d = a + GOLDEN * (b - a)
    fc, fd = f(np.exp(c)), f(np.exp(d))
    for _ in range(max_iter):
        # converged elements are frozen, so each element's answer is independent of the batch
        active = b - a >= tol
        if not active.any():
            break
        left = fc >= fd  # the maximum lies in [a, d], else in [c, b]
        a_new = np.where(left, a, c)
        b_new = np.where(left, d, b)
        u_new = np.where(left, b_new - GOLDEN * (b_new - a_new), a_new + GOLDEN * (b_new - a_new))
        f_new = f(np.exp(np.where(active, u_new, c)))
        a, b = np.where(active, a_new, a), np.where(active, b_new, b)
        c, d = (
            np.where(active, np.where(left, u_new, d), c),
            np.where(active, np.where(left, c, u_new), d),
        )
        fc, fd = (
            np.where(active, np.where(left, f_new, fd), fc),
            np.where(active, np.where(left, fc, f_new), fd),
        )
    best_is_c = fc >= fd
    return np.where(best_is_c, c, d), np.where(best_is_c, fc, fd)


def maximize_log_grid(
    f: Objective,
    lo: np.ndarray | float,
    hi: np.ndarray | float,
    *,
    grid_points: int = GRID_POINTS,
    candidates: int = 3,
    smooth: bool = True,
) -> Maximum:
    """Global maximum of ``f`` over x in [lo, hi] (0 < lo < hi), batched over rows,
    on an even grid of ``grid_points`` in ln x (:func:`maximize_on_nodes`)."""
    lo_arr, hi_arr = np.broadcast_arrays(
        np.atleast_1d(np.asarray(lo, float)), np.atleast_1d(np.asarray(hi, float))
    )
    u = log_grid(lo_arr, hi_arr, grid_points)
    return maximize_on_nodes(f, u, candidates=candidates, smooth=smooth, lo=lo_arr, hi=hi_arr)


def maximize_on_nodes(
    f: Objective,
    u: np.ndarray,
    *,
    candidates: int = 3,
    smooth: bool = True,
    lo: np.ndarray | None = None,
    hi: np.ndarray | None = None,
) -> Maximum:
    """Global maximum of ``f`` over x = e^u, u between the first and last of the nodes
    ``u`` (shape (R, n), rising along each row), batched over rows.

    Parameters
    ----------
    f
        Vectorised objective: x of shape (R, m) -> values of shape (R, m).
        Non-finite values count as minus infinity.
    u
        Bracketing nodes in ln x, one row per problem (the same count for every row).
    candidates
        How many of the best grid local maxima are refined.
    smooth
        If True (f twice differentiable in ln x), stop golden-section search at a
        bracket SMOOTH_SWITCH / BRACKET of its initial width; else at LOG_X_TOL /
        BRACKET (for functions with kinks, e.g. a max of regrets).  Either way the best
        point is then polished with guarded Newton steps on central differences of
        step NEWTON_H / BRACKET of the bracket, which locate a flat maximum to ~1e-10
        of the bracket where comparing values alone stops near 1e-8.  The tolerances
        are relative to the bracket (two cells), so a grid refined across a steep
        transition is refined as finely.
    lo, hi
        The exact ends (e^u may differ from them in the last bit), shape (R,).
    """
    lo_arr = np.exp(u[:, 0]) if lo is None else lo
    hi_arr = np.exp(u[:, -1]) if hi is None else hi

    def safe(x: np.ndarray) -> np.ndarray:
        v = np.asarray(f(x), dtype=float)
        return np.where(np.isfinite(v), v, -np.inf)

    values = safe(np.exp(u))
    rows = np.arange(u.shape[0])
    best_grid = np.argmax(values, axis=1)

    k = min(candidates, u.shape[1])
    masked = np.where(_local_maxima(values), values, -np.inf)
    top = np.argsort(-masked, axis=1, kind="stable")[:, :k]
    n = u.shape[1]
    left = u[rows[:, None], np.maximum(top - 1, 0)]
    right = u[rows[:, None], np.minimum(top + 1, n - 1)]
    scale = (right - left) / BRACKET
    u_ref, v_ref = golden_section(
        safe, left, right, tol=(SMOOTH_SWITCH if smooth else LOG_X_TOL) * scale
    )

    pick = np.argmax(v_ref, axis=1)
    u_best, v_best = u_ref[rows, pick], v_ref[rows, pick]
    # Newton polish is guarded (never lowers the value), so it is safe at a kink too.
    u_col, v_col = newton_polish(
        safe,
        u_best[:, None],
        v_best[:, None],
        left[rows, pick][:, None],
        right[rows, pick][:, None],
        h=NEWTON_H * scale[rows, pick][:, None],
    )
    u_best, v_best = u_col[:, 0], v_col[:, 0]
    grid_wins = values[rows, best_grid] >= v_best
    u_best = np.where(grid_wins, u[rows, best_grid], u_best)
    v_best = np.where(grid_wins, values[rows, best_grid], v_best)
    x_best = np.exp(u_best)
    # exact end points: exp(log(hi)) may differ from hi in the last bit
    x_best = np.where(grid_wins & (best_grid == n - 1), hi_arr, x_best)
    x_best = np.where(grid_wins & (best_grid == 0), lo_arr, x_best)
    return Maximum(x=x_best, value=v_best, at_lower=grid_wins & (best_grid == 0))


def maximize_with_slope(u, slope, value, candidates: int = 2):
    """Global maximum of a smooth f over a grid in u, refined by safeguarded Newton.

    ``u`` has shape (R, n); ``slope(x)`` returns (f'(x), f''(x)) and
    ``value(x)`` f(x) for x of any shape (R, k).  Interior maxima lie in the
    grid cells where f' changes sign from + to -; the ``candidates`` such cells
    with the highest f are refined by Newton's method on f' safeguarded by
    bisection (they bracket a root of f'), and compete with the grid's best
    point and its two end points.  A maximum is missed only if f' changes sign
    twice within one cell.  Returns (u*, f(u*), u* is the lower end), shape (R,).
    """
    rows = np.arange(u.shape[0])
    values = value(u)
    values = np.where(np.isfinite(values), values, -np.inf)
    d1 = slope(u)[0]
    falls = (d1[:, :-1] > 0) & (d1[:, 1:] <= 0)
    height = np.where(falls, np.maximum(values[:, :-1], values[:, 1:]), -np.inf)
    cells = np.empty((u.shape[0], candidates), dtype=np.intp)
    for j in range(candidates):  # the best cells, best first (cheaper than a sort)
        cells[:, j] = np.argmax(height, axis=1)
        height[rows, cells[:, j]] = -np.inf
    a = u[rows[:, None], cells]
    b = u[rows[:, None], cells + 1]
    found = falls[rows[:, None], cells]

    x = safeguarded_newton(slope, a, np.where(found, b, a), a)
    fx = np.where(found, value(x), -np.inf)
    fx = np.where(np.isfinite(fx), fx, -np.inf)
    pick = np.argmax(fx, axis=1)
    best_u, best_f = x[rows, pick], fx[rows, pick]
    grid_best = np.argmax(values, axis=1)
    grid_wins = values[rows, grid_best] > best_f
    best_u = np.where(grid_wins, u[rows, grid_best], best_u)
    best_f = np.where(grid_wins, values[rows, grid_best], best_f)
    return best_u, best_f, grid_wins & (grid_best == 0)
