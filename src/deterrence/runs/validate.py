"""The one validator: any config checked against the declared schema of the model it names.

A config is a TOML document: the sections of its model's schema
(``models/<family>``, listed by ``deterrence models``), plus an optional
top-level ``title`` and the ``[sweep]`` and ``[uncertainty]`` tables, which
their own modules check.  ``--set`` overrides are merged in first, each
remembered as the origin of its key, so every error names where the value
came from: ``SOURCE: KEY: what is wrong and what is allowed``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from deterrence.models.family import ModelFamily
from deterrence.models.registry import DEFAULT_MODEL, FAMILIES
from deterrence.models.schema import Choice, InvalidValue, Key, Section, show, suggest
from deterrence.runs.errors import ConfigError

OVERRIDE_SOURCE = "--set"
TOP_KEYS = ("title",)  # plain top-level values
EXTRA_TABLES = ("sweep", "uncertainty")  # tables checked by their own modules
MODEL_NAMES = tuple(FAMILIES)


@dataclass(frozen=True)
class Config:
    """A validated config: the resolved values and the model built from them.

    ``resolved`` is what results folders record (every section of the model's
    schema, defaults filled); ``origin`` maps a dotted key to where it was set
    (the file or ``--set``); ``sweep`` and ``uncertainty`` are the raw tables.
    """

    source: str
    family: ModelFamily
    resolved: dict[str, dict[str, Any]]
    model: Any
    criterion: Any = None
    warnings: tuple[str, ...] = ()
    origin: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    sweep: dict[str, Any] | None = None
    uncertainty: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        """The model's name (``model.name``)."""
        return self.family.name

    @property
    def is_game(self) -> bool:
        """True for models solved whole (equilibria, trajectories), not point by point."""
        return self.family.kind == "game"

    def solve(self):
        """The model's solution (its ``outputs()`` is a JSON-able dict)."""
        return self.family.solve(self.model, self.criterion)

    def fail(self, key: str, message: str) -> ConfigError:
        """A ConfigError naming where ``key`` was set."""
        return ConfigError(self.origin.get(key, self.source), key, message)


class _Check:
    """One pass over a merged config; ``origin`` maps dotted keys to their source."""

    def __init__(self, merged: dict[str, Any], source: str, origin: dict[str, str]) -> None:
        self.merged, self.source, self.origin = merged, source, origin
        self.warnings: list[str] = []

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.origin.get(key, self.source), key, message)

    def family(self) -> ModelFamily:
        model = self.merged.get("model", {})
        if not isinstance(model, dict):
            raise self.fail("model", "must be a table [model]")
        name = model.get("name", DEFAULT_MODEL)
        try:
            Choice(MODEL_NAMES).check(name)
        except InvalidValue as err:
            raise self.fail("model.name", err.message) from None
        return FAMILIES[name]

    def top_level(self, fam: ModelFamily) -> None:
        sections = fam.schema.names
        for top, body in self.merged.items():
            if top in TOP_KEYS:
                if not isinstance(body, str):
                    raise self.fail(top, f"got {show(body)}; must be a text in quotes")
            elif top in sections or top in EXTRA_TABLES:
                if not isinstance(body, dict):
                    raise self.fail(top, f"must be a table [{top}]")
            else:
                allowed = [*sections, *EXTRA_TABLES, *TOP_KEYS]
                known = {s.name for f in FAMILIES.values() for s in f.schema.sections}
                if top == "case":
                    message = "a case-library file: solve the library with deterrence cases FOLDER"
                elif top in known:
                    listed = ", ".join(f"[{s}]" for s in sections)
                    message = f"is not used by model {fam.name!r} (sections: {listed})"
                else:
                    message = suggest(top, allowed)
                raise self.fail(top, message)

    def move_aliases(self, fam: ModelFamily) -> None:
        """Keys a section accepts for another (``model.effectiveness_noise``) moved there."""
        for section in fam.schema.sections:
            body = self.merged.get(section.name, {})
            for key, target in section.aliases.items():
                if key not in body:
                    continue
                value = body.pop(key)
                to_section, _, to_key = target.partition(".")
                dest = self.merged.setdefault(to_section, {})
                here = f"{section.name}.{key}"
                if to_key in dest and dest[to_key] != value:
                    raise self.fail(
                        here, f"also given as {target} = {show(dest[to_key])}; give it once"
                    )
                dest[to_key] = value
                self.origin[target] = self.origin.get(here, self.source)

    def section(self, fam: ModelFamily, section: Section) -> dict[str, Any]:
        """One section's checked values, defaults filled, irrelevant keys dropped."""
        if section.name not in self.merged and section.required:
            raise self.fail(
                section.name,
                f"missing: model {fam.name!r} needs a [{section.name}] section "
                f"({section.doc}; see deterrence models)",
            )
        body = self.merged.get(section.name, {})
        allowed = [*section.names, *section.aliases]
        for name in body:
            if name not in allowed:
                raise self.fail(f"{section.name}.{name}", suggest(name, allowed))
        out = {}
        for key in section.keys:
            dotted = f"{section.name}.{key.name}"
            if key.name in body:
                out[key.name] = self.value(dotted, key, body[key.name])
            elif key.required:
                raise self.fail(dotted, f"missing; {key.doc}: {key.allowed()}")
            else:
                out[key.name] = copy.deepcopy(key.default)
        for key in section.keys:
            if key.applies_when is None:
                continue
            other, wanted = key.applies_when
            if out[other] == wanted:
                continue
            dotted = f"{section.name}.{key.name}"
            if key.name in body:
                where = self.origin.get(dotted, self.source)
                self.warnings.append(
                    f"{where}: {dotted}: ignored when {section.name}.{other} = {out[other]!r}"
                )
            else:
                del out[key.name]
        return out

    def value(self, dotted: str, key: Key, raw: Any) -> Any:
        try:
            return key.kind.check(raw)
        except InvalidValue as err:
            raise self.fail(dotted + err.key, err.message) from None


def merge(
    raw: dict[str, Any], overrides: list[tuple[str, str, Any]], source: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """The file's values with the overrides applied, and the origin of every given key."""
    merged = copy.deepcopy(raw)
    origin = {f"{s}.{k}": source for s, body in raw.items() if isinstance(body, dict) for k in body}
    origin.update({key: source for key in raw if not isinstance(raw[key], dict)})
    for section, key, value in overrides:
        body = merged.setdefault(section, {})
        if not isinstance(body, dict):
            raise ConfigError(source, section, f"must be a table [{section}]")
        body[key] = value
        origin[f"{section}.{key}"] = OVERRIDE_SOURCE
        origin.setdefault(section, OVERRIDE_SOURCE)
    return merged, origin


def check_config(
    raw: dict[str, Any], source: str, overrides: list[tuple[str, str, Any]] | None = None
) -> Config:
    """Validate a parsed config plus overrides against its model's schema and build the model."""
    merged, origin = merge(raw, overrides or [], source)
    if not merged:
        raise ConfigError(
            source,
            "",
            'empty config; a config names its model, e.g. [model] name = "intervention" '
            "(deterrence models lists them; deterrence examples copies ready-made configs)",
        )
    check = _Check(merged, source, origin)
    fam = check.family()
    check.top_level(fam)
    check.move_aliases(fam)
    values = {section.name: check.section(fam, section) for section in fam.schema.sections}
    try:
        built = fam.build(values)
    except InvalidValue as err:
        raise check.fail(err.key, err.message) from None
    title = merged.get("title")
    return Config(
        source=source,
        family=fam,
        resolved=built.resolved,
        model=built.model,
        criterion=built.criterion,
        warnings=tuple(check.warnings) + built.warnings,
        origin=origin,
        title=title,
        sweep=merged.get("sweep"),
        uncertainty=merged.get("uncertainty"),
    )
