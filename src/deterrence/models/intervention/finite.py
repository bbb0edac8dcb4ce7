"""The finite form of the canonical model (docs/model.md, "The finite form").

Nature draws R's type: committed (value w_c of defending T) with prior p, or
opportunist (w_o).  A holds or attacks with a force F from a finite list; R
sees F and its type and intervenes (I) or stays out (N).  Payoffs:

* A: hold 0; attack with F against s: u_s(F) = V p_s(F) - k_s - c F;
* R: hold 0; stay out -W_R p_N(F); intervene w - kappa_R - W_R p_I(F).

Subgame-perfect equilibrium (Selten 1965) by backward induction, with the
ties of docs/model.md: R intervenes when indifferent (w - kappa_R + W_R (p_N - p_I)
>= 0), A holds when indifferent, and among equally good attacks takes the
smallest force.  Then q(F) = p 1[committed intervenes at F] + (1 - p)
1[opportunist intervenes at F], A's value of F is
EU(F) = q u_I + (1 - q) u_N = V P(F) - K(F) with P = q p_I + (1 - q) p_N and
K = q k_I + (1 - q) k_N + c F, and, since R's responses do not depend on V,
the threshold is V* = min_F K(F) / P(F) (docs/model.md, fact 1 on the grid).

The same game is available as an :class:`ExtensiveFormGame` (:meth:`tree`),
whose backward induction, with actions listed as hold < F_1 < F_2 ... and
intervene before stay out, implements the same tie rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deterrence.models.combat import Combat
from deterrence.models.parameters import Parameters
from deterrence.solvers.games.backward_induction import TIE_TOL
from deterrence.solvers.games.extensive_form import Chance, Decision, ExtensiveFormGame, Leaf

TYPES = ("committed", "opportunist")
INTERVENE, STAY_OUT, HOLD = "intervene", "stay_out", "hold"


@dataclass(frozen=True)
class FiniteSpec:
    """The finite form's own inputs (the ``[finite]`` config section)."""

    force_levels: tuple[float, ...] = (1.0, 2.0, 3.0, 4.0)
    prior_committed: float = 0.5
    committed_value: float = 3.0
    opportunist_value: float = 0.5

    def __post_init__(self) -> None:
        levels = np.asarray(self.force_levels, dtype=float)
        if levels.size == 0 or not np.isfinite(levels).all() or (levels <= 0).any():
            raise ValueError("force_levels: must be a non-empty list of finite numbers > 0")
        if len(set(levels.tolist())) != levels.size:
            raise ValueError("force_levels: must not repeat a level")
        if not 0.0 <= self.prior_committed <= 1.0:
            raise ValueError("prior_committed: must be a probability in [0, 1]")
        for name in ("committed_value", "opportunist_value"):
            if not np.isfinite(getattr(self, name)):
                raise ValueError(f"{name}: must be a finite number")

    @property
    def values(self) -> tuple[float, float]:
        return self.committed_value, self.opportunist_value


@dataclass(frozen=True)
class FiniteSolution:
    """The subgame-perfect equilibrium of the finite form."""

    attack: bool
    force: float | None
    value: float
    threshold: float | None
    intervention_probability: float
    third_party_strategy: dict[str, list[str]]

    def outputs(self) -> dict:
        return {
            "model": "finite_intervention",
            "attack": self.attack,
            "force": self.force,
            "value": self.value,
            "threshold": self.threshold,
            "intervention_probability": self.intervention_probability,
            "third_party_strategy": self.third_party_strategy,
        }


@dataclass(frozen=True)
class FiniteInterventionModel:
    params: Parameters
    combat: Combat
    spec: FiniteSpec

    # ----------------------------------------------------------- ingredients
    @property
    def levels(self) -> np.ndarray:
        return np.asarray(self.spec.force_levels, dtype=float)

    def win_probabilities(self) -> tuple[np.ndarray, np.ndarray]:
        """(p_N(F), p_I(F)) at each force level."""
        f = self.levels
        return (
            self.combat.win_probability(f, self.params.defence_out),
            self.combat.win_probability(f, self.params.defence_in),
        )

    def attack_payoffs(self) -> tuple[np.ndarray, np.ndarray]:
        """(u_N(F), u_I(F)) at each force level."""
        p, f = self.params, self.levels
        p_n, p_i = self.win_probabilities()
        return (
            p.stakes * p_n - p.war_cost - p.force_cost * f,
            p.stakes * p_i - p.intervention_war_cost - p.force_cost * f,
        )

    def third_party_payoffs(self, kind: int) -> tuple[np.ndarray, np.ndarray]:
        """R's (intervene, stay out) payoffs at each level, for type 0 (committed) or 1."""
        p = self.params
        p_n, p_i = self.win_probabilities()
        w = self.spec.values[kind]
        return w - p.third_party_cost - p.third_party_loss * p_i, -p.third_party_loss * p_n

    def intervenes(self) -> np.ndarray:
        """(2, L) booleans: whether each type intervenes at each level (ties: intervene)."""
        rows = []
        for kind in (0, 1):
            yes, no = self.third_party_payoffs(kind)
            scale = max(1.0, float(np.abs(yes).max()), float(np.abs(no).max()))
            rows.append(yes >= no - TIE_TOL * scale)
        return np.array(rows)

    def intervention_probabilities(self) -> np.ndarray:
        p = self.spec.prior_committed
        act = self.intervenes()
        return p * act[0] + (1 - p) * act[1]

    # ------------------------------------------------------------------ solving
    def solve(self) -> FiniteSolution:
        q = self.intervention_probabilities()
        u_n, u_i = self.attack_payoffs()
        eu = q * u_i + (1 - q) * u_n
        scale = max(1.0, float(np.abs(eu).max()))
        order = np.argsort(self.levels, kind="stable")  # smallest force first among ties
        best = order[int(np.flatnonzero(eu[order] >= eu.max() - TIE_TOL * scale)[0])]
        attack = bool(eu[best] > TIE_TOL * scale)
        act = self.intervenes()
        return FiniteSolution(
            attack=attack,
            force=float(self.levels[best]) if attack else None,
            value=float(eu[best]) if attack else 0.0,
            threshold=self.threshold(q),
            intervention_probability=float(q[best]),
            third_party_strategy={
                name: [INTERVENE if a else STAY_OUT for a in act[k]] for k, name in enumerate(TYPES)
            },
        )

    def threshold(self, q: np.ndarray | None = None) -> float | None:
        """V* = min over levels of K(F) / P(F): the least stakes at which A attacks."""
        q = self.intervention_probabilities() if q is None else q
        p, f = self.params, self.levels
        p_n, p_i = self.win_probabilities()
        success = q * p_i + (1 - q) * p_n
        cost = q * p.intervention_war_cost + (1 - q) * p.war_cost + p.force_cost * f
        with np.errstate(divide="ignore"):
            ratio = np.where(success > 0, cost / success, np.inf)
        best = float(ratio.min())
        return best if np.isfinite(best) else None

    # ------------------------------------------------------------------- the tree
    def tree(self) -> ExtensiveFormGame:
        """The game as a tree: A moves (hold, then levels ascending), nature draws R's
        type, R responds (intervene listed first), so first-action tie-breaking is
        docs/model.md's tie rule."""
        u_n, u_i = self.attack_payoffs()
        prior = self.spec.prior_committed
        moves: list[tuple[str, object]] = [(HOLD, Leaf((0.0, 0.0)))]
        for j in np.argsort(self.levels, kind="stable"):
            label = f"F={float(self.levels[j])!r}"  # exact: distinct levels, distinct sets
            responses = []
            for kind, name in enumerate(TYPES):
                yes, no = self.third_party_payoffs(kind)
                node = Decision(
                    1,
                    f"{name} at {label}",
                    (
                        (INTERVENE, Leaf((float(u_i[j]), float(yes[j])))),
                        (STAY_OUT, Leaf((float(u_n[j]), float(no[j])))),
                    ),
                )
                responses.append((name, (prior, 1 - prior)[kind], node))
            moves.append((label, Chance(tuple(responses), infoset=label)))
        return ExtensiveFormGame(
            ("A", "R"), Decision(0, "attack?", tuple(moves)), title="finite_intervention"
        )
