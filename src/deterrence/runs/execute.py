"""Solving an experiment config, and the data behind its figure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deterrence.models.intervention.model import Solution
from deterrence.runs.config import ExperimentConfig

CURVE_POINTS = 101


def solve_config(config: ExperimentConfig) -> Solution:
    """Solve the scenario of a validated config under its criterion.

    Floating-point overflow in extreme corners (a required force of 1e300,
    a ratio with a vanishing win probability) is part of the design: such
    values become inf and then "does not exist", so numpy's warnings are muted.
    """
    with np.errstate(all="ignore"):
        return config.model.solve(config.criterion)


@dataclass(frozen=True)
class ThresholdCurve:
    """Data for the threshold figure: V* against an exogenous intervention probability.

    ``q`` and ``threshold`` trace V*(q) for point beliefs (docs/model.md, fact 1).
    ``interval`` is the range of q A considers at F* (the ambiguity set),
    ``marked`` the criterion's (intervention probability, V*) and
    ``baseline`` the no-ambiguity (q at the mean prior, V*).
    """

    q: np.ndarray
    threshold: np.ndarray
    interval: tuple[float, float]
    marked: tuple[float | None, float | None]
    baseline: tuple[float | None, float | None]
    criterion: str
    endogenous: bool = False


def threshold_curve(
    config: ExperimentConfig, solution: Solution, points: int = CURVE_POINTS
) -> ThresholdCurve:
    """V*(q) on a grid of q in [0, 1], with the ambiguity set and the criterion's answer."""
    model = config.model
    q = np.linspace(0.0, 1.0, points)
    with np.errstate(all="ignore"):
        thresholds = model.exogenous_thresholds(q)
    force = solution.force if solution.force is not None else model.force_bounds[0]
    b = model.belief
    q_lo, q_hi = float(model.q(b.lo, np.array(force))), float(model.q(b.hi, np.array(force)))
    q_mean = float(model.q(b.mean, np.array(force)))
    return ThresholdCurve(
        q=q,
        threshold=thresholds,
        interval=(q_lo, q_hi),
        marked=(solution.intervention_probability, solution.threshold),
        baseline=(q_mean, solution.expected_utility_threshold),
        criterion=solution.criterion,
        endogenous=b.mode == "endogenous",
    )
