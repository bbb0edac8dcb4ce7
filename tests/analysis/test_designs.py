"""The saltelli and morris designs: SALib's samplers over [sweep.ranges], crossed with axes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from deterrence.results import load
from deterrence.runs.config import build
from deterrence.runs.sweeps.design import SweepSpec, parse_sweep
from tests.analysis.helpers import run, sweep, write_config


def spec_of(sweep_table: dict) -> SweepSpec:
    return parse_sweep(build({"sweep": sweep_table}, "test.toml"))


RANGES = {"parameters.stakes": [1.0, 6.0], "parameters.force_cost": [0.1, 0.4]}


def test_saltelli_points_are_salib_rows_times_axes():
    spec = spec_of(
        {
            "design": "saltelli",
            "n": 16,
            "seed": 3,
            "ranges": RANGES,
            "axes": {"criterion.name": ["maxmin", "smooth"]},
        }
    )
    assert spec.samples == 16 * (2 + 2) and spec.size == 2 * 16 * 4
    second = spec_of({"design": "saltelli", "n": 16, "second_order": True, "ranges": RANGES})
    assert second.samples == 16 * (2 * 2 + 2)
    from SALib.sample import sobol

    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0, 1], [0, 1]]}
    expected = sobol.sample(problem, 16, calc_second_order=False, seed=3)
    assert np.array_equal(spec.unit_samples(), expected)
    assert spec.to_dict()["second_order"] is False


def test_morris_trajectories_move_one_input_a_level_step_at_a_time():
    spec = spec_of({"design": "morris", "n": 5, "levels": 6, "seed": 1, "ranges": RANGES})
    unit = spec.unit_samples()
    assert unit.shape == (5 * 3, 2) and spec.to_dict()["levels"] == 6
    on_grid = unit * 5
    assert np.allclose(on_grid, np.round(on_grid))
    for t in range(5):
        steps = np.diff(unit[3 * t : 3 * t + 3], axis=0)
        assert np.all((steps != 0).sum(axis=1) == 1)


def test_a_saltelli_sweep_records_its_design_and_crosses_the_axes(tmp_path, capsys):
    out = sweep(
        capsys,
        tmp_path,
        """
[sweep]
design = "saltelli"
n = 8
seed = 4
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
"parameters.force_cost" = [0.1, 0.4]
[sweep.axes]
"criterion.name" = ["maxmin", "expected"]
""",
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sweep"]["design"] == "saltelli"
    assert manifest["sweep"]["second_order"] is False and manifest["sweep"]["seed"] == 4
    table = load(out)
    assert len(table) == 2 * 8 * 4
    spec = spec_of({"design": "saltelli", "n": 8, "seed": 4, "ranges": RANGES})
    unit = spec.unit_samples()
    maxmin = table[table["criterion.name"] == "maxmin"].sort_values("point")
    assert np.allclose(maxmin["parameters.stakes"], 1.0 + 5.0 * unit[:, 0])


@pytest.mark.parametrize(
    "sweep_text, key",
    [
        ('design = "saltelli"\nn = 8\n', "sweep.ranges"),
        ('design = "saltelli"\nn = 10\n[sweep.ranges]\n"parameters.stakes" = [1, 2]\n', "sweep.n"),
        (
            'design = "saltelli"\nn = 8\n[sweep.ranges]\n"parameters.stakes" = [2, 2]\n',
            "sweep.ranges.parameters.stakes",
        ),
        (
            'design = "morris"\nn = 8\nlevels = 3\n[sweep.ranges]\n"parameters.stakes" = [1, 2]\n',
            "sweep.levels",
        ),
        (
            'design = "lhs"\nn = 8\nsecond_order = true\n[sweep.ranges]\n'
            '"parameters.stakes" = [1, 2]\n',
            "sweep.second_order",
        ),
        (
            'design = "saltelli"\nn = 8\nsecond_order = "yes"\n[sweep.ranges]\n'
            '"parameters.stakes" = [1, 2]\n',
            "sweep.second_order",
        ),
    ],
    ids=[
        "no ranges",
        "n not a power of 2",
        "empty range",
        "odd levels",
        "setting of another",
        "not a bool",
    ],
)
def test_bad_analysis_designs_exit_2_with_one_line(tmp_path, capsys, sweep_text, key):
    config = write_config(tmp_path, "[sweep]\n" + sweep_text)
    code, out, err = run(capsys, "sweep", config, "--out", tmp_path / "out")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and f": {key}: " in err
    assert not (tmp_path / "out").exists()


ENDOGENOUS_SALTELLI = """
[belief]
mode = "endogenous"
resolve_mean = [-0.2, 0.2]
[criterion]
name = "smooth"
[sweep]
design = "saltelli"
n = 32
seed = 5
chunk_size = 8
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
"belief.resolve_mean_width" = [0.0, 0.8]
"""


def test_a_saltelli_sweep_killed_then_resumed_equals_a_straight_run(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.cli.test_cli import ROOT, cli

    config = tmp_path / "saltelli.toml"
    config.write_text(ENDOGENOUS_SALTELLI)
    straight, killed = tmp_path / "straight", tmp_path / "killed"
    assert cli("sweep", config, "--out", straight).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "deterrence", "sweep", str(config), "--out", str(killed)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(killed.glob("chunks/part-*.parquet"))) < 2:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(list(killed.glob("chunks/part-*.parquet"))) < 16, "killed part way"
    resumed = cli("sweep", config, "--out", killed, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    a, b = load(straight), load(killed)
    assert len(b) == 32 * 4 and b["point"].is_unique
    assert a.equals(b)
