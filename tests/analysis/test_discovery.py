"""deterrence discover: PRIM boxes whose coverage, density and mass are those of the table."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from deterrence.results import load
from deterrence.runs.analysis.discovery import choose, discover, in_box
from deterrence.runs.analysis.table import Design, from_frame
from tests.analysis.helpers import run

pytestmark = pytest.mark.discovery
pytest.importorskip("ema_workbench", reason="the EMA Workbench is the optional extra [discovery]")

LHS = """
[sweep]
design = "lhs"
n = 600
seed = 11
[sweep.ranges]
"parameters.intervention_war_cost" = [0.8, 2.0]
"parameters.force_cost" = [0.1, 0.4]
"belief.q_width" = [0.0, 0.6]
[sweep.axes]
"criterion.name" = ["maxmin", "smooth"]
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from deterrence.cli import main
    from tests.analysis.helpers import write_config

    root = tmp_path_factory.mktemp("prim")
    config = write_config(root, LHS)
    assert main(["sweep", str(config), "--out", str(root / "r")]) == 0
    return root / "r"


def recomputed(frame: pd.DataFrame, output: str, value: float, limits: dict) -> dict:
    """Coverage, density and mass straight from the table, as the issue defines them."""
    frame = frame[(frame["status"] == "ok") & frame[output].notna()]
    meets = frame[output] > value
    inside = pd.Series(True, index=frame.index)
    for column, limit in limits.items():
        if isinstance(limit[0], str):
            inside &= frame[column].astype(str).isin(limit)
        else:
            inside &= frame[column].between(limit[0], limit[1])
    return {
        "coverage": (inside & meets).sum() / meets.sum(),
        "density": (inside & meets).sum() / inside.sum(),
        "mass": inside.sum() / len(frame),
    }


def test_reported_coverage_density_and_mass_are_those_of_the_table(folder, capsys):
    code = run(
        capsys, "discover", folder, "--output", "threshold_premium", "--above", "0.1", "--json"
    )
    assert code[0] == 0, code[2]
    record = json.loads(code[1])
    frame = load(folder)
    assert record["condition"] == ">" and record["value"] == 0.1
    assert record["base_rate"] == pytest.approx((frame["threshold_premium"] > 0.1).mean())
    assert record["boxes"], "PRIM should find a box"
    first = record["boxes"][0]
    assert "criterion.name" in first["limits"] or len(first["limits"]) >= 1
    for box in record["boxes"]:
        expected = recomputed(frame, "threshold_premium", 0.1, box["limits"])
        for key in ("coverage", "density", "mass"):
            assert box[key] == pytest.approx(expected[key], abs=1e-12), key
    assert first["meets_threshold"] and first["density"] >= 0.8


def test_where_ambiguity_raises_the_threshold_by_more_than_10_percent(folder):
    """threshold_premium_relative = premium / V* under expected utility at the mean prior."""
    frame = load(folder)
    if "threshold_premium_relative" not in frame:  # until the solver reports it
        baseline = frame["threshold"] - frame["threshold_premium"]
        frame["threshold_premium_relative"] = frame["threshold_premium"] / baseline
    table = from_frame(
        frame,
        Design(
            "lhs",
            {
                "parameters.intervention_war_cost": (0.8, 2.0),
                "parameters.force_cost": (0.1, 0.4),
                "belief.q_width": (0.0, 0.6),
            },
            ("criterion.name",),
        ),
    )
    found = discover(table, "threshold_premium_relative", ">", 0.1)
    assert 0 < found.base_rate < 1 and found.boxes
    box = found.boxes[0]
    meets = frame["threshold_premium_relative"].to_numpy() > 0.1
    inside = in_box(frame, box.limits)
    assert box.coverage == pytest.approx((inside & meets).sum() / meets.sum())
    assert box.density == pytest.approx((inside & meets).sum() / inside.sum())
    assert box.mass == pytest.approx(inside.mean())
    assert box.limits.get("criterion.name") == ["maxmin"]  # smooth's premium stays small
    assert "belief.q_width" in box.limits  # more ambiguity, more premium


def test_the_chosen_box_follows_the_stated_rule():
    trajectory = pd.DataFrame(
        {
            "coverage": [1.0, 0.9, 0.8, 0.8, 0.5],
            "density": [0.3, 0.6, 0.85, 0.9, 0.99],
            "res_dim": [0, 1, 2, 1, 3],
        }
    )
    assert choose(trajectory, 0.8) == 3  # largest coverage at density >= 0.8, fewer inputs
    assert choose(trajectory, 0.995) == 4  # none reaches it: the densest


def test_a_condition_that_holds_nowhere_finds_no_box(folder, capsys):
    code, out, _err = run(capsys, "discover", folder, "--output", "threshold", "--above", "1e9")
    assert code == 0 and "0.0% of 1200 points" in out and "no box" in out


def test_text_report_and_figure(folder, capsys, tmp_path):
    code, out, err = run(
        capsys,
        "discover",
        folder,
        "--output",
        "threshold_premium",
        "--below",
        "0.05",
        "--out",
        tmp_path,
    )
    assert code == 0, err
    assert out.startswith("threshold_premium below 0.05:") and "box 1: coverage" in out
    assert (tmp_path / "prim_threshold_premium_below_0.05.png").stat().st_size > 0


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--output", "victory", "--above", "1"], "--output: victory: not an output"),
        (["--output", "threshold", "--above", "1", "--threshold-share", "0"], "--threshold-share"),
        (["--output", "threshold", "--above", "nan"], "--above: nan: must be a finite number"),
        (["--output", "threshold"], "one of the arguments --above --below is required"),
        (["--output", "threshold", "--above", "1", "--below", "2"], "not allowed with"),
    ],
)
def test_bad_requests_exit_2_with_one_line(folder, capsys, args, fragment):
    code, out, err = run(capsys, "discover", folder, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err, err


def test_in_box_is_inclusive_and_reads_categories():
    frame = pd.DataFrame({"a": [0.0, 0.5, 1.0], "c": ["x", "y", "x"]})
    assert np.array_equal(in_box(frame, {"a": [0.5, 1.0]}), [False, True, True])
    assert np.array_equal(in_box(frame, {"a": [0.0, 1.0], "c": ["x"]}), [True, False, True])
