"""The posture game: strategic ambiguity read as a deliberate mixed strategy.

At the planning stage the US (A) chooses a Pacific force level F from a
finite list (F = 0: no operation) while Russia (R), without seeing it,
chooses a readiness level r from a ladder (default: stand aside r = 0,
posture r = 0.5, full readiness r = 1).  Readiness r brings the share r of
R's effective force into the theatre, so with the canonical combat function

    D(r) = D_T + r e D_R,      k(r) = k_N + r (k_I - k_N),
    A:  u_A(F, r) = V p(F, D(r)) - k(r) - c F       (F > 0),   0 if F = 0,
    R:  u_R(F, r) = r (w - kappa_R) - W_R p(F, D(r)) - h(r)  (F > 0),  -h(r) if F = 0,

where w is R's value of standing with T (its resolve, as in the finite form)
and h(r) the peacetime cost of holding readiness r (small: Russia's planning
already assumes a conflict, docs/model.md C6).  When the stakes lie between the
thresholds V*(q = 0) and V*(q = 1) of docs/model.md, fact 1, the US attacks a
Russia that stands aside and holds against one at full readiness, while
Russia readies only against an attack: an inspection game whose equilibrium
is mixed.  The game is a bimatrix
game; its mixed equilibria (all of them, by support enumeration) give
Russia's equilibrium probability of full readiness and the US force mix
(cf. Schelling 1960 on "the threat that leaves something to chance";
Baliga & Sjöström 2008 on strategic ambiguity).  With r in {0, 1} only and
a fixed F, R's mix is the exogenous q of the canonical model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deterrence.models.combat import Combat
from deterrence.models.parameters import Parameters
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import NashResult
from deterrence.solvers.games.support_enumeration import support_enumeration

DEFAULT_LEVELS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
DEFAULT_READINESS = ("stand_aside", "posture", "full_readiness")


@dataclass(frozen=True)
class PostureSpec:
    """The ``[posture]`` config section."""

    force_levels: tuple[float, ...] = DEFAULT_LEVELS
    readiness_names: tuple[str, ...] = DEFAULT_READINESS
    readiness: tuple[float, ...] = (0.0, 0.5, 1.0)
    readiness_cost: tuple[float, ...] = (0.0, 0.02, 0.05)
    third_party_value: float = 0.3

    def __post_init__(self) -> None:
        levels = np.asarray(self.force_levels, dtype=float)
        if levels.size == 0 or not np.isfinite(levels).all() or (levels < 0).any():
            raise ValueError("force_levels: must be a non-empty list of finite numbers >= 0")
        if len(set(levels.tolist())) != levels.size:
            raise ValueError("force_levels: must not repeat a level")
        n = len(self.readiness_names)
        if n == 0 or len(self.readiness) != n or len(self.readiness_cost) != n:
            raise ValueError(
                f"readiness, readiness_cost: need one entry per readiness level ({n} names)"
            )
        r = np.asarray(self.readiness, dtype=float)
        if not np.isfinite(r).all() or (r < 0).any() or (r > 1).any():
            raise ValueError("readiness: every level must be a share in [0, 1]")
        h = np.asarray(self.readiness_cost, dtype=float)
        if not np.isfinite(h).all() or (h < 0).any():
            raise ValueError("readiness_cost: must be finite numbers >= 0")
        if not np.isfinite(self.third_party_value):
            raise ValueError("third_party_value: must be a finite number")


@dataclass(frozen=True)
class PostureEquilibrium:
    us_force_mix: dict[str, float]
    russia_readiness_mix: dict[str, float]
    russia_full_readiness: float
    expected_force: float
    us_value: float
    russia_value: float
    regret: float

    def to_record(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PostureSolution:
    status: str
    equilibria: tuple[PostureEquilibrium, ...]
    message: str = ""

    def outputs(self) -> dict:
        return {
            "model": "posture",
            "status": self.status,
            "equilibria": [e.to_record() for e in self.equilibria],
            **({"message": self.message} if self.message else {}),
        }


@dataclass(frozen=True)
class PostureModel:
    params: Parameters
    combat: Combat
    spec: PostureSpec

    def payoffs(self) -> tuple[np.ndarray, np.ndarray]:
        """(U_A, U_R), each (levels x readiness)."""
        p = self.params
        f = np.asarray(self.spec.force_levels, dtype=float)[:, None]
        r = np.asarray(self.spec.readiness, dtype=float)[None, :]
        h = np.asarray(self.spec.readiness_cost, dtype=float)[None, :]
        defence = p.target_strength + r * p.interoperability * p.third_party_strength
        war_cost = p.war_cost + r * (p.intervention_war_cost - p.war_cost)
        safe_f = np.where(f > 0, f, 1.0)
        win = np.where(f > 0, self.combat.win_probability(safe_f, defence), 0.0)
        attack = f > 0
        u_a = np.where(attack, p.stakes * win - war_cost - p.force_cost * f, 0.0)
        resolve = r * (self.spec.third_party_value - p.third_party_cost)
        u_r = np.where(attack, resolve - p.third_party_loss * win, 0.0) - h
        return u_a, u_r

    def game(self) -> NormalFormGame:
        u_a, u_r = self.payoffs()
        return NormalFormGame(
            (u_a, u_r),
            players=("US", "Russia"),
            strategies=(
                tuple(f"F={x:g}" for x in self.spec.force_levels),
                tuple(self.spec.readiness_names),
            ),
            title="posture",
        )

    def solve(self) -> PostureSolution:
        game = self.game()
        return self.describe(support_enumeration(game))

    def describe(self, result: NashResult) -> PostureSolution:
        levels = np.asarray(self.spec.force_levels, dtype=float)
        names = self.spec.readiness_names
        full = int(np.argmax(self.spec.readiness))  # the highest readiness level
        out = []
        for e in result.equilibria:
            x, y = e.strategies
            out.append(
                PostureEquilibrium(
                    us_force_mix={f"{lv:g}": float(p) for lv, p in zip(levels, x, strict=True)},
                    russia_readiness_mix={n: float(p) for n, p in zip(names, y, strict=True)},
                    russia_full_readiness=float(y[full]),
                    expected_force=float(levels @ x),
                    us_value=float(e.payoffs[0]),
                    russia_value=float(e.payoffs[1]),
                    regret=float(e.regret),
                )
            )
        return PostureSolution(result.status, tuple(out), result.message)
