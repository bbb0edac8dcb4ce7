"""deterrence analyze: Sobol', Morris and delta indices through SALib."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from deterrence.runs.analysis.sensitivity import analyze
from deterrence.runs.analysis.table import Design, from_frame
from deterrence.runs.sweeps.design import SweepSpec
from tests.analysis.helpers import analyze_json, run, sweep

# Ishigami & Homma (1990) with a = 7, b = 0.1 on [-pi, pi]^3: the analytic indices
ISHIGAMI_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}
ISHIGAMI_S13 = 0.2437


def ishigami_table(n: int = 2048, seed: int = 1):
    """An Ishigami 'sweep table': the saltelli design's columns, as a sweep would write them."""
    pi = np.pi
    ranges = {"x1": (-pi, pi), "x2": (-pi, pi), "x3": (-pi, pi)}
    spec = SweepSpec("saltelli", {}, ranges, n, seed, 10**6, second_order=True)
    cols = spec.columns(0, spec.size, spec.unit_samples())
    x1, x2, x3 = cols["x1"], cols["x2"], cols["x3"]
    y = np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)
    frame = pd.DataFrame(
        {"point": np.arange(spec.size), **cols, "ishigami": y, "status": "ok", "message": None}
    )
    return from_frame(frame, Design.from_spec(spec))


def test_sobol_indices_of_ishigami_equal_the_analytic_values_within_their_intervals():
    result = analyze(ishigami_table(), "sobol", ["ishigami"]).results[0]
    assert result.n_points == 2048 * 8
    for row in result.rows:
        name = row["parameter"]
        assert abs(row["S1"] - ISHIGAMI_S1[name]) <= row["S1_conf"], row
        assert abs(row["ST"] - ISHIGAMI_ST[name]) <= row["ST_conf"], row
    pair = next(p for p in result.pairs if p["parameters"] == ["x1", "x3"])
    assert abs(pair["S2"] - ISHIGAMI_S13) <= pair["S2_conf"]
    assert [r["parameter"] for r in result.rows] == ["x1", "x2", "x3"]  # ranked by ST


def test_delta_ranks_ishigami_inputs_and_s1_matches_sobol():
    table = ishigami_table(n=128)
    result = analyze(table, "delta", ["ishigami"], num_resamples=20).results[0]
    s1 = {r["parameter"]: r for r in result.rows}
    assert s1["x2"]["S1"] > s1["x1"]["S1"] > s1["x3"]["S1"]  # 0.44 > 0.31 > 0 analytically
    assert abs(s1["x3"]["S1"]) < 0.05
    assert s1["x3"]["delta"] > 0.05  # moment-independent: x3 matters through the spread


def test_the_bootstrap_is_reproducible_from_the_seed():
    table = ishigami_table(n=256)
    a = analyze(table, "sobol", ["ishigami"], seed=3).to_record()
    b = analyze(table, "sobol", ["ishigami"], seed=3).to_record()
    c = analyze(table, "sobol", ["ishigami"], seed=4).to_record()
    assert a == b and a != c and a["seed"] == 3


INERT = """
[sweep]
design = "{design}"
n = {n}
seed = 2
[sweep.ranges]
"parameters.force_cost" = [0.1, 0.4]
"parameters.intervention_war_cost" = [0.8, 2.0]
"parameters.third_party_cost" = [0.0, 1.0]
"""


@pytest.fixture(scope="module")
def saltelli_folder(tmp_path_factory):
    from deterrence.cli import main
    from tests.analysis.helpers import write_config

    folder = tmp_path_factory.mktemp("saltelli")
    config = write_config(folder, INERT.format(design="saltelli", n=64))
    assert main(["sweep", str(config), "--out", str(folder / "r")]) == 0
    return folder / "r"


def test_an_input_that_cannot_matter_gets_sobol_indices_within_their_interval_of_0(
    saltelli_folder, capsys
):
    """R's cost of intervening enters only R's choice, which the exogenous mode does not model."""
    record = analyze_json(capsys, saltelli_folder, "--method", "sobol")
    assert record["method"] == "sobol" and len(record["results"]) == 4
    for result in record["results"]:
        assert result["n_points"] == 64 * 5 and result["by"] == {}
        row = next(r for r in result["indices"] if r["parameter"] == "parameters.third_party_cost")
        assert abs(row["S1"]) <= row["S1_conf"] + 1e-12
        assert abs(row["ST"]) <= row["ST_conf"] + 1e-12
    threshold = next(r for r in record["results"] if r["output"] == "threshold")
    top = threshold["indices"][0]
    assert top["parameter"] != "parameters.third_party_cost" and top["ST"] > 0.1


def test_an_input_that_cannot_matter_gets_morris_mu_star_within_its_interval_of_0(tmp_path, capsys):
    out = sweep(capsys, tmp_path, INERT.format(design="morris", n=12))
    record = analyze_json(capsys, out, "--method", "morris", "--output", "threshold")
    (result,) = record["results"]
    assert result["n_points"] == 12 * 4
    rows = {r["parameter"]: r for r in result["indices"]}
    inert = rows["parameters.third_party_cost"]
    assert abs(inert["mu_star"]) <= inert["mu_star_conf"] + 1e-12 and inert["sigma"] == 0
    assert rows["parameters.force_cost"]["mu_star"] > rows["parameters.force_cost"]["mu_star_conf"]
    # delta works on the same table
    delta = analyze_json(
        capsys, out, "--method", "delta", "--output", "threshold", "--resamples", "10"
    )
    assert {"delta", "delta_conf", "S1", "S1_conf"} <= set(delta["results"][0]["indices"][0])


def test_axes_split_the_analysis_and_by_adds_columns(tmp_path, capsys):
    out = sweep(
        capsys,
        tmp_path,
        """
[sweep]
design = "lhs"
n = 200
seed = 1
[sweep.ranges]
"parameters.force_cost" = [0.1, 0.4]
"belief.q_mid" = [0.3, 0.5]
[sweep.axes]
"criterion.name" = ["maxmin", "expected"]
""",
    )
    record = analyze_json(
        capsys, out, "--method", "delta", "--output", "threshold", "--resamples", "10"
    )
    assert [r["by"] for r in record["results"]] == [
        {"criterion.name": "expected"},
        {"criterion.name": "maxmin"},
    ]
    assert all(r["n_points"] == 200 for r in record["results"])
    code, text, _err = run(
        capsys, "analyze", out, "--method", "delta", "--output", "threshold", "--resamples", "10"
    )
    assert code == 0 and "criterion.name = maxmin" in text and "belief.q_mid" in text
    assert (out / "delta_threshold.png").stat().st_size > 0


FAILING = """
[sweep]
design = "saltelli"
n = 16
seed = 1
[sweep.ranges]
"parameters.war_cost" = [0.2, 1.5]
"parameters.intervention_war_cost" = [0.8, 2.0]
"""


def test_a_sobol_analysis_over_failed_points_exits_2_saying_how_many_and_why(tmp_path, capsys):
    out = sweep(capsys, tmp_path, FAILING)
    from deterrence.results import load

    invalid = int((load(out)["status"] == "invalid").sum())
    assert 0 < invalid < 64
    code, text, err = run(capsys, "analyze", out, "--method", "sobol", "--output", "threshold")
    assert code == 2 and text == ""
    assert len(err.strip().splitlines()) == 1
    assert f"{invalid} of 64 points have no value: {invalid} invalid" in err
    assert "k_I >= k_N" in err
    # delta drops them and says so
    record = analyze_json(
        capsys, out, "--method", "delta", "--output", "threshold", "--resamples", "10"
    )
    assert record["results"][0]["excluded"] == {"invalid": invalid}
    assert record["results"][0]["n_points"] == 64 - invalid


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--method", "anova"], "--method: anova: unknown method (allowed: sobol, morris, delta)"),
        (["--method", "sobol", "--output", "victory"], "--output: victory: not an output"),
        (["--method", "morris"], "needs a design = 'morris' sweep"),
        (["--method", "sobol", "--by", "nothing"], "--by: nothing: not a column"),
    ],
)
def test_bad_requests_exit_2_with_one_line(saltelli_folder, capsys, args, fragment):
    code, out, err = run(capsys, "analyze", saltelli_folder, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err, err


def test_a_folder_that_is_not_a_sweep_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "analyze", tmp_path / "nothing", "--method", "delta")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_the_table_and_figures(saltelli_folder, capsys, tmp_path):
    code, text, _ = run(
        capsys, "analyze", saltelli_folder, "--method", "sobol", "--out", tmp_path / "figs"
    )
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("threshold  (320 points)")
    assert "±" in lines[2] and "95% bootstrap interval" in text
    assert (tmp_path / "figs" / "sobol_force_premium.png").exists()
    assert json.dumps  # the text path prints no JSON


@pytest.mark.parametrize("second", [True, False])
def test_the_vectorised_bootstrap_equals_salib_s_own_analyze(second):
    """Same estimators, same resamples: the numbers of SALib.analyze.sobol.analyze."""
    from SALib.analyze import sobol

    from deterrence.runs.analysis.sobol import sobol_indices

    table = ishigami_table(n=256)
    design = SweepSpec(
        "saltelli",
        {},
        dict.fromkeys(("x1", "x2", "x3"), (-np.pi, np.pi)),
        256,
        1,
        10**6,
        second_order=second,
    )
    cols = design.columns(0, design.size, design.unit_samples())
    y = (
        np.sin(cols["x1"])
        + 7 * np.sin(cols["x2"]) ** 2
        + 0.1 * cols["x3"] ** 4 * np.sin(cols["x1"])
    )
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    expected = sobol.analyze(problem, y, calc_second_order=second, num_resamples=50, seed=7)
    got = sobol_indices(y, 3, second, 50, 0.95, seed=7)
    keys = ("S1", "S1_conf", "ST", "ST_conf") + (("S2", "S2_conf") if second else ())
    for key in keys:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-10, atol=1e-12, err_msg=key)
    assert table.outputs == ("ishigami",)


def test_an_incomplete_folder_is_refused_unless_partial(tmp_path, capsys):
    text = INERT.format(design="lhs", n=60).replace("seed = 2\n", "seed = 2\nchunk_size = 20\n")
    out = sweep(capsys, tmp_path, text)
    sorted(out.glob("chunks/part-*.parquet"))[-1].unlink()
    code, text, err = run(capsys, "analyze", out, "--method", "delta", "--output", "threshold")
    assert code == 2 and text == "" and len(err.strip().splitlines()) == 1
    record = analyze_json(
        capsys, out, "--method", "delta", "--output", "threshold", "--partial", "--resamples", "5"
    )
    assert record["results"][0]["n_points"] == 40
