"""The data behind every figure, prepared without drawing (and tested on its own).

* :func:`plot_data` / :func:`pivot`: a sweep's table pivoted for
  ``deterrence plot`` (lines, filled contours, region maps, heat maps);
* :func:`threshold_data`: the threshold figure of ``deterrence run``;
* :func:`trajectory_data`: the belief-dynamics figure;
* :func:`signalling_data`: the signalling figure.

Each returns plain arrays and the texts a figure shows (title, subtitle,
labels, notes), so the modules of :mod:`deterrence.plotting` only draw.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from deterrence.models.intervention.batch import INPUT_COLUMNS
from deterrence.models.solution import OUTPUT_NAMES
from deterrence.runs.errors import ConfigError
from deterrence.runs.quantities import fixed_values, format_value, quantity, scenario_title
from deterrence.runs.quantities import label as label  # re-exported for the plotting modules

MAX_LEGEND = 8  # more numeric --by values than this: a colour scale instead of a legend
MAX_PANELS = 12  # a map draws one panel per --by value, at most this many
RELATIVE_TOLERANCE = 1e-9  # lines or fields this close count as equal
DERIVED = ("belief.q_mid", "belief.q_width", "belief.resolve_mean_mid", "belief.resolve_mean_width")


def _derived_from(df) -> set[str]:
    """Interval ends that follow from a swept midpoint or width."""
    out: set[str] = set()
    for stem in {c.rsplit("_", 1)[0] for c in df if c.endswith(("_mid", "_width"))}:
        out |= {f"{stem}_lo", f"{stem}_hi"}
    return out


def model_columns(manifest: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(output names, input columns) of the model a sweep's manifest names (the canonical
    model's when it names none)."""
    from deterrence.runs.sweeps.points import adapter

    family = (manifest.get("sweep") or {}).get("model", "intervention")
    try:
        batch = adapter(family)
    except (KeyError, ValueError):
        return OUTPUT_NAMES, INPUT_COLUMNS
    return tuple(batch.output_names), tuple(batch.input_columns)


@dataclass(frozen=True)
class PlotData:
    """Pivoted data for one figure of a sweep.

    One axis: ``series`` maps a ``by`` value (or "") to (x, z) sorted by x.
    Two axes: ``grids`` maps a ``by`` value to (x values, y values, Z) with
    Z[i, j] at (y[i], x[j]) (NaN where the table has no value) when the
    points form a grid, and ``scattered`` maps it to the points (x, y, z)
    of a sampled design.

    A categorical axis (``x_categories`` or ``y_categories`` non-empty) holds
    the category's index (0, 1, ...) in place of its value.  ``boolean``:
    z is a yes/no output (drawn as regions, not contours); ``constant``: z
    takes one value at every plotted point (drawn as one level with a note).
    ``groups`` lists the series whose lines coincide, each group once, in
    legend order; ``by_scale`` holds the numeric ``by`` values when there
    are more than :data:`MAX_LEGEND` (drawn with a colour bar).  ``levels``
    are the contour levels shared by every panel (one colour scale).
    """

    x: str
    z: str
    y: str | None = None
    by: str | None = None
    series: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    grids: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)
    scattered: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)
    x_categories: tuple[str, ...] = ()
    y_categories: tuple[str, ...] = ()
    boolean: bool = False
    constant: float | None = None
    groups: tuple[tuple[str, ...], ...] = ()
    by_scale: tuple[float, ...] = ()
    levels: tuple[float, ...] = ()
    panel_constants: dict[str, float] = field(default_factory=dict)
    title: str = ""
    subtitle: str = ""
    partial: str = ""  # what is missing, when an incomplete or damaged folder is plotted
    # (the subtitle then starts with it, in capitals)

    @property
    def x_label(self) -> str:
        return label(self.x)

    @property
    def y_label(self) -> str:
        return label(self.y) if self.y else ""

    @property
    def z_label(self) -> str:
        return label(self.z)

    @property
    def by_label(self) -> str:
        return quantity(self.by).name if self.by else ""

    def group_label(self, group: tuple[str, ...]) -> str:
        """A legend entry: the ``by`` values whose lines coincide, joined by " = "."""
        return " = ".join(group)

    @property
    def note(self) -> str:
        """What a reader must be told that the drawing cannot show: a constant field."""
        return "" if self.constant is None else self.constant_note(self.constant)

    def constant_note(self, value: float) -> str:
        if self.boolean:
            return f"A {'attacks' if value else 'holds'} at every point"
        return f"{quantity(self.z).name} = {format_value(value, self.z)} at every point"

    def panel_note(self, name: str) -> str:
        """The note of one panel whose field is constant when others' are not."""
        if self.constant is not None or name not in self.panel_constants:
            return self.note
        return self.constant_note(self.panel_constants[name])


# ------------------------------------------------------------------------ reading
def swept_columns(manifest: dict[str, Any]) -> tuple[str, ...]:
    """The columns a sweep varies: its grid axes and sampled ranges."""
    sweep = manifest.get("sweep") or {}
    return tuple([*(sweep.get("axes") or {}), *(sweep.get("ranges") or {})])


def plot_data(
    path: str | Path,
    x: str,
    z: str,
    *,
    y: str | None = None,
    by: str | None = None,
    partial: bool = False,
) -> PlotData:
    """Pivot a sweep's results table for a line chart (no y) or a map over (x, y).

    A damaged or incomplete folder is refused unless ``partial``; then its
    intact chunks are plotted and ``PlotData.partial`` says what is missing.
    """
    from dataclasses import replace

    from deterrence.runs.sweeps.verify import load_results

    loaded = load_results(path, partial=partial)
    data = pivot(
        loaded.table.to_pandas(), x, z, y=y, by=by, manifest=loaded.state.manifest, source=str(path)
    )
    note = loaded.note()
    if not note:
        return data
    subtitle = f"{note.upper()}; {data.subtitle}" if data.subtitle else note.upper()
    return replace(data, partial=note, subtitle=subtitle)  # said on the figure


def _check_column(df, column: str, what: str) -> None:
    if column not in df.columns:
        close = difflib.get_close_matches(column, list(df.columns), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(f"--{what}", column, f"no such column{hint}")


def _check_roles(x: str, y: str | None, by: str | None) -> None:
    """x, y and by must be three different columns."""
    if y is not None and y == x:
        raise ConfigError("--y", y, "is the same column as --x; choose another, or drop --y")
    if by is not None and by in (x, y):
        flag = "--x" if by == x else "--y"
        raise ConfigError("--by", by, f"is the same column as {flag}; choose another")


def is_categorical(values) -> bool:
    """True for text or yes/no columns: drawn as categories, not on a number line."""
    import pandas as pd

    return not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)


def _categories(values) -> tuple[str, ...]:
    """A categorical column's values in the order they first appear (the config's order)."""
    import pandas as pd

    return tuple(str(v) for v in pd.unique(values.dropna()))


def _encode(df, column: str) -> tuple[Any, tuple[str, ...]]:
    """A column as numbers: itself, or its categories' indices."""
    if not is_categorical(df[column]):
        return df[column].astype(float), ()
    categories = _categories(df[column])
    index = {c: i for i, c in enumerate(categories)}
    return df[column].map(lambda v: index.get(str(v), np.nan)).astype(float), categories


def _refuse_duplicates(ok, keys: list[str], x: str, z: str, outputs=OUTPUT_NAMES) -> None:
    if not ok.duplicated(subset=keys).any():
        return
    varying = [
        c
        for c in ok.columns
        if c not in (*keys, z, "point", "status", "message")
        and c not in outputs
        and ok[c].nunique(dropna=False) > 1
    ]
    raise ConfigError(
        "--x",
        x,
        "several rows share each plotted point; other columns vary: "
        f"{', '.join(varying) or 'unknown'}; pass one with --by or --y",
    )


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(
        np.all((np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=RELATIVE_TOLERANCE, atol=0))
    )


def coincident_groups(
    series: dict[str, tuple[np.ndarray, np.ndarray]],
) -> tuple[tuple[str, ...], ...]:
    """Series whose lines coincide (same x, z equal to 1e-9 relative), each group once.

    Groups keep the series' order; a series equal to no other is a group of one.
    """
    groups: list[list[str]] = []
    for name, (x, z) in series.items():
        for group in groups:
            gx, gz = series[group[0]]
            if _same(np.asarray(x, float), np.asarray(gx, float)) and _same(
                np.asarray(z, float), np.asarray(gz, float)
            ):
                group.append(name)
                break
        else:
            groups.append([name])
    return tuple(tuple(g) for g in groups)


def _constant(values: np.ndarray) -> float | None:
    """The single value of a field, or None if it varies (NaN ignored)."""
    finite = values[~np.isnan(values)]
    if finite.size == 0:
        return None
    lo, hi = float(finite.min()), float(finite.max())
    return lo if hi - lo <= RELATIVE_TOLERANCE * max(abs(lo), abs(hi), 1e-300) else None


def _levels(values: list[np.ndarray], count: int = 12) -> tuple[float, ...]:
    """Contour levels shared by every panel: one colour scale for one quantity."""
    finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.array([])
    if finite.size == 0 or _constant(finite) is not None:
        return ()
    from matplotlib.ticker import MaxNLocator

    return tuple(float(v) for v in MaxNLocator(count + 1).tick_values(finite.min(), finite.max()))


def _titles(df, manifest: dict[str, Any], source: str, varied: tuple[str, ...]) -> tuple[str, str]:
    record = {"config_file": manifest.get("config_file") or source, **manifest}
    resolved = manifest.get("config") or {}
    criteria = _categories(df["criterion.name"]) if "criterion.name" in df else None
    swept = set(varied) | set(swept_columns(manifest))
    return scenario_title(record), fixed_values(resolved, swept, criteria)


def pivot(
    df,
    x: str,
    z: str,
    *,
    y: str | None = None,
    by: str | None = None,
    manifest: dict[str, Any] | None = None,
    source: str = "",
) -> PlotData:
    """Pivot a results table (one row per point) for one figure."""
    manifest = manifest or {}
    _check_roles(x, y, by)
    for what, column in (("x", x), ("y", y), ("z", z), ("by", by)):
        if column is not None:
            _check_column(df, column, what)
    outputs, _ = model_columns(manifest)
    if z not in outputs:
        raise ConfigError("--z", z, f"must be an output: {', '.join(outputs)}")
    ok = df[df["status"] == "ok"]
    if ok.empty:
        raise ConfigError(
            source or "results",
            "status",
            "no point of this sweep was solved (see the "
            "status and message columns); nothing to plot",
        )
    keys = [c for c in (by, y, x) if c is not None]
    _refuse_duplicates(ok, keys, x, z, outputs)
    ok = ok.copy()
    boolean = bool(is_categorical(ok[z]))
    ok[z] = ok[z].astype(float)
    ok[x], x_categories = _encode(ok, x)
    y_categories: tuple[str, ...] = ()
    if y is not None:
        ok[y], y_categories = _encode(ok, y)
    title, subtitle = _titles(ok, manifest, source, tuple(keys))
    common = {
        "x_categories": x_categories,
        "y_categories": y_categories,
        "boolean": boolean,
        "constant": _constant(ok[z].to_numpy(float)),
        "title": title,
        "subtitle": subtitle,
    }
    if by is None:
        groups = [("", ok)]
    else:
        order = _categories(ok[by]) if is_categorical(ok[by]) else None
        groups = [(str(v), g) for v, g in ok.groupby(by, sort=order is None)]
        if order is not None:
            groups.sort(key=lambda item: order.index(item[0]))
    if y is None:
        return _lines(x, z, by, ok, groups, common)
    return _maps(x, y, z, by, groups, common)


def _lines(x: str, z: str, by: str | None, ok, groups, common: dict) -> PlotData:
    series = {}
    for value, group in groups:
        g = group.sort_values(x)
        series[value] = (g[x].to_numpy(float), g[z].to_numpy(float))
    scale: tuple[float, ...] = ()
    if by is not None and len(series) > MAX_LEGEND and not is_categorical(ok[by]):
        scale = tuple(float(v) for v in series)
    return PlotData(
        x, z, None, by, series=series, groups=coincident_groups(series), by_scale=scale, **common
    )


def _maps(x: str, y: str, z: str, by: str | None, groups, common: dict) -> PlotData:
    if len(groups) > MAX_PANELS:
        raise ConfigError(
            "--by",
            str(by),
            f"has {len(groups)} values, one panel each; a map takes at most {MAX_PANELS}: "
            "choose another column, or drop --y for lines with a colour scale",
        )
    grids, scattered = {}, {}
    for value, group in groups:
        table = group.pivot(index=y, columns=x, values=z).sort_index().sort_index(axis=1)
        categorical = bool(common["x_categories"] or common["y_categories"])
        if not categorical and (group[x].nunique() < 2 or group[y].nunique() < 2 or len(group) < 3):
            raise ConfigError(
                "--y", y, f"a contour needs at least 2 values of {x} and of {y} and 3 solved points"
            )
        if categorical or (min(table.shape) >= 2 and table.size <= 2 * len(group)):
            grids[value] = (
                table.columns.to_numpy(float),
                table.index.to_numpy(float),
                table.to_numpy(float),
            )
            continue
        _refuse_other_inputs(group, [c for c in (by, y, x) if c], y)
        keep = group[z].notna()
        scattered[value] = tuple(group.loc[keep, c].to_numpy(float) for c in (x, y, z))
    panels = {**{k: v[2] for k, v in grids.items()}, **{k: v[2] for k, v in scattered.items()}}
    levels = () if common["boolean"] else _levels(list(panels.values()))
    constants = {k: c for k, v in panels.items() if (c := _constant(v)) is not None}
    return PlotData(
        x,
        z,
        y,
        by,
        grids=grids,
        scattered=scattered,
        levels=levels,
        panel_constants=constants if len(panels) > 1 else {},
        **common,
    )


def _refuse_other_inputs(group, keys: list[str], y: str) -> None:
    """A sampled design's contour must not mix points that differ in another input."""
    others = [
        c
        for c in (*DERIVED, *INPUT_COLUMNS)
        if c in group and c not in keys and c not in _derived_from(group) and group[c].nunique() > 1
    ]
    if others:
        raise ConfigError(
            "--y",
            y,
            "other inputs vary too, so a contour would mix "
            f"them: {', '.join(others)}; sweep only --x and --y",
        )


# ------------------------------------------------------------------ the threshold figure
COINCIDE = 0.015  # markers closer than this share of each axis' span are drawn nested
OFF_SCALE = 1.5  # stakes further above the curve than this many curve spans get an arrow


@dataclass(frozen=True)
class Marker:
    """A point of the threshold figure; ``ring``: drawn hollow and larger, around a
    marker at the same place, so that both stay visible."""

    label: str
    q: float
    value: float
    shape: str
    colour: int  # index into the Okabe-Ito palette
    ring: bool = False


@dataclass(frozen=True)
class ThresholdFigure:
    """Everything the threshold figure shows: V*(q), the ambiguity set, the
    no-ambiguity and criterion's V*, and the config's stakes with A's decision."""

    q: np.ndarray
    threshold: np.ndarray
    interval: tuple[float, float]
    markers: tuple[Marker, ...]
    stakes: float
    attack: bool
    criterion_threshold: float | None
    ylim: tuple[float, float]
    stakes_on_scale: bool
    title: str
    subtitle: str
    note: str = ""

    @property
    def decision(self) -> str:
        """A's decision in words, e.g. "A attacks: V = 4 > V* = 1.938"."""
        v = format_value(self.stakes)
        if self.criterion_threshold is None:
            return f"A {'attacks' if self.attack else 'holds'} (V = {v}; no V* exists)"
        star = f"{self.criterion_threshold:.4g}"
        if self.attack:
            return f"A attacks: stakes V = {v} > V* = {star}"
        return f"A holds: stakes V = {v} ≤ V* = {star}"


def _nest(markers: list[Marker], span_q: float, span_v: float) -> tuple[Marker, ...]:
    """Turn a marker into a ring when a later one sits on it."""
    out = list(markers)
    for i, a in enumerate(out):
        for b in out[i + 1 :]:
            if abs(a.q - b.q) <= COINCIDE * span_q and abs(a.value - b.value) <= COINCIDE * span_v:
                out[i] = Marker(f"{a.label} (same point)", a.q, a.value, a.shape, a.colour, True)
    return tuple(out)


def config_record(config) -> dict[str, Any]:
    """What titles are made of: the config's title, file and resolved values."""
    return {
        "title": getattr(config, "title", None),
        "config_file": config.source,
        "config": config.resolved,
    }


def threshold_data(config, solution) -> ThresholdFigure:
    """The threshold figure of a solved canonical config."""
    from deterrence.runs.execute import threshold_curve

    curve = threshold_curve(config, solution)
    stakes = float(config.resolved["parameters"]["stakes"])
    markers = []
    q_base, v_base = curve.baseline
    if q_base is not None and v_base is not None:
        markers.append(
            Marker(f"no ambiguity (mean belief): V* = {v_base:.3f}", q_base, v_base, "o", 2)
        )
    q_mark, v_mark = curve.marked
    if q_mark is not None and v_mark is not None:
        markers.append(Marker(f"{curve.criterion}: V* = {v_mark:.3f}", q_mark, v_mark, "D", 3))
    finite = curve.threshold[np.isfinite(curve.threshold)]
    values = [*finite, *(m.value for m in markers)]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    span = max(hi - lo, 1e-9)
    on_scale = stakes <= hi + OFF_SCALE * span
    if on_scale:
        lo, hi = min(lo, stakes), max(hi, stakes)
        span = max(hi - lo, 1e-9)
    ylim = (lo - 0.08 * span, hi + 0.22 * span)  # room above for the legend
    note = "R best-responds to F: markers sit at q(F*), off the known-q curve"
    record = config_record(config)
    return ThresholdFigure(
        q=curve.q,
        threshold=curve.threshold,
        interval=curve.interval,
        markers=_nest(markers, 1.0, ylim[1] - ylim[0]),
        stakes=stakes,
        attack=bool(solution.attack),
        criterion_threshold=v_mark,
        ylim=ylim,
        stakes_on_scale=on_scale,
        title=scenario_title(record),
        subtitle=fixed_values(config.resolved),
        note=note if curve.endogenous else "",
    )


# --------------------------------------------------------------- the trajectory figure
TRAJECTORY_COLUMNS = (
    "belief_lo",
    "belief_hi",
    "interoperability",
    "threshold",
    "threshold_premium",
    "force_requirement",
)


@dataclass(frozen=True)
class Event:
    """A dated event of the record, numbered in time order; ``level`` stacks the
    events of one year."""

    number: int
    year: int
    name: str
    level: int


@dataclass(frozen=True)
class TrajectoryFigure:
    """A dynamics run year by year: ``edges`` bound each year's step (year ± ½), so
    the figure ends with the last year of the record."""

    years: np.ndarray
    edges: np.ndarray
    columns: dict[str, np.ndarray]
    events: tuple[Event, ...]
    stakes: float | None
    criterion: str
    title: str
    subtitle: str

    @property
    def baseline_threshold(self) -> np.ndarray:
        """V* without ambiguity (the mean belief): V* minus the threshold premium."""
        return self.columns["threshold"] - self.columns["threshold_premium"]


def trajectory_data(outputs: dict, record: dict[str, Any] | None = None) -> TrajectoryFigure:
    """Columns, events and titles of the belief-dynamics figure (tested without drawing).

    ``record`` holds the config's title, file and resolved values (for the titles).
    """
    record = record or {}
    rows = outputs["trajectory"]

    def column(key: str) -> np.ndarray:
        return np.array([np.nan if r.get(key) is None else r[key] for r in rows], dtype=float)

    years = np.array([int(r["year"]) for r in rows])
    events = []
    for r in rows:
        for level, name in enumerate(r.get("events") or []):
            events.append(Event(len(events) + 1, int(r["year"]), str(name), level))
    resolved = record.get("config") or {}
    stakes = (resolved.get("parameters") or {}).get("stakes")
    swept = {"parameters.interoperability"}  # it grows with the events
    subtitle = fixed_values(resolved, swept) if resolved else ""
    scenario = resolved.get("scenario") or {}
    if "prior_committed" in scenario and years.size:
        lo, hi = scenario["prior_committed"]
        start = f"P(R committed) ∈ [{format_value(lo)}, {format_value(hi)}] before {years[0]}"
        subtitle = " · ".join(p for p in (start, subtitle) if p)
    return TrajectoryFigure(
        years=years,
        edges=np.append(years - 0.5, years[-1] + 0.5) if years.size else np.array([]),
        columns={k: column(k) for k in TRAJECTORY_COLUMNS},
        events=tuple(events),
        stakes=None if stakes is None else float(stakes),
        criterion=str(outputs.get("criterion", "")),
        title=scenario_title(record) if record else "belief dynamics",
        subtitle=subtitle,
    )


# -------------------------------------------------------------------- the cases figure
@dataclass(frozen=True)
class CasesFigure:
    """The case comparison: one row per case, as solved by ``deterrence cases``."""

    rows: tuple[dict[str, Any], ...]
    title: str
    subtitle: str


def cases_data(rows: list[dict], folder: str, text_weight: float) -> CasesFigure:
    """Rows and titles of the case-comparison figure."""
    criteria = sorted({str(r["criterion"]) for r in rows})
    subtitle = " · ".join(
        [
            f"criterion {', '.join(criteria)}",
            f"text weight w = {format_value(float(text_weight))}",
            "belief and interoperability coded from each case's text and practice",
            "other parameters as in each case file",
        ]
    )
    return CasesFigure(tuple(rows), f"Case library ({Path(folder).name or folder})", subtitle)
