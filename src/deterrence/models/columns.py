"""Flat input columns of the shared sections, for sweeps (one row per point).

A sweep's table holds every input of every point as a column named by its
dotted config key.  Sets of priors expand: ``belief.q`` into ``belief.q_lo``,
``belief.q_hi``, ``belief.beta_a``, ``belief.beta_b`` (NaN unless a Beta), and
``belief.resolve_mean`` into ``_lo``/``_hi``; ``belief.q_mid``/``q_width`` (and
``resolve_mean_mid``/``_width``) are derived axes, so that "more ambiguity
around the same mean" is one axis.  These functions are shared by every family
that uses ``[parameters]``, ``[belief]`` and ``[criterion]``.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

from deterrence.models.beliefs import BELIEF_MODES
from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.parameters import SPECS
from deterrence.models.schema import BOUNDS

PARAMETER_COLUMNS = tuple(f"parameters.{name}" for name in SPECS)
BELIEF_COLUMNS = (
    "belief.mode",
    "belief.q_lo",
    "belief.q_hi",
    "belief.beta_a",
    "belief.beta_b",
    "belief.resolve_mean_lo",
    "belief.resolve_mean_hi",
    "belief.resolve_sd",
)
CRITERION_COLUMNS = (
    "criterion.name",
    "criterion.alpha",
    "criterion.ambiguity_aversion",
    "criterion.penalty",
)
DERIVED_AXES = {
    "belief.q_mid": "midpoint of the exogenous interval q",
    "belief.q_width": "width of the exogenous interval q",
    "belief.resolve_mean_mid": "midpoint of the endogenous mean interval",
    "belief.resolve_mean_width": "width of the endogenous mean interval",
}
BELIEF_SETS = ("belief.q", "belief.resolve_mean")
DEFAULT_Q, DEFAULT_MEAN, DEFAULT_SD = [0.2, 0.6], 0.0, 0.3


def _interval(prefix: str, value: Any) -> dict[str, float]:
    lo, hi = (value, value) if not isinstance(value, (list, tuple)) else value
    return {f"{prefix}_lo": float(lo), f"{prefix}_hi": float(hi)}


def belief_columns(key: str, value: Any) -> dict[str, float]:
    """The input columns that a value of ``belief.q`` or ``belief.resolve_mean`` sets."""
    if key == "belief.q":
        if isinstance(value, dict):
            a, b = value["beta"]
            return {
                "belief.q_lo": 0.0,
                "belief.q_hi": 1.0,
                "belief.beta_a": float(a),
                "belief.beta_b": float(b),
            }
        return {**_interval("belief.q", value), "belief.beta_a": np.nan, "belief.beta_b": np.nan}
    return _interval("belief.resolve_mean", value)


def sampled_belief(key: str, column: np.ndarray) -> dict[str, np.ndarray]:
    """Columns of a sampled ``belief.q`` or ``belief.resolve_mean``: each sample a point set."""
    stem = "belief.q" if key == "belief.q" else "belief.resolve_mean"
    out = {f"{stem}_lo": column, f"{stem}_hi": column}
    if key == "belief.q":
        out["belief.beta_a"] = out["belief.beta_b"] = np.full(column.size, np.nan)
    return out


def parameter_inputs(resolved: dict[str, dict[str, Any]]) -> dict[str, float]:
    return {f"parameters.{k}": float(v) for k, v in resolved["parameters"].items()}


def belief_inputs(belief: dict[str, Any]) -> dict[str, Any]:
    """Scalar columns of a resolved ``[belief]`` (the other mode's keys at their defaults)."""
    out: dict[str, Any] = {"belief.mode": belief["mode"]}
    out.update(belief_columns("belief.q", belief.get("q", DEFAULT_Q)))
    out.update(belief_columns("belief.resolve_mean", belief.get("resolve_mean", DEFAULT_MEAN)))
    out["belief.resolve_sd"] = float(belief.get("resolve_sd", DEFAULT_SD))
    return out


def criterion_inputs(criterion: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"criterion.name": criterion["name"]}
    for key in ("alpha", "ambiguity_aversion", "penalty"):
        out[f"criterion.{key}"] = float(criterion[key])
    return out


def text_column(size: int, value: Any) -> np.ndarray:
    """An object array holding one shared ``value`` (``np.full`` would make a copy per point)."""
    column = np.empty(size, dtype=object)
    column.fill(value)
    return column


MAX_DISTINCT = 64  # distinct objects found by one pass each; more are found by sorting


def _addresses(values: np.ndarray) -> np.ndarray:
    """The addresses of the objects an object array holds, as integers (a read-only view
    of its memory: an object array is an array of object pointers).  Equal addresses
    are the same object; compared at C speed, unlike the objects themselves."""
    pointers = (ctypes.c_ssize_t * values.size).from_address(values.ctypes.data)
    view = np.frombuffer(pointers, dtype=np.intp)
    view.flags.writeable = False
    return view


def is_none(values: np.ndarray) -> np.ndarray:
    """Where an object array holds None (by address: no Python call per element)."""
    values = np.ascontiguousarray(values, dtype=object)
    return _addresses(values) == id(None) if values.size else np.zeros(0, dtype=bool)


def text_codes(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """(codes, categories) of an object array: ``values[i] == categories[codes[i]]``,
    code -1 where the value is None.

    A text column holds a few shared objects (the categorical inputs, the
    status), so the objects are told apart by address, one pass per distinct
    object (or a sort of the addresses when there are many, as the messages
    of invalid points); equal strings held as different objects share a code.
    """
    values = np.ascontiguousarray(values, dtype=object)
    if values.size == 0:
        return np.zeros(0, dtype=np.int32), []
    address = _addresses(values)
    if (address == address[0]).all():
        code = -1 if values[0] is None else 0
        return np.full(values.size, code, dtype=np.int32), [] if code else [values[0]]
    found, first = _distinct(address)
    lookup: dict[Any, int] = {}
    local = np.array([lookup.setdefault(values[i], len(lookup)) for i in first] + [-1])
    if None in lookup:  # None is no value: code -1, and no category
        gone = lookup.pop(None)
        local = np.where(local == gone, -1, local - (local > gone))
        lookup = {v: i - (i > gone) for v, i in lookup.items()}
    return local[found].astype(np.int32), list(lookup)


def _distinct(address: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """(index of each element's distinct address, the first element holding each)."""
    found = np.full(address.size, -1, dtype=np.int64)
    first: list[int] = []
    left = np.arange(address.size)
    while left.size and len(first) < MAX_DISTINCT:
        same = address[left] == address[left[0]]
        found[left[same]] = len(first)
        first.append(int(left[0]))
        left = left[~same]
    if left.size:  # many distinct objects: sort their addresses
        _, index, inverse = np.unique(address[left], return_index=True, return_inverse=True)
        found[left] = len(first) + inverse
        first += left[index].tolist()
    return found, first


def isin_text(values: np.ndarray, allowed: tuple[str, ...]) -> np.ndarray:
    """``np.isin(values, allowed)`` for an object array, without sorting its objects."""
    codes, categories = text_codes(values)
    ok = np.array([c in allowed for c in categories] + [False], dtype=bool)
    return ok[codes]  # code -1 (None) takes the last entry: not allowed


def full_columns(base: dict[str, Any], swept: dict[str, np.ndarray], size: int):
    """Every input column for ``size`` points: the base config with the swept keys applied.

    Derived belief axes (midpoint, width) are turned into the interval's ends,
    and each mode's belief columns are NaN in the other mode.
    """
    cols: dict[str, np.ndarray] = {}
    for key, value in base.items():
        cols[key] = text_column(size, value) if isinstance(value, str) else np.full(size, value)
    for key, values in swept.items():
        if key in cols:  # a belief.q or belief.resolve_mean axis arrives as its columns
            cols[key] = np.asarray(values, dtype=cols[key].dtype)
    if "belief.mode" not in cols:
        return cols
    for stem in BELIEF_SETS:
        mid_key, width_key = f"{stem}_mid", f"{stem}_width"
        if mid_key in swept or width_key in swept:
            lo, hi = cols[f"{stem}_lo"], cols[f"{stem}_hi"]
            mid = np.asarray(swept.get(mid_key, (lo + hi) / 2), float)
            width = np.asarray(swept.get(width_key, hi - lo), float)
            cols[f"{stem}_lo"], cols[f"{stem}_hi"] = mid - width / 2, mid + width / 2
            if stem == "belief.q":
                cols["belief.beta_a"][:] = np.nan
                cols["belief.beta_b"][:] = np.nan
            cols[mid_key], cols[width_key] = mid, width
    exo = cols["belief.mode"] == "exogenous"
    for key in ("belief.resolve_mean_lo", "belief.resolve_mean_hi", "belief.resolve_sd"):
        cols[key] = np.where(exo, np.nan, cols[key])
    for key in ("belief.q_lo", "belief.q_hi", "belief.beta_a", "belief.beta_b"):
        cols[key] = np.where(exo, cols[key], np.nan)
    return cols


class Flags:
    """Per-point messages naming the first invalid input (None where valid)."""

    def __init__(self, cols: dict[str, np.ndarray]) -> None:
        self.cols = cols
        size = len(next(iter(cols.values())))
        self.message = np.empty(size, dtype=object)  # None everywhere
        self.flagged = np.zeros(size, dtype=bool)

    def flag(self, bad: np.ndarray, text: str, key: str) -> None:
        new = bad & ~self.flagged
        if new.any():  # vectorised formatting: an all-invalid sweep has millions of messages
            shown = np.char.add(f"{key} = ", self.cols[key][new].astype(str))
            self.message[new] = np.char.add(shown, f": {text}").astype(object)
            self.flagged |= new

    def choice(self, key: str, allowed: tuple[str, ...]) -> None:
        ok = isin_text(self.cols[key], allowed)
        self.flag(~ok, f"must be one of {', '.join(allowed)}", key)

    def bound(self, key: str, bound: str, where: np.ndarray | bool = True) -> None:
        v = np.asarray(self.cols[key], dtype=float)
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(v) & BOUNDS[bound][1](v)
        self.flag(where & ~ok, f"must be {BOUNDS[bound][0]}", key)


def check_parameters(flags: Flags) -> None:
    """Each parameter within its bound, and k_I >= k_N."""
    cols = flags.cols
    for name, spec in SPECS.items():
        key = f"parameters.{name}"
        high = getattr(spec, "high", None)
        flags.bound(key, spec.bound)
        if high is not None:
            flags.flag(np.asarray(cols[key], float) > high, f"must be <= {high:g}", key)
    flags.flag(
        cols["parameters.intervention_war_cost"] < cols["parameters.war_cost"],
        "must be >= parameters.war_cost (k_I >= k_N)",
        "parameters.intervention_war_cost",
    )


def check_belief(flags: Flags) -> None:
    """The belief's mode, and its set of priors in that mode."""
    cols = flags.cols
    flags.choice("belief.mode", BELIEF_MODES)
    exo = cols["belief.mode"] == "exogenous"
    for key in ("belief.q_lo", "belief.q_hi"):
        flags.bound(key, "unit", exo)
    flags.flag(
        exo & (cols["belief.q_lo"] > cols["belief.q_hi"]), "must be <= belief.q_hi", "belief.q_lo"
    )
    beta = exo & ~np.isnan(cols["belief.beta_a"].astype(float))
    for key in ("belief.beta_a", "belief.beta_b"):
        flags.bound(key, "positive", beta)
    endo = ~exo
    for key in ("belief.resolve_mean_lo", "belief.resolve_mean_hi"):
        flags.bound(key, "finite", endo)
    flags.flag(
        endo & (cols["belief.resolve_mean_lo"] > cols["belief.resolve_mean_hi"]),
        "must be <= belief.resolve_mean_hi",
        "belief.resolve_mean_lo",
    )
    flags.bound("belief.resolve_sd", "positive", endo)


def check_criterion(flags: Flags) -> None:
    flags.choice("criterion.name", CRITERIA)
    flags.bound("criterion.alpha", "unit")
    for key in ("criterion.ambiguity_aversion", "criterion.penalty"):
        flags.bound(key, "positive")


def batch_criterion(cols: dict[str, np.ndarray], rows: np.ndarray) -> Criterion:
    """The criterion of a group's ``rows`` (one name; parameters as (R, 1) columns)."""

    def col(key: str) -> np.ndarray:
        return np.asarray(cols[key][rows], dtype=float)[:, None]

    return Criterion(
        cols["criterion.name"][rows[0]],
        col("criterion.alpha"),
        col("criterion.ambiguity_aversion"),
        col("criterion.penalty"),
    )
