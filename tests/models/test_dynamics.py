"""Belief dynamics: Bayes' rule by hand, convergence to the truth, the canonical link."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.deeds.dynamics import DynamicsModel, Event, ScenarioSpec, update
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
