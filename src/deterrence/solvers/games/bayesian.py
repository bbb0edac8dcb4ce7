"""Bayesian games and their Harsanyi transformation.

Harsanyi (1967--68), "Games with incomplete information played by Bayesian
players", Management Science 14; Osborne (2004), *An Introduction to Game
Theory*, ch. 9.  Each player i has a type t_i in T_i; types are drawn from a
common prior pi over T_1 x ... x T_n; payoffs u_i(t, a) depend on the type
profile and the action profile.  A pure strategy of i is a plan s_i: T_i -> A_i,
and the ex-ante payoff of a plan profile is

    U_i(s) = sum_t pi(t) u_i(t, s_1(t_1), ..., s_n(t_n)).

A Nash equilibrium of that normal form is a Bayesian Nash equilibrium (for
types with positive probability, each type best-responds to its posterior).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.normal_form import NormalFormGame

MAX_PLAN_PROFILES = 2_000_000


@dataclass(frozen=True, eq=False)
class BayesianGame:
    """``prior`` has shape (T_1, ..., T_n); ``payoffs`` shape (n, T_1, ..., T_n, A_1, ..., A_n)."""

    prior: np.ndarray
    payoffs: np.ndarray
    players: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        prior = np.asarray(self.prior, dtype=float)
        payoffs = np.asarray(self.payoffs, dtype=float)
        n = prior.ndim
        if n < 1 or (prior < 0).any() or abs(prior.sum() - 1) > 1e-9:
            raise GameError("prior: must be a joint distribution over type profiles (sums to 1)")
        if (
            payoffs.ndim != 1 + 2 * n
            or payoffs.shape[0] != n
            or payoffs.shape[1 : 1 + n] != prior.shape
        ):
            raise GameError(
                f"payoffs must have shape (players, types..., actions...) = ({n}, "
                f"{', '.join(map(str, prior.shape))}, A_1, ..., A_{n}); got {payoffs.shape}"
            )
        if not np.isfinite(payoffs).all():
            raise GameError("payoffs must be finite numbers")
        object.__setattr__(self, "prior", prior)
        object.__setattr__(self, "payoffs", payoffs)
        object.__setattr__(
            self, "players", tuple(self.players) or tuple(str(i + 1) for i in range(n))
        )

    @property
    def n_players(self) -> int:
        return self.prior.ndim

    @property
    def type_counts(self) -> tuple[int, ...]:
        return self.prior.shape

    @property
    def action_counts(self) -> tuple[int, ...]:
        return self.payoffs.shape[1 + self.n_players :]

    def plans(self, player: int) -> list[tuple[int, ...]]:
        """Player's pure strategies: one action per type, in lexicographic order."""
        return list(product(range(self.action_counts[player]), repeat=self.type_counts[player]))

    def harsanyi(self) -> NormalFormGame:
        """The ex-ante normal form over type-contingent plans."""
        n = self.n_players
        plans = [self.plans(i) for i in range(n)]
        count = int(np.prod([len(p) for p in plans]))
        if count > MAX_PLAN_PROFILES:
            raise GameError(
                f"the normal form would have {count} profiles (limit {MAX_PLAN_PROFILES})"
            )
        out = np.zeros((n, *[len(p) for p in plans]))
        types = list(np.ndindex(*self.type_counts))
        weights = np.array([self.prior[t] for t in types])
        for cell in np.ndindex(*[len(p) for p in plans]):
            total = np.zeros(n)
            for w, t in zip(weights, types, strict=True):
                if w == 0:
                    continue
                actions = tuple(plans[i][cell[i]][t[i]] for i in range(n))
                total += w * self.payoffs[(slice(None), *t, *actions)]
            out[(slice(None), *cell)] = total
        labels = tuple(tuple("".join(str(a) for a in plan) for plan in plans[i]) for i in range(n))
        return NormalFormGame(tuple(out), players=self.players, strategies=labels, title="harsanyi")

    def type_strategies(self, mixed: tuple[np.ndarray, ...]) -> list[np.ndarray]:
        """Each player's behaviour per type, (T_i, A_i), from a mixed strategy over plans."""
        out = []
        for i, x in enumerate(mixed):
            plans = np.array(self.plans(i))  # (plans, T_i)
            behaviour = np.zeros((self.type_counts[i], self.action_counts[i]))
            for t in range(self.type_counts[i]):
                behaviour[t] = np.bincount(plans[:, t], weights=x, minlength=self.action_counts[i])
            out.append(behaviour)
        return out
