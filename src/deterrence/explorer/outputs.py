"""The outputs a page shows: each with its name, a label, a unit and its number.

The names and their order are the solver's (``Solution.outputs()``, built from
``models.solution.OUTPUT_NAMES``); labels and units are the ones every figure
and table uses (``runs.quantities``), so outputs added to the solver appear
here without changes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from deterrence.runs.quantities import quantity

SIGNIFICANT = 6  # digits shown (the CLI's --json prints every digit; >= 4 are asked for)
KIND_UNITS = {"probability": "probability", "share": "ratio", "boolean": "yes / no"}


def unit(name: str) -> str:
    """The unit of an output ("" for a name, a category or a pure number)."""
    q = quantity(name)
    return q.unit or KIND_UNITS.get(q.kind, "")


def label(name: str) -> str:
    """A short label: the quantity's name and symbol, e.g. "aggression threshold V*"."""
    q = quantity(name)
    return f"{q.name} {q.symbol}".strip()


def show(value: Any) -> str:
    """A value as the page shows it: numbers to SIGNIFICANT digits, none, yes/no."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{SIGNIFICANT}g}" if math.isfinite(value) else str(value)
    if isinstance(value, (int, str)):
        return str(value)
    return json.dumps(value, indent=1, allow_nan=False)


@dataclass(frozen=True)
class Row:
    """One output as the page lists it; ``value`` is the exact JSON value."""

    name: str
    label: str
    unit: str
    text: str
    value: Any
    nested: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "unit": self.unit,
            "text": self.text,
            "value": self.value,
            "nested": self.nested,
        }


def rows(outputs: dict[str, Any]) -> list[Row]:
    """Every output of a solve, in the solver's order (nested ones, of the game
    models, shown as JSON)."""
    return [
        Row(
            name,
            label(name),
            unit(name) if not isinstance(value, str) else "",
            show(value),
            value,
            isinstance(value, (dict, list)),
        )
        for name, value in outputs.items()
    ]
