"""What a report of a results folder shows, gathered without drawing or rendering.

:func:`report_data` reads a folder written by ``deterrence run``, ``sweep`` or
``cases`` and returns a :class:`ReportData`: the title and subtitle, the
provenance (version, seed, timestamp, command), the outputs as tables, the
resolved config as TOML text, and the figures to show, either a PNG file of
the folder or, for sweeps, the :class:`~deterrence.runs.plot_data.PlotData`
of a default plot (drawn by :mod:`deterrence.reports`).
"""

from __future__ import annotations

import json
import math
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from deterrence.models.solution import OUTPUT_NAMES
from deterrence.runs.errors import ConfigError
from deterrence.runs.plot_data import PlotData, is_categorical, pivot, swept_columns
from deterrence.runs.quantities import fixed_values, format_value, quantity, scenario_title

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
FULL_TABLE_ROWS = 100  # a sweep of at most this many points is also shown whole
DEFAULT_PLOT_OUTPUTS = (
    "attack",
    "threshold",
    "force_requirement",
    "threshold_premium",
    "force_premium",
)
# a run or cases folder also holds a manifest.json (of its files): their own files come first
FOLDER_FILES = {"results.json": "run", "cases.json": "cases", "manifest.json": "sweep"}


@dataclass(frozen=True)
class Table:
    """A table of text cells with a caption; ``numeric`` marks right-aligned columns."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: a PNG file of the folder, or a sweep plot to draw."""

    caption: str
    file: Path | None = None
    plot: PlotData | None = None


@dataclass(frozen=True)
class ReportData:
    kind: str  # run | sweep | cases (a game model's run: run)
    folder: str
    title: str
    subtitle: str
    provenance: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
    figures: tuple[FigureSpec, ...]
    config_text: str
    notes: tuple[str, ...] = field(default=())


# ----------------------------------------------------------------------- reading
def folder_kind(folder: Path) -> str:
    """run, sweep or cases, by the file that each command writes first."""
    if not folder.is_dir():
        raise ConfigError(str(folder), "", "no such results folder")
    for name, kind in FOLDER_FILES.items():
        if (folder / name).is_file():
            return kind
    raise ConfigError(
        str(folder),
        "",
        "is not a results folder of deterrence run, sweep or cases "
        "(it has no results.json, manifest.json or cases.json)",
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(str(path), "", f"cannot be read as JSON: {exc}") from None
    if not isinstance(record, dict):
        raise ConfigError(str(path), "", "is not a JSON object")
    return record


def report_data(
    folder: str | Path, *, partial: bool = False, name: str | None = None
) -> ReportData:
    """The report of a results folder; ``name`` is the folder's name to show
    (when it is being written under a temporary name)."""
    folder = Path(folder)
    kind = folder_kind(folder)
    shown = name or folder.name
    if kind == "run":
        return _run(folder, shown)
    if kind == "cases":
        return _cases(folder, shown)
    return _sweep(folder, shown, partial)


# --------------------------------------------------------------------- provenance
def command_of(record: dict[str, Any], kind: str) -> str:
    """The command that made the folder, or the plain command that remakes it."""
    command = record.get("command")
    if isinstance(command, str) and command:
        return command
    if isinstance(command, list):
        return shlex.join(["deterrence", *map(str, command)])
    source = str(record.get("config_file") or "CONFIG")
    return f"deterrence {kind} {shlex.quote(source)}  (reconstructed: no command was recorded)"


def _provenance(record: dict[str, Any], kind: str, folder: str) -> tuple[tuple[str, str], ...]:
    seed = record.get("seed")
    return (
        ("folder", folder),
        ("command", command_of(record, kind)),
        ("config file", str(record.get("config_file", "unknown"))),
        ("package", f"deterrence {record.get('package_version', 'unknown')}"),
        ("timestamp", str(record.get("timestamp") or record.get("created") or "unknown")),
        ("seed", "none (no random numbers are drawn)" if seed is None else str(seed)),
    )


# --------------------------------------------------------------------------- TOML
def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if not (isinstance(value, float) and math.isinf(value)) else "inf"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value))


def to_toml(resolved: dict[str, Any]) -> str:
    """The resolved config as TOML: one table per section, arrays of tables for
    lists of tables (such as a scenario's events)."""
    lines: list[str] = []
    top = {k: v for k, v in resolved.items() if not isinstance(v, dict)}
    lines += [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    for section, body in resolved.items():
        if not isinstance(body, dict):
            continue
        lines += ["", f"[{section}]"]
        arrays = {}
        for key, value in body.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                arrays[key] = value
            else:
                lines.append(f"{key} = {_toml_value(value)}")
        for key, tables in arrays.items():
            for table in tables:
                lines += ["", f"[[{section}.{key}]]"]
                lines += [f"{k} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------------------- run
def _cell(value: Any, column: str = "") -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "none"
    if isinstance(value, float) and column.endswith("_relative"):
        return f"{100 * value:+.1f}%"
    if isinstance(value, float) and column and quantity(column).kind != "share":
        return f"{value:.4f}"
    return format_value(value, column)


def outputs_table(outputs: dict[str, Any], details: dict[str, Any] | None = None) -> Table:
    """The canonical model's outputs: quantity, symbol, value, unit."""
    rows = []
    for name in OUTPUT_NAMES:
        if name in outputs:
            q = quantity(name)
            rows.append((q.name, q.symbol, _cell(outputs[name], name), q.unit))
    details = details or {}
    extra = {
        "expected_utility_threshold": (
            "V* under expected utility at the mean belief",
            "V*_EU",
            "cost units",
        ),
        "no_intervention_threshold": ("V* if R surely stays out", "V*_0", "cost units"),
        "expected_utility_force_requirement": (
            "force requirement under expected utility at the mean belief",
            "F_req,EU",
            "units of T's defence",
        ),
        "no_intervention_force_requirement": (
            "force requirement if R surely stays out",
            "F_req,0",
            "units of T's defence",
        ),
    }
    for key, (text, symbol, unit) in extra.items():
        if key in details:
            rows.append((text, symbol, _cell(details[key], "threshold"), unit))
    return Table(
        f"Outputs (criterion {outputs.get('criterion', '?')})",
        ("quantity", "symbol", "value", "unit"),
        tuple(rows),
        (False, False, True, False),
        "none: the quantity does not exist (e.g. no force up to F_max reaches the success target)",
    )


def _records_table(caption: str, rows: list[dict[str, Any]], columns: list[str]) -> Table:
    labels = tuple(quantity(c).name if c in OUTPUT_NAMES else c.replace("_", " ") for c in columns)
    cells = tuple(tuple(_cell(r.get(c), c) for c in columns) for r in rows)
    numeric = tuple(
        all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows) for c in columns
    )
    return Table(caption, labels, cells, numeric)


def _game_tables(outputs: dict[str, Any]) -> list[Table]:
    model = outputs.get("model")
    if model == "dynamics":
        columns = ["year", "belief_lo", "belief_hi", "interoperability", "attack", "threshold"]
        columns += ["force_requirement", "threshold_premium", "force_premium"]
        return [
            _records_table(
                "Year by year (state after that year's events)", outputs["trajectory"], columns
            )
        ]
    if model == "signalling":
        from deterrence.runs.signalling_table import HEADERS, equilibrium_rows

        rows = tuple(
            (
                str(r.number),
                r.kind,
                r.sends("committed"),
                r.sends("opportunist"),
                r.reply_text,
                "yes" if r.intuitive else "no",
            )
            for r in equilibrium_rows(outputs)
        )
        note = (
            "belief: A's posterior P(committed) after each message sent (committed R's "
            "first); reply: hold, or attack (with its probability when A mixes) with force F"
        )
        return [Table("Equilibria, one per row", HEADERS, rows, note=note)]
    flat = [(key, json.dumps(value, ensure_ascii=False)[:400]) for key, value in outputs.items()]
    return [Table(f"Outputs of model {model}", ("output", "value"), tuple(flat))]


def _run(folder: Path, name: str) -> ReportData:
    record = _read_json(folder / "results.json")
    outputs = record.get("outputs") or {}
    resolved = record.get("config") or {}
    if "model" in outputs:  # a game model
        tables = _game_tables(outputs)
        subtitle = fixed_values(resolved) if "parameters" in resolved else ""
    else:
        tables = [outputs_table(outputs, record.get("details"))]
        subtitle = fixed_values(resolved)
    captions = {
        "threshold.png": "V* against a known intervention probability q, the ambiguity set, "
        "the criterion's V* and the config's stakes",
        "trajectory.png": "The dated events, A's belief, V* and the force requirement by year",
        "signalling.png": "Each equilibrium: the cooperation level each type of R chooses, and "
        "A's posterior and reply after each message",
    }
    figures = [
        FigureSpec(c, file=folder / f) for f, c in captions.items() if (folder / f).is_file()
    ]
    return ReportData(
        "run",
        name,
        scenario_title(record),
        subtitle,
        _provenance(record, "run", name),
        tuple(tables),
        tuple(figures),
        to_toml(resolved),
    )


# -------------------------------------------------------------------------- cases
def _cases(folder: Path, name: str) -> ReportData:
    record = _read_json(folder / "cases.json")
    rows = record.get("cases") or []
    columns = [
        "name",
        "text",
        "practice",
        "belief_lo",
        "belief_hi",
        "interoperability",
        "attack",
        "threshold",
        "force_requirement",
        "threshold_premium",
        "force_premium",
    ]
    tables = [_records_table("Cases", rows, columns)]
    differences = record.get("differences") or []
    if differences:
        change = [
            "case",
            "against",
            "threshold_change",
            "threshold_change_relative",
            "force_requirement_change",
            "force_requirement_change_relative",
        ]
        tables.append(_records_table("Differences asked for by compare_with", differences, change))
    figures = []
    if (folder / "cases.png").is_file():
        figures.append(
            FigureSpec("Belief interval, V* and force premium per case", file=folder / "cases.png")
        )
    weight = record.get("text_weight")
    subtitle = f"text weight w = {format_value(weight)}" if weight is not None else ""
    source = record.get("config_file", "cases")
    return ReportData(
        "cases",
        name,
        f"Case library ({Path(str(source)).name})",
        subtitle,
        _provenance(record, "cases", name),
        tuple(tables),
        tuple(figures),
        to_toml(record.get("config") or {}),
    )


# -------------------------------------------------------------------------- sweep
def summary_table(df) -> Table:
    """Per output over the solved points: count, min, quantiles, max (attack: share)."""
    ok = df[df["status"] == "ok"]
    columns = ("output", "solved", "min", *(f"{int(100 * q)}%" for q in QUANTILES), "max")
    rows = []
    for name in OUTPUT_NAMES:
        if name not in ok:
            continue
        if name == "attack":
            share = float(ok[name].astype(float).mean()) if len(ok) else float("nan")
            rows.append(
                (
                    f"{quantity(name).name} (share of points)",
                    str(len(ok)),
                    *([""] * (len(columns) - 3)),
                    f"{share:.1%}",
                )
            )
            continue
        values = ok[name].to_numpy(float)
        values = values[np.isfinite(values)]
        if values.size == 0:
            rows.append((quantity(name).name, "0", *(["none"] * (len(columns) - 2))))
            continue
        stats = [values.min(), *np.quantile(values, QUANTILES), values.max()]
        rows.append((quantity(name).name, str(values.size), *(f"{v:.4g}" for v in stats)))
    return Table(
        "Summary per output (solved points)",
        columns,
        tuple(rows),
        (False, *([True] * (len(columns) - 1))),
        "solved: points where the quantity exists; quantiles over those points",
    )


def status_table(df) -> Table:
    counts = df["status"].value_counts()
    rows = tuple((str(s), str(int(n))) for s, n in counts.items())
    return Table("Points by status", ("status", "points"), rows, (False, True))


def _full_table(df, swept: tuple[str, ...]) -> Table:
    outputs = [c for c in OUTPUT_NAMES if c in df]
    columns = [c for c in swept if c in df] + outputs + ["status"]
    labels = tuple(quantity(c).short if c in OUTPUT_NAMES else quantity(c).name for c in columns)
    rows = tuple(
        tuple(_cell(None if _missing(v) else _plain(v), c) for c, v in zip(columns, r, strict=True))
        for r in df[columns].itertuples(index=False)
    )
    numeric = tuple(not is_categorical(df[c]) for c in columns)
    return Table("Every point", labels, rows, numeric)


def _missing(value: Any) -> bool:
    try:
        return bool(value is None or (isinstance(value, float) and math.isnan(value)))
    except TypeError:
        return False


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def default_plots(df, manifest: dict[str, Any], source: str) -> tuple[list[FigureSpec], list[str]]:
    """One figure per main output over the swept columns: lines over the first numeric
    axis (one per category) or a map over two numeric axes.  Returns the figures and
    notes on what could not be drawn."""
    swept = [c for c in swept_columns(manifest) if c in df]
    numeric = [c for c in swept if not is_categorical(df[c]) and df[c].nunique() > 1]
    categorical = [c for c in swept if is_categorical(df[c]) and df[c].nunique() > 1]
    if not numeric and not categorical:
        return [], ["no default plots: the sweep varies nothing"]
    if len(numeric) >= 2:
        x, y, by = numeric[0], numeric[1], (categorical[:1] or [None])[0]
    elif numeric:
        x, y, by = numeric[0], None, (categorical[:1] or [None])[0]
    else:
        x, y, by = categorical[0], None, (categorical[1:2] or [None])[0]
    figures, notes = [], []
    for z in DEFAULT_PLOT_OUTPUTS:
        if z not in OUTPUT_NAMES or z not in df or df[z].isna().all():
            continue
        try:
            data = pivot(df, x, z, y=y, by=by, manifest=manifest, source=source)
        except ConfigError as exc:
            notes.append(f"no default plot of {quantity(z).name}: {exc.message}")
            continue
        over = quantity(x).name + (f" and {quantity(y).name}" if y else "")
        per = f", one {'panel' if y else 'line'} per {quantity(by).name}" if by else ""
        figures.append(FigureSpec(f"{quantity(z).name.capitalize()} over {over}{per}", plot=data))
    return figures, notes


def _sweep(folder: Path, name: str, partial: bool) -> ReportData:
    from deterrence.runs.sweeps.verify import load_results

    loaded = load_results(folder, partial=partial)  # checked; refused unless complete or partial
    manifest = loaded.state.manifest
    notes = [f"partial: {loaded.note()}"] if loaded.note() else []
    df = loaded.table.to_pandas()
    swept = swept_columns(manifest)
    tables = [summary_table(df), status_table(df)]
    if len(df) <= FULL_TABLE_ROWS:
        tables.append(_full_table(df, swept))
    figures, plot_notes = default_plots(df, manifest, str(folder))
    resolved = manifest.get("config") or {}
    sweep = manifest.get("sweep") or {}
    config = {**resolved, "sweep": {k: v for k, v in sweep.items() if v not in (None, {}, [])}}
    title = scenario_title({"config_file": manifest.get("config_file") or name, **manifest})
    return ReportData(
        "sweep",
        name,
        title,
        f"sweep of {len(df)} points · " + fixed_values(resolved, set(swept)),
        _provenance(manifest, "sweep", name),
        tuple(tables),
        tuple(figures),
        to_toml(config),
        tuple(notes + plot_notes),
    )
