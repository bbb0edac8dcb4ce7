"""The config sections models share: ``[model]``, ``[parameters]``, ``[belief]``, ``[criterion]``.

Declared once from the tables the models themselves use (``parameters.PARAMETERS``,
``combat.COMBAT_MODELS``, ``beliefs.BELIEF_MODES``, ``criteria.CRITERIA``), so a
model family composes its schema from these and its own sections.
"""

from __future__ import annotations

from typing import Any

from deterrence.models.beliefs import BELIEF_MODES, Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.parameters import PARAMETERS, Parameters
from deterrence.models.schema import (
    AnyOf,
    Choice,
    Interval,
    InvalidValue,
    Key,
    Real,
    RealList,
    Schema,
    Section,
    Table,
    is_number,
)

# plausible ranges for sliders and sensitivity studies (not limits: validation uses the bounds)
PARAMETER_SPANS: dict[str, tuple[float, float]] = {
    "stakes": (0.0, 10.0),
    "target_strength": (0.5, 2.0),
    "third_party_strength": (0.0, 2.0),
    "interoperability": (0.0, 1.0),
    "decisiveness": (0.5, 5.0),
    "force_cost": (0.05, 1.0),
    "war_cost": (0.0, 2.0),
    "intervention_war_cost": (0.0, 3.0),
    "third_party_cost": (0.0, 1.0),
    "third_party_loss": (0.0, 2.0),
    "success_target": (0.5, 0.99),
    "max_force": (1.0, 200.0),
    "effectiveness_ratio": (0.25, 4.0),
    "effectiveness_noise": (0.1, 2.0),
}
COMBAT_KEYS = ("effectiveness_ratio", "effectiveness_noise")  # also accepted in [model]


def parameter_kind(spec) -> Real:
    """The schema kind of one row of the parameter table."""
    return Real(spec.bound, high=getattr(spec, "high", None))


PARAMETERS_SECTION = Section(
    "parameters",
    tuple(
        Key(
            p.name,
            parameter_kind(p),
            p.default,
            p.meaning,
            symbol=p.symbol,
            span=PARAMETER_SPANS.get(p.name),
        )
        for p in PARAMETERS
    ),
    doc="the canonical model's numbers; omitted ones take their defaults",
)


def model_section(names: tuple[str, ...], *, combat: bool = True) -> Section:
    """``[model]``: the model's name and, for models that fight, the combat model.

    The Lanchester parameters may also be given here, beside ``combat``; they
    belong to ``[parameters]``.
    """
    keys = [Key("name", Choice(names), names[0], "the model")]
    aliases = {}
    if combat:
        keys.append(
            Key("combat", Choice(COMBAT_MODELS), "contest", "how A's chance of prevailing is set")
        )
        aliases = {key: f"parameters.{key}" for key in COMBAT_KEYS}
    return Section(
        "model", tuple(keys), doc="which model, and how battles are decided", aliases=aliases
    )


PROBABILITY = Real("unit")
BETA = Table((Key("beta", RealList(Real("positive"), length=2), [2.0, 3.0], "Beta shape (a, b)"),))

BELIEF_SECTION = Section(
    "belief",
    (
        Key(
            "mode",
            Choice(BELIEF_MODES),
            "exogenous",
            "exogenous: A's belief q is given; endogenous: R best-responds to the force it sees",
        ),
        Key(
            "q",
            AnyOf(
                (PROBABILITY, Interval(PROBABILITY), BETA),
                "a probability, an interval [lo, hi] in [0, 1], or { beta = [a, b] } with a, b > 0",
            ),
            [0.2, 0.6],
            "A's belief that R intervenes: a point, a set of priors, or a second-order Beta",
            symbol="q",
            applies_when=("mode", "exogenous"),
            span=(0.0, 1.0),
        ),
        Key(
            "resolve_mean",
            Interval(Real("finite")),
            0.0,
            "mean of R's resolve in A's prior (a set of priors when an interval)",
            symbol="μ",
            applies_when=("mode", "endogenous"),
            span=(-1.0, 1.0),
        ),
        Key(
            "resolve_sd",
            Real("positive"),
            0.3,
            "sd of R's resolve in A's prior",
            symbol="σ_θ",
            applies_when=("mode", "endogenous"),
            span=(0.05, 1.0),
        ),
    ),
    doc="what A believes about R's intervention",
)

CRITERION_SECTION = Section(
    "criterion",
    (
        Key("name", Choice(CRITERIA), "maxmin", "how A values attacks under ambiguity"),
        Key("alpha", Real("unit"), 0.5, "alpha_maxmin: weight on the worst case", symbol="α"),
        Key(
            "ambiguity_aversion",
            Real("positive"),
            2.0,
            "smooth: ambiguity aversion",
            symbol="λ",
            span=(0.01, 100.0),
        ),
        Key(
            "penalty",
            Real("positive"),
            1.0,
            "multiplier: cost of distorting the mean prior",
            symbol="θ",
            span=(0.01, 100.0),
        ),
    ),
    doc="A's decision criterion and its parameter",
)


# ------------------------------------------------------------------- building
def scenario_schema(name: str, *sections: Section) -> Schema:
    """The schema of a one-model family: ``[model]``, ``[parameters]``, the family's
    own ``sections``, ``[belief]`` and ``[criterion]``, in that order."""
    return Schema(
        (model_section((name,)), PARAMETERS_SECTION, *sections, BELIEF_SECTION, CRITERION_SECTION)
    )


def _invalid(section: str, exc: ValueError) -> InvalidValue:
    """A model's ValueError ("key: message" or "key = value: message") as an InvalidValue."""
    key, sep, message = str(exc).partition(": ")
    if not sep:
        return InvalidValue(str(exc), section)
    key = key.split(" = ")[0].strip()
    return InvalidValue(message, f"{section}.{key}" if not key.startswith("[") else section + key)


def build_parameters(values: dict[str, Any]) -> Parameters:
    """Checked ``[parameters]`` values -> :class:`Parameters` (cross-key checks included)."""
    if values["intervention_war_cost"] < values["war_cost"]:
        raise InvalidValue(
            f"got {values['intervention_war_cost']:g}; must be >= war_cost = "
            f"{values['war_cost']:g} (k_I >= k_N: intervention is the bad state)",
            "parameters.intervention_war_cost",
        )
    try:
        return Parameters.create(**values)
    except ValueError as exc:
        raise _invalid("parameters", exc) from None


def build_combat(model: dict[str, Any], params: Parameters) -> Combat:
    return Combat(
        model["combat"], params.decisiveness, params.effectiveness_ratio, params.effectiveness_noise
    )


def build_belief(values: dict[str, Any]) -> Belief:
    """Checked ``[belief]`` values -> :class:`Belief` in its mode."""
    if values["mode"] == "endogenous":
        mean = values["resolve_mean"]
        lo, hi = (mean, mean) if is_number(mean) else mean
        return Belief("endogenous", lo, hi, None, values["resolve_sd"])
    q = values["q"]
    if isinstance(q, dict):
        return Belief("exogenous", beta=tuple(q["beta"]))
    lo, hi = (q, q) if is_number(q) else q
    return Belief("exogenous", lo, hi)


def build_criterion(values: dict[str, Any]) -> Criterion:
    return Criterion(
        values["name"], values["alpha"], values["ambiguity_aversion"], values["penalty"]
    )


def build_spec(kind: type, section: str, values: dict[str, Any]):
    """A model's section dataclass from checked values (lists become tuples).

    The dataclass's own checks raise ``ValueError("key: message")``, which
    becomes an :class:`InvalidValue` naming ``section.key``.
    """
    try:
        return kind(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
    except ValueError as exc:
        raise _invalid(section, exc) from None


def interval(value: Any) -> tuple[float, float]:
    """A checked Interval value as (lo, hi)."""
    return (value, value) if is_number(value) else (value[0], value[1])
