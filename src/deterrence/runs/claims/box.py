"""The plausible box, solved in memory, and where a claim's condition holds in it.

The box is the shipped config ``configs/claims/box.toml``: the default scenario
(docs/model.md) with ten inputs sampled by a Saltelli design over ranges the
literature or the calibration supports; :data:`JUSTIFICATIONS` says why each
range.  :func:`solve_box` solves every point in memory with the sweep's own
batch path (``runs.sweeps``), so the table is the one ``deterrence sweep
claims/box`` writes.  :func:`region` then gives, for a condition ``output > x``:

* the share of the box's points where it holds;
* the three largest Sobol' total indices of the output (``runs.analysis.sensitivity``,
  Saltelli et al. 2010; the same design serves both);
* PRIM's box where it holds (``runs.analysis.discovery``, Friedman & Fisher 1999),
  when the optional EMA Workbench is installed (else None, with a note).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from deterrence.runs.analysis.table import Design, ResultsTable, from_frame
from deterrence.runs.claims.record import BoxInput, rounded
from deterrence.runs.config import Config, load_config

BOX_CONFIG = "claims/box"
TOP_DRIVERS = 3
SOBOL_SEED = 0  # the bootstrap's seed (deterrence analyze's default)
PRIM_NOTE = (
    "no PRIM box: PRIM needs the EMA Workbench (pip install 'deterrence[discovery]'), "
    "which is not installed; the share and the drivers do not"
)
PRIM_SKIPPED = "no PRIM box: skipped (deterrence claims --no-prim)"

#: Why each range of the box: the literature, the calibration (docs/calibration.md) or a
#: stated judgment.  A test checks that these are exactly the box config's ranges.
JUSTIFICATIONS = {
    "parameters.stakes": (
        "V: moves the attack decision, not V* or the force requirement (a check: their "
        "indices must be 0); from below V*(q = 1) = 2.42 to 1.5 times the default 4"
    ),
    "parameters.third_party_strength": (
        "D_R: Russia's 2024 military spending is 0.475 of China's (SIPRI 2024; "
        "docs/calibration.md); the share it could deploy in an Asian war, half to double that"
    ),
    "parameters.interoperability": (
        "e: from the dated record's 2001 value, 0.2, before any joint exercise "
        "(configs/russia_china_2001_2019.toml), to full joint practice"
    ),
    "parameters.decisiveness": (
        "m: from near CDB90's weak force-ratio effect (CAA 1990; m = 0.5 keeps the force "
        "requirement finite, 81 D at P = 0.9) to steeper than the 3:1 rule read at m = 2 "
        "(Mearsheimer 1989; Epstein 1989): a 3:1 ratio wins with probability 0.63 at m = 0.5 "
        "and 0.96 at m = 3"
    ),
    "parameters.force_cost": (
        "c: half to double the default 0.2 (the Taiwan calibration uses 0.3); a judgment"
    ),
    "parameters.war_cost": "k_N: half to 1.5 times the default 0.5; a judgment",
    "parameters.intervention_war_cost": (
        "k_I: from just above k_N's range (so k_I >= k_N at every point, as the model "
        "requires) to four times k_N's default; the Taiwan calibration doubles k_N; a judgment"
    ),
    "parameters.success_target": "P: planning standards around the default 0.8",
    "belief.q_mid": (
        "the belief's midpoint: the default 0.4 plus or minus 0.2; it covers the earlier "
        "coding of Russia-China 2019, [0.449, 0.650] (docs/deeds.md), and most of the "
        "literature's 27% (Sabrosky 1980) to 74.5% (Leeds, Long & Mitchell 2000) of "
        "alliances honoured"
    ),
    "belief.q_width": (
        "the belief's width: from no ambiguity (a known q) to the default's 0.4; the "
        "interval stays inside [0, 0.8]"
    ),
}


def box_config(overrides: tuple[str, ...] = ()) -> Config:
    """The box config (shipped), with ``--set``-style overrides."""
    return load_config(BOX_CONFIG, list(overrides))


def box_inputs(config: Config | None = None) -> tuple[BoxInput, ...]:
    """The box's ranges, in the config's order, each with its justification."""
    config = config or box_config()
    ranges = config.sweep["ranges"]
    return tuple(
        BoxInput(key, float(lo), float(hi), JUSTIFICATIONS[key]) for key, (lo, hi) in ranges.items()
    )


def solve_box(config: Config, n: int | None = None) -> ResultsTable:
    """Every point of the config's Saltelli design, solved in memory in one chunk (``n``
    replaces the design's base samples, e.g. for a quicker test)."""
    from deterrence.runs.sweeps.design import parse_sweep
    from deterrence.runs.sweeps.points import base_inputs, solve_chunk

    spec = parse_sweep(config)
    if n is not None:
        spec = replace(spec, n=n)
    spec = replace(spec, chunk_size=spec.size)
    task = (spec.family, spec, base_inputs(config.resolved, config.name), 0, spec.unit_samples())
    with np.errstate(all="ignore"):
        _, columns = solve_chunk(task)
    frame = pd.DataFrame(columns)
    return from_frame(frame, Design.from_spec(spec), config.name, source=config.source)


def with_column(table: ResultsTable, name: str, values: np.ndarray) -> ResultsTable:
    """The table with a derived numeric output column added (e.g. a ratio of outputs)."""
    frame = table.frame.assign(**{name: np.asarray(values, dtype=float)})
    return from_frame(frame, table.design, source=table.source)


def prim_available() -> bool:
    """Whether the optional EMA Workbench (PRIM) is installed."""
    return importlib.util.find_spec("ema_workbench") is not None


def prim_note() -> str:
    """Why an entry has no PRIM box when PRIM does not run."""
    return PRIM_SKIPPED if prim_available() else PRIM_NOTE


@dataclass(frozen=True)
class Region:
    """Where ``output > value`` holds in a solved box."""

    output: str
    value: float
    share: float
    n_points: int
    drivers: list[dict[str, Any]]
    where: dict[str, Any] | None


def share(table: ResultsTable, output: str, value: float) -> float:
    """The share of the table's points where ``output > value`` (every point must have one)."""
    y = pd.to_numeric(table.frame[output], errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(y).all():
        raise ValueError(f"{output}: {int((~np.isfinite(y)).sum())} points have no value")
    return float(np.mean(y > value))


def drivers(table: ResultsTable, output: str, top: int = TOP_DRIVERS) -> list[dict[str, Any]]:
    """The ``top`` largest Sobol' total indices of ``output`` with their 95% intervals."""
    from deterrence.runs.analysis.sensitivity import analyze

    result = analyze(table, "sobol", [output], seed=SOBOL_SEED).results[0]
    return [
        {
            "parameter": r["parameter"],
            "ST": rounded(r["ST"], 3),
            "ST_conf": rounded(r["ST_conf"], 3),
        }
        for r in result.rows[:top]
    ]


def prim_box(table: ResultsTable, output: str, value: float) -> dict[str, Any] | None:
    """PRIM's first box where ``output > value`` (``deterrence discover``'s choice), or None
    when the condition holds everywhere or nowhere."""
    from deterrence.runs.analysis.discovery import discover

    found = discover(table, output, ">", value)
    if not found.boxes:
        return None
    box = found.boxes[0]
    return {
        "method": "PRIM",
        "limits": {
            k: [rounded(v, 3) for v in lim] if all(isinstance(v, float) for v in lim) else lim
            for k, lim in box.limits.items()
        },
        "coverage": rounded(box.coverage, 3),
        "density": rounded(box.density, 3),
        "mass": rounded(box.mass, 3),
        "meets_threshold": box.meets_threshold,
        "threshold_share": found.threshold_share,
    }


def region(table: ResultsTable, output: str, value: float, *, prim: bool) -> Region:
    """Share, drivers and (if ``prim``) PRIM's box of the condition ``output > value``."""
    where = prim_box(table, output, value) if prim else None
    return Region(
        output, value, share(table, output, value), len(table.frame), drivers(table, output), where
    )
