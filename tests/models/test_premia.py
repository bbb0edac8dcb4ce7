"""The premium outputs: risk + ambiguity = total, references by their definitions."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.beliefs import Belief
from deterrence.models.criteria import CRITERIA
from deterrence.models.solution import DETAIL_NAMES, OUTPUT_NAMES
from tests.conftest import FACT_TOL, make_model, solve

DECOMPOSE = 1e-9
BELIEFS = {
    "interval": Belief("exogenous", 0.15, 0.65),
    "beta": Belief("exogenous", beta=(2.0, 3.0)),
    "touching": Belief("exogenous", 0.0, 1.0),
    "endogenous": Belief("endogenous", -0.2, 0.3, sd=0.3),
}


def test_output_names_in_order():
    assert OUTPUT_NAMES == (
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


@pytest.mark.parametrize("belief", BELIEFS.values(), ids=BELIEFS.keys())
@pytest.mark.parametrize("name", CRITERIA)
def test_risk_plus_ambiguity_is_the_total(belief, name):
    """V* - V*_0 = risk + ambiguity and R - R_0 = risk + ambiguity, to 1e-9, for every
    criterion and both belief modes; the ambiguity part of V* is the threshold premium."""
    sol = solve(make_model(belief, third_party_loss=1.3), name)
    total = sol.threshold - sol.no_intervention_threshold
    parts = sol.risk_threshold_premium + sol.ambiguity_threshold_premium
    assert parts == pytest.approx(total, abs=DECOMPOSE)
    assert sol.ambiguity_threshold_premium == sol.threshold_premium
    force_parts = sol.risk_force_premium + sol.ambiguity_force_premium
    assert force_parts == pytest.approx(sol.force_premium, abs=DECOMPOSE)
    assert sol.threshold_premium_relative == pytest.approx(
        sol.threshold_premium / sol.expected_utility_threshold, rel=1e-12
    )
    assert sol.extra_cost == pytest.approx(0.2 * sol.force_premium, rel=1e-12)


@pytest.mark.parametrize("belief", BELIEFS.values(), ids=BELIEFS.keys())
def test_references_are_their_definitions(belief):
    """V*_EU and R_EU are expected utility's at the mean prior; V*_0 and R_0 are
    expected utility's with q = 0 at every force."""
    model = make_model(belief)
    sol = solve(model, "maxmin")
    mean = solve(model.expected_utility_model(), "expected")
    out = solve(make_model(Belief.point(0.0)), "expected")
    assert sol.expected_utility_threshold == pytest.approx(mean.threshold, abs=1e-12)
    assert sol.expected_utility_force_requirement == pytest.approx(
        mean.force_requirement, abs=1e-12
    )
    assert sol.no_intervention_threshold == pytest.approx(out.threshold, abs=1e-12)
    assert sol.no_intervention_force_requirement == pytest.approx(
        out.force_requirement, abs=FACT_TOL
    )
    assert set(DETAIL_NAMES) <= set(sol.to_record())


def test_premia_missing_when_the_requirement_is():
    sol = solve(make_model(max_force=2.0), "maxmin")
    assert sol.force_requirement is None
    for key in ("force_premium", "extra_cost", "ambiguity_force_premium"):
        assert getattr(sol, key) is None
    assert sol.threshold_premium is not None


def test_risk_premium_is_zero_when_r_surely_stays_out():
    sol = solve(make_model(Belief.point(0.0)), "maxmin")
    assert sol.risk_threshold_premium == pytest.approx(0.0, abs=FACT_TOL)
    assert sol.risk_force_premium == pytest.approx(0.0, abs=FACT_TOL)
    assert np.isclose(sol.threshold, sol.no_intervention_threshold, atol=FACT_TOL)
