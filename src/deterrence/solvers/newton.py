"""Newton's method safeguarded by bisection, vectorised over elements."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def safeguarded_newton(
    g: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    a: np.ndarray,
    b: np.ndarray,
    x0: np.ndarray,
    iterations: int = 40,
) -> np.ndarray:
    """Root of g in [a, b] where g(a) and g(b) have opposite signs, elementwise.

    Newton's method safeguarded by bisection (``rtsafe``; Press et al. 2007,
    *Numerical Recipes*, 3rd ed., section 9.4): a Newton step that leaves the
    bracket, or does not shrink it fast enough, is replaced by a bisection,
    and the bracket is updated from the sign of g at every iterate.  ``g``
    returns (g(x), g'(x)).  Converges quadratically near a simple root.
    """
    ga, _ = g(a)
    gb, _ = g(b)
    rising = ga <= gb  # orient the bracket: g(lo) <= 0 <= g(hi), up to rounding at a root
    lo = np.where(rising, a, b)
    hi = np.where(rising, b, a)
    x = np.clip(x0, np.minimum(a, b), np.maximum(a, b))
    step_old = np.abs(b - a)
    active = np.ones(x.shape, dtype=bool)
    for _ in range(iterations):
        gx, dgx = g(x)
        lo = np.where(gx < 0, x, lo)
        hi = np.where(gx < 0, hi, x)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = x - gx / dgx
        inside = ((newton - lo) * (newton - hi) <= 0) & np.isfinite(newton)
        shrinks = np.abs(newton - x) <= 0.5 * step_old
        step_old = np.abs(np.where(inside & shrinks, newton, 0.5 * (lo + hi)) - x)
        x_new = np.where(inside & shrinks, newton, 0.5 * (lo + hi))
        x_new = np.where((gx == 0) | ~active, x, x_new)
        # converged elements are frozen: further steps of rounding size could
        # fail the shrink test and bisect away from the root
        active &= np.abs(x_new - x) > 4 * np.finfo(float).eps * np.maximum(1.0, np.abs(x))
        x = x_new
        if not active.any():
            break
    return x
