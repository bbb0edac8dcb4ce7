"""Batched numeric fields, shared by the models whose fields are scalars or (P, 1) arrays.

A frozen dataclass that mixes in :class:`BatchedFields` and names its numeric
fields in ``numeric_fields`` gets ``rows``, ``column`` and ``take``: one model
object serves one scenario (scalars) or a batch of P points (arrays).
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, ClassVar, Self

import numpy as np


def take_rows(x: Any, rows: Any) -> Any:
    """``x[rows]`` for an array; a scalar is shared by every row and kept."""
    return x[rows] if np.ndim(x) > 0 else x


class BatchedFields:
    """Mixin for a frozen dataclass whose ``numeric_fields`` are scalars or (P, 1) arrays."""

    numeric_fields: ClassVar[tuple[str, ...]] = ()
    _rows: int
    _columns: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        rows = int(max(np.size(getattr(self, name)) for name in self.numeric_fields))
        columns = {
            name: np.broadcast_to(np.asarray(getattr(self, name), float), (rows, 1))
            for name in self.numeric_fields
        }
        object.__setattr__(self, "_rows", rows)
        object.__setattr__(self, "_columns", columns)

    @property
    def rows(self) -> int:
        """Number of points: 1 for a scalar model, P for a batch."""
        return self._rows

    def column(self, name: str) -> np.ndarray:
        """A numeric field as shape (R, 1)."""
        return self._columns[name]

    def take(self, rows: Any) -> Self:
        """The model of a subset of a batch's points: numeric fields and every
        other field with a ``take`` method (a belief, a combat model) are subset."""
        changes = {n: take_rows(getattr(self, n), rows) for n in self.numeric_fields}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name not in changes and hasattr(value, "take"):
                changes[f.name] = value.take(rows)
        return replace(self, **changes)
