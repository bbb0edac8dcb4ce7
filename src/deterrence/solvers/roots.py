"""Root finding for thresholds and requirements.

* :func:`least_crossing` -- the least x in (lo, hi] at which f(x) >= level,
  for f that need not be monotone: scan a grid in ln x for the first grid
  point at or above the level, then Brent's method (Brent 1973, ch. 4) on the
  cell that brackets the crossing.
* :func:`increasing_root` -- the root of a nondecreasing function on
  [lo, inf): expand the bracket by doubling, then Brent's method.  Using the
  monotonicity makes the bracket, and so the root, unique.

Each has a batched form, vectorised over rows (``batch_least_crossing``,
``batch_increasing_root``): the same brackets, then Chandrupatla's method
(Chandrupatla 1997, via ``scipy.optimize.elementwise.find_root``) on all rows
at once.  Their functions take ``(x, rows)``: ``rows`` holds the indices of
the rows still being solved, so that the caller can select their data.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq, elementwise

from deterrence.solvers.optimize import GRID_POINTS, log_grid

X_RTOL = 1e-13


def least_crossing(
    f: Callable[[np.ndarray], np.ndarray],
    level: float,
    lo: float,
    hi: float,
    *,
    grid_points: int = GRID_POINTS,
    nodes: np.ndarray | None = None,
) -> float | None:
    """Least x in [lo, hi] with f(x) >= level, or None if f stays below ``level``.

    ``f`` is vectorised over a 1-D array.  The scan runs over ``nodes`` (in ln x,
    rising from ln lo to ln hi) or else an even grid of ``grid_points``.  If
    f(lo) >= level already, ``lo`` is returned: callers choose ``lo`` below any
    crossing of interest.  A crossing and re-crossing inside one grid cell can be
    missed; the grid density sets that resolution.
    """
    if nodes is None:
        nodes = log_grid(np.array([lo]), np.array([hi]), grid_points)[0]
    x = np.exp(nodes)
    x[0], x[-1] = lo, hi
    above = np.asarray(f(x), dtype=float) >= level
    if not above.any():
        return None
    i = int(np.argmax(above))
    if i == 0:
        return float(lo)

    def g(v: float) -> float:
        return float(f(np.array([v]))[0]) - level

    left = x[i - 1]
    if left <= 0.0:  # a crossing between 0 and the first node may lie below every float
        left = np.finfo(float).tiny
        if g(left) >= 0.0:
            return float(lo)
    return float(brentq(g, left, x[i], xtol=1e-300, rtol=X_RTOL, maxiter=500))


def increasing_root(
    g: Callable[[float], float],
    lo: float,
    start: float,
    *,
    max_doublings: int = 80,
) -> float | None:
    """Root of a nondecreasing function g on [lo, inf) with g(lo) <= 0.

    The upper end of the bracket starts at ``start`` (> lo) and doubles until
    g > 0.  Returns None when g never becomes positive within ``max_doublings``
    doublings (the root does not exist or is astronomically large).
    """
    a, b = lo, max(start, lo + 1e-12)
    gb = g(b)
    for _ in range(max_doublings):
        if gb > 0:
            break
        a, b = b, 2.0 * b
        gb = g(b)
    else:
        return None
    ga = g(a)
    if ga > 0:  # g jumped above zero at or below the previous end: root is a
        return float(a)
    if ga == 0:
        return float(a)
    return float(brentq(g, a, b, xtol=1e-300, rtol=X_RTOL, maxiter=500))


RowFunction = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _find_root(h: RowFunction, a: np.ndarray, b: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Chandrupatla's method on brackets [a, b] of the given rows."""
    if rows.size == 0:
        return np.empty(0)
    res = elementwise.find_root(
        lambda x, r: h(x, r.astype(np.intp)),
        (a, b),
        args=(rows,),
        tolerances={"xrtol": X_RTOL, "xatol": 1e-300},
    )
    return res.x


def batch_least_crossing(
    f: RowFunction,
    level: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    grid_points: int = GRID_POINTS,
) -> np.ndarray:
    """:func:`least_crossing` for many rows at once; inf where f stays below ``level``.

    ``f(x, rows)`` maps x of shape (len(rows), n) to values of that shape.
    """
    n_rows = lo.size
    u = log_grid(lo, hi, grid_points)
    x = np.exp(u)
    x[:, 0], x[:, -1] = lo, hi
    all_rows = np.arange(n_rows)
    above = np.asarray(f(x, all_rows), dtype=float) >= level[:, None]
    first = np.argmax(above, axis=1)
    out = np.full(n_rows, np.inf)
    out[above.any(axis=1) & (first == 0)] = lo[above.any(axis=1) & (first == 0)]
    todo = np.flatnonzero(above.any(axis=1) & (first > 0))
    a, b = x[todo, first[todo] - 1], x[todo, first[todo]]

    def h(v, rows):
        return np.asarray(f(v[:, None], rows), dtype=float)[:, 0] - level[rows]

    out[todo] = _find_root(h, a, b, todo)
    return out


def batch_increasing_root(
    g: RowFunction,
    lo: float | np.ndarray,
    start: np.ndarray,
    *,
    max_doublings: int = 80,
) -> np.ndarray:
    """:func:`increasing_root` for many rows at once; inf where no root is found.

    ``g(v, rows)`` maps v of shape (len(rows),) to values of that shape; every
    row must have g(lo) <= 0 (``lo`` a number or one per row).  ``start``
    (shape (R,)) is each row's first upper end: a good guess makes the
    bracket tight and saves iterations.
    """
    n_rows = start.size
    rows = np.arange(n_rows)
    a = np.broadcast_to(np.asarray(lo, dtype=float), (n_rows,)).copy()
    nudge = a + 1e-9 * np.maximum(1.0, np.abs(a))
    b = np.where(np.isfinite(start), np.maximum(start, nudge), a + 1.0)
    gb = np.asarray(g(b, rows), dtype=float)
    for _ in range(max_doublings):
        low = ~(gb > 0)
        if not low.any():
            break
        a[low], b[low] = b[low], 2.0 * b[low]
        gb[low] = g(b[low], rows[low])
    out = np.full(n_rows, np.inf)
    found = np.flatnonzero(gb > 0)
    ga = np.asarray(g(a[found], found), dtype=float)
    at_a = ga >= 0  # g rose above zero at the previous end itself
    out[found[at_a]] = a[found[at_a]]
    todo = found[~at_a]
    out[todo] = _find_root(g, a[todo], b[todo], todo)
    return out
