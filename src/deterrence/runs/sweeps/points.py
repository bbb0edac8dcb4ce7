"""Solving a chunk of sweep points with the batch solver.

A chunk's swept columns (:meth:`SweepSpec.columns`) are merged into the base
config to give every point its full set of inputs; each point is validated
(an invalid one is recorded with status ``invalid`` and a message naming the
key); the valid points are grouped by their categorical inputs (combat
model, belief mode, Beta or interval, criterion) and each group is solved by
:meth:`InterventionModel.solve_batch` in blocks small enough to keep memory
bounded.  A block that raises is retried point by point, and a point that
still fails is recorded with status ``error``; the chunk goes on.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from deterrence.models.beliefs import (
    BELIEF_MODES,
    PANEL_NODES,
    REGRET_PRIORS,
    Belief,
    quadrature_panels,
)
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import SPECS, Parameters
from deterrence.models.solution import OUTPUT_NAMES
from deterrence.runs.sweeps.design import belief_columns
from deterrence.runs.validate import DEFAULTS
from deterrence.solvers.optimize import GRID_POINTS

PARAMETER_COLUMNS = tuple(f"parameters.{name}" for name in SPECS)
INPUT_COLUMNS = (
    "model.combat",
    *PARAMETER_COLUMNS,
    "belief.mode",
    "belief.q_lo",
    "belief.q_hi",
    "belief.beta_a",
    "belief.beta_b",
    "belief.resolve_mean_lo",
    "belief.resolve_mean_hi",
    "belief.resolve_sd",
    "criterion.name",
    "criterion.alpha",
    "criterion.ambiguity_aversion",
    "criterion.penalty",
)
TEXT_COLUMNS = ("model.combat", "belief.mode", "criterion.name", "status", "message")
ELEMENT_BUDGET = 3_000_000
FAST_BLOCK = 1_000  # points per solve on the one-prior numpy path (stays in cache)
COMPILED_BLOCK = 50_000  # with the compiled kernel there are no (points, grid) temporaries


# -------------------------------------------------------------------------- inputs
def base_inputs(resolved: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Scalar inputs of the base config, in the flat column names."""
    out: dict[str, Any] = {"model.combat": resolved["model"]["combat"]}
    out.update({f"parameters.{k}": float(v) for k, v in resolved["parameters"].items()})
    belief = resolved["belief"]
    out["belief.mode"] = belief["mode"]
    q = belief.get("q", DEFAULTS["belief"]["q"])
    mean = belief.get("resolve_mean", DEFAULTS["belief"]["resolve_mean"])
    out.update(belief_columns("belief.q", q))
    out.update(belief_columns("belief.resolve_mean", mean))
    out["belief.resolve_sd"] = float(belief.get("resolve_sd", DEFAULTS["belief"]["resolve_sd"]))
    crit = resolved["criterion"]
    out["criterion.name"] = crit["name"]
    for key in ("alpha", "ambiguity_aversion", "penalty"):
        out[f"criterion.{key}"] = float(crit[key])
    return out


def point_inputs(base: dict[str, Any], swept: dict[str, np.ndarray], size: int):
    """Full input columns for ``size`` points: the base config with the swept keys applied."""
    cols: dict[str, np.ndarray] = {}
    for key, value in base.items():
        cols[key] = np.full(size, value, dtype=object if isinstance(value, str) else float)
    for key, values in swept.items():
        if key in cols:  # a belief.q or belief.resolve_mean axis arrives as its columns
            cols[key] = np.asarray(values, dtype=cols[key].dtype)
    for stem in ("belief.q", "belief.resolve_mean"):
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


def validate(cols: dict[str, np.ndarray]) -> np.ndarray:
    """Per-point message naming the first invalid input, or None (object array)."""
    size = len(cols["model.combat"])
    message = np.full(size, None, dtype=object)

    def flag(bad: np.ndarray, text: str, key: str) -> None:
        new = bad & (message == None)  # noqa: E711 - elementwise test on an object array
        if new.any():  # vectorised formatting: an all-invalid sweep has millions of messages
            shown = np.char.add(f"{key} = ", cols[key][new].astype(str))
            message[new] = np.char.add(shown, f": {text}").astype(object)

    for key, allowed in (
        ("model.combat", COMBAT_MODELS),
        ("belief.mode", BELIEF_MODES),
        ("criterion.name", CRITERIA),
    ):
        flag(~np.isin(cols[key], allowed), f"must be one of {', '.join(allowed)}", key)
    for name, spec in SPECS.items():
        key = f"parameters.{name}"
        flag(~_accepts(spec.bound, cols[key]), f"must be {spec.allowed()}", key)
    flag(
        cols["parameters.intervention_war_cost"] < cols["parameters.war_cost"],
        "must be >= parameters.war_cost (k_I >= k_N)",
        "parameters.intervention_war_cost",
    )
    exo = cols["belief.mode"] == "exogenous"
    for key in ("belief.q_lo", "belief.q_hi"):
        flag(exo & ~_accepts("unit", cols[key]), "must be a probability in [0, 1]", key)
    flag(exo & (cols["belief.q_lo"] > cols["belief.q_hi"]), "must be <= belief.q_hi", "belief.q_lo")
    beta = exo & ~np.isnan(cols["belief.beta_a"].astype(float))
    for key in ("belief.beta_a", "belief.beta_b"):
        flag(beta & ~_accepts("positive", cols[key]), "must be > 0", key)
    endo = ~exo
    for key in ("belief.resolve_mean_lo", "belief.resolve_mean_hi"):
        flag(endo & ~np.isfinite(cols[key].astype(float)), "must be a finite number", key)
    flag(
        endo & (cols["belief.resolve_mean_lo"] > cols["belief.resolve_mean_hi"]),
        "must be <= belief.resolve_mean_hi",
        "belief.resolve_mean_lo",
    )
    flag(
        endo & ~_accepts("positive", cols["belief.resolve_sd"]), "must be > 0", "belief.resolve_sd"
    )
    flag(~_accepts("unit", cols["criterion.alpha"]), "must be in [0, 1]", "criterion.alpha")
    for key in ("criterion.ambiguity_aversion", "criterion.penalty"):
        flag(~_accepts("positive", cols[key]), "must be a finite number > 0", key)
    return message


def _accepts(bound: str, values: np.ndarray) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        ok = {
            "positive": v > 0,
            "nonnegative": v >= 0,
            "unit": (v >= 0) & (v <= 1),
            "open_unit": (v > 0) & (v < 1),
        }[bound]
    return ok & np.isfinite(v)


# --------------------------------------------------------------------------- solving
def _compiled() -> bool:
    """Whether the compiled one-prior kernel (Numba) is available."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def _block_size(mode: str, criterion: str, panels: int = 1) -> int:
    """Points per solve so that the largest temporary stays within ELEMENT_BUDGET
    (``panels``: quadrature panels per point of endogenous smooth)."""
    if mode == "exogenous" and criterion in ("expected", "maxmin", "alpha_maxmin"):
        return COMPILED_BLOCK if _compiled() else FAST_BLOCK
    width = 3
    if criterion == "minimax_regret":
        width = REGRET_PRIORS if mode == "endogenous" else 2
    elif criterion == "smooth" and mode == "endogenous":
        width = PANEL_NODES * panels
    return max(1, ELEMENT_BUDGET // (width * GRID_POINTS))


def _panels(cols: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Quadrature panels of each point's mean-resolve interval (``Belief.quadrature``)."""
    return quadrature_panels(
        *(
            cols[f"belief.{key}"][rows].astype(float)
            for key in ("resolve_mean_lo", "resolve_mean_hi", "resolve_sd")
        )
    )


def build_batch(cols: dict[str, np.ndarray], rows: np.ndarray):
    """The batch model and criterion of the given points (one categorical group)."""

    def col(key):
        return np.asarray(cols[key][rows], dtype=float)[:, None]

    params = Parameters(**{name: col(f"parameters.{name}") for name in SPECS})
    combat = Combat(
        cols["model.combat"][rows[0]],
        params.decisiveness,
        params.effectiveness_ratio,
        params.effectiveness_noise,
    )
    mode = cols["belief.mode"][rows[0]]
    if mode == "endogenous":
        belief = Belief(
            mode,
            col("belief.resolve_mean_lo"),
            col("belief.resolve_mean_hi"),
            None,
            col("belief.resolve_sd"),
        )
    elif np.isnan(cols["belief.beta_a"][rows[0]]):
        belief = Belief(mode, col("belief.q_lo"), col("belief.q_hi"))
    else:
        belief = Belief(mode, beta=(col("belief.beta_a"), col("belief.beta_b")))
    crit = Criterion(
        cols["criterion.name"][rows[0]],
        col("criterion.alpha"),
        col("criterion.ambiguity_aversion"),
        col("criterion.penalty"),
    )
    return InterventionModel(params, combat, belief), crit


def solve_rows(cols: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Outputs of one categorical group's points, solved together."""
    model, crit = build_batch(cols, rows)
    with np.errstate(all="ignore"):
        return model.solve_batch(crit)


def solve_points(cols: dict[str, np.ndarray], message: np.ndarray) -> dict[str, np.ndarray]:
    """Outputs and status of every point (invalid ones left empty)."""
    size = len(message)
    out = {name: np.full(size, np.nan) for name in OUTPUT_NAMES}
    status = np.where(message == None, "ok", "invalid").astype(object)  # noqa: E711
    valid = np.flatnonzero(status == "ok")
    beta = ~np.isnan(cols["belief.beta_a"].astype(float))
    # group the valid points by their categorical inputs, vectorised
    parts = [
        cols["model.combat"][valid],
        cols["belief.mode"][valid],
        beta[valid],
        cols["criterion.name"][valid],
    ]
    codes = [np.unique(p, return_inverse=True) for p in parts]
    key = np.zeros(valid.size, dtype=np.int64)
    for uniques, inverse in codes:
        key = key * len(uniques) + inverse
    for k in np.unique(key):
        group = valid[key == k]
        first = group[0]
        mode, name = cols["belief.mode"][first], cols["criterion.name"][first]
        panels = np.ones(group.size, dtype=int)
        if mode == "endogenous" and name == "smooth":  # blocks of equally many nodes
            panels = _panels(cols, group)
        for count in np.unique(panels):
            same = group[panels == count]
            block = _block_size(mode, name, int(count))
            for start in range(0, same.size, block):
                solved, failed = _solve_guarded(cols, same[start : start + block])
                for part, result in solved:
                    for output in OUTPUT_NAMES:
                        out[output][part] = result[output]
                for i, text in failed:
                    status[i], message[i] = "error", text
    attack = out.pop("attack")
    return {"attack": attack, **out, "status": status, "message": message}


def _solve_guarded(cols, rows):
    """Solve a block; if it raises, solve its points one at a time.

    Returns ([(rows, outputs), ...], [(point, message), ...]).
    """
    try:
        return [(rows, solve_rows(cols, rows))], []
    except Exception:
        solved, failed = [], []
        for i in rows:
            try:
                solved.append((np.array([i]), solve_rows(cols, np.array([i]))))
            except Exception as exc:
                failed.append((i, f"{type(exc).__name__}: {exc}"))
        return solved, failed


# ----------------------------------------------------------------------------- chunks
def columns_of(spec) -> list[str]:
    """The result table's columns, in order."""
    derived = [
        k
        for k in (*spec.axes, *spec.ranges)
        if k not in INPUT_COLUMNS and k.startswith("belief.") and k.endswith(("_mid", "_width"))
    ]
    return ["point", *derived, *INPUT_COLUMNS, *OUTPUT_NAMES, "status", "message"]


def solve_chunk(task: tuple) -> tuple[int, dict[str, np.ndarray]]:
    """Solve chunk k of a sweep: task = (spec, base inputs, k, unit samples or None).

    A pure function of its task, so every executor (and every worker count)
    gives the same rows.
    """
    spec, base, k, unit = task
    start, stop = spec.chunk_bounds(k)
    cols = point_inputs(base, spec.columns(start, stop, unit), stop - start)
    outputs = solve_points(cols, validate(cols))
    table = {"point": np.arange(start, stop, dtype=np.int64), **cols, **outputs}
    return k, {name: table[name] for name in columns_of(spec)}
