"""Root finding for thresholds and requirements.

* :func:`least_crossing` -- the least x in (lo, hi] at which f(x) >= level,
  for f that need not be monotone: scan a grid in ln x for the first grid
  point at or above the level, then Brent's method (Brent 1973, ch. 4) on the
  cell that brackets the crossing.
* :func:`increasing_root` -- the root of a nondecreasing function on
  [lo, inf): expand the bracket by doubling, then Brent's method.  Using the
  monotonicity makes the bracket, and so the root, unique.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq

from deterrence.solvers.optimize import log_grid

X_RTOL = 1e-13


def least_crossing(
    f: Callable[[np.ndarray], np.ndarray],
    level: float,
    lo: float,
    hi: float,
    *,
    points_per_decade: int = 32,
    min_points: int = 160,
) -> float | None:
    """Least x in [lo, hi] with f(x) >= level, or None if f stays below ``level``.

    ``f`` is vectorised over a 1-D array.  If f(lo) >= level already, ``lo``
    is returned: callers choose ``lo`` below any crossing of interest.  A
    crossing and re-crossing inside one grid cell can be missed; the grid
    density sets that resolution.
    """
    u = log_grid(np.array([lo]), np.array([hi]), points_per_decade, min_points)[0]
    x = np.exp(u)
    x[0], x[-1] = lo, hi
    above = np.asarray(f(x), dtype=float) >= level
    if not above.any():
        return None
    i = int(np.argmax(above))
    if i == 0:
        return float(lo)

    def g(v: float) -> float:
        return float(f(np.array([v]))[0]) - level

    return float(brentq(g, x[i - 1], x[i], xtol=1e-300, rtol=X_RTOL, maxiter=500))


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
