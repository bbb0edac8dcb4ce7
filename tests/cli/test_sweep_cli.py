"""`deterrence sweep` and `deterrence plot` through a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from deterrence.results import load
from tests.cli.test_cli import ROOT, cli

ENDOGENOUS_LHS = """
[belief]
mode = "endogenous"
resolve_mean = [-0.2, 0.2]
[criterion]
name = "smooth"
[sweep]
design = "lhs"
n = 240
seed = 5
chunk_size = 12
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
"belief.resolve_mean_width" = [0.0, 0.8]
"""


def test_sweep_killed_with_sigkill_then_resumed_equals_straight_run(tmp_path):
    config = tmp_path / "lhs.toml"
    config.write_text(ENDOGENOUS_LHS)
    straight, killed = tmp_path / "straight", tmp_path / "killed"
    assert cli("sweep", config, "--out", straight).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "deterrence", "sweep", str(config), "--out", str(killed)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(killed.glob("chunks/part-*.parquet"))) < 3:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(killed.glob("chunks/part-*.parquet")))
    assert 3 <= done < 20, "the sweep should be killed part way"
    resumed = cli("sweep", config, "--out", killed, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    a, b = load(straight), load(killed)
    assert len(b) == 240 and b["point"].is_unique
    assert a.equals(b)


@pytest.mark.parametrize(
    "sweep, fragment",
    [
        ('[sweep.axes]\n"parameters.stake" = [1.0]\n', "sweep.axes.parameters.stake"),
        ('[sweep.axes]\n"parameters.stakes" = []\n', "empty axis"),
        (
            '[sweep]\ndesign = "lhs"\nn = -3\n[sweep.ranges]\n"parameters.stakes" = [1, 2]\n',
            "sweep.n",
        ),
        (
            '[sweep]\ndesign = "sobol"\nn = 8\n[sweep.ranges]\n"parameters.stakes" = [2, 1]\n',
            "bounds reversed",
        ),
    ],
)
def test_invalid_sweep_exits_2_with_one_line(tmp_path, sweep, fragment):
    config = tmp_path / "bad.toml"
    config.write_text(sweep)
    done = cli("sweep", config, "--out", tmp_path / "out")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and str(config) in lines[0]
    assert not (tmp_path / "out").exists()


def test_headline_sweep_and_plots(tmp_path):
    out = tmp_path / "headline"
    done = cli("sweep", ROOT / "configs/sweep_ambiguity.toml", "--out", out)
    assert done.returncode == 0, done.stderr
    df = load(out)
    assert len(df) == 41 * 6 and (df["status"] == "ok").all()
    for fmt in ("png", "svg"):
        fig = tmp_path / f"fig.{fmt}"
        plotted = cli(
            "plot",
            out,
            "--x",
            "belief.q_width",
            "--z",
            "threshold",
            "--by",
            "criterion.name",
            "--format",
            fmt,
            "--out",
            fig,
        )
        assert plotted.returncode == 0, plotted.stderr
        assert fig.stat().st_size > 1000
    bad = cli("plot", out, "--x", "belief.q_width", "--z", "treshold")
    assert bad.returncode == 2 and "did you mean 'threshold'" in bad.stderr


def test_resume_with_another_config_is_refused(tmp_path):
    out = tmp_path / "out"
    assert cli("sweep", ROOT / "configs/sweep_ambiguity.toml", "--out", out).returncode == 0
    done = cli(
        "sweep",
        ROOT / "configs/sweep_ambiguity.toml",
        "--out",
        out,
        "--resume",
        "--set",
        "parameters.stakes=2",
    )
    assert done.returncode == 2 and "different config" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_sweep_usage_errors(tmp_path):
    for args in (["--resume"], ["--chunk-size", "0"], ["--scheduler", "tcp://127.0.0.1:1"]):
        done = cli("sweep", ROOT / "configs/sweep_ambiguity.toml", *args)
        assert done.returncode == 2, args
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr
