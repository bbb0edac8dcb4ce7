"""Parameters of the canonical intervention model (docs/model.md).

Units are normalised so that the target's defence is 1; the defaults are
illustrative, not a forecast.  ``PARAMETERS`` is the single table that the
config validator, ``deterrence models`` and the docs read.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np


@dataclass(frozen=True)
class ParameterSpec:
    """One row of the parameter table."""

    name: str
    symbol: str
    default: float
    meaning: str
    bound: str  # "positive" | "nonnegative" | "unit" (closed [0, 1]) | "open_unit" ((0, 1))

    def allowed(self) -> str:
        """Human description of the valid range."""
        return {
            "positive": "a finite number > 0",
            "nonnegative": "a finite number >= 0",
            "unit": "a number in [0, 1]",
            "open_unit": "a number in (0, 1)",
        }[self.bound]

    def accepts(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        return {
            "positive": value > 0,
            "nonnegative": value >= 0,
            "unit": 0.0 <= value <= 1.0,
            "open_unit": 0.0 < value < 1.0,
        }[self.bound]


PARAMETERS: tuple[ParameterSpec, ...] = (
    ParameterSpec("stakes", "V", 4.0, "A's value of prevailing, in cost units", "nonnegative"),
    ParameterSpec(
        "target_strength", "D_T", 1.0, "T's effective defence in the theatre", "positive"
    ),
    ParameterSpec(
        "third_party_strength", "D_R", 0.6, "R's force that an intervention adds", "nonnegative"
    ),
    ParameterSpec(
        "interoperability", "e", 0.8, "share of D_R that counts (joint training raises it)", "unit"
    ),
    ParameterSpec("decisiveness", "m", 1.5, "contest decisiveness", "positive"),
    ParameterSpec("force_cost", "c", 0.2, "A's cost per unit of force committed", "positive"),
    ParameterSpec("war_cost", "k_N", 0.5, "A's war cost when R stays out", "nonnegative"),
    ParameterSpec(
        "intervention_war_cost",
        "k_I",
        1.2,
        "A's war cost when R intervenes (k_I >= k_N)",
        "nonnegative",
    ),
    ParameterSpec("third_party_cost", "κ_R", 0.3, "R's cost of intervening", "nonnegative"),
    ParameterSpec("third_party_loss", "W_R", 1.0, "R's loss if T is defeated", "nonnegative"),
    ParameterSpec(
        "success_target",
        "P̄",
        0.8,
        "success probability A's planners demand (force requirement)",
        "open_unit",
    ),
    ParameterSpec("max_force", "F_max", 100.0, "upper bound of the force search", "positive"),
    ParameterSpec(
        "effectiveness_ratio",
        "ρ",
        1.0,
        "A's relative fighting effectiveness (Lanchester combat only)",
        "positive",
    ),
    ParameterSpec(
        "effectiveness_noise",
        "σ",
        0.5,
        "lognormal noise on effectiveness (Lanchester combat only)",
        "positive",
    ),
)

SPECS: dict[str, ParameterSpec] = {p.name: p for p in PARAMETERS}


@dataclass(frozen=True)
class Parameters:
    """Numerical parameters of the canonical model; see ``PARAMETERS`` for meanings.

    Construct through :meth:`create` to validate.  Attribute names are the
    config names of docs/model.md.  For batch solving the fields may be arrays of
    shape (P, 1), one row per point (validated by the caller).
    """

    stakes: float = 4.0
    target_strength: float = 1.0
    third_party_strength: float = 0.6
    interoperability: float = 0.8
    decisiveness: float = 1.5
    force_cost: float = 0.2
    war_cost: float = 0.5
    intervention_war_cost: float = 1.2
    third_party_cost: float = 0.3
    third_party_loss: float = 1.0
    success_target: float = 0.8
    max_force: float = 100.0
    effectiveness_ratio: float = 1.0
    effectiveness_noise: float = 0.5

    @classmethod
    def create(cls, **values: float) -> Parameters:
        """Validated parameters; raises ValueError naming the offending key."""
        for name, value in values.items():
            if name not in SPECS:
                raise ValueError(f"{name}: unknown parameter")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{name}: must be {SPECS[name].allowed()}")
            if not SPECS[name].accepts(float(value)):
                raise ValueError(f"{name} = {value}: must be {SPECS[name].allowed()}")
        params = cls(**{k: float(v) for k, v in values.items()})
        if params.intervention_war_cost < params.war_cost:
            raise ValueError(
                f"intervention_war_cost = {params.intervention_war_cost}: must be >= "
                f"war_cost = {params.war_cost} (intervention is the bad state)"
            )
        return params

    @property
    def defence_out(self) -> float:
        """D_N = D_T: the defence A faces when R stays out."""
        return self.target_strength

    @property
    def defence_in(self) -> float:
        """D_I = D_T + e * D_R: the defence A faces when R intervenes."""
        return self.target_strength + self.interoperability * self.third_party_strength

    def take(self, rows) -> Parameters:
        """The parameters of a subset of a batch's points (arrays of shape (P, 1))."""
        return Parameters(
            **{k: v[rows] if np.ndim(v) > 0 else v for k, v in self.to_dict().items()}
        )

    def replace(self, **changes: float) -> Parameters:
        return Parameters.create(**{**asdict(self), **changes})

    def to_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
