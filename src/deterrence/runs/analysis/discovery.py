"""Scenario discovery: boxes of the input space where an output condition holds, with PRIM.

The patient rule induction method (Friedman & Fisher 1999), as used for
scenario discovery (Bryant & Lempert 2010), from the EMA Workbench's
``ema_workbench.analysis.prim`` (Kwakkel 2017; BSD-3-Clause, maintained).
Every point of a results table is a case; it is "of interest" when its
output is above (or below) the value given.  PRIM peels the box of all the
swept inputs, a small share at a time, towards a region dense in cases of
interest; each step is a box on the *peeling trajectory*, trading coverage
for density.

The figures of merit are computed here on the table, for each box on its own
(box limits inclusive), exactly as defined:

* coverage: the share of all points meeting the condition that fall in the box;
* density: the share of the box's points meeting it;
* mass: the share of all points in the box.

"All points" are the points with a value: those whose status is not ok, or
whose output does not exist, are left out and counted (``excluded``).

**The box chosen** on a trajectory (:data:`RULE`): among the boxes whose
density reaches ``threshold_share``, the one of largest coverage (ties: fewer
restricted inputs, then the earlier box); when none reaches it, the densest
box, flagged ``meets_threshold = false``, and the search stops.  Further
boxes are sought among the points outside the boxes found (PRIM's covering
step), up to ``max_boxes``, and reported only while they reach the threshold
(their trajectories are computed among those remaining points; their
reported figures, like every box's, on the whole table).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from deterrence.runs.analysis.table import OK, ResultsTable, excluded, plain
from deterrence.runs.errors import ConfigError

THRESHOLD_SHARE = 0.8
MAX_BOXES = 3
PEEL_ALPHA = 0.05
PASTE_ALPHA = 0.05
MASS_MIN = 0.05
PRIM_THRESHOLD = 1e-9
RULE = (
    "on each peeling trajectory, the box of largest coverage among those with density >= "
    "threshold_share (ties: fewer restricted inputs, then earlier); if none, the densest box "
    "(first box only); further boxes, among the points outside earlier ones, only while "
    "they reach threshold_share"
)
CONDITIONS = {">": "above", "<": "below"}


@dataclass(frozen=True)
class Box:
    """One box: its limits on the restricted inputs and its figures of merit on the table.

    ``limits`` maps a column to ``[lo, hi]`` (numbers, inclusive) or to the
    list of values allowed (categorical inputs).
    """

    limits: dict[str, list[Any]]
    coverage: float
    density: float
    mass: float
    n_points: int
    n_meeting: int
    meets_threshold: bool
    step: int  # the box's index on its peeling trajectory
    trajectory: list[dict[str, float]] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        return {
            "limits": self.limits,
            "coverage": self.coverage,
            "density": self.density,
            "mass": self.mass,
            "n_points": self.n_points,
            "n_meeting": self.n_meeting,
            "meets_threshold": self.meets_threshold,
            "step": self.step,
            "trajectory": self.trajectory,
        }


@dataclass(frozen=True)
class Discovery:
    """PRIM's boxes for one condition on one output."""

    output: str
    condition: str
    value: float
    base_rate: float
    n_points: int
    inputs: list[str]
    boxes: list[Box]
    threshold_share: float
    excluded: dict[str, int] = field(default_factory=dict)
    rule: str = RULE
    settings: dict[str, float] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "condition": self.condition,
            "value": self.value,
            "base_rate": self.base_rate,
            "n_points": self.n_points,
            "excluded": self.excluded,
            "inputs": self.inputs,
            "threshold_share": self.threshold_share,
            "rule": self.rule,
            "prim": self.settings,
            "boxes": [b.to_record() for b in self.boxes],
        }


# ------------------------------------------------------------------ the table's side
def input_columns(table: ResultsTable) -> list[str]:
    """The swept inputs' columns (ranges and axes), each varying in the table."""
    frame = table.frame
    keys = [*table.design.ranges, *table.design.axes]
    columns = list(dict.fromkeys(c for k in keys for c in table.column_of(k)))
    return [c for c in columns if frame[c].nunique(dropna=True) > 1]


def cases(table: ResultsTable, output: str, condition: str, value: float):
    """(points with a value, whether each meets the condition, excluded counts)."""
    frame = table.frame
    y = pd.to_numeric(frame[output].astype("float64"), errors="coerce").to_numpy(dtype=float)
    keep = (frame["status"].astype(str).to_numpy() == OK) & np.isfinite(y)
    meets = y[keep] > value if condition == ">" else y[keep] < value
    return frame.loc[keep].reset_index(drop=True), meets, excluded(frame, output)


def in_box(frame: pd.DataFrame, limits: dict[str, list[Any]]) -> np.ndarray:
    """Whether each row lies in the box (numeric limits inclusive; categorical: listed values)."""
    inside = np.ones(len(frame), dtype=bool)
    for column, limit in limits.items():
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values):
            v = values.to_numpy(dtype=float)
            inside &= (v >= limit[0]) & (v <= limit[1])
        else:
            inside &= values.astype(str).isin([str(x) for x in limit]).to_numpy()
    return inside


def merit(inside: np.ndarray, meets: np.ndarray) -> dict[str, float | int]:
    """Coverage, density and mass of a box over all points (``inside``, ``meets`` per point)."""
    n_in, n_meet = int(inside.sum()), int(meets.sum())
    both = int((inside & meets).sum())
    return {
        "coverage": both / n_meet if n_meet else float("nan"),
        "density": both / n_in if n_in else float("nan"),
        "mass": n_in / len(inside),
        "n_points": n_in,
        "n_meeting": both,
    }


# ------------------------------------------------------------------ PRIM
def discover(
    table: ResultsTable,
    output: str,
    condition: str,
    value: float,
    *,
    threshold_share: float = THRESHOLD_SHARE,
    max_boxes: int = MAX_BOXES,
) -> Discovery:
    """PRIM's boxes where ``output`` is ``condition`` (">" or "<") ``value``."""
    table.check_output(output, flags=True)
    if condition not in CONDITIONS:
        raise ConfigError("--condition", condition, "must be > (--above) or < (--below)")
    if not 0 < threshold_share <= 1:
        raise ConfigError("--threshold-share", str(threshold_share), "must be in (0, 1]")
    frame, meets, counts = cases(table, output, condition, value)
    inputs = input_columns(table)
    if not inputs:
        raise table.fail("sweep", "has no swept input that varies: nothing to find boxes in")
    base = float(meets.mean()) if meets.size else float("nan")
    settings = {"peel_alpha": PEEL_ALPHA, "paste_alpha": PASTE_ALPHA, "mass_min": MASS_MIN}
    found = []
    if 0 < meets.sum() < meets.size:
        found = _prim_boxes(frame[inputs], meets, threshold_share, max_boxes)
    return Discovery(
        output,
        condition,
        float(value),
        base,
        int(meets.size),
        inputs,
        found,
        threshold_share,
        counts,
        settings=settings,
    )


def _prim_boxes(x: pd.DataFrame, meets: np.ndarray, share: float, max_boxes: int) -> list[Box]:
    prim = _prim(x, meets)
    out: list[Box] = []
    for _ in range(max_boxes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = prim.find_box()
        if box is None or box.peeling_trajectory.shape[0] < 2:  # nothing left, or no peel
            break
        step = choose(box.peeling_trajectory, share)
        box.select(step)
        limits = _limits(box.box_lims[step], prim.box_init)
        stats = merit(in_box(x, limits), meets)
        trajectory = [
            {
                "coverage": float(r.coverage),
                "density": float(r.density),
                "mass": float(r.mass),
                "restricted": int(r.res_dim),
            }
            for r in box.peeling_trajectory.itertuples()
        ]
        ok = bool(box.peeling_trajectory["density"].iloc[step] >= share)
        if out and not ok:  # a further box is reported only if it reaches the threshold
            break
        out.append(
            Box(limits, **_finite(stats), meets_threshold=ok, step=step, trajectory=trajectory)
        )
        if not ok:
            break
    return out


def _prim(x: pd.DataFrame, meets: np.ndarray):
    logging.getLogger("EMA").setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError:  # pragma: no cover - the optional dependency
        raise ConfigError(
            "discover",
            "",
            "needs the EMA Workbench: pip install 'deterrence[discovery]'",
        ) from None
    x = x.copy()
    for column in x.columns:
        if not pd.api.types.is_numeric_dtype(x[column]):
            x[column] = x[column].astype(str).astype(object)
        else:
            x[column] = x[column].astype(float)
    # PRIM counts y >= threshold as a case and keeps a box whose density reaches it:
    # with y in {0, 1} and a tiny threshold, the cases are y = 1 and every peeled box is
    # kept; the box is then chosen by RULE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its pandas deprecations are not the user's concern
        return prim.Prim(
            x,
            meets.astype(int),
            threshold=PRIM_THRESHOLD,
            peel_alpha=PEEL_ALPHA,
            paste_alpha=PASTE_ALPHA,
            mass_min=MASS_MIN,
        )


def choose(trajectory: pd.DataFrame, share: float) -> int:
    """The step of the box chosen by :data:`RULE` on a peeling trajectory."""
    t = trajectory.reset_index(drop=True)
    dense = t[t["density"] >= share]
    if dense.empty:
        return int(t["density"].to_numpy().argmax())
    order = dense.sort_values(["coverage", "res_dim"], ascending=[False, True], kind="stable")
    return int(order.index[0])


def _limits(lims: pd.DataFrame, init: pd.DataFrame) -> dict[str, list[Any]]:
    """The restricted inputs of a box: numeric [lo, hi], categorical the values allowed."""
    out: dict[str, list[Any]] = {}
    for column in lims.columns:
        lo, hi = lims.loc[0, column], lims.loc[1, column]
        if isinstance(lo, (set, frozenset)):
            if set(lo) != set(init.loc[0, column]):
                out[column] = sorted(str(v) for v in lo)
        elif lo > init.loc[0, column] or hi < init.loc[1, column]:
            out[column] = [plain(lo), plain(hi)]
    return out


def _finite(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: (plain(v) if isinstance(v, float) else v) for k, v in stats.items()}
