"""Reading results: ``deterrence.results.load(PATH)`` returns a sweep's rows as a DataFrame."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load(path: str | Path):
    """All rows of a sweep results folder as a pandas DataFrame, ordered by point.

    Missing quantities (e.g. a force requirement beyond ``max_force``) are
    NaN/None; ``status`` and ``message`` say why a point has no outputs.
    """
    from deterrence.runs.sweeps.store import load_table

    return load_table(path).to_pandas()


def manifest(path: str | Path) -> dict[str, Any]:
    """The sweep's manifest: resolved config, design, seed, version, chunks done."""
    return json.loads((Path(path) / "manifest.json").read_text())
