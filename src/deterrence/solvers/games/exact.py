"""Exact rational arithmetic for games: reading numbers, solving small systems, regret.

Game files hold rational payoffs; every solver that can works on them exactly
and every profile it calls an equilibrium is checked here in rational
arithmetic, as Gambit does with ``rational=True`` (McKelvey, McLennan &
Turocy, Gambit 16).  A profile's *regret* is the largest gain any player can
make by a unilateral deviation; it is 0 exactly at a Nash equilibrium (Nash
1951).

* :func:`parse_number` -- a decimal, integer or ``p/q`` word as a Fraction,
  with bounded size (a hostile ``1e999999999`` is refused, never expanded).
* :func:`solve` -- Gaussian elimination over the rationals (``fractions``).
* :func:`nfg_regret`, :func:`tree_regret` -- exact regrets of rational profiles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from deterrence.solvers.games.errors import GameError

MAX_ABS = Fraction(10) ** 300  # payoffs and probabilities must lie within +-1e300
MAX_DIGITS = 1_200  # digits in one number of a game file: enough for any float64 written exactly
_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")
_RATIO = re.compile(r"([+-]?\d+)/(\d+)")
_INTEGER = re.compile(r"[+-]?\d{1,18}")


def parse_number(word: str) -> Fraction | int:
    """The exact value of a number word (``3``, ``-0.25``, ``1e-3``, ``2/3``).

    Raises ValueError with a short reason for anything else, for more than
    :data:`MAX_DIGITS` digits, and for magnitudes beyond :data:`MAX_ABS`.
    """
    if _INTEGER.fullmatch(word):
        return int(word)
    if len(word) > MAX_DIGITS + 12:
        raise ValueError(f"a number of more than {MAX_DIGITS} digits")
    m = _RATIO.fullmatch(word)
    if m:
        den = int(m.group(2))
        if den == 0:
            raise ValueError("division by zero")
        value = Fraction(int(m.group(1)), den)
    else:
        m = _DECIMAL.fullmatch(word)
        if m is None or not (m.group(2) or m.group(3)):
            raise ValueError("not a number")
        digits = (m.group(2) or "") + (m.group(3) or "")
        exponent = int(m.group(4) or 0) - len(m.group(3) or "")
        size = len(digits.lstrip("0")) + exponent
        if digits.strip("0") and (size > 301 or exponent < -(MAX_DIGITS + 300)):
            raise ValueError("a magnitude beyond 1e300")
        value = Fraction(int(digits)) * Fraction(10) ** exponent
        if m.group(1) == "-":
            value = -value
    if abs(value) > MAX_ABS:
        raise ValueError("a magnitude beyond 1e300")
    return value


def fraction(x) -> Fraction:
    """A Fraction from an int, Fraction or float (floats by their shortest decimal)."""
    if isinstance(x, Fraction | int):
        return Fraction(x)
    if isinstance(x, np.integer):
        return Fraction(int(x))
    x = float(x)
    if not np.isfinite(x):
        raise GameError("payoffs and probabilities must be finite numbers")
    return Fraction(repr(x))


def fractions_of(values) -> np.ndarray:
    """An object array of Fractions with the shape of ``values``."""
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    for k, v in enumerate(arr.reshape(-1)):
        flat[k] = fraction(v)
    return out


def solve(matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction] | None:
    """The solution of a square rational system, or None if it is singular.

    Gaussian elimination with exact pivots (any nonzero pivot will do).
    """
    n = len(rhs)
    rows = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, rhs, strict=True)]
    for c in range(n):
        p = next((r for r in range(c, n) if rows[r][c] != 0), None)
        if p is None:
            return None
        rows[c], rows[p] = rows[p], rows[c]
        pivot = rows[c]
        inv = 1 / pivot[c]
        for r in range(n):
            if r != c and rows[r][c] != 0:
                f = rows[r][c] * inv
                row = rows[r]
                for k in range(c, n + 1):
                    if pivot[k]:
                        row[k] -= f * pivot[k]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def affine_solve(
    matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]
) -> tuple[list[Fraction], int] | None:
    """A solution of a rational system of any shape and the dimension of its solution
    set (0: the solution is unique), or None if the system is inconsistent.

    Gauss--Jordan elimination with exact pivots; free variables are set to 0.
    """
    rows = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, rhs, strict=True)]
    n = len(matrix[0]) if matrix else 0
    pivots: list[int] = []
    r = 0
    for c in range(n):
        p = next((k for k in range(r, len(rows)) if rows[k][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        inv = 1 / rows[r][c]
        rows[r] = [v * inv for v in rows[r]]
        for k in range(len(rows)):
            if k != r and rows[k][c] != 0:
                f = rows[k][c]
                rows[k] = [a - f * b for a, b in zip(rows[k], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    if any(row[n] != 0 for row in rows[r:]):
        return None
    x = [Fraction(0)] * n
    for k, c in enumerate(pivots):
        x[c] = rows[k][n]
    return x, n - len(pivots)


def contract(u: np.ndarray, profile: Sequence[Sequence[Fraction] | None]) -> np.ndarray | Fraction:
    """Contract an object array with the given rational vectors; a None axis is kept."""
    out = u
    for axis in reversed(range(u.ndim)):
        p = profile[axis]
        if p is not None:
            out = np.tensordot(out, np.asarray(list(p), dtype=object), axes=([axis], [0]))
    return out


def nfg_regret(
    exact_payoffs: Sequence[np.ndarray], profile: Sequence[Sequence[Fraction]]
) -> Fraction:
    """The exact regret of a rational profile of a strategic game (0 iff Nash)."""
    worst = Fraction(0)
    for i, u in enumerate(exact_payoffs):
        others = [p if j != i else None for j, p in enumerate(profile)]
        values = contract(u, others)
        values = list(np.asarray(values, dtype=object).reshape(-1))
        mine = sum((v * p for v, p in zip(values, profile[i], strict=True)), Fraction(0))
        worst = max(worst, max(values) - mine)
    return worst


def nfg_payoffs(
    exact_payoffs: Sequence[np.ndarray], profile: Sequence[Sequence[Fraction]]
) -> tuple[Fraction, ...]:
    return tuple(
        Fraction(np.asarray(contract(u, profile), dtype=object).reshape(-1)[0])
        for u in exact_payoffs
    )


def is_distribution(p: Sequence[Fraction]) -> bool:
    return all(x >= 0 for x in p) and sum(p, Fraction(0)) == 1


def to_floats(p: Sequence[Fraction]) -> np.ndarray:
    return np.array([float(x) for x in p])


def text(x: Fraction) -> str:
    """A Fraction as ``p/q`` (or ``p``), the form Gambit writes rationals in."""
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def common_denominator(values) -> int:
    """The least common multiple of the denominators of some Fractions."""
    from math import lcm

    out = 1
    for v in values:
        out = lcm(out, Fraction(v).denominator)
    return out
