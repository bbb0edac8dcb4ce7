"""The second view: a sweep's results folder, plotted as ``deterrence plot`` plots it.

The folder is read afresh for every page and figure (``deterrence.results.load``),
so a sweep still running shows the chunks done so far, and a folder that does
not load shows its one-line message on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deterrence import results
from deterrence.models.solution import OUTPUT_NAMES
from deterrence.runs.plot_data import plot_data
from deterrence.runs.quantities import label

BOOKKEEPING = ("point", "status", "message")
MAX_BY_VALUES = 12  # a --by column offered by default has at most this many values


@dataclass(frozen=True)
class Columns:
    """The columns a figure may use: swept inputs for x, y and by; outputs for z."""

    inputs: tuple[str, ...]  # inputs that vary, in table order
    outputs: tuple[str, ...]  # outputs the table holds, in the solver's order
    rows: int
    solved: int
    few_values: tuple[str, ...] = ()  # inputs with at most MAX_BY_VALUES values, fewest first

    def labels(self) -> dict[str, str]:
        return {c: label(c) for c in (*self.inputs, *self.outputs)}

    def defaults(self) -> dict[str, str]:
        """A first figure: z = the threshold, x = the first swept input, by = the other
        input with the fewest values (a criterion, a combat model)."""
        z = "threshold" if "threshold" in self.outputs else (self.outputs or ("",))[0]
        x = self.inputs[0] if self.inputs else ""
        by = next((c for c in self.few_values if c != x), "")
        return {"x": x, "y": "", "z": z, "by": by}


def columns(path: str | Path) -> Columns:
    """The plottable columns of a results folder (ConfigError if it does not load)."""
    df = results.load(path)
    outputs = tuple(name for name in OUTPUT_NAMES if name in df.columns)
    inputs = tuple(
        c
        for c in df.columns
        if c not in outputs and c not in BOOKKEEPING and df[c].nunique(dropna=False) > 1
    )
    counts = {c: df[c].nunique(dropna=False) for c in inputs}
    few = tuple(sorted((c for c in inputs if counts[c] <= MAX_BY_VALUES), key=counts.get))
    solved = int((df["status"] == "ok").sum()) if "status" in df else len(df)
    return Columns(inputs, outputs, len(df), solved, few)


def figure(path: str | Path, x: str, z: str, y: str | None, by: str | None) -> str:
    """The SVG of one choice of columns (ConfigError, as deterrence plot words it)."""
    from deterrence.explorer.figures import sweep_svg

    return sweep_svg(plot_data(path, x, z, y=y or None, by=by or None))
