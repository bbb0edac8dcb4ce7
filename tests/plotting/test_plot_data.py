"""The data behind `deterrence plot`: categories, yes/no outputs, constant fields,
coinciding lines, colour scales and titles (checked on the data, not on pixels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from deterrence.models.solution import OUTPUT_NAMES
from deterrence.runs.errors import ConfigError
from deterrence.runs.plot_data import MAX_LEGEND, MAX_PANELS, coincident_groups, pivot
from deterrence.runs.quantities import OUTPUTS, fixed_values, label, quantity, scenario_title

CRITERIA = ["maxmin", "expected", "alpha_maxmin"]  # config order, not alphabetical
WIDTHS = [0.0, 0.2, 0.4]
RESOLVED = {
    "model": {"name": "intervention", "combat": "contest"},
    "parameters": {"stakes": 4.0, "interoperability": 0.5, "force_cost": 0.2},
    "belief": {"mode": "exogenous", "q": [0.2, 0.6]},
    "criterion": {"name": "maxmin", "alpha": 0.5, "ambiguity_aversion": 2.0, "penalty": 1.0},
}
MANIFEST = {
    "config_file": "headline.toml",
    "config": RESOLVED,
    "sweep": {"axes": {"belief.q_width": WIDTHS, "criterion.name": CRITERIA}},
}


def table(**outputs) -> pd.DataFrame:
    """A results table over widths x criteria; expected and alpha_maxmin coincide."""
    rows = []
    for w in WIDTHS:
        for c in CRITERIA:
            threshold = 1.7 + (w if c == "maxmin" else 0.0)
            rows.append(
                {
                    "point": len(rows),
                    "belief.q_width": w,
                    "criterion.name": c,
                    "parameters.stakes": 4.0,
                    "attack": threshold < 1.85,
                    "threshold": threshold,
                    "threshold_premium": threshold - 1.7,
                    "force": 3.0,
                    "status": "ok",
                    "message": None,
                }
            )
    df = pd.DataFrame(rows)
    for name, values in outputs.items():
        df[name] = values
    df["criterion.name"] = df["criterion.name"].astype("string")
    return df


def grid(**outputs) -> pd.DataFrame:
    """A 3 x 3 grid of stakes x widths under one criterion, outputs given as functions."""
    rows = []
    for w in WIDTHS:
        for v in (1.0, 2.0, 3.0):
            row = {"point": len(rows), "parameters.stakes": v, "belief.q_width": w, "status": "ok"}
            rows.append(row | {k: f(v, w) for k, f in outputs.items()})
    return pd.DataFrame(rows)


def cube() -> pd.DataFrame:
    """Stakes x widths x criteria; maxmin's premium is the width, the others' 0."""
    frames = []
    for c in CRITERIA:
        premium = (lambda v, w: w) if c == "maxmin" else (lambda v, w: 0.0)
        frames.append(
            grid(threshold_premium=premium, attack=lambda v, w: True).assign(
                **{"criterion.name": c}
            )
        )
    return pd.concat(frames, ignore_index=True)


def test_every_output_has_a_name_a_symbol_slot_and_no_raw_key():
    for name in OUTPUT_NAMES:
        q = quantity(name)
        assert q is OUTPUTS[name]
        assert "_" not in q.name and q.name != name
    assert label("criterion.name") == "criterion"
    assert label("threshold") == "aggression threshold V* (cost units)"
    assert label("parameters.stakes") == "stakes V (cost units)"
    assert "_" not in label("some_new.column_name")


def test_x_equal_to_y_or_by_is_one_line_error():
    with pytest.raises(ConfigError, match="same column as --x") as err:
        pivot(table(), "belief.q_width", "threshold", y="belief.q_width")
    assert "\n" not in str(err.value)
    with pytest.raises(ConfigError, match="same column as --x"):
        pivot(table(), "criterion.name", "threshold", by="criterion.name")


def test_categorical_x_is_drawn_as_categories_in_config_order():
    data = pivot(table(), "criterion.name", "threshold", by="belief.q_width")
    assert data.x_categories == tuple(CRITERIA)
    x, z = data.series["0.4"]
    np.testing.assert_array_equal(x, [0, 1, 2])
    np.testing.assert_allclose(z, [2.1, 1.7, 1.7])


def test_categorical_y_map_is_a_grid_of_cells():
    data = pivot(table(), "belief.q_width", "threshold", y="criterion.name")
    assert data.y_categories == tuple(CRITERIA)
    _, y, z = data.grids[""]
    np.testing.assert_array_equal(y, [0, 1, 2])
    np.testing.assert_allclose(z[0], [1.7, 1.9, 2.1])  # maxmin's row
    assert data.levels[0] <= 1.7 and data.levels[-1] >= 2.1


def test_lines_that_coincide_share_a_legend_entry():
    data = pivot(table(), "belief.q_width", "threshold", by="criterion.name")
    assert data.groups == (("maxmin",), ("expected", "alpha_maxmin"))
    assert data.group_label(data.groups[1]) == "expected = alpha_maxmin"
    a = (np.array([0.0, 1.0]), np.array([1.0, 2.0]))
    b = (np.array([0.0, 1.0]), np.array([1.0, 2.0 + 1e-6]))
    assert coincident_groups({"a": a, "b": b}) == (("a",), ("b",))


def test_boolean_output_is_a_region_map_without_contour_levels():
    df = grid(attack=lambda stakes, width: stakes > 1.5 + 2 * width)
    data = pivot(df, "parameters.stakes", "attack", y="belief.q_width")
    assert data.boolean and data.levels == ()
    _, _, z = data.grids[""]
    np.testing.assert_array_equal(z, [[0, 1, 1], [0, 1, 1], [0, 0, 1]])


def test_constant_field_is_one_level_with_a_note():
    df = grid(force=lambda stakes, width: 3.0)
    data = pivot(df, "parameters.stakes", "force", y="belief.q_width")
    assert data.constant == 3.0 and data.levels == ()
    assert data.note == "optimal force = 3 at every point"
    attack = pivot(
        cube(),
        "parameters.stakes",
        "attack",
        y="belief.q_width",
        by="criterion.name",
    )
    assert attack.note == "A attacks at every point"


def test_one_colour_scale_for_panels_and_a_note_for_a_constant_panel():
    data = pivot(
        cube(), "parameters.stakes", "threshold_premium", y="belief.q_width", by="criterion.name"
    )
    assert data.constant is None
    assert data.levels[0] <= 0.0 and data.levels[-1] >= 0.4  # covers every panel
    assert data.panel_constants == {"expected": 0.0, "alpha_maxmin": 0.0}
    assert data.panel_note("expected") == "threshold premium = 0 at every point"
    assert data.panel_note("maxmin") == ""


def test_many_numeric_by_values_get_a_colour_scale():
    n = MAX_LEGEND + 4
    df = pd.DataFrame(
        {
            "point": range(2 * n),
            "parameters.stakes": np.tile([1.0, 2.0], n),
            "parameters.interoperability": np.repeat(np.linspace(0, 1, n), 2),
            "threshold": np.arange(2 * n, dtype=float),
            "status": "ok",
        }
    )
    data = pivot(df, "parameters.stakes", "threshold", by="parameters.interoperability")
    assert len(data.by_scale) == n and data.by_scale[0] == 0.0 and data.by_scale[-1] == 1.0
    few = pivot(
        df[df["parameters.interoperability"] < 0.3],
        "parameters.stakes",
        "threshold",
        by="parameters.interoperability",
    )
    assert few.by_scale == ()


def test_title_names_the_scenario_and_subtitle_what_is_fixed():
    data = pivot(table(), "belief.q_width", "threshold", by="criterion.name", manifest=MANIFEST)
    assert data.title == "headline"
    assert "q centred on 0.4" in data.subtitle
    assert "V = 4" in data.subtitle and "e = 0.5" in data.subtitle
    assert "criterion maxmin" not in data.subtitle  # swept
    assert "α = 0.5 (alpha_maxmin)" in data.subtitle and "λ" not in data.subtitle
    titled = {**MANIFEST, "config": {**RESOLVED, "title": "Taiwan 2026"}}
    assert (
        pivot(table(), "belief.q_width", "threshold", by="criterion.name", manifest=titled).title
        == "Taiwan 2026"
    )


def test_fixed_values_of_a_single_run():
    text = fixed_values(RESOLVED)
    assert text.startswith("criterion maxmin · q ∈ [0.2, 0.6]")
    assert "other parameters at their defaults" in text and "α" not in text
    endogenous = {
        **RESOLVED,
        "belief": {"mode": "endogenous", "resolve_mean": [-0.2, 0.2], "resolve_sd": 0.3},
    }
    assert "R best-responds to F (μ ∈ [-0.2, 0.2], σ_θ = 0.3)" in fixed_values(endogenous)
    assert scenario_title({"config_file": "a/b/taiwan_2026.toml"}) == "taiwan_2026"
    assert scenario_title({"config_file": "studies/sweep/config.toml"}) == "sweep"
    assert scenario_title({"title": "  A title ", "config_file": "x.toml"}) == "A title"


def test_a_map_with_too_many_panels_is_refused():
    frames = [
        grid(threshold=lambda v, w: v + w).assign(**{"criterion.alpha": a})
        for a in np.linspace(0, 1, MAX_PANELS + 1)
    ]
    df = pd.concat(frames, ignore_index=True)
    with pytest.raises(ConfigError, match="one panel each"):
        pivot(df, "parameters.stakes", "threshold", y="belief.q_width", by="criterion.alpha")
