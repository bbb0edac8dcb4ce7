"""The outputs of one solved scenario (docs/model.md, "Outputs")."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

OUTPUT_NAMES = (
    "attack",
    "force",
    "intervention_probability",
    "threshold",
    "force_requirement",
    "threshold_premium",
    "force_premium",
    "extra_cost",
)


@dataclass(frozen=True)
class Solution:
    """Everything a run reports about one scenario.

    The fields named in ``OUTPUT_NAMES`` are docs/model.md's outputs; a quantity
    that does not exist (e.g. no force up to F_max reaches the success
    target) is None.  The rest are the ingredients of the premia.
    """

    criterion: str
    attack: bool
    force: float | None
    intervention_probability: float | None
    threshold: float | None
    force_requirement: float | None
    threshold_premium: float | None
    force_premium: float | None
    extra_cost: float | None
    attack_value: float
    hold_value: float
    baseline_threshold: float | None
    baseline_force_requirement: float | None

    def outputs(self) -> dict:
        """docs/model.md's outputs, plus the criterion's name."""
        return {"criterion": self.criterion, **{k: getattr(self, k) for k in OUTPUT_NAMES}}

    def to_record(self) -> dict:
        return asdict(self)


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _finite_or_none(x) -> float | None:
    return float(x) if np.isfinite(x) else None
