"""Solving a chunk of sweep points: the model family's batch adapter, driven generically.

A chunk's swept columns (:meth:`SweepSpec.columns`) are merged into the base
config to give every point its full set of inputs; the family's adapter
(``models/family.py``) validates each point and solves the valid ones in
batch, recording a status (``ok``, ``invalid``, ``error``) and a message per
point.  :func:`solve_chunk` is a pure function of its task, so every executor
and every number of workers gives the same rows.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from deterrence.models.family import BatchAdapter
from deterrence.models.registry import FAMILIES

STATUS_COLUMNS = ("status", "message")


@cache
def adapter(family: str) -> BatchAdapter:
    """The batch adapter of a model family (built once per process)."""
    factory = FAMILIES[family].batch
    if factory is None:
        raise ValueError(f"model {family!r} cannot be swept")
    return factory()


def columns_of(spec, family: str = "intervention") -> list[str]:
    """The result table's columns, in order."""
    batch = adapter(family)
    derived = [k for k in (*spec.axes, *spec.ranges) if k in batch.derived_axes]
    return ["point", *derived, *batch.input_columns, *batch.output_names, *STATUS_COLUMNS]


def column_types(spec, family: str = "intervention") -> dict[str, str]:
    """Each column's storage type: int64, string, bool or float64."""
    batch = adapter(family)
    text = {*batch.text_columns, *STATUS_COLUMNS}
    flags = set(getattr(batch, "bool_outputs", ()))

    def kind(name: str) -> str:
        if name == "point":
            return "int64"
        return "string" if name in text else "bool" if name in flags else "float64"

    return {name: kind(name) for name in columns_of(spec, family)}


def base_inputs(resolved: dict[str, dict[str, Any]], family: str = "intervention") -> dict:
    """Scalar inputs of the base config, in the flat column names."""
    return adapter(family).base_inputs(resolved)


def point_inputs(base, swept, size, family: str = "intervention") -> dict[str, np.ndarray]:
    """Full input columns for ``size`` points: the base config with the swept keys applied."""
    return adapter(family).point_inputs(base, swept, size)


def validate(cols: dict[str, np.ndarray], family: str = "intervention") -> np.ndarray:
    """Per-point message naming the first invalid input, or None (object array)."""
    return adapter(family).validate(cols)


def solve_points(cols, message, family: str = "intervention") -> dict[str, np.ndarray]:
    """Outputs and status of every point (invalid ones left empty)."""
    return adapter(family).solve_points(cols, message)


def solve_chunk(task: tuple) -> tuple[int, dict[str, np.ndarray]]:
    """Solve chunk k of a sweep: task = (family, spec, base inputs, k, unit samples or None).

    A pure function of its task, so every executor (and every worker count)
    gives the same rows.
    """
    family, spec, base, k, unit = task
    batch = adapter(family)
    start, stop = spec.chunk_bounds(k)
    cols = batch.point_inputs(base, spec.columns(start, stop, unit, batch), stop - start)
    outputs = batch.solve_points(cols, batch.validate(cols))
    table = {"point": np.arange(start, stop, dtype=np.int64), **cols, **outputs}
    return k, {name: table[name] for name in columns_of(spec, family)}
