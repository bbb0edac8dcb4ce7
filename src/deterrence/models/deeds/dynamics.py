"""Belief dynamics: a dated sequence of events moves A's belief and R's capability.

A's belief is the probability that R is *committed* (intervenes if T is
attacked); an opportunist R stays out, so the canonical model's exogenous
intervention probability is q = P(committed) (docs/model.md, with the finite
form's two types).  A may hold an interval [p_lo, p_hi] of priors (a set of
priors, as in the canonical model).  Each event E -- a treaty, a year's joint
exercises, a bomber patrol -- is more or less likely under each type; A
updates by Bayes' rule,

    P(committed | E) = p L_c / (p L_c + (1 - p) L_o),    L_theta = P(E | theta),

endpoint by endpoint (the map is increasing in p, so the interval's image is
the interval of the endpoints' images).  An event also raises R's
interoperability with T by its gain g (e <- min(1, e + g)): deeds both
signal and strengthen (Morrow 1994).  After each year's events the canonical
model is solved with q in [p_lo, p_hi], that year's e and the config's
criterion.  When events are informative (L_c != L_o) and drawn from one type,
the log odds drift by E[log L_c/L_o] per event, so the belief converges to
the truth (Blackwell & Dubins 1962; a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters


@dataclass(frozen=True)
class Event:
    year: int
    name: str
    likelihood_committed: float = 0.5  # P(event | committed)
    likelihood_opportunist: float = 0.5  # P(event | opportunist)
    interoperability_gain: float = 0.0
    kind: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        for key in ("likelihood_committed", "likelihood_opportunist"):
            value = getattr(self, key)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{key}: must be a probability in (0, 1]")
        if not (np.isfinite(self.interoperability_gain) and self.interoperability_gain >= 0):
            raise ValueError("interoperability_gain: must be a finite number >= 0")


@dataclass(frozen=True)
class ScenarioSpec:
    """The ``[scenario]`` config section."""

    start: int = 2001
    end: int = 2019
    prior_committed: tuple[float, float] = (0.1, 0.3)
    events: tuple[Event, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end: must not be before start")
        lo, hi = self.prior_committed
        if not 0.0 <= lo <= hi <= 1.0:
            raise ValueError("prior_committed: must be a probability or an interval in [0, 1]")
        for k, e in enumerate(self.events):
            if e.year < self.start:
                raise ValueError(
                    f"events[{k}].year: {e.year} is before the scenario starts ({self.start})"
                )
            if e.year > self.end:
                raise ValueError(
                    f"events[{k}].year: {e.year} is after the scenario ends ({self.end})"
                )


def update(belief: tuple[float, float], event: Event) -> tuple[float, float]:
    """Bayes' rule for P(committed) at both ends of the interval."""
    out = []
    for p in belief:
        num = p * event.likelihood_committed
        out.append(num / (num + (1 - p) * event.likelihood_opportunist))
    return out[0], out[1]


@dataclass(frozen=True)
class YearRecord:
    year: int
    events: tuple[str, ...]
    belief: tuple[float, float]
    interoperability: float
    outputs: dict

    def to_record(self) -> dict:
        return {
            "year": self.year,
            "events": list(self.events),
            "belief_lo": self.belief[0],
            "belief_hi": self.belief[1],
            "interoperability": self.interoperability,
            **{k: v for k, v in self.outputs.items() if k != "criterion"},
        }


@dataclass(frozen=True)
class Trajectory:
    criterion: str
    years: tuple[YearRecord, ...]

    def outputs(self) -> dict:
        return {
            "model": "dynamics",
            "criterion": self.criterion,
            "trajectory": [y.to_record() for y in self.years],
        }


@dataclass(frozen=True)
class DynamicsModel:
    params: Parameters
    combat: Combat
    spec: ScenarioSpec
    criterion: Criterion

    def beliefs(self) -> list[tuple[int, tuple[str, ...], tuple[float, float], float]]:
        """(year, events, belief interval, interoperability) after each year's events."""
        belief = tuple(self.spec.prior_committed)
        e = self.params.interoperability
        out = []
        for year in range(self.spec.start, self.spec.end + 1):
            names = []
            for event in (ev for ev in self.spec.events if ev.year == year):
                belief = update(belief, event)
                e = min(1.0, e + event.interoperability_gain)
                names.append(event.name)
            out.append((year, tuple(names), belief, e))
        return out

    def solve(self) -> Trajectory:
        records = []
        for year, names, (lo, hi), e in self.beliefs():
            params = replace(self.params, interoperability=e)
            model = InterventionModel(params, self.combat, Belief("exogenous", lo, hi))
            with np.errstate(all="ignore"):
                solution = model.solve(self.criterion)
            records.append(YearRecord(year, names, (lo, hi), e, solution.outputs()))
        return Trajectory(self.criterion.name, tuple(records))
