"""The bargaining model as the registry sees it: schema, build, solve (docs/bargaining.md).

Config: ``[model]`` (name, combat), ``[parameters]`` (the combat inputs D_T,
D_R, e, m and R's kappa_R, W_R), ``[bargaining]`` (below), ``[belief]`` and
``[criterion]``, as in the canonical model.
"""

from __future__ import annotations

from typing import Any

from deterrence.models.bargaining.model import DISTRIBUTIONS
from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.family import Built, ModelFamily, lazy_batch, solve_quietly
from deterrence.models.parameters import Parameters
from deterrence.models.schema import Choice, InvalidValue, Key, Real, RealList, Section
from deterrence.models.sections import (
    build_belief,
    build_combat,
    build_criterion,
    build_parameters,
    scenario_schema,
)

MODEL_NAME = "bargaining"

BARGAINING_SECTION = Section(
    "bargaining",
    (
        Key(
            "win_probability",
            Real("unit"),
            None,
            "A's chance of prevailing if R stays out (omit: from the combat model at force F)",
            symbol="p_N",
            span=(0.0, 1.0),
        ),
        Key(
            "intervention_win_probability",
            Real("unit"),
            None,
            "A's chance of prevailing if R joins, <= p_N (omit: p_N when win_probability is "
            "given, else from the combat model at force F)",
            symbol="p_I",
            span=(0.0, 1.0),
        ),
        Key(
            "force",
            Real("positive"),
            2.0,
            "A's force in a war, for the combat model (used when p_N or p_I is omitted)",
            symbol="F",
            span=(0.5, 5.0),
        ),
        Key(
            "attacker_war_cost",
            Real("nonnegative"),
            0.1,
            "A's cost of war, in units of the good",
            symbol="c_A",
            span=(0.0, 0.5),
        ),
        Key(
            "intervention_cost",
            Real("nonnegative"),
            0.1,
            "what R's entry adds to A's cost of war",
            symbol="c_I",
            span=(0.0, 0.5),
        ),
        Key(
            "target_cost_max",
            Real("positive"),
            0.3,
            "T's cost of war, private to T, lies in [0, c̄]",
            symbol="c̄",
            span=(0.05, 1.0),
        ),
        Key(
            "target_cost_distribution",
            Choice(DISTRIBUTIONS),
            "uniform",
            "T's cost of war: uniform on [0, c̄] (Fearon 1995), or c̄ times a Beta(a, b)",
        ),
        Key(
            "target_cost_shape",
            RealList(Real("positive"), length=2),
            [2.0, 2.0],
            "the Beta's shape (a, b)",
            symbol="(a, b)",
            applies_when=("target_cost_distribution", "beta"),
        ),
        Key(
            "status_quo",
            Real("unit"),
            0.3,
            "A's share of the good in the status quo (its payoff if it makes no demand)",
            symbol="s",
            span=(0.0, 1.0),
        ),
    ),
    doc="the crisis: A's demand, T's private cost of war, the war's outcomes",
)


def win_probabilities(
    spec: dict[str, Any], params: Parameters, combat: Combat
) -> tuple[float, float]:
    """(p_N, p_I): given directly, or from the combat model at force F (``bargaining.force``)."""
    p_out, p_in = spec.get("win_probability"), spec.get("intervention_win_probability")
    force = spec["force"]
    if p_out is None:
        p_out = float(combat.win_probability(force, params.defence_out))
    if p_in is None:
        given = spec.get("win_probability") is not None
        p_in = p_out if given else float(combat.win_probability(force, params.defence_in))
    if p_in > p_out:
        raise InvalidValue(
            f"got p_I = {p_in:g}; must be <= p_N = {p_out:g} (R's entry cannot help A)",
            "bargaining.intervention_win_probability",
        )
    return p_out, p_in


def make_model(spec: dict[str, Any], params: Parameters, combat: Combat, belief: Belief):
    """The :class:`BargainingModel` of checked ``[bargaining]`` values."""
    from deterrence.models.bargaining.model import BargainingModel

    p_out, p_in = win_probabilities(spec, params, combat)
    shape = spec.get("target_cost_shape", [1.0, 1.0])
    return BargainingModel(
        p_out=p_out,
        p_in=p_in,
        attacker_cost=spec["attacker_war_cost"],
        intervention_cost=spec["intervention_cost"],
        cost_max=spec["target_cost_max"],
        status_quo=spec["status_quo"],
        third_party_cost=params.third_party_cost,
        third_party_loss=params.third_party_loss,
        belief=belief,
        distribution=spec["target_cost_distribution"],
        shape_a=float(shape[0]),
        shape_b=float(shape[1]),
    )


def _build(values: dict[str, dict[str, Any]]) -> Built:
    params = build_parameters(values["parameters"])
    combat = build_combat(values["model"], params)
    model = make_model(values["bargaining"], params, combat, build_belief(values["belief"]))
    spec = {k: v for k, v in values["bargaining"].items() if v is not None}
    resolved = {**values, "parameters": params.to_dict(), "bargaining": spec}
    return Built(model, resolved, criterion=build_criterion(values["criterion"]))


BARGAINING = ModelFamily(
    name=MODEL_NAME,
    summary=(
        "crisis bargaining: A demands a share x of a good from T, whose cost of war is private; "
        "T accepts or fights, and R may join the war (Fearon 1995; Werner 2000)"
    ),
    schema=scenario_schema(MODEL_NAME, BARGAINING_SECTION),
    build=_build,
    solve=solve_quietly,
    batch=lazy_batch("deterrence.models.bargaining.batch", "BargainingBatch"),
    docs="docs/bargaining.md",
)

FAMILIES = (BARGAINING,)
