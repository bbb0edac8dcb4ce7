"""Sweep designs, point inputs, failures, the store and the plot data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import deterrence.runs.sweeps.points as points
from deterrence.results import load, manifest
from deterrence.runs.config import build
from deterrence.runs.errors import ConfigError
from deterrence.runs.plot_data import plot_data
from deterrence.runs.sweeps.design import parse_sweep
from deterrence.runs.sweeps.run import run_sweep


def config_with(sweep: dict, **sections):
    return build({**sections, "sweep": sweep}, "test.toml")


def grid_config(**extra):
    axes = {
        "belief.q_width": {"linspace": [0.0, 0.4, 5]},
        "criterion.name": ["expected", "maxmin", "smooth"],
    }
    return config_with({"design": "grid", "axes": axes, **extra})


def test_grid_is_row_major_full_factorial():
    spec = parse_sweep(grid_config())
    assert spec.size == 15
    cols = spec.columns(0, spec.size, None)
    np.testing.assert_allclose(cols["belief.q_width"], np.repeat([0, 0.1, 0.2, 0.3, 0.4], 3))
    assert list(cols["criterion.name"][:4]) == ["expected", "maxmin", "smooth", "expected"]


def test_logspace_follows_numpy():
    spec = parse_sweep(config_with({"axes": {"parameters.stakes": {"logspace": [0, 1, 3]}}}))
    np.testing.assert_allclose(spec.axes["parameters.stakes"], [1.0, 10**0.5, 10.0])


@pytest.mark.parametrize("design", ["random", "lhs", "sobol"])
def test_sampled_designs_cover_ranges_and_cross_axes(design):
    cfg = config_with(
        {
            "design": design,
            "n": 64,
            "seed": 4,
            "ranges": {"parameters.stakes": [1.0, 6.0], "belief.q_mid": [0.2, 0.4]},
            "axes": {"criterion.name": ["expected", "maxmin"]},
        }
    )
    spec = parse_sweep(cfg)
    assert spec.size == 128
    unit = spec.unit_samples()
    cols = spec.columns(0, 128, unit)
    assert np.all((cols["parameters.stakes"] >= 1) & (cols["parameters.stakes"] <= 6))
    # each sample is solved at every axis combination, consecutively
    np.testing.assert_array_equal(cols["parameters.stakes"][0::2], cols["parameters.stakes"][1::2])
    if design == "lhs":  # one sample in each of the n strata of every range
        strata = np.floor(unit * 64).astype(int)
        assert all(sorted(strata[:, j]) == list(range(64)) for j in range(2))
    np.testing.assert_array_equal(unit, parse_sweep(cfg).unit_samples())  # seeded


@pytest.mark.parametrize(
    "sweep, key",
    [
        ({"axes": {"parameters.stakse": [1]}}, "sweep.axes.parameters.stakse"),
        ({"axes": {"parameters.stakes": []}}, "sweep.axes.parameters.stakes"),
        ({"axes": {"parameters.stakes": [-1.0]}}, "sweep.axes.parameters.stakes"),
        ({"design": "lhs", "n": 0, "ranges": {"parameters.stakes": [1, 2]}}, "sweep.n"),
        (
            {"design": "lhs", "n": 10, "ranges": {"parameters.stakes": [3, 2]}},
            "sweep.ranges.parameters.stakes",
        ),
        (
            {"design": "lhs", "n": 10, "ranges": {"criterion.name": [1, 2]}},
            "sweep.ranges.criterion.name",
        ),
        ({"design": "latin"}, "sweep.design"),
        ({"desing": "grid"}, "sweep.desing"),
        ({"design": "grid"}, "sweep.axes"),
    ],
)
def test_invalid_specs_name_the_key(sweep, key):
    with pytest.raises(ConfigError) as err:
        parse_sweep(config_with(sweep))
    assert err.value.key == key


def test_derived_q_interval_and_invalid_points():
    cfg = config_with({"axes": {"belief.q_width": [0.2, 1.0]}})  # mid 0.4: [-0.1, 0.9] invalid
    spec = parse_sweep(cfg)
    cols = points.point_inputs(points.base_inputs(cfg.resolved), spec.columns(0, 2, None), 2)
    np.testing.assert_allclose(cols["belief.q_lo"], [0.3, -0.1])
    np.testing.assert_allclose(cols["belief.q_hi"], [0.5, 0.9])
    message = points.validate(cols)
    assert message[0] is None and message[1].startswith("belief.q_lo = ")


def test_failing_point_is_recorded_and_the_rest_solved(monkeypatch, tmp_path):
    from deterrence.models.intervention import batch

    solve_rows = batch.solve_rows

    def flaky(cols, rows):
        if np.any(cols["parameters.stakes"][rows] == 3.0):
            raise FloatingPointError("boom")
        return solve_rows(cols, rows)

    monkeypatch.setattr(batch, "solve_rows", flaky)
    cfg = config_with({"axes": {"parameters.stakes": [2.0, 3.0, 4.0]}})
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    df = load(tmp_path / "out")
    assert list(df["status"]) == ["ok", "error", "ok"]
    assert df["message"][1] == "FloatingPointError: boom"
    assert df["threshold"].notna().tolist() == [True, False, True]


def test_store_records_config_seed_version_and_nulls(tmp_path):
    cfg = config_with(
        {
            "design": "random",
            "n": 20,
            "seed": 11,
            "chunk_size": 6,
            "ranges": {"parameters.max_force": [1.0, 5.0]},
        }
    )
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    info = manifest(tmp_path / "out")
    assert info["seed"] == 11 and info["package_version"] and info["complete"]
    assert info["chunks_done"] == [0, 1, 2, 3]
    assert info["config"]["parameters"]["stakes"] == 4.0
    df = load(tmp_path / "out")
    assert list(df["point"]) == list(range(20))
    # a requirement beyond max_force does not exist: null, never a number
    requirement = 3.2411934713052615  # the default scenario's, from the scalar solve
    beyond = df["parameters.max_force"] < requirement
    assert beyond.any() and (~beyond).any()
    assert df.loc[beyond, "force_requirement"].isna().all()
    np.testing.assert_allclose(df.loc[~beyond, "force_requirement"], requirement, rtol=1e-9)


def test_same_table_whatever_the_chunk_size(tmp_path):
    cfg = grid_config()
    run_sweep(cfg, parse_sweep(cfg, chunk_size=4), tmp_path / "a")
    run_sweep(cfg, parse_sweep(cfg, chunk_size=15), tmp_path / "b")
    assert load(tmp_path / "a").equals(load(tmp_path / "b"))


def chunk_checksums(folder: Path) -> dict[int, str]:
    """Each chunk's SHA-256 as its record in chunks.jsonl gives it."""
    import json

    lines = (folder / "chunks.jsonl").read_text().splitlines()
    return {r["chunk"]: r["sha256"] for r in map(json.loads, lines)}


def test_processes_give_the_serial_table(tmp_path):
    """The same table, and byte for byte the same chunk files (in any commit order)."""
    cfg = grid_config(chunk_size=4)
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "s")
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "p", executor="processes", workers=2)
    assert load(tmp_path / "s").equals(load(tmp_path / "p"))
    assert chunk_checksums(tmp_path / "s") == chunk_checksums(tmp_path / "p")
    assert len(chunk_checksums(tmp_path / "s")) == 4


@pytest.mark.dask
def test_dask_gives_the_serial_table(tmp_path):
    pytest.importorskip("dask.distributed", reason="dask is an optional extra")
    cfg = grid_config(chunk_size=4)
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "s")
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "d", executor="dask", workers=2)
    assert load(tmp_path / "s").equals(load(tmp_path / "d"))
    assert chunk_checksums(tmp_path / "s") == chunk_checksums(tmp_path / "d")


def test_plot_data_matches_the_table(tmp_path):
    cfg = grid_config()
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    df = load(tmp_path / "out")
    data = plot_data(tmp_path / "out", "belief.q_width", "threshold", by="criterion.name")
    assert set(data.series) == {"expected", "maxmin", "smooth"}
    for name, (x, z) in data.series.items():
        rows = df[df["criterion.name"] == name].sort_values("belief.q_width")
        np.testing.assert_array_equal(x, rows["belief.q_width"])
        np.testing.assert_array_equal(z, rows["threshold"])
    maxmin = data.series["maxmin"][1]
    assert np.all(np.diff(maxmin) > 0)  # ambiguity raises the maxmin threshold


def test_contour_data_is_the_pivot(tmp_path):
    cfg = config_with(
        {"axes": {"parameters.stakes": [2.0, 3.0, 4.0], "belief.q_width": [0.0, 0.2]}}
    )
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    df = load(tmp_path / "out")
    data = plot_data(tmp_path / "out", "parameters.stakes", "force", y="belief.q_width")
    x, y, z = data.grids[""]
    np.testing.assert_array_equal(x, [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(y, [0.0, 0.2])
    for i, yy in enumerate(y):
        for j, xx in enumerate(x):
            row = df[(df["parameters.stakes"] == xx) & (df["belief.q_width"] == yy)]
            assert z[i, j] == row["force"].item()


def test_plot_data_refuses_ambiguous_lines(tmp_path):
    cfg = grid_config()
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    with pytest.raises(ConfigError, match=r"criterion\.name"):
        plot_data(tmp_path / "out", "belief.q_width", "threshold")
    with pytest.raises(ConfigError, match=r"did you mean"):
        plot_data(tmp_path / "out", "belief.q_widht", "threshold")


def test_results_folder_must_be_new(tmp_path):
    cfg = grid_config()
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    with pytest.raises(ConfigError, match="already exists"):
        run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    assert Path(tmp_path / "out" / "manifest.json").exists()


def test_mode_axis_uses_the_other_modes_given_values(tmp_path):
    cfg = config_with(
        {"axes": {"belief.mode": ["exogenous", "endogenous"]}},
        belief={"q": [0.1, 0.3], "resolve_mean": [-0.1, 0.3], "resolve_sd": 0.2},
    )
    assert cfg.resolved["belief"]["resolve_mean"] == [-0.1, 0.3]
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    df = load(tmp_path / "out")
    assert df["belief.q_hi"].tolist()[0] == 0.3 and np.isnan(df["belief.q_hi"][1])
    assert df["belief.resolve_mean_lo"][1] == -0.1 and df["belief.resolve_sd"][1] == 0.2
    from deterrence.models.beliefs import Belief
    from tests.conftest import make_model, solve

    endo = solve(make_model(Belief("endogenous", -0.1, 0.3, sd=0.2)), "maxmin")
    assert df["threshold"][1] == pytest.approx(endo.threshold, rel=1e-9)


def test_sampled_design_contours_its_points_and_refuses_mixed_inputs(tmp_path):
    ranges = {"parameters.stakes": [1.0, 6.0], "belief.q_width": [0.0, 0.4]}
    cfg = config_with({"design": "sobol", "n": 32, "seed": 2, "ranges": ranges})
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "two")
    df = load(tmp_path / "two")
    data = plot_data(tmp_path / "two", "parameters.stakes", "threshold", y="belief.q_width")
    x, y, z = data.scattered[""]
    np.testing.assert_array_equal(x, df["parameters.stakes"])
    np.testing.assert_array_equal(z, df["threshold"])
    np.testing.assert_array_equal(y, df["belief.q_width"])
    three = config_with(
        {
            "design": "sobol",
            "n": 32,
            "seed": 2,
            "ranges": {**ranges, "parameters.interoperability": [0.0, 1.0]},
        }
    )
    run_sweep(three, parse_sweep(three), tmp_path / "three")
    with pytest.raises(ConfigError, match=r"parameters\.interoperability"):
        plot_data(tmp_path / "three", "parameters.stakes", "threshold", y="belief.q_width")


def test_resume_never_touches_a_folder_that_is_not_a_sweep(tmp_path):
    other = tmp_path / "run-results"
    other.mkdir()
    (other / "results.json").write_text("{}")
    cfg = grid_config()
    with pytest.raises(ConfigError, match="not a sweep folder"):
        run_sweep(cfg, parse_sweep(cfg), other, resume=True)
    assert (other / "results.json").read_text() == "{}"
    # a folder holding only an empty chunks/ folder is not a sweep either: left as it is
    (tmp_path / "user" / "chunks").mkdir(parents=True)
    with pytest.raises(ConfigError, match="not a sweep folder"):
        run_sweep(cfg, parse_sweep(cfg), tmp_path / "user", resume=True)
    assert [p.name for p in (tmp_path / "user").iterdir()] == ["chunks"]
    # an empty folder, or none, is a new sweep
    (tmp_path / "fresh").mkdir()
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "fresh", resume=True)
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "new", resume=True)
    assert load(tmp_path / "fresh").equals(load(tmp_path / "new"))
    assert len(load(tmp_path / "new")) == 15


def test_plot_of_a_sweep_with_nothing_solved_is_an_error(tmp_path):
    cfg = config_with({"axes": {"belief.q_width": [0.95, 1.0], "parameters.stakes": [1.0, 2.0]}})
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    with pytest.raises(ConfigError, match="no point of this sweep was solved"):
        plot_data(tmp_path / "out", "parameters.stakes", "threshold", y="belief.q_width")


def test_endogenous_smooth_sweep_over_quadrature_panels(tmp_path):
    """Resolve intervals from a tenth of an sd to 12 sds need 1 to 4 quadrature panels:
    the sweep solves them in blocks of equal panels, and every row equals the scalar
    solve of its point; the table does not depend on the chunk size."""
    cfg = config_with(
        {"axes": {"belief.resolve_mean_width": [0.01, 0.3, 0.7, 1.2]}, "chunk_size": 3},
        belief={"mode": "endogenous", "resolve_mean": [-0.1, 0.1], "resolve_sd": 0.1},
        criterion={"name": "smooth", "ambiguity_aversion": 3.0},
    )
    run_sweep(cfg, parse_sweep(cfg), tmp_path / "a")
    run_sweep(cfg, parse_sweep(cfg, chunk_size=4), tmp_path / "b")
    df = load(tmp_path / "a")
    assert df.equals(load(tmp_path / "b"))
    from deterrence.models.beliefs import Belief
    from tests.conftest import make_model, solve

    for _, row in df.iterrows():
        belief = Belief(
            "endogenous", row["belief.resolve_mean_lo"], row["belief.resolve_mean_hi"], sd=0.1
        )
        ref = solve(make_model(belief), "smooth", ambiguity_aversion=3.0)
        assert row["threshold"] == pytest.approx(ref.threshold, rel=1e-9)
        assert row["force"] == pytest.approx(ref.force, rel=1e-7)


def test_ctrl_c_inside_a_commit_waits_for_the_commit(tmp_path, monkeypatch):
    """A Ctrl-C that arrives while a chunk is being committed (here: just after its
    record is appended) takes effect after the commit: the chunk is whole, in place."""
    import os
    import signal

    from deterrence.results import check
    from deterrence.runs.sweeps.run import SweepInterrupted
    from deterrence.runs.sweeps.store import SweepStore

    append = SweepStore._append

    def append_then_ctrl_c(self, line):
        append(self, line)
        os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    monkeypatch.setattr(SweepStore, "_append", append_then_ctrl_c)
    cfg = grid_config(chunk_size=4)
    try:
        with pytest.raises(SweepInterrupted) as stop:
            run_sweep(cfg, parse_sweep(cfg), tmp_path / "out")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert stop.value.saved == 1
    state = check(tmp_path / "out")
    assert state.status == "resumable" and state.done == [0] and not state.pending
