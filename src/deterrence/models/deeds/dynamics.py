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
the interval of the endpoints' images).  Evidence can disconfirm
(L_c < L_o: the belief falls) or be neutral (L_c = L_o: it does not move).

*Correlated evidence.*  Repeated events of the same ``kind`` (the eighth
annual Joint Sea exercise) are not independent draws: an established programme
continues by routine.  The n-th event of a kind (n = 0, 1, ...) therefore counts
with weight d^n, a tempered likelihood L_theta^(d^n) (the power-likelihood
discount of evidence of doubtful independence, cf. Ibrahim & Chen 2000's power
prior), where d is ``repeat_discount``: 1 treats every event as independent
evidence, 0 keeps only the first event of each kind.  An event without a kind
is never discounted.  :func:`belief_by_discount` gives a year's belief as a
function of d.

An event also raises R's
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
    repeat_discount: float = 1.0

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end: must not be before start")
        lo, hi = self.prior_committed
        if not 0.0 <= lo <= hi <= 1.0:
            raise ValueError("prior_committed: must be a probability or an interval in [0, 1]")
        if not (np.isfinite(self.repeat_discount) and 0.0 <= self.repeat_discount <= 1.0):
            raise ValueError("repeat_discount: must be a number in [0, 1]")
        for k, e in enumerate(self.events):
            if e.year < self.start:
                raise ValueError(
                    f"events[{k}].year: {e.year} is before the scenario starts ({self.start})"
                )
            if e.year > self.end:
                raise ValueError(
                    f"events[{k}].year: {e.year} is after the scenario ends ({self.end})"
                )


def update(belief: tuple[float, float], event: Event, weight: float = 1.0) -> tuple[float, float]:
    """Bayes' rule for P(committed) at both ends of the interval, the likelihoods raised
    to ``weight`` (1: the event is independent evidence; 0: it is ignored)."""
    like_c = event.likelihood_committed**weight
    like_o = event.likelihood_opportunist**weight
    out = []
    for p in belief:
        num = p * like_c
        out.append(num / (num + (1 - p) * like_o))
    return out[0], out[1]


def evidence_weights(events: tuple[Event, ...], discount: float) -> tuple[float, ...]:
    """Each event's weight d^n, n the number of earlier events of its kind (in the order
    given; an event without a kind has weight 1)."""
    seen: dict[str, int] = {}
    weights = []
    for event in events:
        if not event.kind:
            weights.append(1.0)
            continue
        n = seen.get(event.kind, 0)
        weights.append(discount**n if n else 1.0)
        seen[event.kind] = n + 1
    return tuple(weights)


@dataclass(frozen=True)
class YearRecord:
    year: int
    events: tuple[str, ...]
    belief: tuple[float, float]
    interoperability: float
    outputs: dict
    weights: tuple[float, ...] = ()  # each event's evidence weight (repeat discount)

    def to_record(self) -> dict:
        return {
            "year": self.year,
            "events": list(self.events),
            "belief_lo": self.belief[0],
            "belief_hi": self.belief[1],
            "interoperability": self.interoperability,
            **{k: v for k, v in self.outputs.items() if k != "criterion"},
            "event_weights": list(self.weights),
        }


@dataclass(frozen=True)
class Trajectory:
    criterion: str
    years: tuple[YearRecord, ...]

    repeat_discount: float = 1.0

    def outputs(self) -> dict:
        return {
            "model": "dynamics",
            "criterion": self.criterion,
            "repeat_discount": self.repeat_discount,
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
        return [(y, names, b, e) for y, names, b, e, _ in self._path()]

    def _path(self):
        """(year, events, belief, interoperability, weights) after each year's events."""
        events = tuple(sorted(self.spec.events, key=lambda ev: ev.year))  # stable
        weights = evidence_weights(events, self.spec.repeat_discount)
        belief = tuple(self.spec.prior_committed)
        e = self.params.interoperability
        out, k = [], 0
        for year in range(self.spec.start, self.spec.end + 1):
            names, used = [], []
            while k < len(events) and events[k].year == year:
                belief = update(belief, events[k], weights[k])
                e = min(1.0, e + events[k].interoperability_gain)
                names.append(events[k].name)
                used.append(weights[k])
                k += 1
            out.append((year, tuple(names), belief, e, tuple(used)))
        return out

    def state(self, year: int | None = None) -> tuple[tuple[float, float], float]:
        """(belief interval, interoperability) after the events of ``year`` (default: the
        last year of the record)."""
        year = self.spec.end if year is None else year
        if not self.spec.start <= year <= self.spec.end:
            raise ValueError(
                f"year: {year} is outside the record ({self.spec.start}-{self.spec.end})"
            )
        for y, _, belief, e, _ in self._path():
            if y == year:
                return belief, e
        raise AssertionError("unreachable")

    def solve(self) -> Trajectory:
        records = []
        for year, names, (lo, hi), e, weights in self._path():
            params = replace(self.params, interoperability=e)
            model = InterventionModel(params, self.combat, Belief("exogenous", lo, hi))
            with np.errstate(all="ignore"):
                solution = model.solve(self.criterion)
            records.append(YearRecord(year, names, (lo, hi), e, solution.outputs(), weights))
        return Trajectory(self.criterion.name, tuple(records), self.spec.repeat_discount)


def belief_by_discount(
    model: DynamicsModel, discounts=None, year: int | None = None
) -> list[dict[str, float]]:
    """A year's belief interval (default: the record's last year) as a function of the
    repeat discount d, with the rest of the record unchanged: one row per d with
    ``discount``, ``belief_lo``, ``belief_hi``, ``width`` and ``straddles_half`` (whether
    the interval contains 1/2, i.e. A cannot tell whether entry is more likely than not).
    """
    discounts = np.linspace(0.0, 1.0, 11) if discounts is None else discounts
    rows = []
    for d in discounts:
        spec = replace(model.spec, repeat_discount=float(d))
        (lo, hi), _ = replace(model, spec=spec).state(year)
        rows.append(
            {
                "discount": float(d),
                "belief_lo": lo,
                "belief_hi": hi,
                "width": hi - lo,
                "straddles_half": bool(lo <= 0.5 <= hi),
            }
        )
    return rows
