"""The catalogue of models a config can name (``model.name``), and ``deterrence models``.

Adding a model means adding its folder under ``models/`` (schema, build,
solve, optionally a batch adapter: ``models/family.py``) and one entry here
(docs/architecture.md).
"""

from __future__ import annotations

from deterrence.models.bargaining.family import FAMILIES as BARGAINING
from deterrence.models.deeds.family import FAMILIES as DEEDS
from deterrence.models.family import ModelFamily
from deterrence.models.intervention.family import FAMILIES as INTERVENTION
from deterrence.models.schema import Key, Section
from deterrence.models.two_fronts.family import FAMILIES as TWO_FRONTS

FAMILIES: dict[str, ModelFamily] = {
    f.name: f for f in (*INTERVENTION, *DEEDS, *BARGAINING, *TWO_FRONTS)
}
DEFAULT_MODEL = "intervention"


def family(name: str) -> ModelFamily:
    """The family a config's ``model.name`` names (KeyError if none)."""
    return FAMILIES[name]


def _default(key: Key) -> str:
    if key.required:
        return "(required)"
    value = key.default
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value) + "]"
    return str(value)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1]
        for r in rows
    ]


def describe_section(section: Section) -> list[str]:
    """One section's keys: name, symbol, default and meaning with what is allowed."""
    lines = [f"[{section.name}]" + ("  (required)" if section.required else "")]
    rows = [("key", "symbol", "default", "meaning; allowed")]
    for key in section.keys:
        when = f" (when {key.applies_when[0]} = {key.applies_when[1]})" if key.applies_when else ""
        rows.append((key.name, key.symbol, _default(key), f"{key.doc}{when}; {key.allowed()}"))
    lines += _table(rows)
    if section.aliases:
        moved = ", ".join(f"{k} (-> {v})" for k, v in section.aliases.items())
        lines.append(f"  also accepted here: {moved}")
    return lines


def describe_models() -> str:
    """Every model: its summary and each section of its config, from the declared schemas."""
    lines: list[str] = []
    shown: set[str] = set()
    for fam in FAMILIES.values():
        lines += [f"model: {fam.name}", f"  {fam.summary} ({fam.docs})"]
        if fam.sweepable:
            lines.append("  sweeps: yes (deterrence sweep)")
        lines.append("")
        for section in fam.schema.sections:
            if section.name == "model":
                names = ", ".join(k.name for k in section.keys)
                lines += [f"[model] {names}", ""]
                continue
            if section.name in shown:
                lines += [f"[{section.name}]  (as above)", ""]
                continue
            shown.add(section.name)
            lines += [*describe_section(section), ""]
    return "\n".join(lines).rstrip()
