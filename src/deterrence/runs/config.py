"""Experiment configs: a TOML file, checked against its model's declared schema, plus ``--set``.

```toml
title = "The default scenario"   # optional: names the scenario in figures and reports
[model]
name = "intervention"            # deterrence models lists the models and their sections
combat = "contest"               # contest | lanchester_square | lanchester_linear
[parameters]                     # any key of the parameter table; omitted ones take defaults
stakes = 4.0
[belief]
mode = "exogenous"               # exogenous | endogenous
q = [0.2, 0.6]                   # 0.4, [0.2, 0.6] or { beta = [2.0, 3.0] }
[criterion]
name = "maxmin"
```

A config path that does not exist is also looked up among the configs that
ship with the package, by name (``deterrence run taiwan_2026``).  Every
problem raises :class:`ConfigError` naming the source, the key and what is
allowed (``runs.validate`` checks the values).
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from deterrence.runs.errors import ConfigError, read_text
from deterrence.runs.validate import OVERRIDE_SOURCE, Config, check_config

ExperimentConfig = Config  # the name earlier versions used
SHIPPED = "configs"  # package data: the shipped configs and the case library


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
    """Parse a TOML file of at most MAX_CONFIG_BYTES (checked before reading, so that a
    link to an endless stream is refused), turning every failure into a one-line ConfigError."""
    return parse_toml(read_text(path, "a TOML file"), str(path))


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
) -> Config:
    """Validate a parsed config (plus parsed overrides) and build the model it describes."""
    return check_config(raw, source, overrides)


def shipped_configs() -> Path:
    """The folder of configs that ship with the package."""
    return Path(str(resources.files("deterrence") / SHIPPED))


def find_config(path: str | Path) -> Path:
    """``path`` if it exists, else the shipped config of that name (``taiwan_2026``,
    ``taiwan_2026.toml``, ``cases/nato_article5``); else ``path`` (reading it then
    reports the missing file)."""
    given = Path(path)
    if given.exists() or given.is_absolute():
        return given
    name = given if given.suffix == ".toml" else given.with_name(given.name + ".toml")
    for candidate in (shipped_configs() / name, shipped_configs() / name.name):
        if candidate.is_file():
            return candidate
    return given


def load_config(path: str | Path, overrides: list[str] | None = None) -> Config:
    """Read, override and validate a config of any model.

    Parameters
    ----------
    path
        A TOML file (or the name of a shipped config).
    overrides
        ``section.key=value`` strings, as given to ``--set``.
    """
    parsed = [parse_override(o) for o in overrides or []]
    found = find_config(path)
    source = str(path) if found == Path(path) else str(found)
    return check_config(read_toml(found), source, parsed)


load_experiment = load_config  # the name earlier versions used for game-model configs
