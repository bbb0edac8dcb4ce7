"""The data behind sweep plots, prepared without drawing (and tested on its own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from deterrence.models.intervention.batch import INPUT_COLUMNS
from deterrence.models.parameters import SPECS
from deterrence.models.solution import OUTPUT_NAMES
from deterrence.runs.errors import ConfigError

OUTPUT_LABELS = {
    "attack": "A attacks (1) or holds (0)",
    "force": "optimal force F*",
    "intervention_probability": "intervention probability q at F*",
    "threshold": "aggression threshold V*",
    "force_requirement": "force requirement",
    "threshold_premium": "threshold premium (V* - V* without ambiguity)",
    "force_premium": "force premium",
    "extra_cost": "extra cost c x force premium",
}
BELIEF_LABELS = {
    "belief.q_lo": "lower intervention probability q_lo",
    "belief.q_hi": "upper intervention probability q_hi",
    "belief.resolve_mean_lo": "lower mean resolve μ_lo",
    "belief.resolve_mean_hi": "upper mean resolve μ_hi",
    "belief.resolve_sd": "sd of R's resolve σ_θ",
    "criterion.alpha": "α (alpha-maxmin)",
    "criterion.ambiguity_aversion": "ambiguity aversion λ (smooth)",
    "criterion.penalty": "penalty θ (multiplier)",
}


DERIVED_LABELS = {
    "belief.q_mid": "midpoint of the q interval",
    "belief.q_width": "width of the q interval",
    "belief.resolve_mean_mid": "midpoint of the μ interval",
    "belief.resolve_mean_width": "width of the μ interval",
}


def _derived_from(df) -> set[str]:
    """Interval ends that follow from a swept midpoint or width."""
    out: set[str] = set()
    stems = {c.rsplit("_", 1)[0] for c in df if c.endswith(("_mid", "_width"))}
    for stem in stems:
        out |= {f"{stem}_lo", f"{stem}_hi"}
    return out


def _model_columns(path: str | Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(output names, input columns) of the model a sweep folder holds (its manifest)."""
    import json

    from deterrence.runs.sweeps.points import adapter

    try:
        manifest = json.loads((Path(path) / "manifest.json").read_text())
        family = manifest["sweep"].get("model", "intervention")
        batch = adapter(family)
    except (OSError, ValueError, KeyError, AttributeError):
        return OUTPUT_NAMES, INPUT_COLUMNS
    return tuple(batch.output_names), tuple(batch.input_columns)


def label(column: str) -> str:
    """An axis label: the column's name with its meaning and symbol."""
    if column.startswith("parameters."):
        spec = SPECS[column.split(".", 1)[1]]
        return f"{spec.name} {spec.symbol}"
    if column in DERIVED_LABELS:
        return DERIVED_LABELS[column]
    return OUTPUT_LABELS.get(column) or BELIEF_LABELS.get(column) or column


@dataclass(frozen=True)
class PlotData:
    """Pivoted data for one figure.

    One axis: ``series`` maps a ``by`` value (or "") to (x, z) sorted by x.
    Two axes: ``grids`` maps a ``by`` value to (x values, y values, Z) with
    Z[i, j] at (y[i], x[j]) (NaN where the table has no value) when the
    points form a grid, and ``scattered`` maps it to the points (x, y, z)
    of a sampled design.
    """

    x: str
    z: str
    y: str | None = None
    by: str | None = None
    series: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    grids: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)
    scattered: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)


def _check_column(df, column: str, what: str, allowed: list[str]) -> None:
    if column not in df.columns:
        import difflib

        close = difflib.get_close_matches(column, allowed, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(f"--{what}", column, f"no such column{hint}")


def plot_data(
    path: str | Path, x: str, z: str, *, y: str | None = None, by: str | None = None
) -> PlotData:
    """Pivot a sweep's results table for a line chart (no y) or a contour (with y)."""
    from deterrence.runs.sweeps.store import load_table

    df = load_table(path).to_pandas()
    columns = list(df.columns)
    for what, column in (("x", x), ("y", y), ("z", z), ("by", by)):
        if column is not None:
            _check_column(df, column, what, columns)
    outputs, inputs = _model_columns(path)
    if z not in outputs:
        raise ConfigError("--z", z, f"must be an output: {', '.join(outputs)}")
    ok = df[df["status"] == "ok"]
    if ok.empty:
        raise ConfigError(
            str(path),
            "status",
            "no point of this sweep was solved (see the "
            "status and message columns); nothing to plot",
        )
    keys = [c for c in (by, y, x) if c is not None]
    duplicated = ok.duplicated(subset=keys)
    if duplicated.any():
        varying = [
            c
            for c in columns
            if c not in (*keys, z, "point", "status", "message")
            and not c.startswith(outputs)
            and ok[c].nunique(dropna=False) > 1
        ]
        raise ConfigError(
            "--x",
            x,
            "several rows share each plotted point; other columns vary: "
            f"{', '.join(varying) or 'unknown'}; pass one with --by or --y",
        )
    groups = ok.groupby(by, sort=True) if by else [("", ok)]
    if y is None:
        series = {}
        for value, group in groups:
            g = group.sort_values(x)
            series[str(value)] = (g[x].to_numpy(float), g[z].to_numpy(float))
        return PlotData(x, z, None, by, series=series)
    grids, scattered = {}, {}
    for value, group in groups:
        table = group.pivot(index=y, columns=x, values=z).sort_index().sort_index(axis=1)
        if group[x].nunique() < 2 or group[y].nunique() < 2 or len(group) < 3:
            raise ConfigError(
                "--y", y, f"a contour needs at least 2 values of {x} and of {y} and 3 solved points"
            )
        if min(table.shape) >= 2 and table.size <= 2 * len(group):  # a grid, NaN where unsolved
            grids[str(value)] = (
                table.columns.to_numpy(float),
                table.index.to_numpy(float),
                table.to_numpy(float),
            )
        else:  # a sampled design: contour the scattered points by triangulation
            others = [
                c
                for c in (*DERIVED_LABELS, *inputs)
                if c in group
                and c not in keys
                and c not in _derived_from(group)
                and group[c].nunique() > 1
            ]
            if others:
                raise ConfigError(
                    "--y",
                    y,
                    "other inputs vary too, so a contour would mix "
                    f"them: {', '.join(others)}; sweep only --x and --y",
                )
            keep = group[z].notna()
            scattered[str(value)] = tuple(group.loc[keep, c].to_numpy(float) for c in (x, y, z))
    return PlotData(x, z, y, by, grids=grids, scattered=scattered)
