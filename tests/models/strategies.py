"""Hypothesis strategies for valid scenarios of the canonical model."""

from __future__ import annotations

from hypothesis import strategies as st

from deterrence.models.beliefs import Belief
from tests.conftest import make_model

COMBATS = ("contest", "lanchester_square", "lanchester_linear")


@st.composite
def parameters(draw) -> dict:
    war_cost = draw(st.floats(0.0, 1.0))
    return {
        "stakes": draw(st.floats(0.5, 10.0)),
        "target_strength": draw(st.floats(0.3, 3.0)),
        "third_party_strength": draw(st.floats(0.0, 2.0)),
        "interoperability": draw(st.floats(0.0, 1.0)),
        "decisiveness": draw(st.floats(0.6, 4.0)),
        "force_cost": draw(st.floats(0.02, 1.0)),
        "war_cost": war_cost,
        "intervention_war_cost": war_cost + draw(st.floats(0.0, 2.0)),
        "third_party_cost": draw(st.floats(0.0, 1.0)),
        "third_party_loss": draw(st.floats(0.0, 3.0)),
        "success_target": draw(st.floats(0.05, 0.95)),
        "effectiveness_ratio": draw(st.floats(0.5, 2.0)),
        "effectiveness_noise": draw(st.floats(0.2, 1.5)),
        "max_force": 1000.0,
    }


@st.composite
def beliefs(draw, mode: str | None = None) -> Belief:
    mode = mode or draw(st.sampled_from(["exogenous", "endogenous"]))
    if mode == "endogenous":
        lo = draw(st.floats(-1.0, 1.0))
        return Belief(
            "endogenous", lo, lo + draw(st.floats(0.0, 1.0)), sd=draw(st.floats(0.1, 1.0))
        )
    kind = draw(st.sampled_from(["point", "interval", "beta"]))
    if kind == "beta":
        return Belief("exogenous", beta=(draw(st.floats(0.3, 10)), draw(st.floats(0.3, 10))))
    lo = draw(st.floats(0.0, 1.0))
    hi = lo if kind == "point" else draw(st.floats(lo, 1.0))
    return Belief("exogenous", lo, hi)


@st.composite
def models(draw, mode: str | None = None):
    return make_model(draw(beliefs(mode)), draw(st.sampled_from(COMBATS)), **draw(parameters()))
