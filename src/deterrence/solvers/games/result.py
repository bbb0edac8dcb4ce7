"""Answers of the game solvers, with their provenance.

Every solver returns a frozen :class:`NashResult`: the method, its parameters,
a typed status and the equilibria found, each an :class:`Equilibrium` carrying
its regret (the largest gain from a unilateral deviation), as pygambit's
``NashComputationResult`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

# Statuses
COMPLETE = "complete"  # every equilibrium (2 players: every extreme one) is listed
OK = "ok"  # the method kept its promise (e.g. one equilibrium, verified)
INCOMPLETE = "incomplete"  # an enumeration that cannot guarantee it found every equilibrium
DEGENERATE = "degenerate"  # the game is degenerate: the equilibria returned are a subset
NOT_CONVERGED = "not_converged"  # an iterative method stopped before its tolerance
STATUSES = (COMPLETE, OK, INCOMPLETE, DEGENERATE, NOT_CONVERGED)

# Named tolerances, relative to the game's payoff scale max(1, max |u|)
REGRET_TOL = 1e-8  # an equilibrium's regret must be at most this
PROBABILITY_TOL = 1e-9  # a probability this close to 0 counts as 0


@dataclass(frozen=True)
class Equilibrium:
    """A mixed profile (one probability vector per player), its payoffs and regret.

    ``exact`` holds the profile in rational arithmetic when the method computed
    it exactly, and ``exact_regret`` its regret computed exactly on the game's
    exact payoffs (``Fraction(0)`` for a verified equilibrium); both are None
    for float-only methods, whose ``regret`` is checked against a tolerance
    relative to each player's own payoff range.
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: tuple[float, ...]
    regret: float
    exact: tuple[tuple[Fraction, ...], ...] | None = None
    exact_regret: Fraction | None = None

    def to_lists(self) -> list[list[float]]:
        return [[float(x) for x in s] for s in self.strategies]

    def to_record(self) -> dict[str, Any]:
        out = {
            "strategies": self.to_lists(),
            "payoffs": [float(v) for v in self.payoffs],
            "regret": float(self.regret),
        }
        if self.exact is not None:
            out["exact"] = [[fraction_text(x) for x in s] for s in self.exact]
        if self.exact_regret is not None:
            out["exact_regret"] = fraction_text(self.exact_regret)
        return out


@dataclass(frozen=True)
class NashResult:
    """The outcome of one solver on one game."""

    method: str
    status: str
    equilibria: tuple[Equilibrium, ...]
    parameters: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    components: tuple[tuple[int, ...], ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "status": self.status,
            "equilibria": [e.to_lists() for e in self.equilibria],
            "regrets": [float(e.regret) for e in self.equilibria],
            "parameters": dict(self.parameters),
            **({"components": [list(c) for c in self.components]} if self.components else {}),
            **({"message": self.message} if self.message else {}),
        }


def fraction_text(x: Fraction) -> str:
    """``p/q`` (or ``p``), as Gambit writes rationals."""
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def exact_nfg_equilibrium(game, profile: Sequence[Sequence[Fraction]]) -> Equilibrium:
    """An Equilibrium from a rational profile of a strategic game, checked exactly."""
    from deterrence.solvers.games.exact import nfg_payoffs, nfg_regret

    exact = tuple(tuple(Fraction(x) for x in p) for p in profile)
    payoffs = nfg_payoffs(game.exact_payoffs, exact)
    regret = nfg_regret(game.exact_payoffs, exact)
    return Equilibrium(
        strategies=tuple(np.array([float(x) for x in p]) for p in exact),
        payoffs=tuple(float(v) for v in payoffs),
        regret=float(regret),
        exact=exact,
        exact_regret=regret,
    )


def float_tolerance_ok(game, regret_by_player: Sequence[float], tol: float) -> bool:
    """Float-only check: each player's regret within ``tol`` times that player's own
    payoff range (never the largest payoff of the game)."""
    return all(r <= tol * s for r, s in zip(regret_by_player, game.player_ranges(), strict=True))


def payoff_scale(payoffs: tuple[np.ndarray, ...]) -> float:
    """max(1, largest |payoff|): tolerances are relative to it."""
    return max(1.0, *(float(np.abs(u).max()) for u in payoffs))


def make_equilibrium(game, strategies) -> Equilibrium:
    """Clean a profile (clip round-off, renormalise) and attach payoffs and regret."""
    clean = []
    for s in strategies:
        s = np.clip(np.asarray(s, dtype=float), 0.0, None)
        clean.append(s / s.sum())
    return Equilibrium(
        strategies=tuple(clean),
        payoffs=tuple(float(v) for v in game.expected_payoffs(clean)),
        regret=game.regret(clean),
    )


def unique(equilibria: list[Equilibrium], decimals: int = 7) -> list[Equilibrium]:
    """Drop repeats (profiles equal after rounding), keeping the first, in a stable order."""
    seen: dict[tuple, Equilibrium] = {}
    for e in equilibria:
        key = tuple(np.round(np.concatenate(e.strategies), decimals) + 0.0)
        seen.setdefault(key, e)
    return sorted(seen.values(), key=lambda e: tuple(-np.concatenate(e.strategies)))
