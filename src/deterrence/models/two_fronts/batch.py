"""The two-front model's sweep adapter: flat input columns in, output columns out.

Columns are the shared ``[parameters]``, ``[belief]`` and ``[criterion]``
columns (``models.columns``) plus ``two_fronts.*``; ``two_fronts.pacific_share``
expands into ``_lo`` and ``_hi``, and ``two_fronts.pacific_share_mid`` and
``_width`` are derived axes.  Belief points are solved together by
:meth:`TwoFrontsModel.solve_batch`; equilibrium points one at a time (each is
a game), reporting the equilibrium A prefers and the number of equilibria.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from deterrence.models import columns
from deterrence.models.batch import even_blocks, solve_in_groups
from deterrence.models.beliefs import Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.two_fronts.game import ThirdParty, TwoFrontsGame
from deterrence.models.two_fronts.model import (
    NUMERIC_FIELDS,
    OUTPUT_NAMES,
    RESPONSES,
    SHARE_NODES,
    TwoFrontsModel,
)
from deterrence.solvers.bounded import GRID

SHARE = "two_fronts.pacific_share"
TWO_FRONTS_KEYS = (
    "budget",
    "europe_value",
    "europe_strength",
    "europe_war_cost",
    "pacific_share",
    "response",
    "allocation_levels",
    "third_party_value",
    "europe_stakes",
    "europe_cost",
)
GAME_DEFAULTS = {
    "allocation_levels": 21.0,
    "third_party_value": 0.25,
    "europe_stakes": 1.0,
    "europe_cost": 0.3,
}
TWO_FRONTS_COLUMNS = tuple(
    c
    for k in TWO_FRONTS_KEYS
    for c in ((f"{SHARE}_lo", f"{SHARE}_hi") if k == "pacific_share" else (f"two_fronts.{k}",))
)
INPUT_COLUMNS = (
    "model.combat",
    *columns.PARAMETER_COLUMNS,
    *TWO_FRONTS_COLUMNS,
    *columns.BELIEF_COLUMNS,
    *columns.CRITERION_COLUMNS,
)
TEXT_COLUMNS = ("model.combat", "two_fronts.response", "belief.mode", "criterion.name")
GROUP_KEYS = (*TEXT_COLUMNS, "belief.beta_a")
DERIVED_AXES = {
    **columns.DERIVED_AXES,
    f"{SHARE}_mid": "midpoint of the interval of the Pacific share π",
    f"{SHARE}_width": "width of the interval of the Pacific share π",
}
ELEMENT_BUDGET = 3_000_000


def build_batch(cols: dict[str, np.ndarray], rows: np.ndarray):
    """The batch model and criterion of the given points (one categorical group)."""

    def col(key):
        return np.asarray(cols[key][rows], dtype=float)[:, None]

    def par(name):
        return col(f"parameters.{name}")

    combat = Combat(
        cols["model.combat"][rows[0]],
        par("decisiveness"),
        par("effectiveness_ratio"),
        par("effectiveness_noise"),
    )
    if np.isnan(cols["belief.beta_a"][rows[0]]):
        belief = Belief("exogenous", col("belief.q_lo"), col("belief.q_hi"))
    else:
        belief = Belief("exogenous", beta=(col("belief.beta_a"), col("belief.beta_b")))
    model = TwoFrontsModel(
        budget=col("two_fronts.budget"),
        pacific_value=par("stakes"),
        europe_value=col("two_fronts.europe_value"),
        target_strength=par("target_strength"),
        pacific_reinforcement=par("interoperability") * par("third_party_strength"),
        europe_strength=col("two_fronts.europe_strength"),
        war_cost=par("war_cost"),
        intervention_war_cost=par("intervention_war_cost"),
        europe_war_cost=col("two_fronts.europe_war_cost"),
        force_cost=par("force_cost"),
        share_lo=col(f"{SHARE}_lo"),
        share_hi=col(f"{SHARE}_hi"),
        combat=combat,
        belief=belief,
    )
    return model, columns.batch_criterion(cols, rows)


def solve_games(cols: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Equilibrium points, one game each: the equilibrium A prefers, and how many there are."""
    out = {name: np.full(rows.size, np.nan) for name in OUTPUT_NAMES}
    for i, row in enumerate(rows):
        model, _ = build_batch(cols, np.array([row]))
        scalar = TwoFrontsModel(
            **{k: float(np.ravel(getattr(model, k))[0]) for k in NUMERIC_FIELDS},
            combat=Combat(
                model.combat.name,
                *(
                    float(np.ravel(v)[0])
                    for v in (
                        model.combat.decisiveness,
                        model.combat.effectiveness_ratio,
                        model.combat.effectiveness_noise,
                    )
                ),
            ),
            belief=Belief.point(0.0),
        )
        third = ThirdParty(
            *(
                float(cols[key][row])
                for key in (
                    "two_fronts.third_party_value",
                    "parameters.third_party_cost",
                    "parameters.third_party_loss",
                    "two_fronts.europe_stakes",
                    "two_fronts.europe_cost",
                )
            )
        )
        levels = int(cols["two_fronts.allocation_levels"][row])
        solution = TwoFrontsGame(scalar, third, levels).solve()
        out["equilibria"][i] = len(solution.equilibria)
        if not solution.equilibria:
            continue
        e = solution.equilibria[0]
        for key in (
            "pacific_force",
            "europe_force",
            "pacific_win_probability",
            "europe_win_probability",
            "value",
        ):
            out[key][i] = getattr(e, key)
        for state in ("stays_out", "joins_pacific", "opens_europe"):
            out[f"r_{state}"][i] = e.third_party_mix[state]
    return out


def solve_rows(cols: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Outputs of one categorical group's points."""
    with np.errstate(all="ignore"):
        if cols["two_fronts.response"][rows[0]] == "equilibrium":
            return solve_games(cols, rows)
        model, crit = build_batch(cols, rows)
        return model.solve_batch(crit)


def blocks(cols: dict[str, np.ndarray], group: np.ndarray) -> list[np.ndarray]:
    """A group's rows in blocks whose largest temporary stays within ELEMENT_BUDGET."""
    name = cols["criterion.name"][group[0]]
    width = {"smooth": SHARE_NODES, "minimax_regret": 4, "maxmin": 4, "alpha_maxmin": 4}
    return even_blocks(group, max(1, ELEMENT_BUDGET // (width.get(name, 3) * GRID)))


class TwoFrontsBatch:
    """The :class:`~deterrence.models.family.BatchAdapter` of the two-front model."""

    input_columns = INPUT_COLUMNS
    text_columns = TEXT_COLUMNS
    output_names = OUTPUT_NAMES
    derived_axes = DERIVED_AXES
    set_keys = (*columns.BELIEF_SETS, SHARE)
    categorical = ("model.combat", "two_fronts.response", "belief.mode", "criterion.name")

    def sweep_keys(self) -> list[str]:
        """Every key a ``[sweep]`` may name."""
        keys = ["model.combat", *columns.PARAMETER_COLUMNS]
        keys += [f"two_fronts.{k}" for k in TWO_FRONTS_KEYS]
        keys += ["belief.q", *columns.CRITERION_COLUMNS]
        return keys + list(DERIVED_AXES)

    def expand(self, key: str, value: Any) -> dict[str, float]:
        if key == SHARE:
            lo, hi = (value, value) if not isinstance(value, (list, tuple)) else value
            return {f"{SHARE}_lo": float(lo), f"{SHARE}_hi": float(hi)}
        return columns.belief_columns(key, value)

    def sampled(self, key: str, column: np.ndarray) -> dict[str, np.ndarray]:
        if key == SHARE:
            return {f"{SHARE}_lo": column, f"{SHARE}_hi": column}
        return columns.sampled_belief(key, column)

    def base_inputs(self, resolved: dict[str, dict[str, Any]]) -> dict[str, Any]:
        spec = resolved["two_fronts"]
        out: dict[str, Any] = {"model.combat": resolved["model"]["combat"]}
        out.update(columns.parameter_inputs(resolved))
        for key in TWO_FRONTS_KEYS:
            if key == "pacific_share":
                out.update(self.expand(SHARE, spec[key]))
            elif key == "response":
                out[f"two_fronts.{key}"] = spec[key]
            else:
                out[f"two_fronts.{key}"] = float(spec.get(key, GAME_DEFAULTS.get(key, np.nan)))
        out.update(columns.belief_inputs(resolved["belief"]))
        out.update(columns.criterion_inputs(resolved["criterion"]))
        return out

    def point_inputs(self, base, swept, size) -> dict[str, np.ndarray]:
        cols = columns.full_columns(base, swept, size)
        mid_key, width_key = f"{SHARE}_mid", f"{SHARE}_width"
        if mid_key in swept or width_key in swept:
            lo, hi = cols[f"{SHARE}_lo"], cols[f"{SHARE}_hi"]
            mid = np.asarray(swept.get(mid_key, (lo + hi) / 2), float)
            width = np.asarray(swept.get(width_key, hi - lo), float)
            cols[f"{SHARE}_lo"], cols[f"{SHARE}_hi"] = mid - width / 2, mid + width / 2
            cols[mid_key], cols[width_key] = mid, width
        return cols

    def validate(self, cols: dict[str, np.ndarray]) -> np.ndarray:
        flags = columns.Flags(cols)
        flags.choice("model.combat", COMBAT_MODELS)
        columns.check_parameters(flags)
        flags.choice("two_fronts.response", RESPONSES)
        game = cols["two_fronts.response"] == "equilibrium"
        flags.bound("two_fronts.budget", "positive")
        for key in ("europe_value", "europe_war_cost"):
            flags.bound(f"two_fronts.{key}", "nonnegative")
        flags.bound("two_fronts.europe_strength", "positive")
        for key in (f"{SHARE}_lo", f"{SHARE}_hi"):
            flags.bound(key, "unit")
        flags.flag(
            cols[f"{SHARE}_lo"] > cols[f"{SHARE}_hi"], f"must be <= {SHARE}_hi", f"{SHARE}_lo"
        )
        levels = np.asarray(cols["two_fronts.allocation_levels"], float)
        flags.flag(
            game & ~((levels >= 2) & (levels == np.floor(levels))),
            "must be a whole number >= 2",
            "two_fronts.allocation_levels",
        )
        flags.bound("two_fronts.third_party_value", "finite", game)
        for key in ("europe_stakes", "europe_cost"):
            flags.bound(f"two_fronts.{key}", "nonnegative", game)
        flags.flag(
            ~game & (cols["belief.mode"] != "exogenous"),
            "must be exogenous (for R best-responding use two_fronts.response = equilibrium)",
            "belief.mode",
        )
        columns.check_belief(flags)
        columns.check_criterion(flags)
        return flags.message

    def solve_points(self, cols, message) -> dict[str, np.ndarray]:
        return solve_in_groups(cols, message, GROUP_KEYS, solve_rows, blocks, OUTPUT_NAMES)
