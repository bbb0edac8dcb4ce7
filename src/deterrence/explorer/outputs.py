"""The outputs a page shows: each with its name, a label, a unit and its number.

The names and their order are the solver's (``Solution.outputs()``, built from
``models.solution.OUTPUT_NAMES``); labels come from the figures' axis labels
and units from the name (docs/model.md, "Outputs": stakes and premia in cost
units, forces in units of T's defence), so outputs added to the solver appear
without changes here.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from deterrence.runs.plot_data import OUTPUT_LABELS

SIGNIFICANT = 6  # digits shown (the CLI's --json prints every digit; >= 4 are asked for)
COST = "cost units (as the stakes V)"
FORCE = "force (T's defence = 1)"
UNIT_RULES = (  # (words in the name, unit): the first rule all of whose words appear wins
    (("relative",), "ratio"),
    (("probability",), "probability"),
    (("attack",), "yes / no"),
    (("cost",), COST),
    (("threshold",), COST),
    (("force",), FORCE),
)


def unit(name: str) -> str:
    """The unit of an output, read off its name ("" when none applies)."""
    words = name.split("_")
    for needed, text in UNIT_RULES:
        if all(w in words for w in needed):
            return text
    return ""


def label(name: str) -> str:
    """A short label: the figures' axis label, or the name in words."""
    return OUTPUT_LABELS.get(name) or name.replace("_", " ")


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
