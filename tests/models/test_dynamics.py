"""Belief dynamics: Bayes' rule by hand, convergence to the truth, the canonical link."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.deeds.dynamics import (
    DynamicsModel,
    Event,
    ScenarioSpec,
    belief_by_discount,
    update,
)
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters


def test_bayes_update_by_hand():
    event = Event(2005, "exercise", likelihood_committed=0.8, likelihood_opportunist=0.4)
    lo, hi = update((0.2, 0.5), event)
    assert lo == pytest.approx(0.2 * 0.8 / (0.2 * 0.8 + 0.8 * 0.4))  # 1/3
    assert hi == pytest.approx(0.5 * 0.8 / (0.5 * 0.8 + 0.5 * 0.4))  # 2/3
    uninformative = Event(2001, "treaty", 0.6, 0.6)
    assert update((0.2, 0.5), uninformative) == pytest.approx((0.2, 0.5))


@pytest.mark.parametrize("truth", ["committed", "opportunist"])
def test_belief_converges_to_the_true_type(truth):
    rng = np.random.default_rng(1 if truth == "committed" else 2)
    like_c, like_o = 0.6, 0.35  # an exercise is likelier from a committed partner
    p_event = like_c if truth == "committed" else like_o
    events = []
    for year in range(2000, 2300):
        happened = rng.random() < p_event
        # the observation is "it happened" or "it did not": likelihoods of either
        c, o = (like_c, like_o) if happened else (1 - like_c, 1 - like_o)
        events.append(Event(year, "exercise" if happened else "no exercise", c, o))
    spec = ScenarioSpec(2000, 2299, (0.05, 0.95), tuple(events))
    model = DynamicsModel(Parameters(), Combat(), spec, Criterion("maxmin"))
    beliefs = [b for _, _, b, _ in model.beliefs()]
    final = beliefs[-1]
    if truth == "committed":
        assert final[0] > 0.999
    else:
        assert final[1] < 0.001
    # and the interval shrinks around it
    assert final[1] - final[0] < 1e-3


def test_each_year_is_the_canonical_model_at_that_years_belief():
    events = (
        Event(2001, "treaty", 0.9, 0.8),
        Event(2003, "exercise", 0.8, 0.4, interoperability_gain=0.1),
    )
    spec = ScenarioSpec(2001, 2004, (0.2, 0.4), events)
    model = DynamicsModel(Parameters(interoperability=0.3), Combat(), spec, Criterion("maxmin"))
    trajectory = model.solve()
    assert [y.year for y in trajectory.years] == [2001, 2002, 2003, 2004]
    last = trajectory.years[-1]
    assert last.interoperability == pytest.approx(0.4)
    direct = InterventionModel(
        Parameters(interoperability=0.4), Combat(), Belief("exogenous", *last.belief)
    ).solve(Criterion("maxmin"))
    assert last.outputs["threshold"] == pytest.approx(direct.threshold, abs=1e-12)
    assert trajectory.years[0].outputs == trajectory.years[1].outputs  # no event in 2002
    # deeds raise the threshold (more intervention expected, more capability)
    assert last.outputs["threshold"] > trajectory.years[0].outputs["threshold"]


def test_events_outside_the_scenario_are_refused():
    with pytest.raises(ValueError, match=r"events\[0\].year"):
        ScenarioSpec(2001, 2019, (0.1, 0.3), (Event(1999, "early"),))
    with pytest.raises(ValueError, match="likelihood_committed"):
        Event(2001, "x", likelihood_committed=1.5)


# ------------------------------------------------ disconfirming evidence, correlated evidence
def test_a_disconfirming_event_lowers_the_belief():
    """An event likelier from an opportunist (a denial of any alliance, arms for T's
    rivals) moves both ends of the interval down; a neutral one moves nothing."""
    denial = Event(2019, "no alliance", likelihood_committed=0.7, likelihood_opportunist=0.9)
    neutral = Event(2019, "gas deal", likelihood_committed=0.9, likelihood_opportunist=0.9)
    spec = ScenarioSpec(2018, 2019, (0.4, 0.8), (denial,))
    model = DynamicsModel(Parameters(), Combat(), spec, Criterion("maxmin"))
    (lo0, hi0), (lo1, hi1) = (b for _, _, b, _ in model.beliefs())
    assert lo1 < lo0 and hi1 < hi0
    assert lo1 == pytest.approx(0.4 * 0.7 / (0.4 * 0.7 + 0.6 * 0.9))
    assert update((0.4, 0.8), neutral) == pytest.approx((0.4, 0.8))
    # and A's threshold falls with it (less intervention expected)
    years = model.solve().years
    assert years[-1].outputs["threshold"] < years[0].outputs["threshold"]


def test_repeated_events_of_a_kind_move_the_belief_less():
    """Five annual exercises of one kind: with discount d the n-th counts with weight d^n,
    so the log odds move by (1 + d + ... + d^4) log(L_c / L_o) instead of 5 log(L_c / L_o)."""
    like_c, like_o = 0.8, 0.5
    events = tuple(
        Event(2001 + k, f"exercise {k}", like_c, like_o, kind="exercise") for k in range(5)
    )

    def final(d: float) -> tuple[float, float]:
        spec = ScenarioSpec(2001, 2005, (0.2, 0.4), events, repeat_discount=d)
        return DynamicsModel(Parameters(), Combat(), spec, Criterion("maxmin")).state()[0]

    def by_hand(p: float, d: float) -> float:
        log_odds = np.log(p / (1 - p)) + sum(d**n for n in range(5)) * np.log(like_c / like_o)
        return 1 / (1 + np.exp(-log_odds))

    for d in (0.0, 0.5, 1.0):
        assert final(d) == pytest.approx((by_hand(0.2, d), by_hand(0.4, d)), rel=1e-12)
    assert final(0.0)[0] < final(0.5)[0] < final(1.0)[0]
    # events without a kind, or of different kinds, are never discounted
    mixed = tuple(replace_kind(e, f"kind {k}") for k, e in enumerate(events))
    spec = ScenarioSpec(2001, 2005, (0.2, 0.4), mixed, repeat_discount=0.0)
    model = DynamicsModel(Parameters(), Combat(), spec, Criterion("maxmin"))
    assert model.state()[0] == pytest.approx(final(1.0))


def replace_kind(event: Event, kind: str) -> Event:
    from dataclasses import replace

    return replace(event, kind=kind)


def test_belief_by_discount_is_monotone_for_confirming_repeats():
    events = tuple(Event(2001 + k, f"e{k}", 0.7, 0.4, kind="exercise") for k in range(4))
    spec = ScenarioSpec(2001, 2004, (0.1, 0.3), events)
    model = DynamicsModel(Parameters(), Combat(), spec, Criterion("maxmin"))
    rows = belief_by_discount(model, [0.0, 0.25, 0.5, 0.75, 1.0])
    lows = [r["belief_lo"] for r in rows]
    assert lows == sorted(lows) and lows[0] < lows[-1]
    assert rows[-1]["belief_hi"] == pytest.approx(model.state()[0][1])  # d = 1 is the spec's own
    assert all(r["width"] == pytest.approx(r["belief_hi"] - r["belief_lo"]) for r in rows)
    with pytest.raises(ValueError, match="year"):
        model.state(1999)


def test_the_shipped_record_holds_evidence_both_ways():
    """The Russia-China record has disconfirming (ratio < 1) and neutral (ratio 1) events,
    each with a source, and discounts repeats."""
    from deterrence.runs.config import load_config

    record = load_config("russia_china_2001_2019").model
    ratios = [e.likelihood_committed / e.likelihood_opportunist for e in record.spec.events]
    assert any(r < 1 for r in ratios) and any(r == 1 for r in ratios)
    assert all(e.source and e.kind for e in record.spec.events)
    assert 0 < record.spec.repeat_discount < 1
