"""Vertices of the best-response polytopes of a bimatrix game, exactly.

For a bimatrix game (A, B) with positive payoffs (a constant added to each
player's payoffs changes no equilibrium) the best-response polytopes are
(von Stengel 2007, sec. 3.3)

    P = {x in R^m : x >= 0, B^T x <= 1},     Q = {y in R^n : y >= 0, A y <= 1}.

A vertex x of P carries the labels {i : x_i = 0} and {m + j : (B^T x)_j = 1};
a vertex y of Q the labels {m + j : y_j = 0} and {i : (A y)_i = 1}.  The
extreme equilibria are the completely labelled pairs of nonzero vertices,
normalised (Avis, Rosenberg, Savani & von Stengel 2010; Gambit's
``enummixed``).  Degenerate games (vertices on more than m facets) are
handled because vertices, not bases, are paired.

Every basis of P is a pair (S, J) of equal size k: x_S solves
B[S, J]^T x_S = 1 and x is 0 off S.  All bases of one size are solved at once
in floating point (batched LAPACK) to find candidates; each candidate is then
recomputed and checked in rational arithmetic, so a returned vertex is exact.
When the game's payoffs are too far apart for floating point (e.g. 1e19
beside 1), every basis is solved exactly instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, pairwise

import numpy as np

from deterrence.solvers.games import exact as ex

FLOAT_TOL = 1e-7  # candidates within this (scaled payoffs in [1, 2]) are checked exactly
DYNAMIC_RANGE = 1e-9  # closer distinct payoffs (relative to the range) force exact bases
BLOCK = 50_000  # bases solved per batch


@dataclass(frozen=True)
class Vertex:
    """A vertex of P (or Q) in exact arithmetic, and its labels as a bitmask."""

    point: tuple[Fraction, ...]
    labels: int


def positive_matrix(u: np.ndarray) -> np.ndarray:
    """An object array of Fractions u - min(u) + 1 (all entries >= 1)."""
    low = min(u.reshape(-1))
    return np.vectorize(lambda v: Fraction(v) - low + 1, otypes=[object])(u)


def needs_exact(u: np.ndarray) -> bool:
    """Whether two distinct payoffs are too close, relative to the range, for float64."""
    values = sorted(set(u.reshape(-1).tolist()))
    if len(values) < 2:
        return False
    span = values[-1] - values[0]
    gap = min(b - a for a, b in pairwise(values))
    return bool(gap / span < DYNAMIC_RANGE)


def count_bases(m: int, n: int) -> int:
    """Bases of P: sum_k C(m, k) C(n, k) = C(m + n, m) (Vandermonde)."""
    from math import comb

    return comb(m + n, m)


def vertices(c: np.ndarray, exact_bases: bool) -> list[Vertex]:
    """The vertices of {x >= 0 : c^T x <= 1} for c an (m x n) object array of Fractions >= 1.

    P uses c = B; Q uses c = A^T (its variables are the n columns).  Labels:
    bit i for x_i = 0 (i < m), bit m + j for (c^T x)_j = 1.
    """
    m, n = c.shape
    found: dict[tuple[Fraction, ...], Vertex] = {}
    origin = tuple([Fraction(0)] * m)
    found[origin] = Vertex(origin, (1 << m) - 1 | _tight(c, origin, m))
    for k in range(1, min(m, n) + 1):
        rows = list(combinations(range(m), k))
        cols = list(combinations(range(n), k))
        if exact_bases:
            candidates = ((s, j) for s in rows for j in cols)
        else:
            candidates = _float_candidates(c, rows, cols, k)
        for s, j in candidates:
            point = _exact_vertex(c, s, j)
            if point is not None and point not in found:
                found[point] = Vertex(point, _labels(c, point, m))
    return list(found.values())


def _float_candidates(c: np.ndarray, rows, cols, k: int):
    """Bases (S, J) of size k whose float solution is (nearly) feasible."""
    m, _n = c.shape
    lo = min(c.reshape(-1))
    hi = max(c.reshape(-1))
    span = float(hi - lo) or 1.0
    # A positive affine map of the payoffs leaves the best responses, hence each
    # vertex's labels and normalised point, unchanged (von Stengel 2007, sec. 3.3):
    # find bases on payoffs mapped into [1, 2], where float64 is well conditioned.
    scaled = np.vectorize(lambda v: 1.0 + float(v - lo) / span)(c).astype(float)
    r = np.array(rows)
    q = np.array(cols)
    ri, ci = np.meshgrid(np.arange(len(r)), np.arange(len(q)), indexing="ij")
    ri, ci = ri.ravel(), ci.ravel()
    out = []
    for start in range(0, len(ri), BLOCK):
        sr, sc = r[ri[start : start + BLOCK]], q[ci[start : start + BLOCK]]
        mats = np.transpose(scaled[sr[:, :, None], sc[:, None, :]], (0, 2, 1))  # (P, k, k)
        sign, _ = np.linalg.slogdet(mats)
        good = sign != 0
        if not good.any():
            continue
        mats, sr, sc = mats[good], sr[good], sc[good]
        with np.errstate(all="ignore"):
            xs = np.linalg.solve(mats, np.ones((len(mats), k, 1)))[..., 0]
        x = np.zeros((len(mats), m))
        np.put_along_axis(x, sr, xs, axis=1)
        slack = 1.0 - x @ scaled
        ok = (xs >= -FLOAT_TOL).all(axis=1) & (slack >= -FLOAT_TOL).all(axis=1)
        ok &= np.isfinite(xs).all(axis=1)
        # keep one basis per distinct float vertex
        keys: set[bytes] = set()
        for p in np.flatnonzero(ok):
            key = np.round(x[p], 9).tobytes()
            if key not in keys:
                keys.add(key)
                out.append((tuple(sr[p]), tuple(sc[p])))
    return out


def _exact_vertex(c: np.ndarray, s, j) -> tuple[Fraction, ...] | None:
    m, n = c.shape
    mat = [[c[i, jj] for i in s] for jj in j]  # c[S, J]^T
    sol = ex.solve(mat, [Fraction(1)] * len(s))
    if sol is None or any(v < 0 for v in sol):
        return None
    x = [Fraction(0)] * m
    for i, v in zip(s, sol, strict=True):
        x[i] = v
    for jj in range(n):
        if sum((c[i, jj] * x[i] for i in s if x[i]), Fraction(0)) > 1:
            return None
    return tuple(x)


def _tight(c: np.ndarray, x, m: int) -> int:
    bits = 0
    support = [i for i, v in enumerate(x) if v]
    for jj in range(c.shape[1]):
        if sum((c[i, jj] * x[i] for i in support), Fraction(0)) == 1:
            bits |= 1 << (m + jj)
    return bits


def _labels(c: np.ndarray, x, m: int) -> int:
    bits = 0
    for i, v in enumerate(x):
        if v == 0:
            bits |= 1 << i
    return bits | _tight(c, x, m)
