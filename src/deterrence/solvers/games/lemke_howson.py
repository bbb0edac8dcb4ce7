"""The Lemke--Howson algorithm in exact arithmetic with lexicographic pivoting.

Lemke & Howson (1964), "Equilibrium points of bimatrix games", J. SIAM
12(2): complementary pivoting on the best-response polytopes
P = {x >= 0 : B^T x <= 1} and Q = {y >= 0 : A y <= 1} (payoffs made
positive), started at the artificial equilibrium (0, 0) by dropping one of
the m + n labels; each step brings in the complement of the label that just
left, in the other polytope, until the dropped label is picked up again.
The path ends at an equilibrium.

Degenerate games (ties; e.g. a posture game with several best responses)
make the plain minimum-ratio test ambiguous and can make the path cycle; the
lexicographic minimum-ratio test (von Stengel 2002, "Computing equilibria
for two-person games", Handbook of Game Theory vol. 3, ch. 45, sec. 6)
resolves every tie and so always terminates.  Pivoting is done on rational
tableaux (``fractions``), so payoffs of very different sizes are right.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from deterrence.solvers.games.errors import GameError, TimeLimitExceeded
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.polytopes import positive_matrix
from deterrence.solvers.games.result import OK, Equilibrium, NashResult, exact_nfg_equilibrium


class _Tableau:
    """Rows ``[coefficients | rhs]`` for basic variables; the first ``k`` non-slack
    variables then ``k2`` slacks (identity at the start)."""

    def __init__(self, matrix: np.ndarray):
        rows, cols = matrix.shape  # constraints x structural variables
        self.n_struct = cols
        self.rows: list[list[Fraction]] = []
        for r in range(rows):
            slack = [Fraction(0)] * rows
            slack[r] = Fraction(1)
            self.rows.append([Fraction(v) for v in matrix[r]] + slack + [Fraction(1)])
        self.basis = [cols + r for r in range(rows)]  # slacks are basic

    def enter(self, var: int) -> int:
        """Pivot ``var`` into the basis by the lexicographic ratio test; return the
        variable that left."""
        candidates = [r for r, row in enumerate(self.rows) if row[var] > 0]
        if not candidates:
            raise ArithmeticError("unbounded ray in Lemke-Howson (payoffs not positive?)")
        slack0 = self.n_struct
        width = len(self.rows)

        def key(r: int):
            row, c = self.rows[r], self.rows[r][var]
            return [row[-1] / c] + [row[slack0 + t] / c for t in range(width)]

        best = min(candidates, key=key)
        self._pivot(best, var)
        left = self.basis[best]
        self.basis[best] = var
        return left

    def _pivot(self, r: int, var: int) -> None:
        pivot = self.rows[r]
        inv = 1 / pivot[var]
        pivot[:] = [v * inv for v in pivot]
        nonzero = [k for k, v in enumerate(pivot) if v]
        for t, row in enumerate(self.rows):
            f = row[var]
            if t != r and f:
                for k in nonzero:
                    row[k] -= f * pivot[k]

    def values(self) -> list[Fraction]:
        out = [Fraction(0)] * self.n_struct
        for r, var in enumerate(self.basis):
            if var < self.n_struct:
                out[var] = self.rows[r][-1]
        return out


def lemke_howson_path(game: NormalFormGame, label: int, deadline: float | None = None):
    """The equilibrium at the end of the path that drops ``label`` (0..m+n-1)."""
    a, b = (positive_matrix(u) for u in game.exact_payoffs)
    m, n = a.shape
    if not 0 <= label < m + n:
        raise GameError(f"label {label} is not one of 0..{m + n - 1}")
    p = _Tableau(b.T)  # P: B^T x + s = 1; variables x_0..x_{m-1}, s_0..s_{n-1}
    q = _Tableau(a)  # Q: A y + r = 1; variables y_0..y_{n-1}, r_0..r_{m-1}

    # label of a variable: P: x_i -> i, s_j -> m + j; Q: y_j -> m + j, r_i -> i
    def p_var(lab: int) -> int:
        return lab if lab < m else m + (lab - m)

    def q_var(lab: int) -> int:
        return lab - m if lab >= m else n + lab

    def p_label(var: int) -> int:
        return var if var < m else m + (var - m)

    def q_label(var: int) -> int:
        return m + var if var < n else var - n

    in_p = label < m
    entering = label
    steps = 0
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise TimeLimitExceeded("lemke_howson: the time limit was reached")
        steps += 1
        left = p_label(p.enter(p_var(entering))) if in_p else q_label(q.enter(q_var(entering)))
        if left == label:
            break
        entering, in_p = left, not in_p
    x = p.values()[:m]
    y = q.values()[:n]
    sx, sy = sum(x, Fraction(0)), sum(y, Fraction(0))
    return tuple(v / sx for v in x), tuple(v / sy for v in y), steps


def lemke_howson(
    game: NormalFormGame, labels: list[int] | None = None, deadline: float | None = None
) -> NashResult:
    """Lemke--Howson from each dropped label (default: every one of the m + n), exactly.

    Each path ends at an equilibrium, also in degenerate games (lexicographic
    pivoting); the distinct ones are returned, each verified exactly.  The
    method finds *some* equilibria, not necessarily all.
    """
    if game.n_players != 2:
        raise GameError(f"this method needs a two-player game, not {game.n_players} players")
    labels = list(range(sum(game.shape))) if labels is None else labels
    found: dict[tuple, Equilibrium] = {}
    for label in labels:
        x, y, _ = lemke_howson_path(game, label, deadline)
        if (x, y) not in found:
            eq = exact_nfg_equilibrium(game, (x, y))
            if eq.exact_regret != 0:
                raise ArithmeticError("a Lemke-Howson path ended off equilibrium")
            found[(x, y)] = eq
    equilibria = sorted(found.values(), key=lambda e: tuple(-v for s in e.exact for v in s))
    return NashResult(
        method="lemke_howson",
        status=OK,
        equilibria=tuple(equilibria),
        parameters={"labels": labels, "arithmetic": "rational", "pivoting": "lexicographic"},
        message="Lemke-Howson finds some equilibria, not necessarily all (use enumerate)",
    )
