"""The deeds family's models as the registry sees them: schema, build, solve.

* ``signalling`` -- cooperation and treaty text as signals, every PBE (docs/deeds.md);
* ``dynamics`` -- A's belief moved by a dated record of events (docs/deeds.md).
"""

from __future__ import annotations

from typing import Any

from deterrence.models.family import Built, ModelFamily
from deterrence.models.intervention.family import solve_game
from deterrence.models.schema import (
    Choice,
    Interval,
    Key,
    Real,
    RealList,
    Schema,
    Section,
    Tables,
    Text,
    TextList,
)
from deterrence.models.sections import (
    CRITERION_SECTION,
    PARAMETERS_SECTION,
    build_combat,
    build_criterion,
    build_parameters,
    build_spec,
    interval,
    model_section,
)

PRIOR = Interval(Real("unit"))

SIGNALLING_SECTION = Section(
    "signalling",
    (
        Key(
            "prior_committed",
            PRIOR,
            0.5,
            "prior (or interval of priors) that R is committed",
            symbol="p",
        ),
        Key("committed_value", Real(), 0.3, "a committed R's value of defending T", symbol="w_c"),
        Key("opportunist_value", Real(), 0.0, "an opportunist R's value", symbol="w_o"),
        Key(
            "levels",
            TextList(),
            ["none", "joint_exercises", "joint_patrols", "integrated_early_warning"],
            "the cooperation ladder R chooses from",
        ),
        Key(
            "cost_committed",
            RealList(Real("nonnegative")),
            [0.0, 0.05, 0.1, 0.2],
            "each level's cost to a committed R",
        ),
        Key(
            "cost_opportunist",
            RealList(Real("nonnegative")),
            [0.0, 0.5, 1.0, 1.5],
            "each level's cost to an opportunist R",
        ),
        Key(
            "interoperability_gain",
            RealList(Real("nonnegative")),
            [0.0, 0.05, 0.1, 0.2],
            "each level's gain in interoperability e",
        ),
        Key(
            "texts",
            TextList(),
            ["none", "consultation", "mutual_defence"],
            "the treaty texts R may sign",
        ),
        Key(
            "audience_cost",
            RealList(Real("nonnegative")),
            [0.0, 0.0, 0.0],
            "each text's cost to R if A attacks and R stays out",
        ),
        Key("high_stakes", Real("nonnegative"), 0.0, "stakes of a resolute A", symbol="V_high"),
        Key("prob_high_stakes", Real("unit"), 0.0, "probability that A is resolute", symbol="ρ"),
        Key(
            "criterion",
            Choice(("expected", "maxmin")),
            "expected",
            "A's criterion over an interval of posteriors",
        ),
    ),
    doc="the signals R may send and what they cost",
    required=True,
)


def _build_signalling(values: dict[str, dict[str, Any]]) -> Built:
    from deterrence.models.deeds.signalling import SignallingModel, SignallingSpec

    params = build_parameters(values["parameters"])
    own = {
        **values["signalling"],
        "prior_committed": interval(values["signalling"]["prior_committed"]),
    }
    spec = build_spec(SignallingSpec, "signalling", own)
    model = SignallingModel(params, build_combat(values["model"], params), spec)
    return Built(model, {**values, "parameters": params.to_dict()})


SIGNALLING = ModelFamily(
    name="signalling",
    summary=(
        "R signals its type by a cooperation level (costly, raises e) and a treaty text (cheap "
        "talk or an audience cost); every PBE and the intuitive criterion"
    ),
    schema=Schema((model_section(("signalling",)), PARAMETERS_SECTION, SIGNALLING_SECTION)),
    build=_build_signalling,
    solve=solve_game,
    kind="game",
    docs="docs/deeds.md",
)

EVENT_KEYS = (
    Key("year", Real(integer=True), None, "the year of the event", required=True),
    Key("name", Text(), None, "what happened", required=True),
    Key("likelihood_committed", Real("half_open_unit"), 0.5, "P(event | committed)"),
    Key("likelihood_opportunist", Real("half_open_unit"), 0.5, "P(event | opportunist)"),
    Key("interoperability_gain", Real("nonnegative"), 0.0, "gain in interoperability e"),
    Key("kind", Text(), "", "the kind of event (repeats of a kind are discounted)"),
    Key("source", Text(), "", "where the event is documented"),
)

SCENARIO_SECTION = Section(
    "scenario",
    (
        Key("start", Real(integer=True), 2001, "first year"),
        Key("end", Real(integer=True), 2019, "last year"),
        Key(
            "prior_committed",
            PRIOR,
            [0.1, 0.3],
            "A's prior (interval) that R is committed",
            symbol="p",
        ),
        Key("events", Tables(EVENT_KEYS), None, "the dated record", required=True),
        Key(
            "repeat_discount",
            Real("unit"),
            1.0,
            "weight d^n of the n-th earlier event of the same kind (1: independent evidence)",
            symbol="d",
        ),
    ),
    doc="the dated record of events",
    required=True,
)


def _build_dynamics(values: dict[str, dict[str, Any]]) -> Built:
    from deterrence.models.deeds.dynamics import DynamicsModel, Event, ScenarioSpec
    from deterrence.models.schema import InvalidValue

    params = build_parameters(values["parameters"])
    scenario = values["scenario"]
    events = []
    for k, item in enumerate(scenario["events"]):
        try:
            events.append(Event(**item))
        except ValueError as exc:
            key, _, message = str(exc).partition(": ")
            raise InvalidValue(message, f"scenario.events[{k}].{key}") from None
    own = {**scenario, "prior_committed": interval(scenario["prior_committed"]), "events": events}
    spec = build_spec(ScenarioSpec, "scenario", own)
    crit = build_criterion(values["criterion"])
    model = DynamicsModel(params, build_combat(values["model"], params), spec, crit)
    return Built(model, {**values, "parameters": params.to_dict()})


DYNAMICS = ModelFamily(
    name="dynamics",
    summary=(
        "dated events update A's belief interval by Bayes' rule and raise e; the canonical model "
        "is solved each year with [criterion]"
    ),
    schema=Schema(
        (
            model_section(("dynamics",)),
            PARAMETERS_SECTION,
            SCENARIO_SECTION,
            CRITERION_SECTION,
        )
    ),
    build=_build_dynamics,
    solve=solve_game,
    kind="game",
    docs="docs/deeds.md",
)

FAMILIES = (SIGNALLING, DYNAMICS)
