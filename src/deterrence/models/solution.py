"""The outputs of one solved scenario (docs/model.md, "Outputs").

Four reference quantities give the premia their meaning:

* V*_EU = ``expected_utility_threshold``: V* under expected utility at the
  set's mean prior (an interval's midpoint, a Beta's mean; in endogenous mode
  the midpoint of the mean-resolve interval);
* V*_0 = ``no_intervention_threshold``: V* if R surely stays out (q = 0 at every F);
* R_EU = ``expected_utility_force_requirement``: the force requirement under
  expected utility at the mean prior;
* R_0 = ``no_intervention_force_requirement``: the requirement if R surely
  stays out (closed form).

Then, for every criterion (the multiplier included: its premium is its
robustness margin),

    threshold_premium            = V* - V*_EU
    threshold_premium_relative   = (V* - V*_EU) / V*_EU
    ambiguity_threshold_premium  = V* - V*_EU          (the same number)
    risk_threshold_premium       = V*_EU - V*_0        (so V* - V*_0 = risk + ambiguity)
    force_premium                = R - R_0
    risk_force_premium           = R_EU - R_0
    ambiguity_force_premium      = R - R_EU            (so force_premium = risk + ambiguity)
    extra_cost                   = c * force_premium

A quantity that does not exist is None here and NaN in batch results.
"""

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
    "threshold_premium_relative",
    "force_premium",
    "extra_cost",
    "risk_threshold_premium",
    "ambiguity_threshold_premium",
    "risk_force_premium",
    "ambiguity_force_premium",
)
# the reference quantities behind the premia (results.json records them by these names)
DETAIL_NAMES = (
    "attack_value",
    "hold_value",
    "expected_utility_threshold",
    "no_intervention_threshold",
    "expected_utility_force_requirement",
    "no_intervention_force_requirement",
)


@dataclass(frozen=True)
class Solution:
    """Everything a run reports about one scenario.

    The fields named in ``OUTPUT_NAMES`` are docs/model.md's outputs; a quantity
    that does not exist (e.g. no force up to F_max reaches the success
    target) is None.  The fields in ``DETAIL_NAMES`` are the ingredients of the
    premia (module docstring).
    """

    criterion: str
    attack: bool
    force: float | None
    intervention_probability: float | None
    threshold: float | None
    force_requirement: float | None
    threshold_premium: float | None
    threshold_premium_relative: float | None
    force_premium: float | None
    extra_cost: float | None
    risk_threshold_premium: float | None
    ambiguity_threshold_premium: float | None
    risk_force_premium: float | None
    ambiguity_force_premium: float | None
    attack_value: float
    hold_value: float
    expected_utility_threshold: float | None
    no_intervention_threshold: float | None
    expected_utility_force_requirement: float | None
    no_intervention_force_requirement: float | None

    def outputs(self) -> dict:
        """docs/model.md's outputs, plus the criterion's name."""
        return {"criterion": self.criterion, **{k: getattr(self, k) for k in OUTPUT_NAMES}}

    def to_record(self) -> dict:
        return asdict(self)


def premia(
    threshold: float | None,
    requirement: float | None,
    references: dict[str, float | None],
    force_cost: float,
) -> dict[str, float | None]:
    """The premium outputs from V*, the requirement and the four references
    (keyed by their ``DETAIL_NAMES``); None where an ingredient is missing."""
    v_eu = references["expected_utility_threshold"]
    v_0 = references["no_intervention_threshold"]
    r_eu = references["expected_utility_force_requirement"]
    r_0 = references["no_intervention_force_requirement"]
    ambiguity = _difference(threshold, v_eu)
    force_premium = _difference(requirement, r_0)
    relative = None if ambiguity is None or not v_eu else ambiguity / v_eu
    return {
        "threshold_premium": ambiguity,
        "threshold_premium_relative": relative,
        "force_premium": force_premium,
        "extra_cost": None if force_premium is None else force_cost * force_premium,
        "risk_threshold_premium": _difference(v_eu, v_0),
        "ambiguity_threshold_premium": ambiguity,
        "risk_force_premium": _difference(r_eu, r_0),
        "ambiguity_force_premium": _difference(requirement, r_eu),
    }


def batch_premia(
    threshold: np.ndarray,
    requirement: np.ndarray,
    references: dict[str, np.ndarray],
    force_cost: np.ndarray,
) -> dict[str, np.ndarray]:
    """:func:`premia` on arrays of shape (P,), NaN where an ingredient is NaN."""
    v_eu = references["expected_utility_threshold"]
    ambiguity = threshold - v_eu
    force_premium = requirement - references["no_intervention_force_requirement"]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(v_eu != 0, ambiguity / np.where(v_eu != 0, v_eu, 1.0), np.nan)
    return {
        "threshold_premium": ambiguity,
        "threshold_premium_relative": relative,
        "force_premium": force_premium,
        "extra_cost": force_cost * force_premium,
        "risk_threshold_premium": v_eu - references["no_intervention_threshold"],
        "ambiguity_threshold_premium": ambiguity.copy(),
        "risk_force_premium": references["expected_utility_force_requirement"]
        - references["no_intervention_force_requirement"],
        "ambiguity_force_premium": requirement - references["expected_utility_force_requirement"],
    }


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _finite_or_none(x) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None
