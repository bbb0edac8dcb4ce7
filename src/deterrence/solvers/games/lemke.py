"""Lemke's algorithm for linear complementarity problems, in exact integer arithmetic.

Lemke (1965), "Bimatrix equilibrium points and mathematical programming",
Management Science 11(7): find z >= 0 with w = q + M z >= 0 and z . w = 0 by
complementary pivoting along the ray of an extra variable z0 with covering
vector d (w = q + M z + d z0), from z0 large to z0 = 0.  Ties in the ratio
test are broken lexicographically (von Stengel 2002, Handbook of Game Theory
vol. 3, ch. 45, sec. 6), so degenerate problems do not cycle.

The tableau holds integers only (fraction-free or "integer pivoting",
Edmonds 1967; Avis's lrs): after each pivot every entry is the true rational
entry times the current basis determinant, and the division that updates a
row is exact.  Rows are numpy object arrays of Python integers, so each pivot
is one vectorised update with no rounding at all.
"""

from __future__ import annotations

import time
from fractions import Fraction
from math import lcm

import numpy as np

from deterrence.solvers.games.errors import GameError, TimeLimitExceeded


class IntegerTableau:
    """Rows ``x_B + T_N x_N = rhs`` scaled by ``det``; columns: w (n), z (n), z0, rhs."""

    def __init__(self, m: np.ndarray, q: list[Fraction], d: list[Fraction]):
        n = len(q)
        # w = L q + L M z + L d z0 has the solutions (z, z0) of the original for any L > 0;
        # take L clearing every denominator, so the start is integral with determinant 1
        scale = lcm(*(Fraction(v).denominator for v in [*m.reshape(-1), *q, *d]), 1)
        t = np.empty((n, 2 * n + 2), dtype=object)
        t[:, :] = 0
        for i in range(n):
            t[i, i] = 1  # w_i
            for j in range(n):
                t[i, n + j] = -int(Fraction(m[i, j]) * scale)
            t[i, 2 * n] = -int(Fraction(d[i]) * scale)
            t[i, 2 * n + 1] = int(Fraction(q[i]) * scale)
        self.t = t
        self.det = 1
        self.n = n
        self.basis = list(range(n))  # w_0..w_{n-1}

    def pivot(self, r: int, c: int) -> int:
        """Bring column ``c`` in at row ``r``; return the variable that left."""
        t = self.t
        piv = t[r, c]
        col = t[:, c].copy()
        col[r] = 0
        rows = np.flatnonzero(col != 0)
        if len(rows):
            t[rows] = (t[rows] * piv - np.outer(col[rows], t[r])) // self.det
        # rows without an entry in column c scale by piv / det exactly too
        other = np.setdiff1d(np.arange(self.n), np.append(rows, r))
        if len(other):
            t[other] = t[other] * piv // self.det
        self.det = piv
        if self.det < 0:
            self.t = -self.t
            self.det = -self.det
        left = self.basis[r]
        self.basis[r] = c
        return left

    def ratio_row(self, c: int) -> int | None:
        """The leaving row for entering column ``c`` (lexicographic minimum ratio)."""
        t = self.t
        rows = [r for r in range(self.n) if t[r, c] > 0]
        if not rows:
            return None
        keys = [2 * self.n + 1, *range(self.n)]  # rhs, then the columns of B^-1 (w)
        for k in keys:
            values = {r: Fraction(t[r, k], t[r, c]) for r in rows}
            best = min(values.values())
            rows = [r for r in rows if values[r] == best]
            if len(rows) == 1:
                break
        return rows[0]

    def value(self, var: int) -> Fraction:
        if var in self.basis:
            return Fraction(self.t[self.basis.index(var), 2 * self.n + 1], self.det)
        return Fraction(0)


def lemke(
    m: np.ndarray,
    q: list[Fraction],
    d: list[Fraction] | None = None,
    first_row: int | None = None,
    deadline: float | None = None,
    max_pivots: int = 1_000_000,
) -> tuple[list[Fraction], int]:
    """A solution z of the LCP (q, M) by Lemke's method; returns (z, pivots).

    ``first_row`` breaks a tie in the first pivot (the most negative q_i / d_i),
    which Gambit's sequence-form solver sets to player 1's root constraint.
    """
    n = len(q)
    d = [Fraction(1)] * n if d is None else d
    if all(Fraction(v) >= 0 for v in q):
        return [Fraction(0)] * n, 0
    tab = IntegerTableau(m, q, d)
    z0 = 2 * n
    ratios = [Fraction(q[i]) / Fraction(d[i]) for i in range(n)]
    low = min(ratios)
    r = first_row if first_row is not None and ratios[first_row] == low else ratios.index(low)
    left = tab.pivot(r, z0)
    pivots = 1
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise TimeLimitExceeded("lemke: the time limit was reached")
        if pivots > max_pivots:
            raise GameError(f"Lemke's method made more than {max_pivots} pivots")
        entering = left + n if left < n else left - n  # the complement
        r = tab.ratio_row(entering)
        if r is None:
            raise GameError("Lemke's method ended on a ray (no solution found by this path)")
        left = tab.pivot(r, entering)
        pivots += 1
        if left == z0:
            break
    return [tab.value(n + j) for j in range(n)], pivots
