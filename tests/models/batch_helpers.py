"""Helpers shared by the batch tests of the bargaining and two-fronts models."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def solve_configs_together(adapter: Any, configs: Sequence[Any]) -> dict[str, np.ndarray]:
    """Solve built configs as one sweep's points with the family's batch ``adapter``;
    every point must be valid and solve with status ``ok``."""
    rows = [adapter.base_inputs(c.resolved) for c in configs]
    cols = {
        key: np.array(
            [r[key] for r in rows], dtype=object if isinstance(rows[0][key], str) else float
        )
        for key in rows[0]
    }
    cols = adapter.point_inputs(dict(rows[0]), dict(cols), len(rows))
    message = adapter.validate(cols)
    assert all(m is None for m in message), [m for m in message if m is not None][:3]
    out = adapter.solve_points(cols, message)
    assert set(out["status"]) == {"ok"}
    return out


def cli(*args: Any, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m deterrence ARGS`` run from the repository root, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "deterrence", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )
