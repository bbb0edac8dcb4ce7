"""How a model plugs into the package: one :class:`ModelFamily` per config ``model.name``.

A family declares its config schema, builds its model from checked values,
solves it, and (if it can be swept) gives a batch adapter that solves many
points at once.  ``models/registry.py`` lists the families; configs, sweeps,
plots, the analysis commands and the explorer all go through it
(docs/architecture.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from deterrence.models.schema import Schema


@dataclass(frozen=True)
class Built:
    """What a family's ``build`` returns.

    ``resolved`` is the config as results folders record it (every section,
    defaults filled, values normalised); ``criterion`` is A's criterion for
    families that take one at solve time (None otherwise).
    """

    model: Any
    resolved: dict[str, dict[str, Any]]
    criterion: Any = None
    warnings: tuple[str, ...] = ()


class BatchAdapter(Protocol):
    """What a sweep needs from a family: flat input columns in, output columns out.

    Points are rows; every input is a column named by its dotted config key
    (sets of priors expand into ``_lo``/``_hi`` columns).  ``solve_points``
    must give each point the answer it would get alone (no dependence on the
    other points of the chunk), so a sweep's table does not depend on its
    chunking, executor or number of workers.
    """

    input_columns: tuple[str, ...]  # in table order
    text_columns: tuple[str, ...]  # categorical inputs (stored as strings)
    output_names: tuple[str, ...]
    derived_axes: Mapping[str, str]  # sweepable keys that are not config keys -> meaning
    set_keys: tuple[str, ...]  # config keys whose value expands into several columns

    def sweep_keys(self) -> list[str]: ...

    def expand(self, key: str, value: Any) -> dict[str, float]: ...

    def sampled(self, key: str, column: np.ndarray) -> dict[str, np.ndarray]: ...

    def base_inputs(self, resolved: dict[str, dict[str, Any]]) -> dict[str, Any]: ...

    def point_inputs(
        self, base: dict[str, Any], swept: dict[str, np.ndarray], size: int
    ) -> dict[str, np.ndarray]: ...

    def validate(self, cols: dict[str, np.ndarray]) -> np.ndarray: ...

    def solve_points(
        self, cols: dict[str, np.ndarray], message: np.ndarray
    ) -> dict[str, np.ndarray]: ...


@dataclass(frozen=True)
class ModelFamily:
    """One model a config can name.

    Parameters
    ----------
    name
        The config's ``model.name``.
    summary
        One sentence for ``deterrence models``.
    schema
        Every section the config may hold (``[model]`` included).
    build
        Checked values (every section of the schema, defaults filled) -> :class:`Built`;
        raises ``schema.InvalidValue`` with a dotted key for checks across keys.
    solve
        (model, criterion) -> a result with ``outputs()`` (a JSON-able dict).
    batch
        A factory of the family's :class:`BatchAdapter`, or None if it cannot be swept.
    kind
        ``"scenario"`` (one set of outputs per point: the canonical model and its
        relatives) or ``"game"`` (equilibria, trajectories: solved whole).
    docs
        The page that states the model's equations.
    """

    name: str
    summary: str
    schema: Schema
    build: Callable[[dict[str, dict[str, Any]]], Built]
    solve: Callable[[Any, Any], Any]
    batch: Callable[[], BatchAdapter] | None = None
    kind: str = "scenario"
    docs: str = "docs/model.md"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sweepable(self) -> bool:
        return self.batch is not None


def solve_quietly(model: Any, criterion: Any) -> Any:
    """A family's ``solve``: ``model.solve(criterion)`` (``model.solve()`` when the
    criterion is None) with numpy's floating-point warnings off (overflow in
    extreme corners means "does not exist")."""
    with np.errstate(all="ignore"):
        return model.solve() if criterion is None else model.solve(criterion)


def lazy_batch(module: str, name: str) -> Callable[[], BatchAdapter]:
    """A family's ``batch``: a factory that imports ``module`` only when called and
    returns a new ``module.name`` adapter."""

    def factory() -> BatchAdapter:
        return getattr(importlib.import_module(module), name)()

    return factory
