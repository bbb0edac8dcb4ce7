"""The two-front model as the registry sees it: schema, build, solve (docs/two_fronts.md).

Config: ``[model]`` (name, combat), ``[parameters]`` (the Pacific: V_P = stakes,
D_T, D_R, e, m, c, k_N, k_I; R's kappa_R and W_R in the game), ``[two_fronts]``
(below), ``[belief]`` (exogenous: q, the chance that R acts) and ``[criterion]``.
"""

from __future__ import annotations

from typing import Any

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.family import Built, ModelFamily, lazy_batch, solve_quietly
from deterrence.models.parameters import Parameters
from deterrence.models.schema import Choice, Interval, InvalidValue, Key, Real, Section
from deterrence.models.sections import (
    build_belief,
    build_combat,
    build_criterion,
    build_parameters,
    interval,
    scenario_schema,
)
from deterrence.models.two_fronts.model import RESPONSES

MODEL_NAME = "two_fronts"

TWO_FRONTS_SECTION = Section(
    "two_fronts",
    (
        Key(
            "budget",
            Real("positive"),
            4.0,
            "A's force budget for both fronts",
            symbol="B",
            span=(1.0, 10.0),
        ),
        Key(
            "europe_value",
            Real("nonnegative"),
            2.0,
            "A's value of holding Europe (the Pacific's is parameters.stakes)",
            symbol="V_E",
            span=(0.0, 8.0),
        ),
        Key(
            "europe_strength",
            Real("positive"),
            1.0,
            "R's strength on the European front",
            symbol="D_E",
            span=(0.25, 4.0),
        ),
        Key(
            "europe_war_cost",
            Real("nonnegative"),
            0.5,
            "A's cost of a war in Europe",
            symbol="k_E",
            span=(0.0, 2.0),
        ),
        Key(
            "pacific_share",
            Interval(Real("unit")),
            0.5,
            "if R acts, the chance it joins in the Pacific rather than opening Europe "
            "(an interval: a set of priors)",
            symbol="π",
            span=(0.0, 1.0),
        ),
        Key(
            "response",
            Choice(RESPONSES),
            "belief",
            "belief: R's move is uncertain to A, valued by A's criterion; equilibrium: R "
            "best-responds in a simultaneous game (every equilibrium)",
        ),
        Key(
            "allocation_levels",
            Real("positive", integer=True),
            21,
            "equilibrium: A's allocations on a grid of this many Pacific shares of B",
            symbol="L",
            applies_when=("response", "equilibrium"),
        ),
        Key(
            "third_party_value",
            Real(),
            0.25,
            "equilibrium: R's value of standing with T in the Pacific",
            symbol="w",
            applies_when=("response", "equilibrium"),
        ),
        Key(
            "europe_stakes",
            Real("nonnegative"),
            1.0,
            "equilibrium: R's value of prevailing in Europe",
            symbol="V_R",
            applies_when=("response", "equilibrium"),
        ),
        Key(
            "europe_cost",
            Real("nonnegative"),
            0.3,
            "equilibrium: R's cost of opening Europe",
            symbol="κ_E",
            applies_when=("response", "equilibrium"),
        ),
    ),
    doc="A's budget, the European front, and how R's move is modelled",
)


def make_model(spec: dict[str, Any], params: Parameters, combat: Combat, belief: Belief):
    """The :class:`TwoFrontsModel` of checked ``[two_fronts]`` values."""
    from deterrence.models.two_fronts.model import TwoFrontsModel

    share_lo, share_hi = interval(spec["pacific_share"])
    return TwoFrontsModel(
        budget=spec["budget"],
        pacific_value=params.stakes,
        europe_value=spec["europe_value"],
        target_strength=params.target_strength,
        pacific_reinforcement=params.interoperability * params.third_party_strength,
        europe_strength=spec["europe_strength"],
        war_cost=params.war_cost,
        intervention_war_cost=params.intervention_war_cost,
        europe_war_cost=spec["europe_war_cost"],
        force_cost=params.force_cost,
        share_lo=share_lo,
        share_hi=share_hi,
        combat=combat,
        belief=belief,
    )


def _build(values: dict[str, dict[str, Any]]) -> Built:
    from deterrence.models.two_fronts.game import ThirdParty, TwoFrontsGame

    params = build_parameters(values["parameters"])
    combat = build_combat(values["model"], params)
    spec = values["two_fronts"]
    warnings: tuple[str, ...] = ()
    if spec["response"] == "equilibrium":
        belief = Belief.point(0.0)
        warnings = (
            "[belief] and [criterion] are not used when two_fronts.response = "
            "'equilibrium' (R best-responds)",
        )
    else:
        if values["belief"]["mode"] != "exogenous":
            raise InvalidValue(
                "got 'endogenous'; the two-front model takes an exogenous belief (R's chance "
                'of acting); for R best-responding set two_fronts.response = "equilibrium"',
                "belief.mode",
            )
        belief = build_belief(values["belief"])
    model = make_model(spec, params, combat, belief)
    resolved = {**values, "parameters": params.to_dict()}
    if spec["response"] == "equilibrium":
        third = ThirdParty(
            spec["third_party_value"],
            params.third_party_cost,
            params.third_party_loss,
            spec["europe_stakes"],
            spec["europe_cost"],
        )
        game = TwoFrontsGame(model, third, int(spec["allocation_levels"]))
        if game.levels < 2:
            raise InvalidValue(
                f"got {game.levels}; A needs at least 2 allocations",
                "two_fronts.allocation_levels",
            )
        return Built(game, resolved, warnings=warnings)
    return Built(model, resolved, criterion=build_criterion(values["criterion"]))


TWO_FRONTS = ModelFamily(
    name=MODEL_NAME,
    summary=(
        "A divides a force budget between the Pacific (against T, where R may join) and "
        "Europe (which R may open); each front a contest (lottery Blotto)"
    ),
    schema=scenario_schema(MODEL_NAME, TWO_FRONTS_SECTION),
    build=_build,
    solve=solve_quietly,
    batch=lazy_batch("deterrence.models.two_fronts.batch", "TwoFrontsBatch"),
    docs="docs/two_fronts.md",
)

FAMILIES = (TWO_FRONTS,)
