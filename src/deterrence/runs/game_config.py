"""Configs of the game models: ``finite_intervention`` and ``posture``.

```toml
[model]
name = "finite_intervention"   # or "posture"
combat = "contest"
[parameters]                   # the canonical names (MODEL.md)
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
from deterrence.models.finite import FiniteInterventionModel, FiniteSpec
from deterrence.models.parameters import SPECS
from deterrence.models.posture import PostureModel, PostureSpec
from deterrence.models.signalling import SignallingModel, SignallingSpec
from deterrence.runs.config import (
    COMBAT_KEYS,
    GAME_MODELS,
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
}
SPEC_TYPE = {
    "finite_intervention": FiniteSpec,
    "posture": PostureSpec,
    "signalling": SignallingSpec,
}
MODEL_TYPE = {
    "finite_intervention": FiniteInterventionModel,
    "posture": PostureModel,
    "signalling": SignallingModel,
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
    sections = ("model", "parameters", *SPEC_SECTION.values())
    merged, origin = _merge(raw, overrides, source, sections)
    check = _Validator(merged, source, origin)
    model_section = merged.get("model", {})
    name = check.choice("model.name", model_section.get("name"), GAME_MODELS)
    own = SPEC_SECTION[name]
    for section, body in merged.items():
        if section not in ("model", "parameters", own):
            raise check.fail(
                section,
                f"is not used by model {name!r} (sections: [model], [parameters], [{own}])",
            )
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
        own: {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(spec).items()},
    }
    return GameConfig(source, resolved, MODEL_TYPE[name](params, combat, spec), origin)


def _spec(check: _Validator, model: str, section: str, body: dict[str, Any]):
    kind = SPEC_TYPE[model]
    defaults = asdict(kind())
    values: dict[str, Any] = {}
    for key, value in body.items():
        dotted = f"{section}.{key}"
        if key not in defaults:
            raise check.fail(dotted, _suggest(key, list(defaults)))
        default = defaults[key]
        if key in INTERVAL_KEYS:
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
        raise check.fail(f"{section}.{key}", got + (message or str(exc))) from None
