r"""The two-front game: R best-responds to A's allocation (docs/two_fronts.md).

A and R move simultaneously.  A divides its budget B between the fronts, on a
grid of L allocations x_P = B j / (L - 1), j = 0..L-1 (A's payoffs u_s of
:mod:`.model`); R stays out (O), joins T in the Pacific (P) or opens Europe (E):

    v_O(x_P) = -W_R p(x_P, D_T)
    v_P(x_P) = w - kappa_R - W_R p(x_P, D_I)
    v_E(x_P) = V_R (1 - p(B - x_P, D_E)) - kappa_E - W_R p(x_P, D_T)

where W_R is R's loss if T is defeated and kappa_R its cost of joining (the
canonical model's parameters), w its value of standing with T, V_R its value
of prevailing in Europe and kappa_E its cost of opening that front.  A
Pacific-heavy allocation invites R to open Europe, a European one to join in
the Pacific: the game typically has only mixed equilibria.  Every equilibrium
of this L x 3 bimatrix game (Nash 1951) is found by support enumeration
(``solvers.games.support_enumeration``); each carries its regret, and a
degenerate game is reported as such (its equilibria may then be a subset).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deterrence.models.two_fronts.model import STATES, TwoFrontsModel
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.support_enumeration import support_enumeration


@dataclass(frozen=True)
class ThirdParty:
    """R's payoffs in the two-front game."""

    value: float = 0.25  # w: R's value of standing with T in the Pacific
    cost: float = 0.3  # kappa_R: R's cost of joining in the Pacific
    loss: float = 1.0  # W_R: R's loss if T is defeated
    europe_stakes: float = 1.0  # V_R: R's value of prevailing in Europe
    europe_cost: float = 0.3  # kappa_E: R's cost of opening Europe


@dataclass(frozen=True)
class GameEquilibrium:
    """One equilibrium: A's mix over allocations, R's mix, and what follows."""

    allocation_mix: dict[str, float]
    third_party_mix: dict[str, float]
    pacific_force: float
    europe_force: float
    pacific_win_probability: float
    europe_win_probability: float
    value: float
    third_party_value: float
    regret: float

    def to_record(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class GameSolution:
    """Every equilibrium of the two-front game, the one A prefers first."""

    status: str
    equilibria: tuple[GameEquilibrium, ...]
    message: str = ""

    def outputs(self) -> dict:
        return {
            "model": "two_fronts",
            "response": "equilibrium",
            "status": self.status,
            "equilibria": [e.to_record() for e in self.equilibria],
            **({"message": self.message} if self.message else {}),
        }

    def to_record(self) -> dict:
        return self.outputs()

    def summary(self) -> str:
        """A short human summary: every equilibrium, A's preferred first."""
        lines = [f"two fronts, R best-responds: {len(self.equilibria)} equilibria ({self.status})"]
        for n, e in enumerate(self.equilibria, 1):
            used = {k: v for k, v in e.allocation_mix.items() if v > 1e-9}
            lines += [
                f"  equilibrium {n}:",
                "    A's Pacific force mix    "
                + ", ".join(f"{k}: {v:.4f}" for k, v in used.items()),
                "    R's mix                  "
                + ", ".join(f"{k}: {v:.4f}" for k, v in e.third_party_mix.items()),
                f"    expected forces          Pacific {e.pacific_force:.4f}, "
                f"Europe {e.europe_force:.4f}",
                f"    win probability          Pacific {e.pacific_win_probability:.4f}, "
                f"Europe {e.europe_win_probability:.4f}",
                f"    values                   A {e.value:.4f}, R {e.third_party_value:.4f}; "
                f"regret {e.regret:.1e}",
            ]
        if self.message:
            lines.append(f"  note: {self.message}")
        return "\n".join(lines)


@dataclass(frozen=True)
class TwoFrontsGame:
    """The simultaneous-move two-front game (module docstring)."""

    model: TwoFrontsModel
    third_party: ThirdParty
    levels: int = 21

    def allocations(self) -> np.ndarray:
        """A's Pacific forces x_P = B j / (L - 1), shape (L,)."""
        return float(self.model.budget) * np.linspace(0.0, 1.0, self.levels)

    def payoffs(self) -> tuple[np.ndarray, np.ndarray]:
        """(U_A, U_R), each (L allocations x 3 moves of R: O, P, E)."""
        x = self.allocations()[None, :]
        m, r = self.model, self.third_party
        u_a = np.concatenate(m.payoffs(x), axis=0).T
        p_t, p_i, p_e = (np.ravel(v) for v in m.front_probabilities(x))
        u_r = np.stack(
            [
                -r.loss * p_t,
                r.value - r.cost - r.loss * p_i,
                r.europe_stakes * (1.0 - p_e) - r.europe_cost - r.loss * p_t,
            ],
            axis=1,
        )
        return u_a, u_r

    def game(self) -> NormalFormGame:
        u_a, u_r = self.payoffs()
        return NormalFormGame(
            (u_a, u_r),
            players=("US", "Russia"),
            strategies=(tuple(f"x_P={x:g}" for x in self.allocations()), STATES),
            title="two fronts",
        )

    def front_probabilities(self) -> np.ndarray:
        """A's chance in the Pacific and in Europe for each allocation and move of R,
        shape (2, L, 3); a quiet Europe is held."""
        x = self.allocations()[None, :]
        p_t, p_i, p_e = (np.ravel(v) for v in self.model.front_probabilities(x))
        pacific = np.stack([p_t, p_i, p_t], axis=1)
        europe = np.stack([np.ones_like(p_e), np.ones_like(p_e), p_e], axis=1)
        return np.stack([pacific, europe])

    def solve(self, criterion=None) -> GameSolution:
        """Every equilibrium (``criterion`` is ignored: R best-responds, A is not ambiguous)."""
        result = support_enumeration(self.game())
        x = self.allocations()
        fronts = self.front_probabilities()
        out = []
        for e in result.equilibria:
            a_mix, r_mix = e.strategies
            pacific, europe = (float(a_mix @ f @ r_mix) for f in fronts)
            force = float(x @ a_mix)
            out.append(
                GameEquilibrium(
                    allocation_mix={f"{v:g}": float(p) for v, p in zip(x, a_mix, strict=True)},
                    third_party_mix={s: float(p) for s, p in zip(STATES, r_mix, strict=True)},
                    pacific_force=force,
                    europe_force=float(self.model.budget) - force,
                    pacific_win_probability=pacific,
                    europe_win_probability=europe,
                    value=float(e.payoffs[0]),
                    third_party_value=float(e.payoffs[1]),
                    regret=float(e.regret),
                )
            )
        out.sort(key=lambda eq: -eq.value)
        return GameSolution(result.status, tuple(out), result.message)
