"""Configs of the game models: ``finite_intervention`` and ``posture``.

```toml
[model]
name = "finite_intervention"   # or "posture"
combat = "contest"
[parameters]                   # the canonical names (docs/model.md)
[finite]                       # finite_intervention
force_levels = [1.0, 2.0, 3.0, 4.0]
prior_committed = 0.5
committed_value = 3.0          # w_c
opportunist_value = 0.5        # w_o
[posture]                      # posture
force_levels = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0]
readiness_names = ["stand_aside", "posture", "full_readiness"]
readiness = [0.0, 0.5, 1.0]
readiness_cost = [0.0, 0.02, 0.05]
third_party_value = 0.3
```
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.deeds.dynamics import DynamicsModel, Event, ScenarioSpec
from deterrence.models.deeds.signalling import SignallingModel, SignallingSpec
from deterrence.models.intervention.finite import FiniteInterventionModel, FiniteSpec
from deterrence.models.intervention.posture import PostureModel, PostureSpec
from deterrence.models.parameters import SPECS
from deterrence.runs.validate import (
    COMBAT_KEYS,
    DEFAULTS,
    GAME_MODELS,
    _criterion,
    _merge,
    _move_combat_keys,
    _show,
    _suggest,
    _Validator,
    parameters,
)

SPEC_SECTION = {
    "finite_intervention": "finite",
    "posture": "posture",
    "signalling": "signalling",
    "dynamics": "scenario",
}
EXTRA_SECTIONS = {"dynamics": ("criterion",)}  # sections shared with the canonical model
SPEC_TYPE = {
    "finite_intervention": FiniteSpec,
    "posture": PostureSpec,
    "signalling": SignallingSpec,
    "dynamics": ScenarioSpec,
}
MODEL_TYPE = {
    "finite_intervention": FiniteInterventionModel,
    "posture": PostureModel,
    "signalling": SignallingModel,
    "dynamics": DynamicsModel,
}
INTERVAL_KEYS = {"prior_committed"}  # a probability or an interval [lo, hi]


@dataclass(frozen=True)
class GameConfig:
    """A validated game-model config: the resolved values and the model."""

    source: str
    resolved: dict[str, dict[str, Any]]
    model: FiniteInterventionModel | PostureModel
    origin: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def solve(self):
        import numpy as np

        with np.errstate(all="ignore"):
            return self.model.solve()


def build_game(
    raw: dict[str, Any], source: str, overrides: list[tuple[str, str, Any]]
) -> GameConfig:
    sections = ("model", "parameters", "criterion", *SPEC_SECTION.values())
    merged, origin = _merge(raw, overrides, source, sections)
    check = _Validator(merged, source, origin)
    model_section = merged.get("model", {})
    name = check.choice("model.name", model_section.get("name"), GAME_MODELS)
    own = SPEC_SECTION[name]
    allowed = ("model", "parameters", own, *EXTRA_SECTIONS.get(name, ()))
    for section, body in merged.items():
        if section not in allowed:
            listed = ", ".join(f"[{a}]" for a in allowed)
            raise check.fail(section, f"is not used by model {name!r} (sections: {listed})")
        if not isinstance(body, dict):
            raise check.fail(section, f"must be a table [{section}]")
    for key in model_section:
        if key not in ("name", "combat", *COMBAT_KEYS):
            raise check.fail(f"model.{key}", _suggest(key, ["name", "combat", *COMBAT_KEYS]))
    _move_combat_keys(check, merged)
    combat_name = check.choice(
        "model.combat", model_section.get("combat", "contest"), COMBAT_MODELS
    )
    given = dict(merged.get("parameters", {}))
    for key in given:
        if key not in SPECS:
            raise check.fail(f"parameters.{key}", _suggest(key, list(SPECS)))
    params = parameters(check, {**{k: s.default for k, s in SPECS.items()}, **given})
    spec = _spec(check, name, own, merged.get(own, {}))
    combat = Combat(
        combat_name, params.decisiveness, params.effectiveness_ratio, params.effectiveness_noise
    )
    resolved = {
        "model": {"name": name, "combat": combat_name},
        "parameters": params.to_dict(),
        own: _plain(asdict(spec)),
    }
    if name == "dynamics":
        crit = _criterion(check, {**DEFAULTS["criterion"], **merged.get("criterion", {})})
        for key in merged.get("criterion", {}):
            if key not in DEFAULTS["criterion"]:
                raise check.fail(f"criterion.{key}", _suggest(key, list(DEFAULTS["criterion"])))
        resolved["criterion"] = asdict(crit)
        model = DynamicsModel(params, combat, spec, crit)
    else:
        model = MODEL_TYPE[name](params, combat, spec)
    return GameConfig(source, resolved, model, origin)


def _plain(value: Any) -> Any:
    """Tuples to lists, recursively, for the resolved config (JSON)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


EVENT_FIELDS = {
    "year": "a whole number (the year)",
    "name": "a name in quotes",
    "likelihood_committed": "a probability in (0, 1]",
    "likelihood_opportunist": "a probability in (0, 1]",
    "interoperability_gain": "a number >= 0",
    "kind": "a word in quotes",
    "source": "a citation in quotes",
}


def _events(check: _Validator, dotted: str, value: Any) -> tuple[Event, ...]:
    """``[[scenario.events]]`` tables -> Events, each field checked."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise check.fail(dotted, "must be a list of [[scenario.events]] tables")
    events = []
    for k, table in enumerate(value):
        where = f"{dotted}[{k}]"
        for key in table:
            if key not in EVENT_FIELDS:
                raise check.fail(f"{where}.{key}", _suggest(key, list(EVENT_FIELDS)))
        for key in ("year", "name"):
            if key not in table:
                raise check.fail(
                    f"{where}.{key}", f"missing; every event needs {EVENT_FIELDS[key]}"
                )
        fields: dict[str, Any] = {}
        for key, raw in table.items():
            if key in ("name", "kind", "source"):
                if not isinstance(raw, str):
                    raise check.fail(
                        f"{where}.{key}", f"got {_show(raw)}; must be {EVENT_FIELDS[key]}"
                    )
                fields[key] = raw
            elif key == "year":
                fields[key] = int(
                    check.number(f"{where}.year", raw, EVENT_FIELDS["year"], float.is_integer)
                )
            else:
                fields[key] = check.number(f"{where}.{key}", raw, EVENT_FIELDS[key], lambda x: True)
        try:
            events.append(Event(**fields))
        except ValueError as exc:
            key, _, message = str(exc).partition(": ")
            raise check.fail(f"{where}.{key}", f"got {_show(table.get(key))}; {message}") from None
    return tuple(events)


def _spec(check: _Validator, model: str, section: str, body: dict[str, Any]):
    kind = SPEC_TYPE[model]
    defaults = asdict(kind())
    values: dict[str, Any] = {}
    for key, value in body.items():
        dotted = f"{section}.{key}"
        if key not in defaults:
            raise check.fail(dotted, _suggest(key, list(defaults)))
        default = defaults[key]
        if key == "events":
            values[key] = _events(check, dotted, value)
        elif isinstance(default, int) and not isinstance(default, bool):
            number = check.number(dotted, value, "a whole number (a year)", float.is_integer)
            values[key] = int(number)
        elif key in INTERVAL_KEYS and isinstance(default, tuple):
            lo, hi = check.interval(dotted, value, "a probability in [0, 1]", lambda x: 0 <= x <= 1)
            values[key] = (lo, hi)
        elif isinstance(default, tuple) and default and isinstance(default[0], str):
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(v, str) for v in value)
            ):
                raise check.fail(dotted, f"got {_show(value)}; must be a non-empty list of names")
            values[key] = tuple(value)
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not value:
                raise check.fail(dotted, f"got {_show(value)}; must be a non-empty list of numbers")
            values[key] = tuple(
                check.number(dotted, v, "a list of finite numbers", lambda x: True) for v in value
            )
        elif isinstance(default, str):
            if not isinstance(value, str):
                raise check.fail(dotted, f"got {_show(value)}; must be a name in quotes")
            values[key] = value
        else:
            values[key] = check.number(dotted, value, "a finite number", lambda x: True)
    try:
        return kind(**{**defaults, **values})
    except ValueError as exc:
        key, _, message = str(exc).partition(": ")
        got = f"got {_show(body[key])}; " if key in body else ""
        if key.startswith("events["):
            got = ""
        raise check.fail(f"{section}.{key}", got + (message or str(exc))) from None
