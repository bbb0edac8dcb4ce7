"""Global sensitivity indices of a sweep's outputs, with SALib's analysers.

Three methods (docs/analysis.md), each estimated by SALib (Herman & Usher
2017; Iwanaga, Usher & Herman 2022) from a results table:

* ``sobol``: first-order S1, total ST (Saltelli et al. 2010 estimators) and,
  when sampled, second-order S2 indices of Sobol' (2001), with bootstrap
  confidence intervals; needs a ``design = "saltelli"`` sweep (Saltelli 2002).
* ``morris``: the elementary effects of Morris (1991): mean absolute effect
  mu* (Campolongo et al. 2007) with its bootstrap interval, and their sd
  sigma; needs a ``design = "morris"`` sweep.
* ``delta``: Borgonovo's (2007) moment-independent delta and a first-order
  index, both estimated from given data (Plischke et al. 2013), so any
  sampled design (``random``, ``lhs``, ``sobol``, ...) or a grid will do.

The sampled keys (``[sweep.ranges]``; a grid's numeric axes for delta) are
the parameters; one analysis is made per combination of the crossed axes
(``[sweep.axes]``) and of the ``by`` columns.  Sobol' and Morris estimators
need every point of the design: a point without a value makes the analysis
fail with a :class:`ConfigError` saying how many and why, never a silent
drop.  Delta drops such points and counts them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from deterrence.runs.analysis.table import (
    ResultsTable,
    check_by,
    describe_excluded,
    excluded,
    first_message,
    groups,
    plain,
)
from deterrence.runs.errors import ConfigError

METHODS = ("sobol", "morris", "delta")
NEEDS = {"sobol": "saltelli", "morris": "morris"}  # the design each estimator assumes
DEFAULT_OUTPUTS = ("threshold", "force_requirement", "threshold_premium", "force_premium")
RANK_BY = {"sobol": "ST", "morris": "mu_star", "delta": "delta"}
NUM_RESAMPLES = 100
CONF_LEVEL = 0.95
SAMPLED = ("random", "lhs", "sobol", "saltelli", "morris")


@dataclass(frozen=True)
class Indices:
    """One output's indices in one group (a combination of the axes and ``by`` columns).

    ``rows``: one dict per parameter (``parameter`` plus the method's indices),
    ranked by the method's main index (ST, mu*, delta), largest first;
    ``pairs``: Sobol' second-order indices (``parameters``, ``S2``,
    ``S2_conf``), when sampled; ``excluded``: points without a value, by
    reason (delta only; for the others they are an error).
    """

    method: str
    output: str
    by: dict[str, Any]
    n_points: int
    rows: list[dict[str, Any]]
    pairs: list[dict[str, Any]] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "output": self.output,
            "by": self.by,
            "n_points": self.n_points,
            "indices": self.rows,
        }
        if self.pairs:
            record["S2"] = self.pairs
        if self.excluded:
            record["excluded"] = self.excluded
        return record


@dataclass(frozen=True)
class Analysis:
    """Every output's indices in every group, and how they were computed."""

    method: str
    results: list[Indices]
    seed: int
    num_resamples: int = NUM_RESAMPLES
    conf_level: float = CONF_LEVEL

    def to_record(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "results": [r.to_record() for r in self.results],
            "seed": self.seed,
            "num_resamples": self.num_resamples,
            "conf_level": self.conf_level,
        }


@dataclass(frozen=True)
class Plan:
    """The parameters (keys and their table columns, bounds) and the grouping columns."""

    parameters: list[str]
    columns: list[str]
    bounds: list[tuple[float, float]]
    group_columns: list[str]

    def problem(self) -> dict[str, Any]:
        """SALib's problem definition."""
        return {
            "num_vars": len(self.parameters),
            "names": list(self.parameters),
            "bounds": [list(b) for b in self.bounds],
        }


def plan(table: ResultsTable, method: str, by: list[str] | None = None) -> Plan:
    """Which keys are the parameters and which columns split the table, for ``method``."""
    if method not in METHODS:
        raise ConfigError("--method", method, f"unknown method (allowed: {', '.join(METHODS)})")
    design = table.design
    needed = NEEDS.get(method)
    if needed and design.name != needed:
        raise table.fail(
            "sweep.design",
            f"is {design.name!r}; --method {method} needs a design = {needed!r} sweep "
            "(--method delta works on any design)",
        )
    by = check_by(table, list(by or []))
    axis_cols = [c for key in design.axes for c in table.column_of(key)]
    if design.name in SAMPLED:
        keys = list(design.ranges)
        columns = [table.parameter_column(k) for k in keys]
        bounds = [design.ranges[k] for k in keys]
        rest = axis_cols
    else:  # a grid: its numeric axes that vary are the parameters
        frame = table.frame
        keys = [
            c
            for c in axis_cols
            if pd.api.types.is_numeric_dtype(frame[c]) and frame[c].nunique(dropna=True) > 1
        ]
        columns = keys
        bounds = [(float(frame[c].min()), float(frame[c].max())) for c in keys]
        rest = [c for c in axis_cols if c not in keys]
    if not keys:
        raise table.fail("sweep", "has no sampled range or varying numeric axis to analyse")
    group_columns = list(dict.fromkeys([*rest, *by]))
    clash = [c for c in by if c in columns]
    if clash:
        raise ConfigError("--by", clash[0], "is a parameter of the analysis; name another column")
    return Plan(keys, columns, bounds, group_columns)


def analyze(
    table: ResultsTable,
    method: str,
    outputs: list[str] | None = None,
    by: list[str] | None = None,
    *,
    seed: int = 0,
    num_resamples: int = NUM_RESAMPLES,
    conf_level: float = CONF_LEVEL,
) -> Analysis:
    """Indices of each output (default: :data:`DEFAULT_OUTPUTS` present in the table)."""
    p = plan(table, method, by)
    if outputs:
        names = [table.check_output(o) for o in outputs]
    else:
        names = [o for o in DEFAULT_OUTPUTS if o in table.outputs]
    results = []
    for group, part in groups(table, p.group_columns):
        for name in names:
            results.append(
                ESTIMATORS[method](table, p, group, part, name, seed, num_resamples, conf_level)
            )
    return Analysis(method, results, seed, num_resamples, conf_level)


# ------------------------------------------------------------------ the estimators
def _values(part: pd.DataFrame, output: str) -> np.ndarray:
    return pd.to_numeric(part[output], errors="coerce").to_numpy(dtype=float)


def _require_all(table: ResultsTable, part: pd.DataFrame, output: str, method: str, by) -> None:
    """Sobol' and Morris estimators read the design's structure: every point needs a value."""
    counts = excluded(part, output)
    if counts:
        where = f" at {by}" if by else ""
        raise table.fail(
            output,
            f"{sum(counts.values())} of {len(part)} points{where} have no value: "
            f"{describe_excluded(counts, first_message(part))}; {_LABEL[method]} needs every "
            "point of the design (narrow the ranges so every point solves, or use --method delta)",
        )


def _expected_rows(table: ResultsTable, part: pd.DataFrame, d: int) -> tuple[int, bool]:
    """(rows a whole design has, second order) of a group of a saltelli or morris sweep."""
    design, n = table.design, table.design.n or 0
    if design.name == "morris":
        return n * (d + 1), False
    second = design.second_order
    if second is None:  # an older manifest: the number of points tells
        second = len(part) == n * (2 * d + 2)
    return n * (2 * d + 2 if second else d + 2), second


def _check_whole(table, part, d, method, by) -> bool:
    rows, second = _expected_rows(table, part, d)
    if len(part) != rows or part["point"].duplicated().any():
        where = f" at {by}" if by else ""
        raise table.fail(
            "sweep",
            f"{len(part)} points{where}, but the {table.design.name} design has {rows}; "
            f"{_LABEL[method]} needs the whole design (finish the sweep with --resume)",
        )
    return second


def _sobol(table, p: Plan, by, part, output, seed, resamples, conf) -> Indices:
    from deterrence.runs.analysis.sobol import sobol_indices

    _require_all(table, part, output, "sobol", by)
    second = _check_whole(table, part, len(p.parameters), "sobol", by)
    y = _values(part, output)
    with _quiet():
        si = sobol_indices(y, len(p.parameters), second, resamples, conf, seed)
    rows = [
        {"parameter": k, **{m: _number(si[m][j]) for m in ("S1", "S1_conf", "ST", "ST_conf")}}
        for j, k in enumerate(p.parameters)
    ]
    pairs = []
    if second:
        d = len(p.parameters)
        for i in range(d):
            for j in range(i + 1, d):
                pairs.append(
                    {
                        "parameters": [p.parameters[i], p.parameters[j]],
                        "S2": _number(si["S2"][i, j]),
                        "S2_conf": _number(si["S2_conf"][i, j]),
                    }
                )
    return Indices("sobol", output, by, len(part), _ranked(rows, "ST"), pairs)


def _morris(table, p: Plan, by, part, output, seed, resamples, conf) -> Indices:
    from SALib.analyze import morris

    _require_all(table, part, output, "morris", by)
    _check_whole(table, part, len(p.parameters), "morris", by)
    x = part[p.columns].to_numpy(dtype=float)
    y = _values(part, output)
    levels = table.design.levels
    if levels is None:
        raise table.fail("sweep.levels", "the manifest does not record the Morris levels")
    with _quiet():
        si = morris.analyze(
            p.problem(),
            x,
            y,
            num_resamples=resamples,
            conf_level=conf,
            num_levels=levels,
            seed=seed,
        )
    rows = [
        {
            "parameter": k,
            **{m: _number(si[m][j]) for m in ("mu_star", "mu_star_conf", "sigma", "mu")},
        }
        for j, k in enumerate(p.parameters)
    ]
    return Indices("morris", output, by, len(part), _ranked(rows, "mu_star"))


def _delta(table, p: Plan, by, part, output, seed, resamples, conf) -> Indices:
    from SALib.analyze import delta

    counts = excluded(part, output)
    y = _values(part, output)
    keep = (part["status"].astype(str).to_numpy() == "ok") & np.isfinite(y)
    x = part[p.columns].to_numpy(dtype=float)[keep]
    y = y[keep]
    if y.size < 2 * len(p.parameters) or np.ptp(y) == 0:
        rows = [
            {"parameter": k, "delta": None, "delta_conf": None, "S1": None, "S1_conf": None}
            for k in p.parameters
        ]
        return Indices("delta", output, by, int(y.size), rows, excluded=counts)
    with _quiet(), _global_seed(seed):
        si = delta.analyze(p.problem(), x, y, num_resamples=resamples, conf_level=conf)
    # SALib >= 1.6 names the classical estimator (the data bootstrapped as given) "raw"
    key = "delta" if "delta" in si else "delta_raw"
    rows = [
        {
            "parameter": k,
            "delta": _number(si[key][j]),
            "delta_conf": _number(si[f"{key}_conf"][j]),
            "S1": _number(si["S1"][j]),
            "S1_conf": _number(si["S1_conf"][j]),
        }
        for j, k in enumerate(p.parameters)
    ]
    return Indices("delta", output, by, int(y.size), _ranked(rows, "delta"), excluded=counts)


@contextmanager
def _quiet() -> Iterator[None]:
    """SALib's warnings (a constant output, a short design) and numpy's are the caller's to
    report (undefined indices come back as None); SALib's delta also replaces the warnings
    formatter, put back here.  BLAS runs on one thread: the delta estimator's many small
    solves are ten times slower when BLAS threads compete for the cores."""
    from threadpoolctl import threadpool_limits

    formatter = warnings.formatwarning
    try:
        with warnings.catch_warnings(record=True), np.errstate(all="ignore"), threadpool_limits(1):
            warnings.simplefilter("ignore")
            yield
    finally:
        warnings.formatwarning = formatter


@contextmanager
def _global_seed(seed: int) -> Iterator[None]:
    """SALib's Sobol' and delta bootstraps draw from numpy's global generator (and skip
    seeding when the seed is 0): seed it for the call, then put its state back."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


ESTIMATORS = {"sobol": _sobol, "morris": _morris, "delta": _delta}
_LABEL = {"sobol": "Sobol' analysis", "morris": "Morris analysis", "delta": "delta analysis"}


def _number(value: Any) -> float | None:
    """A finite float, or None (an index undefined, e.g. of a constant output)."""
    return plain(float(value))


def _ranked(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Largest ``key`` first; undefined values last."""
    return sorted(rows, key=lambda r: (r[key] is None, -(r[key] or 0.0)))
