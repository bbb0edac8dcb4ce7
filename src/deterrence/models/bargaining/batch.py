"""The bargaining model's sweep adapter: flat input columns in, output columns out.

Columns are the shared ``[parameters]``, ``[belief]`` and ``[criterion]``
columns (``models.columns``) plus ``bargaining.*``; an omitted win probability
is NaN (taken from the combat model), and ``bargaining.target_cost_shape``
expands into ``_a`` and ``_b``.  Valid points are grouped by their categorical
inputs and solved by :meth:`BargainingModel.solve_batch` in blocks
(``models.batch``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from deterrence.models import columns
from deterrence.models.bargaining.model import (
    BOOL_OUTPUTS,
    DISTRIBUTIONS,
    OUTPUT_NAMES,
    BargainingModel,
)
from deterrence.models.batch import panel_blocks, solve_in_groups
from deterrence.models.beliefs import PANEL_NODES, REGRET_PRIORS, Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.solvers.bounded import GRID

SHAPE = "bargaining.target_cost_shape"
BARGAINING_KEYS = (
    "win_probability",
    "intervention_win_probability",
    "force",
    "attacker_war_cost",
    "intervention_cost",
    "target_cost_max",
    "target_cost_distribution",
    "target_cost_shape",
    "status_quo",
)
BARGAINING_COLUMNS = (
    "bargaining.win_probability",
    "bargaining.intervention_win_probability",
    "bargaining.force",
    "bargaining.attacker_war_cost",
    "bargaining.intervention_cost",
    "bargaining.target_cost_max",
    "bargaining.target_cost_distribution",
    f"{SHAPE}_a",
    f"{SHAPE}_b",
    "bargaining.status_quo",
)
INPUT_COLUMNS = (
    "model.combat",
    *columns.PARAMETER_COLUMNS,
    *BARGAINING_COLUMNS,
    *columns.BELIEF_COLUMNS,
    *columns.CRITERION_COLUMNS,
)
TEXT_COLUMNS = (
    "model.combat",
    "bargaining.target_cost_distribution",
    "belief.mode",
    "criterion.name",
)
GROUP_KEYS = (*TEXT_COLUMNS, "belief.beta_a")
ELEMENT_BUDGET = 3_000_000


def effective_win_probabilities(cols: dict[str, np.ndarray], rows: np.ndarray):
    """(p_N, p_I) of the given points, shape (len(rows),): given, or from the combat model."""
    p_out = np.asarray(cols["bargaining.win_probability"][rows], float).copy()
    p_in = np.asarray(cols["bargaining.intervention_win_probability"][rows], float).copy()
    given = ~np.isnan(p_out)

    def col(key):
        return np.asarray(cols[key][rows], float)

    force = col("bargaining.force")
    strength = col("parameters.target_strength")
    defence_in = strength + col("parameters.interoperability") * col(
        "parameters.third_party_strength"
    )
    combat_names = cols["model.combat"][rows]
    for name in np.unique(combat_names):
        here = combat_names == name
        combat = Combat(
            str(name),
            col("parameters.decisiveness")[here],
            col("parameters.effectiveness_ratio")[here],
            col("parameters.effectiveness_noise")[here],
        )
        with np.errstate(all="ignore"):
            from_out = combat.win_probability(force[here], strength[here])
            from_in = combat.win_probability(force[here], defence_in[here])
        p_out[here] = np.where(given[here], p_out[here], from_out)
        missing = np.isnan(p_in[here])
        p_in[here] = np.where(missing & given[here], p_out[here], p_in[here])
        p_in[here] = np.where(missing & ~given[here], from_in, p_in[here])
    return p_out, p_in


def build_batch(cols: dict[str, np.ndarray], rows: np.ndarray):
    """The batch model and criterion of the given points (one categorical group)."""

    def col(key):
        return np.asarray(cols[key][rows], dtype=float)[:, None]

    p_out, p_in = effective_win_probabilities(cols, rows)
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
    distribution = cols["bargaining.target_cost_distribution"][rows[0]]
    beta = distribution == "beta"
    model = BargainingModel(
        p_out=p_out[:, None],
        p_in=p_in[:, None],
        attacker_cost=col("bargaining.attacker_war_cost"),
        intervention_cost=col("bargaining.intervention_cost"),
        cost_max=col("bargaining.target_cost_max"),
        status_quo=col("bargaining.status_quo"),
        third_party_cost=col("parameters.third_party_cost"),
        third_party_loss=col("parameters.third_party_loss"),
        belief=belief,
        distribution=str(distribution),
        shape_a=col(f"{SHAPE}_a") if beta else 1.0,
        shape_b=col(f"{SHAPE}_b") if beta else 1.0,
    )
    return model, columns.batch_criterion(cols, rows)


def solve_rows(cols: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Outputs of one categorical group's points, solved together."""
    model, crit = build_batch(cols, rows)
    with np.errstate(all="ignore"):
        return model.solve_batch(crit)


def block_size(mode: str, criterion: str, panels: int = 1) -> int:
    """Points per solve so that the largest temporary stays within ELEMENT_BUDGET."""
    width = 3
    if criterion == "minimax_regret":
        width = REGRET_PRIORS if mode == "endogenous" else 2
    elif criterion == "smooth" and mode == "endogenous":
        width = PANEL_NODES * panels
    return max(1, ELEMENT_BUDGET // (width * GRID))


def blocks(cols: dict[str, np.ndarray], group: np.ndarray) -> list[np.ndarray]:
    """A group's rows in blocks of bounded memory (:func:`panel_blocks`)."""
    return panel_blocks(cols, group, block_size)


class BargainingBatch:
    """The :class:`~deterrence.models.family.BatchAdapter` of the bargaining model."""

    input_columns = INPUT_COLUMNS
    text_columns = TEXT_COLUMNS
    output_names = OUTPUT_NAMES
    bool_outputs = BOOL_OUTPUTS
    derived_axes = columns.DERIVED_AXES
    set_keys = (*columns.BELIEF_SETS, SHAPE)
    categorical = ("model.combat", "bargaining.target_cost_distribution", "belief.mode")
    categorical += ("criterion.name",)

    def sweep_keys(self) -> list[str]:
        """Every key a ``[sweep]`` may name."""
        keys = ["model.combat", *columns.PARAMETER_COLUMNS]
        keys += [f"bargaining.{k}" for k in BARGAINING_KEYS]
        keys += ["belief.mode", *columns.BELIEF_SETS, "belief.resolve_sd"]
        return keys + list(columns.CRITERION_COLUMNS) + list(columns.DERIVED_AXES)

    def expand(self, key: str, value: Any) -> dict[str, float]:
        if key == SHAPE:
            return {f"{SHAPE}_a": float(value[0]), f"{SHAPE}_b": float(value[1])}
        return columns.belief_columns(key, value)

    def sampled(self, key: str, column: np.ndarray) -> dict[str, np.ndarray]:
        if key == SHAPE:  # a sampled number is a symmetric Beta(v, v)
            return {f"{SHAPE}_a": column, f"{SHAPE}_b": column}
        return columns.sampled_belief(key, column)

    def base_inputs(self, resolved: dict[str, dict[str, Any]]) -> dict[str, Any]:
        spec = resolved["bargaining"]
        shape = spec.get("target_cost_shape", [2.0, 2.0])
        out: dict[str, Any] = {"model.combat": resolved["model"]["combat"]}
        out.update(columns.parameter_inputs(resolved))
        for key in BARGAINING_KEYS:
            if key == "target_cost_shape":
                out.update(self.expand(SHAPE, shape))
            elif key == "target_cost_distribution":
                out[f"bargaining.{key}"] = spec[key]
            else:
                value = spec.get(key)
                out[f"bargaining.{key}"] = np.nan if value is None else float(value)
        out.update(columns.belief_inputs(resolved["belief"]))
        out.update(columns.criterion_inputs(resolved["criterion"]))
        return out

    def point_inputs(self, base, swept, size) -> dict[str, np.ndarray]:
        return columns.full_columns(base, swept, size)

    def validate(self, cols: dict[str, np.ndarray]) -> np.ndarray:
        flags = columns.Flags(cols)
        flags.choice("model.combat", COMBAT_MODELS)
        columns.check_parameters(flags)
        for key in ("win_probability", "intervention_win_probability"):
            value = np.asarray(cols[f"bargaining.{key}"], float)
            flags.bound(f"bargaining.{key}", "unit", ~np.isnan(value))
        flags.bound("bargaining.force", "positive")
        for key in ("attacker_war_cost", "intervention_cost"):
            flags.bound(f"bargaining.{key}", "nonnegative")
        flags.bound("bargaining.target_cost_max", "positive")
        flags.bound("bargaining.status_quo", "unit")
        flags.choice("bargaining.target_cost_distribution", DISTRIBUTIONS)
        beta = cols["bargaining.target_cost_distribution"] == "beta"
        for key in (f"{SHAPE}_a", f"{SHAPE}_b"):
            flags.bound(key, "positive", beta)
        columns.check_belief(flags)
        columns.check_criterion(flags)
        ok = np.flatnonzero(flags.message == None)  # noqa: E711 - elementwise on an object array
        if ok.size:
            p_out, p_in = effective_win_probabilities(cols, ok)
            bad = np.zeros(flags.message.size, dtype=bool)
            bad[ok] = p_in > p_out
            flags.flag(
                bad,
                "must be <= the win probability p_N (R's entry cannot help A)",
                "bargaining.intervention_win_probability",
            )
        return flags.message

    def solve_points(self, cols, message) -> dict[str, np.ndarray]:
        return solve_in_groups(cols, message, GROUP_KEYS, solve_rows, blocks, OUTPUT_NAMES)
