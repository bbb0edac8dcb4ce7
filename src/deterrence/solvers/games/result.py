"""Answers of the game solvers, with their provenance.

Every solver returns a frozen :class:`NashResult`: the method, its parameters,
a typed status and the equilibria found, each an :class:`Equilibrium` carrying
its regret (the largest gain from a unilateral deviation), as pygambit's
``NashComputationResult`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Statuses
OK = "ok"  # the equilibria returned are all there are (or all the method promises)
DEGENERATE = "degenerate"  # the game is degenerate: the equilibria returned are a subset
NOT_CONVERGED = "not_converged"  # an iterative method stopped before its tolerance
STATUSES = (OK, DEGENERATE, NOT_CONVERGED)

# Named tolerances, relative to the game's payoff scale max(1, max |u|)
REGRET_TOL = 1e-8  # an equilibrium's regret must be at most this
PROBABILITY_TOL = 1e-9  # a probability this close to 0 counts as 0


@dataclass(frozen=True)
class Equilibrium:
    """A mixed profile (one probability vector per player), its payoffs and regret."""

    strategies: tuple[np.ndarray, ...]
    payoffs: tuple[float, ...]
    regret: float

    def to_lists(self) -> list[list[float]]:
        return [[float(x) for x in s] for s in self.strategies]

    def to_record(self) -> dict[str, Any]:
        return {
            "strategies": self.to_lists(),
            "payoffs": [float(v) for v in self.payoffs],
            "regret": float(self.regret),
        }


@dataclass(frozen=True)
class NashResult:
    """The outcome of one solver on one game."""

    method: str
    status: str
    equilibria: tuple[Equilibrium, ...]
    parameters: dict[str, Any] = field(default_factory=dict)
    message: str = ""

    def to_record(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "status": self.status,
            "equilibria": [e.to_lists() for e in self.equilibria],
            "regrets": [float(e.regret) for e in self.equilibria],
            "parameters": dict(self.parameters),
            **({"message": self.message} if self.message else {}),
        }


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
