"""A sweep's results table as the analysers need it: its design, its inputs, its outputs.

The analysis commands read a results folder through ``deterrence.results``
(which refuses a damaged or incomplete folder unless ``partial``), and learn
from the manifest which inputs were sampled (``[sweep.ranges]``: the
parameters of a sensitivity study), which were crossed (``[sweep.axes]``:
one analysis per combination) and which columns are outputs (the model
family's batch adapter).  Nothing here draws or prints.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from deterrence.runs.errors import ConfigError
from deterrence.runs.sweeps.points import STATUS_COLUMNS, adapter

OK = "ok"
DEFAULT_LEVELS = 4


@dataclass(frozen=True)
class Design:
    """What a results table's analysis needs to know of the sweep that made it.

    ``ranges`` are the sampled keys with their bounds, ``axes`` the crossed
    keys; ``second_order`` (saltelli) is None when the manifest does not say
    (it is then read from the number of points); ``levels`` is Morris's grid.
    """

    name: str
    ranges: dict[str, tuple[float, float]]
    axes: tuple[str, ...]
    n: int | None = None
    seed: int | None = None
    second_order: bool | None = None
    levels: int | None = None

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any]) -> Design:
        sweep = manifest.get("sweep", {})
        return cls(
            name=sweep.get("design", "grid"),
            ranges={k: (float(lo), float(hi)) for k, (lo, hi) in sweep.get("ranges", {}).items()},
            axes=tuple(sweep.get("axes", {})),
            n=sweep.get("n"),
            seed=sweep.get("seed"),
            second_order=sweep.get("second_order"),
            levels=sweep.get("levels"),
        )

    @classmethod
    def from_spec(cls, spec) -> Design:
        """The design of a :class:`~deterrence.runs.sweeps.design.SweepSpec`."""
        settings = spec.settings()
        return cls(
            spec.design,
            dict(spec.ranges),
            tuple(spec.axes),
            spec.n,
            spec.seed,
            settings.get("second_order"),
            settings.get("levels"),
        )


@dataclass(frozen=True)
class ResultsTable:
    """A sweep's rows (ordered by point) with its design.

    ``outputs`` are the numeric output columns, ``flags`` the yes/no ones
    (``attack``), both in table order.
    """

    frame: pd.DataFrame
    design: Design
    outputs: tuple[str, ...]
    flags: tuple[str, ...] = ()
    source: str = "results"

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.source, key, message)

    def column_of(self, key: str) -> list[str]:
        """The table columns holding a swept key (a set of priors: its ``_lo``/``_hi``)."""
        if key in self.frame.columns:
            return [key]
        cols = [c for c in (f"{key}_lo", f"{key}_hi") if c in self.frame.columns]
        if not cols:
            raise self.fail(key, "is swept but has no column in the table")
        return cols

    def parameter_column(self, key: str) -> str:
        """The one column of a sampled key (a sampled set of priors is a point: lo = hi)."""
        return self.column_of(key)[0]

    def check_output(self, name: str, *, flags: bool = False) -> str:
        allowed = [*self.outputs, *(self.flags if flags else ())]
        if name not in allowed:
            raise ConfigError(
                "--output", name, f"not an output of this table (allowed: {', '.join(allowed)})"
            )
        return name


def outputs_of(family: str, columns: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(numeric outputs, yes/no outputs) of a family that are columns of the table."""
    batch = adapter(family)
    flags = tuple(getattr(batch, "bool_outputs", ()))
    present = [name for name in batch.output_names if name in columns]
    return tuple(n for n in present if n not in flags), tuple(n for n in present if n in flags)


def from_frame(frame: pd.DataFrame, design: Design, family: str = "intervention", source="table"):
    """A :class:`ResultsTable` of an in-memory table (tests, notebooks)."""
    numeric, flags = outputs_of(family, list(frame.columns))
    extra = [
        c
        for c in frame.columns
        if c not in numeric
        and c not in flags
        and c not in STATUS_COLUMNS
        and c != "point"
        and c not in adapter(family).input_columns
        and c not in design.ranges
        and c not in design.axes
        and pd.api.types.is_numeric_dtype(frame[c])
    ]
    return ResultsTable(frame, design, (*numeric, *extra), flags, source)


def read_results(path: str | Path, *, partial: bool = False) -> ResultsTable:
    """A results folder's table and design; ConfigError (one line) for anything unreadable.

    An incomplete or damaged folder is refused unless ``partial`` (then the
    intact chunks are read).
    """
    frame, manifest = _load(Path(path), partial)
    design = Design.from_manifest(manifest)
    family = manifest.get("config", {}).get("model", {}).get("name", "intervention")
    numeric, flags = outputs_of(family, list(frame.columns))
    return ResultsTable(frame, design, numeric, flags, str(path))


def _load(path: Path, partial: bool) -> tuple[pd.DataFrame, dict[str, Any]]:
    from deterrence import results

    if "partial" in inspect.signature(results.load).parameters:  # the verified store
        return results.load(path, partial=partial), results.manifest(path)
    # before the verified store: the manifest says whether every chunk is done
    if not path.is_dir():
        raise ConfigError(str(path), "", "no such results folder")
    try:
        manifest = json.loads((path / "manifest.json").read_text())
    except (OSError, ValueError):
        raise ConfigError(
            str(path), "", "has no readable manifest.json; it is not a sweep folder"
        ) from None
    points = manifest.get("sweep", {}).get("points", 0)
    total = -(-points // max(int(manifest.get("chunk_size", 1)), 1))
    done = len(list((path / "chunks").glob("part-*.parquet")))
    if (not manifest.get("complete") or done < total) and not partial:
        raise ConfigError(
            str(path),
            "",
            f"the sweep is incomplete ({done} of {total} chunks); finish it with "
            "deterrence sweep --resume, or read the chunks done with --partial",
        )
    return results.load(path), manifest


# ------------------------------------------------------------------ points and groups
def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    names, counts = np.unique(frame["status"].astype(str).to_numpy(), return_counts=True)
    return {str(k): int(v) for k, v in zip(names, counts, strict=True)}


def excluded(frame: pd.DataFrame, output: str) -> dict[str, int]:
    """Points without a value of ``output``: by status, and ``missing`` (status ok, no value)."""
    ok = (frame["status"] == OK).to_numpy(dtype=bool, na_value=False)
    counts = {} if ok.all() else {k: v for k, v in status_counts(frame).items() if k != OK}
    values = pd.to_numeric(frame[output], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    missing = int(np.count_nonzero(ok & ~np.isfinite(values)))
    if missing:
        counts["missing"] = missing
    return counts


def first_message(frame: pd.DataFrame) -> str | None:
    """The first non-ok point's message (why it has no outputs)."""
    bad = frame["status"].astype(str).to_numpy() != OK
    if not bad.any():
        return None
    message = frame["message"].to_numpy()[np.flatnonzero(bad)[0]]
    return None if message is None or message is pd.NA else str(message)


def describe_excluded(counts: dict[str, int], example: str | None) -> str:
    """``3 invalid, 2 missing (e.g. ...)`` for an error message."""
    parts = [
        f"{n} {'with no value (status ok)' if k == 'missing' else k}" for k, n in counts.items()
    ]
    text = ", ".join(parts)
    return f"{text} (e.g. {example})" if example else text


def groups(
    table: ResultsTable, group_columns: list[str]
) -> list[tuple[dict[str, Any], pd.DataFrame]]:
    """The table split by the values of ``group_columns`` (each group ordered by point)."""
    if not group_columns:
        return [({}, table.frame)]
    out = []
    for values, part in table.frame.groupby(group_columns, sort=True, dropna=False):
        values = values if isinstance(values, tuple) else (values,)
        by = {c: plain(v) for c, v in zip(group_columns, values, strict=True)}
        out.append((by, part.sort_values("point")))
    return out


def check_by(table: ResultsTable, by: list[str]) -> list[str]:
    for column in by:
        if column not in table.frame.columns:
            raise ConfigError(
                "--by", column, "not a column of the table (see deterrence.results.load)"
            )
        if column in table.outputs or column in STATUS_COLUMNS or column == "point":
            raise ConfigError("--by", column, "must be an input column, not an output")
    return by


def plain(value: Any) -> Any:
    """A table value as plain JSON (NaN as None)."""
    if isinstance(value, (np.floating, float)):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return None if value is pd.NA else value
