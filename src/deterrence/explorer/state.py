"""The page's settings: ``--set`` overrides of the loaded config, checked as the CLI checks them.

The page sends each setting it changed as ``KEY=VALUE`` with VALUE a TOML
literal, exactly what ``deterrence solve CONFIG --set KEY=VALUE`` takes; the
page's URL holds the same pairs.  Only the editable keys of the loaded
model's schema are accepted (:func:`editable_keys`): no file paths, no code,
no other model.  Every value goes through ``runs.config.parse_override`` and
``runs.validate.check_config``, so a bad value gets the CLI's one-line
message and never reaches the solver.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deterrence.explorer import tomlwrite
from deterrence.models.family import ModelFamily
from deterrence.models.schema import AnyOf, Choice, Interval, Key, Real, RealList, Table
from deterrence.runs.config import find_config, parse_override, read_toml
from deterrence.runs.errors import ConfigError
from deterrence.runs.validate import OVERRIDE_SOURCE, Config, check_config, merge

Override = tuple[str, str, Any]
MAX_SETTINGS = 100  # pairs in one request (a schema has a few dozen keys)
MAX_VALUE_CHARS = 400  # characters of one TOML literal
CACHE_SIZE = 64  # solved settings kept, so the figure and the TOML reuse a solve
FIXED_SECTIONS = ("sweep", "uncertainty")  # not part of one solve: left out of downloads


def is_editable(key: Key) -> bool:
    """Whether the page has a control for a key's kind (numbers, intervals, choices)."""
    kind = key.kind
    if isinstance(kind, (Real, Interval, Choice, RealList)):
        return True
    if isinstance(kind, AnyOf):
        return all(isinstance(k, (Real, Interval, Table)) for k in kind.kinds)
    return False


def editable_keys(family: ModelFamily) -> dict[str, Key]:
    """Dotted key -> Key for every key the page may change (``model.name`` excluded:
    the model is the loaded config's)."""
    out = {}
    for section in family.schema.sections:
        for key in section.keys:
            dotted = f"{section.name}.{key.name}"
            if dotted != "model.name" and is_editable(key):
                out[dotted] = key
    return out


@dataclass(frozen=True)
class Base:
    """The loaded config the page's settings override."""

    raw: dict[str, Any]  # as parsed from the file (or a results folder's manifest)
    source: str  # the name errors and the page show
    config: Config  # the raw config, validated
    keys: dict[str, Key] = field(default_factory=dict)  # the editable keys

    @property
    def family(self) -> ModelFamily:
        return self.config.family


def base_from_raw(raw: dict[str, Any], source: str) -> Base:
    """A base from a parsed config; raises ConfigError as ``deterrence solve`` would."""
    config = check_config(raw, source)
    return Base(raw, source, config, editable_keys(config.family))


def load_base(path: str | Path) -> Base:
    """A config file (or the name of a shipped one) as the page's base."""
    found = find_config(path)
    source = str(path) if found == Path(path) else str(found)
    return base_from_raw(read_toml(found), source)


# ------------------------------------------------------------------------ settings
def parse_settings(base: Base, pairs: Iterable[tuple[str, str]]) -> list[Override]:
    """``(KEY, VALUE)`` pairs (a query string's) as ``--set`` overrides.

    Raises ConfigError, as the CLI words it, for a key the model does not let
    the page change, a key given twice, or a value that is not TOML.
    """
    pairs = list(pairs)
    if len(pairs) > MAX_SETTINGS:
        raise ConfigError(OVERRIDE_SOURCE, "", f"{len(pairs)} settings; at most {MAX_SETTINGS}")
    seen: set[str] = set()
    out = []
    for name, text in pairs:
        if name not in base.keys:
            raise ConfigError(
                OVERRIDE_SOURCE,
                name[:60],
                f"not a setting of model {base.family.name!r} that the explorer changes "
                f"(settings: {', '.join(base.keys)})",
            )
        if name in seen:
            raise ConfigError(OVERRIDE_SOURCE, name, "given twice")
        if len(text) > MAX_VALUE_CHARS:
            raise ConfigError(
                OVERRIDE_SOURCE, name, f"a value of {len(text):,} chars; at most {MAX_VALUE_CHARS}"
            )
        seen.add(name)
        out.append(parse_override(f"{name}={text}"))
    return out


def cli_arguments(overrides: list[Override]) -> list[str]:
    """The overrides as ``--set`` arguments of ``deterrence solve`` (for the page and docs)."""
    return [f"{s}.{k}={tomlwrite.value(v)}" for s, k, v in overrides]


def merged_config(base: Base, overrides: list[Override]) -> dict[str, Any]:
    """The config the settings describe: the base with the overrides applied, and the
    base's keys that no longer apply (``belief.q`` once ``belief.mode`` is endogenous)
    left out, so that switching a mode does not warn about the keys it leaves behind."""
    merged, _ = merge(base.raw, overrides, base.source)
    given = {(s, k) for s, k, _ in overrides}
    for section in base.family.schema.sections:
        body = merged.get(section.name)
        if not isinstance(body, dict):
            continue
        for key in section.keys:
            if key.applies_when is None or key.name not in body:
                continue
            other, wanted = key.applies_when
            current = body.get(other, section.key(other).default)
            if current != wanted and (section.name, key.name) not in given:
                del body[key.name]
    return merged


def check(base: Base, overrides: list[Override]) -> Config:
    """The validated config of the settings; raises ConfigError with the CLI's message."""
    merged = merged_config(base, overrides)
    given = {(s, k) for s, k, _ in overrides}
    raw = {
        top: (
            {k: v for k, v in body.items() if (top, k) not in given}
            if isinstance(body, dict)
            else body
        )
        for top, body in merged.items()
    }
    return check_config(raw, base.source, overrides)


def config_toml(base: Base, overrides: list[Override]) -> str:
    """The settings as a config file that ``deterrence run`` accepts and that gives the
    same numbers (the base's ``[sweep]`` and ``[uncertainty]`` tables left out)."""
    check(base, overrides)  # only valid settings are written
    doc = {k: v for k, v in merged_config(base, overrides).items() if k not in FIXED_SECTIONS}
    header = [f"Written by deterrence explore from {base.source}"]
    arguments = cli_arguments(overrides)
    if arguments:
        header.append("with " + " ".join(f"--set '{a}'" for a in arguments))
    return tomlwrite.dumps(copy.deepcopy(doc), header)


# ------------------------------------------------------------------------ solving
@dataclass(frozen=True)
class Solved:
    """A solved setting: the config and the family's result (``outputs()``)."""

    config: Config
    result: Any


class Solver:
    """Solves settings one at a time, keeping the last few (the figure reuses the solve)."""

    def __init__(self, base: Base, size: int = CACHE_SIZE) -> None:
        self.base, self.size = base, size
        self._cache: OrderedDict[tuple, Solved] = OrderedDict()
        self._lock = threading.Lock()

    def solve(self, overrides: list[Override]) -> Solved:
        """Check, then solve; ConfigError for bad settings (never solved), any other
        exception from the model's solve is the caller's to report."""
        config = check(self.base, overrides)
        token = tuple(sorted(cli_arguments(overrides)))
        with self._lock:
            if token in self._cache:
                self._cache.move_to_end(token)
                return self._cache[token]
            solved = Solved(config, config.solve())
            self._cache[token] = solved
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
            return solved
