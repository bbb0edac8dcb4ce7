"""Every equilibrium of many 2x2 bimatrix games at once, vectorised over games.

For a 2x2 game (A, B) the equilibria are (von Stengel 2007, sec. 3.2):

* the pure cells (i, j) where i is a best response to j and j to i;
* the completely mixed profile, when it exists: the row player's probability
  of row 1 is p = (B22 - B21) / (B11 - B21 - B12 + B22), making the column
  player indifferent, and the column player's probability of column 1 is
  q = (A22 - A12) / (A11 - A12 - A21 + A22); it is an equilibrium iff both lie
  strictly inside (0, 1).

A 2x2 game is degenerate iff some pure strategy has two pure best responses
(a tie in a column of A or a row of B); such games may have continua of
equilibria and are flagged rather than solved here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deterrence.solvers.games.errors import GameError


@dataclass(frozen=True)
class Batch2x2:
    """Equilibria of G games.

    pure[g, i, j]: (i, j) is a pure equilibrium of game g.
    mixed[g] = (p, q): the completely mixed equilibrium (row 1 with p, column 1
    with q), NaN where there is none.  degenerate[g]: game g is degenerate.
    """

    pure: np.ndarray
    mixed: np.ndarray
    degenerate: np.ndarray

    @property
    def count(self) -> np.ndarray:
        """Number of equilibria of each game (meaningful where not degenerate)."""
        return self.pure.sum(axis=(1, 2)) + ~np.isnan(self.mixed[:, 0])


def solve_2x2_batch(a: np.ndarray, b: np.ndarray) -> Batch2x2:
    """All equilibria of the games (a[g], b[g]), a and b of shape (G, 2, 2)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 3 or a.shape[1:] != (2, 2):
        raise GameError(f"expected payoff arrays of shape (G, 2, 2), got {a.shape} and {b.shape}")
    row_best = a >= a[:, ::-1, :]  # row i is a best response to column j
    col_best = b >= b[:, :, ::-1]  # column j is a best response to row i
    pure = row_best & col_best
    degenerate = (a[:, 0, :] == a[:, 1, :]).any(axis=1) | (b[:, :, 0] == b[:, :, 1]).any(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (b[:, 1, 1] - b[:, 1, 0]) / (b[:, 0, 0] - b[:, 1, 0] - b[:, 0, 1] + b[:, 1, 1])
        q = (a[:, 1, 1] - a[:, 0, 1]) / (a[:, 0, 0] - a[:, 0, 1] - a[:, 1, 0] + a[:, 1, 1])
    inside = (p > 0) & (p < 1) & (q > 0) & (q < 1)
    mixed = np.where(inside[:, None], np.stack([p, q], axis=1), np.nan)
    return Batch2x2(pure=pure, mixed=mixed, degenerate=degenerate)
