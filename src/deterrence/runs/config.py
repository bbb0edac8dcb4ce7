"""Experiment configs: TOML files with the sections of docs/model.md, plus ``--set`` overrides.

```toml
[model]
name = "intervention"
combat = "contest"            # contest | lanchester_square | lanchester_linear
[parameters]                  # any name of the parameter table; omitted ones take defaults
stakes = 4.0
[belief]
mode = "exogenous"            # exogenous | endogenous
q = [0.2, 0.6]                # 0.4, [0.2, 0.6] or { beta = [2.0, 3.0] }
resolve_mean = [-0.2, 0.2]    # endogenous: a number or an interval
resolve_sd = 0.3
[criterion]
name = "maxmin"
alpha = 0.5                   # alpha_maxmin
ambiguity_aversion = 2.0      # smooth (lambda)
penalty = 1.0                 # multiplier (theta)
```

Omitted values take defaults; an omitted ``belief.q`` is [0.2, 0.6] and an
omitted criterion is ``maxmin``, so ``[model]`` with ``name = "intervention"``
alone is the default scenario (a file with no keys at all is refused as
empty).  A file larger than ``MAX_CONFIG_BYTES`` is refused before it is
read, and tables nested deeper than ``MAX_DEPTH`` after it is parsed.
Every problem raises :class:`ConfigError` naming the source, the key and what
is allowed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deterrence.models.beliefs import BELIEF_MODES, Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.criteria import Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.runs.errors import ConfigError, read_text
from deterrence.runs.validate import (
    DEFAULTS,
    GAME_MODELS,
    MODE_KEYS,
    MODEL_NAMES,
    OVERRIDE_SOURCE,
    SWEEP_SECTION,
    _criterion,
    _merge,
    _move_combat_keys,
    _show,
    _Validator,
    parameters,
)


@dataclass(frozen=True)
class ExperimentConfig:
    """A validated experiment: the resolved config and the objects built from it."""

    source: str
    resolved: dict[str, dict[str, Any]]
    model: InterventionModel
    criterion: Criterion
    warnings: tuple[str, ...] = field(default=())
    sweep: dict[str, Any] | None = None  # the raw [sweep] section, if any
    origin: dict[str, str] = field(default_factory=dict)  # dotted key -> where it was set


# ------------------------------------------------------------------------ reading
MAX_DEPTH = 20  # tables and lists nested deeper than this are refused (configs need 5)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error or nesting deeper than MAX_DEPTH is one ConfigError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"invalid TOML: {exc}") from None
    except RecursionError:  # the parser recurses once per level of nesting
        data = None
    if data is None or _too_deep(data):
        raise ConfigError(source, "", f"tables or lists nested more than {MAX_DEPTH} deep")
    return data


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests more than MAX_DEPTH tables and lists (checked without recursion)."""
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file of at most MAX_CONFIG_BYTES (checked before reading), turning
    every failure into a one-line ConfigError; a file with no keys at all is refused."""
    data = parse_toml(read_text(path, "a TOML file"), str(path))
    if not data:
        raise ConfigError(
            str(path),
            "",
            "the file is empty (no sections, no keys); a config needs at least "
            '[model] with a name, e.g. name = "intervention" for the default scenario',
        )
    return data


_BARE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def parse_override(text: str) -> tuple[str, str, Any]:
    """``section.key=value`` -> (section, key, value); the value is read as TOML.

    A bare word (``maxmin``) that is not valid TOML is taken as a string, so
    ``--set criterion.name=maxmin`` works without shell quoting.  An override
    spans one line: a line break in it is an error (TOML would silently read
    only its first line).
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if "\n" in text or "\r" in text:
        raise ConfigError(
            OVERRIDE_SOURCE, key if sep else text, "contains a line break; give one value per --set"
        )
    if not sep or "." not in key:
        raise ConfigError(
            OVERRIDE_SOURCE, text, "expected section.key=value, e.g. parameters.stakes=3"
        )
    section, _, name = key.partition(".")
    raw = raw.strip()
    try:
        value = parse_toml(f"v = {raw}", OVERRIDE_SOURCE)["v"]
    except ConfigError as err:
        if not _BARE_WORD.match(raw):
            message = (
                err.message
                if "nested" in err.message
                else (
                    f"{raw!r} is not a TOML value "
                    '(numbers: 0.4; lists: [0.2, 0.6]; strings: "maxmin")'
                )
            )
            raise ConfigError(OVERRIDE_SOURCE, key, message) from None
        value = raw
    return section, name, value


def build(
    raw: dict[str, Any], source: str, overrides: list[tuple[str, str, Any]] | None = None
) -> ExperimentConfig:
    """Validate a raw config (plus overrides) and build the model it describes."""
    merged, origin = _merge(raw, overrides or [], source)
    check = _Validator(merged, source, origin)
    check.sections()
    _move_combat_keys(check, merged)
    given = {s: dict(merged.get(s, {})) for s in DEFAULTS}
    resolved = {s: {**DEFAULTS[s], **given[s]} for s in DEFAULTS}
    warnings: list[str] = []

    m = resolved["model"]
    check.choice("model.name", m["name"], (*MODEL_NAMES, *GAME_MODELS))
    if m["name"] in GAME_MODELS:
        raise check.fail(
            "model.name", f"{m['name']!r} is a game model: load it with load_experiment"
        )
    check.choice("model.combat", m["combat"], COMBAT_MODELS)

    params = parameters(check, resolved["parameters"])
    resolved["parameters"] = params.to_dict()

    belief, belief_extras = _belief(check, resolved["belief"], given["belief"], warnings)
    resolved["belief"] = {**belief.to_dict(), **belief_extras}
    crit = _criterion(check, resolved["criterion"])
    resolved["criterion"] = {
        "name": crit.name,
        "alpha": crit.alpha,
        "ambiguity_aversion": crit.ambiguity_aversion,
        "penalty": crit.penalty,
    }
    combat = Combat(
        m["combat"], params.decisiveness, params.effectiveness_ratio, params.effectiveness_noise
    )
    model = InterventionModel(params, combat, belief)
    sweep = merged.get(SWEEP_SECTION)
    if sweep is not None and not isinstance(sweep, dict):
        raise check.fail(SWEEP_SECTION, "must be a table [sweep]")
    return ExperimentConfig(source, resolved, model, crit, tuple(warnings), sweep, origin)


def _belief(
    check: _Validator, b: dict[str, Any], given: dict[str, Any], warnings: list[str]
) -> tuple[Belief, dict[str, Any]]:
    """A's belief in the chosen mode, and the other mode's keys if they were given.

    The other mode's keys are validated and kept in the resolved config (a
    sweep may switch ``belief.mode``), with a warning that a single solve
    ignores them.
    """
    mode = check.choice("belief.mode", b["mode"], BELIEF_MODES)
    other = "endogenous" if mode == "exogenous" else "exogenous"
    build_mode = {"exogenous": _exogenous_belief, "endogenous": _endogenous_belief}
    extras: dict[str, Any] = {}
    if any(key in given for key in MODE_KEYS[other]):
        for key in MODE_KEYS[other]:
            if key in given:
                warnings.append(
                    f"{check.origin.get('belief.' + key, check.source)}: belief.{key}: "
                    f"ignored when belief.mode = {mode!r}"
                )
        extras = build_mode[other](check, b).to_dict()
        extras.pop("mode")
    return build_mode[mode](check, b), extras


def _endogenous_belief(check: _Validator, b: dict[str, Any]) -> Belief:
    lo, hi = check.interval(
        "belief.resolve_mean", b["resolve_mean"], "a finite number", lambda v: True
    )
    sd = check.number("belief.resolve_sd", b["resolve_sd"], "a finite number > 0", lambda v: v > 0)
    return Belief("endogenous", lo, hi, None, sd)


def _exogenous_belief(check: _Validator, b: dict[str, Any]) -> Belief:
    q = b["q"]
    if isinstance(q, dict):
        if set(q) != {"beta"}:
            raise check.fail("belief.q", f"got {_show(q)}; a table must be {{ beta = [a, b] }}")
        shape = q["beta"]
        if not isinstance(shape, list) or len(shape) != 2:
            raise check.fail("belief.q", f"got beta = {_show(shape)}; must be [a, b] with a, b > 0")
        a, bb = (
            check.number("belief.q", v, "a finite number > 0 (Beta shape)", lambda x: x > 0)
            for v in shape
        )
        return Belief("exogenous", 0.0, 1.0, (a, bb))
    lo, hi = check.interval("belief.q", q, "a probability in [0, 1]", lambda v: 0 <= v <= 1)
    return Belief("exogenous", lo, hi)


def load_config(path: str | Path, overrides: list[str] | None = None) -> ExperimentConfig:
    """Read, override and validate an experiment config.

    Parameters
    ----------
    path
        A TOML file with the sections of docs/model.md.
    overrides
        ``section.key=value`` strings, as given to ``--set``.
    """
    parsed = [parse_override(o) for o in overrides or []]
    return build(read_toml(path), str(path), parsed)


def load_experiment(path: str | Path, overrides: list[str] | None = None):
    """Read any config: the canonical model (an ExperimentConfig) or a game model
    (``finite_intervention``, ``posture``: a GameConfig)."""
    raw = read_toml(path)
    parsed = [parse_override(o) for o in overrides or []]
    name = raw.get("model", {}).get("name") if isinstance(raw.get("model"), dict) else None
    for section, key, value in parsed:
        if (section, key) == ("model", "name"):
            name = value
    if name in GAME_MODELS:
        from deterrence.runs.game_config import build_game

        return build_game(raw, str(path), parsed)
    return build(raw, str(path), parsed)
