"""Global maximisation of a one-dimensional function over a closed interval [lo, hi].

The companion of :mod:`.optimize` (which searches in ln x over a positive
range) for quantities that live on a bounded linear scale and may sit at an
end: a share of a good, the part of a budget sent to one front.  The recipe is
the same: bracket on a grid, refine locally (Kiefer 1953; Press et al. 2007,
section 10.2):

1. evaluate f on a grid evenly spaced from ``lo`` to ``hi`` (end points included);
2. refine the ``candidates`` best local maxima of the grid by golden-section
   search within their two neighbouring cells (to 1e-13 of the range for a
   function with kinks, to 1e-6 for a smooth one);
3. polish the best refined point with guarded Newton steps on central
   differences (a step is kept only if the value does not fall beyond
   rounding, so a maximum at a kink stays where it is), which locates a
   smooth maximum to ~1e-10 where comparing values alone stops near 1e-8;
4. compare it with the ends, the grid's best point and any ``extra`` points
   the caller knows to be candidates (kinks of f), and keep the best; an
   ``extra`` point within rounding of the best wins, so a maximum at a kink is
   returned exactly.

Everything is vectorised over rows: ``f`` maps x of shape (R, n) to values of
shape (R, n), so R independent problems share the same numpy operations, and
each row's answer depends on that row only (fixed grid size, converged
elements frozen).  A local maximum narrower than one grid cell can be missed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from deterrence.solvers.optimize import GOLDEN, VALUE_ULPS, Maximum

Objective = Callable[[np.ndarray], np.ndarray]

GRID = 129  # grid points over [lo, hi]
TOL = 1e-13  # golden-section bracket width, relative to hi - lo (functions with kinks)
SMOOTH_SWITCH = 1e-6  # for smooth f: bracket width at which golden section hands over to Newton
NEWTON_H = 1e-6  # central-difference step, relative to hi - lo
NEWTON_STEPS = 3


def linear_grid(lo: np.ndarray, hi: np.ndarray, n: int = GRID) -> np.ndarray:
    """Grid of shape (R, n) from ``lo`` to ``hi`` per row, ends exact."""
    t = np.linspace(0.0, 1.0, n)
    grid = lo[:, None] + t[None, :] * (hi - lo)[:, None]
    grid[:, -1] = hi
    return grid


def golden(f: Objective, a: np.ndarray, b: np.ndarray, tol: np.ndarray, max_iter: int = 200):
    """Batched golden-section search for a maximum of f on [a, b] (arrays of one shape).

    Stops each element when its bracket is narrower than ``tol`` (same shape);
    converged elements are frozen.  Returns (x, f(x)) at the best interior point.
    """
    a, b = a.astype(float), b.astype(float)
    c, d = b - GOLDEN * (b - a), a + GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(max_iter):
        active = b - a >= tol
        if not active.any():
            break
        left = fc >= fd  # the maximum lies in [a, d], else in [c, b]
        a_new, b_new = np.where(left, a, c), np.where(left, d, b)
        x_new = np.where(left, b_new - GOLDEN * (b_new - a_new), a_new + GOLDEN * (b_new - a_new))
        f_new = f(np.where(active, x_new, c))
        a, b = np.where(active, a_new, a), np.where(active, b_new, b)
        c, d = (
            np.where(active, np.where(left, x_new, d), c),
            np.where(active, np.where(left, c, x_new), d),
        )
        fc, fd = (
            np.where(active, np.where(left, f_new, fd), fc),
            np.where(active, np.where(left, fc, f_new), fd),
        )
    best_c = fc >= fd
    return np.where(best_c, c, d), np.where(best_c, fc, fd)


def newton_polish(f: Objective, x, fx, lo, hi, h, steps: int = NEWTON_STEPS):
    """Guarded Newton steps towards a maximum of f, elementwise (columns of shape (R, 1)).

    A step is taken only where the curvature is negative, stays in [lo, hi]
    and keeps the value to within a few ulps, so the result is never worse.
    """
    for _ in range(steps):
        f_plus, f_minus = f(np.minimum(x + h, hi)), f(np.maximum(x - h, lo))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            slope = (f_plus - f_minus) / (2 * h)
            curve = (f_plus - 2 * fx + f_minus) / h**2
            trial = np.clip(x - slope / curve, lo, hi)
        trial = np.where((curve < 0) & np.isfinite(trial), trial, x)
        f_trial = f(trial)
        ok = f_trial >= fx - VALUE_ULPS * np.finfo(float).eps * np.maximum(1.0, np.abs(fx))
        x, fx = np.where(ok, trial, x), np.where(ok, f_trial, fx)
    return x, fx


def maximize_bounded(
    f: Objective,
    lo: np.ndarray | float,
    hi: np.ndarray | float,
    *,
    grid_points: int = GRID,
    candidates: int = 3,
    extra: np.ndarray | None = None,
    smooth: bool = True,
) -> Maximum:
    """Global maximum of ``f`` over x in [lo, hi] (lo <= hi), batched over rows.

    Parameters
    ----------
    f
        Vectorised objective: x of shape (R, n) -> values of shape (R, n).
        Non-finite values count as minus infinity.
    lo, hi
        Bounds, scalars or arrays of shape (R,); lo == hi is allowed.
    grid_points
        Size of the bracketing grid (the same for every row).
    candidates
        How many of the grid's best local maxima are refined.
    extra
        Optional points of shape (R, k) that compete with the refined maximum
        (clipped to [lo, hi]): kinks of f the caller knows, where the grid and
        golden section could miss an exact corner.
    smooth
        If True (f twice differentiable away from the ``extra`` points), stop golden
        section at a bracket of ``SMOOTH_SWITCH`` (relative) and leave the rest to the
        Newton polish; else run golden section to ``TOL`` (for functions with kinks at
        unknown places, e.g. a minimum or maximum over priors).

    Returns
    -------
    Maximum
        x, value and ``at_lower`` (the best point is ``lo`` itself), each (R,).
    """
    lo_arr, hi_arr = np.broadcast_arrays(
        np.atleast_1d(np.asarray(lo, float)), np.atleast_1d(np.asarray(hi, float))
    )
    lo_arr, hi_arr = lo_arr.astype(float), hi_arr.astype(float)
    width = hi_arr - lo_arr

    def safe(x: np.ndarray) -> np.ndarray:
        v = np.asarray(f(x), dtype=float)
        return np.where(np.isfinite(v), v, -np.inf)

    x = linear_grid(lo_arr, hi_arr, grid_points)
    values = safe(x)
    rows = np.arange(x.shape[0])
    n = x.shape[1]
    left_v = np.concatenate([np.full((x.shape[0], 1), -np.inf), values[:, :-1]], 1)
    right_v = np.concatenate([values[:, 1:], np.full((x.shape[0], 1), -np.inf)], 1)
    masked = np.where((values >= left_v) & (values >= right_v), values, -np.inf)
    k = min(candidates, n)
    top = np.argsort(-masked, axis=1, kind="stable")[:, :k]
    a = x[rows[:, None], np.maximum(top - 1, 0)]
    b = x[rows[:, None], np.minimum(top + 1, n - 1)]
    tol = (SMOOTH_SWITCH if smooth else TOL) * width[:, None]
    x_ref, v_ref = golden(safe, a, b, np.broadcast_to(tol, a.shape))
    pick = np.argmax(v_ref, axis=1)
    x_best, v_best = x_ref[rows, pick][:, None], v_ref[rows, pick][:, None]
    # guarded (a step never lowers the value beyond rounding), so harmless at a kink
    h = np.maximum(NEWTON_H * width, 1e-300)[:, None]
    x_best, v_best = newton_polish(
        safe, x_best, v_best, a[rows, pick][:, None], b[rows, pick][:, None], h
    )
    points = [x_best, x[:, :1], x[:, -1:], x[rows, np.argmax(values, axis=1)][:, None]]
    if extra is not None:  # first, so that a kink wins a tie with a point next to it
        points.insert(0, np.clip(extra, lo_arr[:, None], hi_arr[:, None]))
    pool = np.concatenate(points, axis=1)
    pool_values = safe(pool)
    top = pool_values.max(axis=1, keepdims=True)
    near = pool_values >= top - VALUE_ULPS * np.finfo(float).eps * np.maximum(1.0, np.abs(top))
    best = np.argmax(near, axis=1)  # the first point within rounding of the best
    x_out = pool[rows, best]
    return Maximum(x=x_out, value=pool_values[rows, best], at_lower=x_out == lo_arr)
