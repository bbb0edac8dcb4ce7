"""The canonical model's sweep adapter: flat input columns in, output columns out.

A chunk's columns are the base config with the swept keys applied
(``models.columns``); each point is validated (an invalid one is recorded with
status ``invalid`` and a message naming the key); the valid points are grouped
by their categorical inputs (combat model, belief mode, Beta or interval,
criterion) and each group is solved by :meth:`InterventionModel.solve_batch` in
blocks small enough to keep memory bounded (``models.batch``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from deterrence.models import columns
from deterrence.models.batch import panel_blocks, solve_in_groups
from deterrence.models.beliefs import PANEL_NODES, REGRET_PRIORS, Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.criteria import Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import SPECS, Parameters
from deterrence.models.solution import OUTPUT_NAMES
from deterrence.solvers.optimize import GRID_POINTS

INPUT_COLUMNS = (
    "model.combat",
    *columns.PARAMETER_COLUMNS,
    *columns.BELIEF_COLUMNS,
    *columns.CRITERION_COLUMNS,
)
TEXT_COLUMNS = ("model.combat", "belief.mode", "criterion.name")
GROUP_KEYS = ("model.combat", "belief.mode", "belief.beta_a", "criterion.name")
ELEMENT_BUDGET = 3_000_000
FAST_BLOCK = 1_000  # points per solve without Numba (the scalar path, point by point)
COMPILED_BLOCK = 50_000  # the compiled kernels solve point by point: no (points, grid) temporaries


def _compiled() -> bool:
    """Whether the compiled kernels (Numba) are available."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def block_size(mode: str, criterion: str, panels: int = 1) -> int:
    """Points per solve so that the largest temporary stays within ELEMENT_BUDGET
    (``panels``: quadrature panels per point of endogenous smooth).  With Numba every
    criterion and mode takes the compiled kernels (``kernels``), whose memory is a few
    columns per point."""
    if _compiled():
        return COMPILED_BLOCK
    if mode == "exogenous" and criterion in ("expected", "maxmin", "alpha_maxmin"):
        return FAST_BLOCK
    width = 3
    if criterion == "minimax_regret":
        width = REGRET_PRIORS if mode == "endogenous" else 2
    elif criterion == "smooth" and mode == "endogenous":
        width = PANEL_NODES * panels
    return max(1, ELEMENT_BUDGET // (width * GRID_POINTS))


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


def blocks(cols: dict[str, np.ndarray], group: np.ndarray) -> list[np.ndarray]:
    """A group's rows in blocks of bounded memory (:func:`panel_blocks`); the compiled
    kernels keep a few columns per point, so they need no split by panels."""
    return panel_blocks(cols, group, block_size, by_panels=not _compiled())


class InterventionBatch:
    """The :class:`~deterrence.models.family.BatchAdapter` of the canonical model."""

    input_columns = INPUT_COLUMNS
    text_columns = TEXT_COLUMNS
    output_names = OUTPUT_NAMES
    bool_outputs = ("attack",)
    derived_axes = columns.DERIVED_AXES
    set_keys = columns.BELIEF_SETS
    categorical = ("model.combat", "belief.mode", "criterion.name")

    def sweep_keys(self) -> list[str]:
        """Every key a ``[sweep]`` may name."""
        keys = ["model.combat", *columns.PARAMETER_COLUMNS, "belief.mode", *columns.BELIEF_SETS]
        keys += ["belief.resolve_sd", *columns.CRITERION_COLUMNS]
        return keys + list(columns.DERIVED_AXES)

    def expand(self, key: str, value: Any) -> dict[str, float]:
        return columns.belief_columns(key, value)

    def sampled(self, key: str, column: np.ndarray) -> dict[str, np.ndarray]:
        return columns.sampled_belief(key, column)

    def base_inputs(self, resolved: dict[str, dict[str, Any]]) -> dict[str, Any]:
        return {
            "model.combat": resolved["model"]["combat"],
            **columns.parameter_inputs(resolved),
            **columns.belief_inputs(resolved["belief"]),
            **columns.criterion_inputs(resolved["criterion"]),
        }

    def point_inputs(self, base, swept, size) -> dict[str, np.ndarray]:
        return columns.full_columns(base, swept, size)

    def validate(self, cols: dict[str, np.ndarray]) -> np.ndarray:
        flags = columns.Flags(cols)
        flags.choice("model.combat", COMBAT_MODELS)
        columns.check_parameters(flags)
        columns.check_belief(flags)
        columns.check_criterion(flags)
        return flags.message

    def solve_points(self, cols, message) -> dict[str, np.ndarray]:
        return solve_in_groups(cols, message, GROUP_KEYS, solve_rows, blocks, OUTPUT_NAMES)
