"""Checking raw config values: one-line errors naming the source, the key and what is allowed.

Shared by the loaders of every model (``runs.config``, ``runs.game_config``).
"""

from __future__ import annotations

import copy
import difflib
import math
from typing import Any

from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.parameters import SPECS, Parameters
from deterrence.runs.errors import ConfigError

MODEL_NAMES = ("intervention",)
GAME_MODELS = (
    "finite_intervention",
    "posture",
    "signalling",
    "dynamics",
)  # built by deterrence.runs.game_config
OVERRIDE_SOURCE = "--set"

DEFAULTS: dict[str, dict[str, Any]] = {
    "model": {"name": "intervention", "combat": "contest"},
    "parameters": {name: spec.default for name, spec in SPECS.items()},
    "belief": {"mode": "exogenous", "q": [0.2, 0.6], "resolve_mean": 0.0, "resolve_sd": 0.3},
    "criterion": {"name": "maxmin", "alpha": 0.5, "ambiguity_aversion": 2.0, "penalty": 1.0},
}
# The Lanchester models' parameters belong to [parameters] but are also accepted
# in [model], beside `combat`, where docs/model.md introduces them.
COMBAT_KEYS = ("effectiveness_ratio", "effectiveness_noise")
SWEEP_SECTION = "sweep"  # validated by deterrence.runs.sweeps.design, ignored by a single solve
MODE_KEYS = {"exogenous": ("q",), "endogenous": ("resolve_mean", "resolve_sd")}


# --------------------------------------------------------------------- validating
def _suggest(word: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key{hint} (allowed: {', '.join(allowed)})"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Validator:
    """Checks a merged raw config; ``origin`` maps a dotted key to its source."""

    def __init__(self, raw: dict[str, Any], source: str, origin: dict[str, str]) -> None:
        self.raw, self.source, self.origin = raw, source, origin

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.origin.get(key, self.source), key, message)

    def number(self, key: str, value: Any, allowed: str, ok) -> float:
        if not _is_number(value) or not math.isfinite(value) or not ok(float(value)):
            raise self.fail(key, f"got {_show(value)}; must be {allowed}")
        return float(value)

    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise self.fail(key, f"got {_show(value)}{hint} (allowed: {', '.join(allowed)})")
        return value

    def interval(self, key: str, value: Any, allowed: str, ok) -> tuple[float, float]:
        """A number (a point) or a two-element list [lo, hi] with lo <= hi."""
        if _is_number(value):
            v = self.number(key, value, allowed, ok)
            return v, v
        if not isinstance(value, list) or len(value) != 2:
            raise self.fail(
                key,
                f"got {_show(value)}; must be a number or an interval "
                f"[lo, hi] of numbers, each {allowed}",
            )
        lo = self.number(key, value[0], allowed, ok)
        hi = self.number(key, value[1], allowed, ok)
        if lo > hi:
            raise self.fail(key, f"got [{lo}, {hi}]; the interval needs lo <= hi")
        return lo, hi

    def sections(self) -> None:
        for section, body in self.raw.items():
            if section == SWEEP_SECTION:
                continue
            if section not in DEFAULTS:
                raise self.fail(section, _suggest(section, [*DEFAULTS, SWEEP_SECTION]))
            if not isinstance(body, dict):
                raise self.fail(section, f"must be a table [{section}]")
            for key in body:
                if section == "model" and key in COMBAT_KEYS:
                    continue
                if key not in DEFAULTS[section]:
                    raise self.fail(f"{section}.{key}", _suggest(key, list(DEFAULTS[section])))


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _merge(
    raw: dict[str, Any],
    overrides: list[tuple[str, str, Any]],
    source: str,
    sections: tuple[str, ...] = (*DEFAULTS, SWEEP_SECTION),
):
    """Defaults <- file <- overrides, with the origin of every explicitly set key."""
    merged = copy.deepcopy(raw)
    origin = {f"{s}.{k}": source for s, body in raw.items() if isinstance(body, dict) for k in body}
    for section, key, value in overrides:
        if section not in sections:
            raise ConfigError(OVERRIDE_SOURCE, section, _suggest(section, list(sections)))
        body = merged.setdefault(section, {})
        if not isinstance(body, dict):
            raise ConfigError(source, section, f"must be a table [{section}]")
        body[key] = value
        origin[f"{section}.{key}"] = OVERRIDE_SOURCE
    return merged, origin


def _move_combat_keys(check: _Validator, merged: dict[str, Any]) -> None:
    """Move effectiveness_ratio / effectiveness_noise given in [model] to [parameters]."""
    model = merged.get("model", {})
    for key in COMBAT_KEYS:
        if key not in model:
            continue
        value = model.pop(key)
        params = merged.setdefault("parameters", {})
        if key in params and params[key] != value:
            raise check.fail(
                f"model.{key}",
                f"also given as parameters.{key} = {_show(params[key])}; give it once",
            )
        params[key] = value
        check.origin[f"parameters.{key}"] = check.origin.get(f"model.{key}", check.source)


def parameters(check: _Validator, given: dict[str, Any]) -> Parameters:
    """Validated [parameters] (every name of the table, defaults filled in)."""
    values = {}
    for name, value in given.items():
        spec = SPECS[name]
        values[name] = check.number(f"parameters.{name}", value, spec.allowed(), spec.accepts)
    if values["intervention_war_cost"] < values["war_cost"]:
        raise check.fail(
            "parameters.intervention_war_cost",
            f"got {values['intervention_war_cost']}; must be >= war_cost = "
            f"{values['war_cost']} (k_I >= k_N: intervention is the bad state)",
        )
    return Parameters.create(**values)


def _criterion(check: _Validator, c: dict[str, Any]) -> Criterion:
    name = check.choice("criterion.name", c["name"], CRITERIA)
    alpha = check.number("criterion.alpha", c["alpha"], "a number in [0, 1]", lambda v: 0 <= v <= 1)
    lam = check.number(
        "criterion.ambiguity_aversion",
        c["ambiguity_aversion"],
        "a finite number > 0",
        lambda v: v > 0,
    )
    theta = check.number("criterion.penalty", c["penalty"], "a finite number > 0", lambda v: v > 0)
    return Criterion(name, alpha, lam, theta)
