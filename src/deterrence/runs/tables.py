"""Small tables written by runs: CSV and Markdown from lists of flat records."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def write_csv(rows: Sequence[dict], path: str | Path) -> None:
    """One row per record; the columns of the first record, in order."""
    columns = list(rows[0]) if rows else []
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])


def markdown(rows: Sequence[dict], columns: Sequence[str], digits: int = 3) -> str:
    """A Markdown table of the given columns."""

    def fmt(value) -> str:
        if isinstance(value, float):
            return f"{value:.{digits}f}"
        return _cell(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(fmt(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)
