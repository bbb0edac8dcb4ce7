"""Exact solutions of one support profile's polynomial system (SymPy Groebner bases).

The fallback of :mod:`.polynomial_enumeration` for the supports that interval
arithmetic (:mod:`.krawczyk`) leaves unresolved: singular roots, roots closer
than its smallest box, or positive-dimensional solution sets.

Each system is solved exactly with SymPy (Meurer et al. 2017): a Groebner
basis in lexicographic order (Buchberger 1965; Cox, Little & O'Shea 2015,
ch. 3) decides whether the system has no solution, finitely many, or a
positive-dimensional set, and in the finite case yields all of them (rational
ones exactly, algebraic ones as exact roots evaluated to 50 digits) -- no
isolated solution is lost.  SymPy is a maintained, pure-Python computer
algebra system; it is slow on large systems, which is why it is only the
fallback.  Rational equilibria are checked exactly (zero rational regret);
irrational ones to a tolerance relative to each player's own payoff range.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np

from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import (
    Equilibrium,
    exact_nfg_equilibrium,
    make_equilibrium,
)

IRRATIONAL_TOL = 1e-12  # regret of an irrational equilibrium, relative to each player's range
DIGITS = 50  # precision of algebraic solutions before they are rounded to floats


def solve_support(game: NormalFormGame, supports) -> tuple[list[Equilibrium], bool]:
    """Equilibria with exactly these supports, and whether the system is
    positive-dimensional."""
    import sympy

    exact = game.exact_payoffs
    n = game.n_players
    symbols = []
    sigma: list[list] = []
    for i, sup in enumerate(supports):
        xs = [sympy.Symbol(f"p{i}_{s}") for s in sup[1:]]
        symbols += xs
        sigma.append([1 - sum(xs), *xs])
    equations = []
    for i, sup in enumerate(supports):
        if len(sup) < 2:
            continue
        values = [_value(exact[i], supports, sigma, i, s) for s in sup]
        equations += [sympy.expand(v - values[0]) for v in values[1:]]
    if not symbols:
        return _candidate(game, supports, [[Fraction(1)] for _ in range(n)]), False
    equations = [e for e in equations if e != 0]
    if not equations:
        return [], True  # every mixture on these supports is indifferent
    basis = sympy.groebner(equations, *symbols, order="lex", domain="QQ")
    if list(basis.exprs) == [1]:
        return [], False
    if not basis.is_zero_dimensional:
        # a continuum: its points with boundary probabilities are found on smaller supports
        return [], True
    out = []
    for values in _triangular_solutions(basis, symbols):
        mixes = [[sympy.expand(sympy.sympify(p).xreplace(values)) for p in s] for s in sigma]
        out += _candidate(game, supports, mixes)
    return out, False


def _triangular_solutions(basis, symbols) -> list[dict]:
    """Every complex solution of a zero-dimensional lex Groebner basis, by back
    substitution from the last variable (the basis is triangular in lex order:
    Cox, Little & O'Shea 2015, ch. 3, the Extension Theorem).  Rational roots are
    found exactly (``Poly.ground_roots`` over QQ); the others numerically to
    :data:`DIGITS` digits (``Poly.nroots``), so none is lost."""
    import sympy

    partial: list[dict] = [{}]
    for k in reversed(range(len(symbols))):
        x = symbols[k]
        later = set(symbols[k + 1 :])
        polys = [g for g in basis.exprs if x in g.free_symbols and g.free_symbols <= later | {x}]
        grown = []
        for values in partial:
            univariate = []
            for g in polys:
                h = sympy.Poly(sympy.expand(g.xreplace(values)), x)
                if not h.is_zero:
                    univariate.append(h)
            if not univariate:
                continue
            h = min(univariate, key=lambda q: q.degree())
            exact_domain = all(v.is_Rational for v in values.values())
            roots: list = []
            if exact_domain:
                rational = [r for r in sympy.Poly(h, x, domain="QQ").ground_roots()]
                roots += rational
                rest = h
                for r in rational:
                    rest = sympy.quo(rest, sympy.Poly(x - r, x))
                if rest.degree() > 0:
                    roots += list(rest.nroots(n=DIGITS))
            else:
                roots += list(h.nroots(n=DIGITS))
            for r in roots:
                trial = {**values, x: r}
                scale = 1 + max(abs(complex(c)) for q in univariate for c in q.coeffs())
                if all(abs(complex(q.eval(r))) <= 1e-25 * scale for q in univariate):
                    grown.append(trial)
        partial = grown
    return partial


def _value(u: np.ndarray, supports, sigma, i: int, s: int):
    """Player i's payoff from pure strategy s against the others' mixtures (symbolic)."""
    import sympy

    total = sympy.Integer(0)
    others = [j for j in range(len(supports)) if j != i]
    for cell in product(*[range(len(supports[j])) for j in others]):
        index = [0] * len(supports)
        index[i] = s
        weight = sympy.Integer(1)
        for j, c in zip(others, cell, strict=True):
            index[j] = supports[j][c]
            weight *= sigma[j][c]
        payoff = u[tuple(index)]
        if payoff:
            total += sympy.Rational(payoff.numerator, payoff.denominator) * weight
    return total


def _candidate(game: NormalFormGame, supports, mixes) -> list[Equilibrium]:
    """The profile with these supports and mixtures, if it is an equilibrium."""
    import sympy

    rational = all(isinstance(p, sympy.Rational | int | Fraction) for m in mixes for p in m)
    if rational:
        profile = []
        for i, sup in enumerate(supports):
            full = [Fraction(0)] * game.shape[i]
            for s, p in zip(sup, mixes[i], strict=True):
                if not isinstance(p, Fraction):
                    p = Fraction(int(sympy.numer(p)), int(sympy.denom(p)))
                if p <= 0:
                    return []
                full[s] = p
            profile.append(full)
        eq = exact_nfg_equilibrium(game, profile)
        return [eq] if eq.exact_regret == 0 else []
    profile = []
    for i, sup in enumerate(supports):
        full = np.zeros(game.shape[i])
        for s, p in zip(sup, mixes[i], strict=True):
            value = complex(sympy.N(p, DIGITS))
            if abs(value.imag) > 1e-30 or value.real <= 0:
                return []
            full[s] = value.real
        profile.append(full)
    eq = make_equilibrium(game, profile)
    values = game.pure_payoffs(list(eq.strategies))
    ok = all(
        v.max() - v @ p <= IRRATIONAL_TOL * r
        for v, p, r in zip(values, eq.strategies, game.player_ranges(), strict=True)
    )
    return [eq] if ok else []
