"""Every Nash equilibrium of a two-player game by support enumeration.

Algorithm 3.4 of Nisan, Roughgarden, Tardos & Vazirani (eds.), *Algorithmic
Game Theory* (2007), ch. 3 (von Stengel): in a nondegenerate bimatrix game
every equilibrium has supports I, J of equal size k, and (x, y) solve

    sum_{j in J} A[i, j] y_j = v  (i in I),   sum_j y_j = 1,
    sum_{i in I} B[i, j] x_i = u  (j in J),   sum_i x_i = 1,

with x, y >= 0 and no pure strategy outside the supports doing better.  We
solve those (k+1)x(k+1) systems for all C(m, k) x C(n, k) support pairs of a
size at once (batched LAPACK), then keep the solutions whose regret is within
:data:`~deterrence.solvers.games.result.REGRET_TOL`.  Unlike a check that asks
for exact zeros (nashpy 0.0.43 rejects probabilities of -1e-16), feasibility
is tested with the named tolerance :data:`PROBABILITY_TOL`, so the method is
complete on nondegenerate games.

Degeneracy is detected on the way: a game is degenerate iff some mixed
strategy with support of size k has more than k pure best responses
(von Stengel 2007, Def. 3.2); every such strategy that solves one of the
systems is seen and counted.  A degenerate game's result has status
``degenerate``: its equilibria may include continua, and what is returned is
the subset found on equal-size supports.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import comb

import numpy as np

from deterrence.solvers.games import exact
from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import (
    DEGENERATE,
    OK,
    PROBABILITY_TOL,
    REGRET_TOL,
    Equilibrium,
    NashResult,
    exact_nfg_equilibrium,
    payoff_scale,
    unique,
)

BLOCK = 20_000  # support pairs solved per batch (bounds memory on large games)
SMALL = 4  # games with min(m, n) <= SMALL solve all support sizes in one padded batch
MAX_SUPPORT_PAIRS = 5_000_000  # C(m + n, m) - 1 pairs; about a 12 x 12 game
METHOD = "support_enumeration"


def support_enumeration(game: NormalFormGame) -> NashResult:
    """All equilibria of a nondegenerate two-player game (a subset if it is degenerate)."""
    a, b = _bimatrix(game)
    pairs = comb(sum(a.shape), a.shape[0]) - 1  # Vandermonde: sum_k C(m, k) C(n, k)
    if pairs > MAX_SUPPORT_PAIRS:
        raise GameError(
            f"a {a.shape[0]} x {a.shape[1]} game has {pairs:,} support pairs, too many to "
            f"enumerate (limit {MAX_SUPPORT_PAIRS:,}); use lemke_howson or logit"
        )
    if a.shape == (2, 2) and (closed := _two_by_two(a, b)) is not None:
        return _result(_verified(game, closed), degenerate=False)
    scale = payoff_scale((a, b))
    degenerate = _pure_ties(a, b, scale)
    found: list[Equilibrium] = []
    for sizes in _size_groups(min(a.shape)):
        supports = _supports(*a.shape, sizes)
        for start in range(0, len(supports.size), BLOCK):
            block = slice(start, start + BLOCK)
            eq, deg = _solve_supports(a, b, supports, block, scale)
            found += eq
            degenerate = degenerate or deg
    return _result(_verified(game, found), degenerate)


def _verified(game: NormalFormGame, found: list[Equilibrium]) -> list[Equilibrium]:
    """Each float equilibrium re-solved on its supports in rational arithmetic and kept
    only if its exact regret is 0 (a float artefact is dropped, never returned)."""
    out = []
    a, b = game.exact_payoffs
    for e in unique(found):
        rows = [int(i) for i in np.flatnonzero(e.strategies[0] > PROBABILITY_TOL)]
        cols = [int(j) for j in np.flatnonzero(e.strategies[1] > PROBABILITY_TOL)]
        y = _exact_indifference([[a[i, j] for j in cols] for i in rows], len(cols))
        x = _exact_indifference([[b[i, j] for i in rows] for j in cols], len(rows))
        if x is None or y is None:
            continue
        xf = [Fraction(0)] * a.shape[0]
        yf = [Fraction(0)] * a.shape[1]
        for i, v in zip(rows, x, strict=True):
            xf[i] = v
        for j, v in zip(cols, y, strict=True):
            yf[j] = v
        eq = exact_nfg_equilibrium(game, (xf, yf))
        if eq.exact_regret == 0:
            out.append(eq)
    return out


def _exact_indifference(sub: list[list[Fraction]], k: int) -> list[Fraction] | None:
    """A distribution p over k columns making every row of ``sub`` equally well off.

    Square systems [S -1; 1 0] are solved exactly; supports of unequal size
    (degenerate games) are solved by least squares in floats and then checked.
    """
    r = len(sub)
    if r != k:
        return None
    matrix = [[*row, Fraction(-1)] for row in sub] + [[Fraction(1)] * k + [Fraction(0)]]
    sol = exact.solve(matrix, [Fraction(0)] * r + [Fraction(1)])
    if sol is None or any(v < 0 for v in sol[:k]):
        return None
    return sol[:k]


def _result(found: list[Equilibrium], degenerate: bool) -> NashResult:
    return NashResult(
        method=METHOD,
        status=DEGENERATE if degenerate else OK,
        equilibria=tuple(found),
        parameters={"regret_tol": REGRET_TOL, "probability_tol": PROBABILITY_TOL},
        message=(
            "the game is degenerate: the equilibria listed are those on equal-size supports "
            "and may be a subset (or extreme points of continua)"
            if degenerate
            else ""
        ),
    )


def all_equilibria(game: NormalFormGame) -> NashResult:
    """Every equilibrium of a nondegenerate two-player game; says when the game is degenerate."""
    return support_enumeration(game)


def _bimatrix(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    if game.n_players != 2:
        raise GameError(
            f"support enumeration needs a two-player game, this one has {game.n_players} players"
        )
    return game.payoffs[0], game.payoffs[1]


def _two_by_two(a: np.ndarray, b: np.ndarray) -> list[Equilibrium] | None:
    """The equilibria of a nondegenerate 2x2 game in closed form (see :mod:`.batch`).

    Plain Python floats: for one small game, numpy's call overhead would dominate.
    Returns None when the game is degenerate.
    """
    (a11, a12), (a21, a22) = a.tolist()
    (b11, b12), (b21, b22) = b.tolist()
    if a11 == a21 or a12 == a22 or b11 == b12 or b21 == b22:
        return None
    profiles = [
        ((1.0 - i, float(i)), (1.0 - j, float(j)))
        for i in (0, 1)
        for j in (0, 1)
        if (a[i, j] > a[1 - i, j]) and (b[i, j] > b[i, 1 - j])
    ]
    if len(profiles) != 1:  # none or two pure: one completely mixed equilibrium
        p = (b22 - b21) / (b11 - b21 - b12 + b22)
        q = (a22 - a12) / (a11 - a12 - a21 + a22)
        profiles.insert(1, ((p, 1.0 - p), (q, 1.0 - q)))
    out = []
    for (x1, x2), (y1, y2) in profiles:
        rows = (a11 * y1 + a12 * y2, a21 * y1 + a22 * y2)
        cols = (b11 * x1 + b21 * x2, b12 * x1 + b22 * x2)
        u, v = x1 * rows[0] + x2 * rows[1], y1 * cols[0] + y2 * cols[1]
        out.append(
            Equilibrium(
                strategies=(np.array([x1, x2]), np.array([y1, y2])),
                payoffs=(u, v),
                regret=max(max(rows) - u, max(cols) - v, 0.0),
            )
        )
    return out


def _pure_ties(a: np.ndarray, b: np.ndarray, scale: float | None = None) -> bool:
    """k = 1 degeneracy: a pure strategy with two or more pure best responses."""
    tol = PROBABILITY_TOL * (payoff_scale((a, b)) if scale is None else scale)
    row_ties = (a >= a.max(axis=0) - tol).sum(axis=0) > 1
    col_ties = (b >= b.max(axis=1, keepdims=True) - tol).sum(axis=1) > 1
    return bool(row_ties.any() or col_ties.any())


@dataclass(frozen=True)
class _Supports:
    """Every pair of equal-size supports, padded to K = min(m, n) entries.

    rows[p], cols[p]: the strategies of pair p, padded with the index m (resp. n)
    of an all-zero payoff row (column); valid[p, r] marks real entries.
    """

    rows: np.ndarray
    cols: np.ndarray
    valid: np.ndarray
    size: np.ndarray


def _size_groups(largest: int) -> list[tuple[int, ...]]:
    """Support sizes solved together: one padded batch for small games (fewer calls),
    one batch per size for large ones (no padding flops)."""
    sizes = tuple(range(1, largest + 1))
    return [sizes] if largest <= SMALL else [(k,) for k in sizes]


@lru_cache(maxsize=128)
def _supports(m: int, n: int, sizes: tuple[int, ...]) -> _Supports:
    big = max(sizes)
    rows, cols, counts = [], [], []
    for k in sizes:
        r = np.array(list(combinations(range(m), k)))
        c = np.array(list(combinations(range(n), k)))
        ri, ci = np.meshgrid(np.arange(len(r)), np.arange(len(c)), indexing="ij")
        pad_r = np.full((ri.size, big - k), m)
        pad_c = np.full((ci.size, big - k), n)
        rows.append(np.hstack([r[ri.ravel()], pad_r]))
        cols.append(np.hstack([c[ci.ravel()], pad_c]))
        counts.append(np.full(ri.size, k))
    rows_a, cols_a = np.vstack(rows), np.vstack(cols)
    size = np.concatenate(counts)
    valid = np.arange(big) < size[:, None]
    for arr in (rows_a, cols_a, valid, size):
        arr.setflags(write=False)
    return _Supports(rows_a, cols_a, valid, size)


def _indifference_systems(sub: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Matrices of [S -1; 1' 0] [p; v] = [0; 1], padded with identity rows.

    sub: (P, K, K) payoff blocks (zero where padded); valid: (P, K).
    """
    n, big, _ = sub.shape
    m = np.zeros((n, big + 1, big + 1))
    m[:, :big, :big] = sub
    diag = np.arange(big)
    m[:, diag, diag] += ~valid  # padded unknowns are pinned to 0
    m[:, :big, big] = -valid.astype(float)
    m[:, big, :big] = valid
    return m


def _solve_supports(a, b, supports: _Supports, block: slice, scale: float):
    """Equilibria among a block of support pairs; and whether degeneracy was seen."""
    rows, cols = supports.rows[block], supports.cols[block]
    valid, size = supports.valid[block], supports.size[block]
    n_pairs, big = rows.shape
    m_, n_ = a.shape
    a_pad = np.zeros((m_ + 1, n_ + 1))
    b_pad = np.zeros((m_ + 1, n_ + 1))
    a_pad[:m_, :n_] = a / scale
    b_pad[:m_, :n_] = b / scale
    systems = np.concatenate(
        [
            _indifference_systems(a_pad[rows[:, :, None], cols[:, None, :]], valid),
            _indifference_systems(b_pad.T[cols[:, :, None], rows[:, None, :]], valid),
        ]
    )
    rhs = np.zeros((2 * n_pairs, big + 1, 1))
    rhs[:, big] = 1.0
    try:
        sol = np.linalg.solve(systems, rhs)[..., 0]
        solvable = np.ones(2 * n_pairs, dtype=bool)
    except np.linalg.LinAlgError:  # some supports give singular systems: pin them out
        sign, _ = np.linalg.slogdet(systems)
        solvable = sign != 0
        systems[~solvable] = np.eye(big + 1)
        sol = np.linalg.solve(systems, rhs)[..., 0]
    y, x = sol[:n_pairs, :big], sol[n_pairs:, :big]
    ok_y, ok_x = solvable[:n_pairs], solvable[n_pairs:]

    idx = np.arange(n_pairs)[:, None]
    xf = np.zeros((n_pairs, m_ + 1))
    yf = np.zeros((n_pairs, n_ + 1))
    xf[idx, rows] = np.where(valid, x, 0.0)
    yf[idx, cols] = np.where(valid, y, 0.0)
    xf, yf = xf[:, :m_], yf[:, :n_]
    ay = yf @ a.T  # (pairs, m): each row's payoff against y
    bx = xf @ b  # (pairs, n): each column's payoff against x
    ptol, tol = PROBABILITY_TOL, REGRET_TOL * scale
    # smallest probability inside each support (padding excluded)
    y_min = np.where(valid, y, np.inf).min(axis=1)
    x_min = np.where(valid, x, np.inf).min(axis=1)
    good_y, good_x = ok_y & (y_min >= -ptol), ok_x & (x_min >= -ptol)
    value_1 = (xf * ay).sum(axis=1)
    value_2 = (yf * bx).sum(axis=1)
    best_row, best_col = ay.max(axis=1), bx.max(axis=1)
    regret = np.maximum(best_row - value_1, best_col - value_2)
    eq = good_x & good_y & (regret <= tol)
    # Degeneracy: a strategy with full support of size k and more than k best responses,
    # or an equilibrium with a probability that vanishes inside its support.
    strict_y, strict_x = ok_y & (y_min > ptol), ok_x & (x_min > ptol)
    many_y = (ay >= best_row[:, None] - tol).sum(axis=1) > size
    many_x = (bx >= best_col[:, None] - tol).sum(axis=1) > size
    vanishing = eq & ~(strict_x & strict_y)
    degenerate = bool((strict_y & many_y).any() or (strict_x & many_x).any() or vanishing.any())
    equilibria = [
        Equilibrium(
            strategies=(_clean(xf[p]), _clean(yf[p])),
            payoffs=(float(value_1[p]), float(value_2[p])),
            regret=float(max(regret[p], 0.0)),
        )
        for p in np.flatnonzero(eq)
    ]
    return equilibria, degenerate


def _clean(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 0.0, None)
    return p / p.sum()
