"""The intervention family's models as the registry sees them: schema, build, solve.

* ``intervention`` -- the canonical model (docs/model.md), swept in batch;
* ``finite_intervention`` -- its finite form, solved for its subgame-perfect equilibrium;
* ``posture`` -- the posture game, every (mixed) equilibrium (docs/games.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from deterrence.models.family import Built, ModelFamily
from deterrence.models.schema import Key, Real, RealList, Schema, Section, TextList
from deterrence.models.sections import (
    BELIEF_SECTION,
    CRITERION_SECTION,
    PARAMETERS_SECTION,
    build_belief,
    build_combat,
    build_criterion,
    build_parameters,
    build_spec,
    model_section,
)

MODEL_NAME = "intervention"


# ------------------------------------------------------------------ the canonical model
def _build_intervention(values: dict[str, dict[str, Any]]) -> Built:
    from deterrence.models.intervention.model import InterventionModel

    params = build_parameters(values["parameters"])
    model = InterventionModel(
        params, build_combat(values["model"], params), build_belief(values["belief"])
    )
    resolved = {**values, "parameters": params.to_dict()}
    return Built(model, resolved, criterion=build_criterion(values["criterion"]))


def _solve_intervention(model, criterion):
    with np.errstate(all="ignore"):  # overflow in extreme corners means "does not exist"
        return model.solve(criterion)


def _intervention_batch():
    from deterrence.models.intervention.batch import InterventionBatch

    return InterventionBatch()


INTERVENTION = ModelFamily(
    name=MODEL_NAME,
    summary=(
        "A planner A chooses to hold or to attack a target T with force F; a third party R, "
        "whose resolve A does not know, may intervene"
    ),
    schema=Schema(
        (
            model_section((MODEL_NAME,)),
            PARAMETERS_SECTION,
            BELIEF_SECTION,
            CRITERION_SECTION,
        )
    ),
    build=_build_intervention,
    solve=_solve_intervention,
    batch=_intervention_batch,
    docs="docs/model.md",
)


# ---------------------------------------------------------------------- the finite form
FINITE_SECTION = Section(
    "finite",
    (
        Key(
            "force_levels",
            RealList(Real("positive"), distinct=True),
            [1.0, 2.0, 3.0, 4.0],
            "the forces A may attack with",
            symbol="F",
        ),
        Key("prior_committed", Real("unit"), 0.5, "prior that R is committed", symbol="p"),
        Key("committed_value", Real(), 3.0, "a committed R's value of defending T", symbol="w_c"),
        Key(
            "opportunist_value",
            Real(),
            0.5,
            "an opportunist R's value of defending T",
            symbol="w_o",
        ),
    ),
    doc="the finite form's own inputs",
    required=True,
)


def _build_finite(values: dict[str, dict[str, Any]]) -> Built:
    from deterrence.models.intervention.finite import FiniteInterventionModel, FiniteSpec

    params = build_parameters(values["parameters"])
    spec = build_spec(FiniteSpec, "finite", values["finite"])
    model = FiniteInterventionModel(params, build_combat(values["model"], params), spec)
    return Built(model, {**values, "parameters": params.to_dict()})


def solve_game(model, _criterion=None):
    """Solve a model that is solved whole (a game, a trajectory)."""
    with np.errstate(all="ignore"):
        return model.solve()


FINITE = ModelFamily(
    name="finite_intervention",
    summary=(
        "the canonical model's finite form: R committed (w_c) or opportunist (w_o), A picks a "
        "force level or holds; subgame-perfect equilibrium"
    ),
    schema=Schema((model_section(("finite_intervention",)), PARAMETERS_SECTION, FINITE_SECTION)),
    build=_build_finite,
    solve=solve_game,
    kind="game",
    docs="docs/games.md",
)


# ------------------------------------------------------------------------ the posture game
POSTURE_SECTION = Section(
    "posture",
    (
        Key(
            "force_levels",
            RealList(Real("nonnegative"), distinct=True),
            [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0],
            "the US force levels (0: no operation)",
            symbol="F",
        ),
        Key(
            "readiness_names",
            TextList(),
            ["stand_aside", "posture", "full_readiness"],
            "names of Russia's readiness levels",
        ),
        Key(
            "readiness",
            RealList(Real("unit")),
            [0.0, 0.5, 1.0],
            "share of R's effective force each level brings into the theatre",
            symbol="r",
        ),
        Key(
            "readiness_cost",
            RealList(Real("nonnegative")),
            [0.0, 0.02, 0.05],
            "R's peacetime cost of each readiness level",
            symbol="h",
        ),
        Key(
            "third_party_value",
            Real(),
            0.4,
            "R's value of standing with T when it fights (w - κ_R: its net value of joining)",
            symbol="w",
        ),
        Key(
            "sunk_share",
            Real("unit"),
            0.0,
            "share of the readiness costs R's planning pays anyway (sunk: not R's outlay)",
            symbol="s",
        ),
    ),
    doc="the posture game's strategies and Russia's payoffs",
    required=True,
)


def _build_posture(values: dict[str, dict[str, Any]]) -> Built:
    from deterrence.models.intervention.posture import PostureModel, PostureSpec

    params = build_parameters(values["parameters"])
    spec = build_spec(PostureSpec, "posture", values["posture"])
    model = PostureModel(params, build_combat(values["model"], params), spec)
    return Built(model, {**values, "parameters": params.to_dict()})


POSTURE = ModelFamily(
    name="posture",
    summary=(
        "the US picks a force level while Russia, unseen, picks a readiness level; every "
        "(mixed) equilibrium"
    ),
    schema=Schema((model_section(("posture",)), PARAMETERS_SECTION, POSTURE_SECTION)),
    build=_build_posture,
    solve=solve_game,
    kind="game",
    docs="docs/games.md",
)

FAMILIES = (INTERVENTION, FINITE, POSTURE)
