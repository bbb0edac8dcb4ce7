"""The command line, driven through a subprocess as a user would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from deterrence.models.solution import OUTPUT_NAMES

ROOT = Path(__file__).resolve().parents[2]
GAME_MODELS = ("finite_intervention", "posture", "signalling", "dynamics")
OWN_OUTPUTS = ("bargaining", "two_fronts")  # scenario models with outputs of their own
SHIPPED = sorted(
    p
    for p in (ROOT / "configs").glob("*.toml")
    if tomllib.loads(p.read_text()).get("model", {}).get("name")
    not in (*GAME_MODELS, *OWN_OUTPUTS)
)


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deterrence", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize("config", SHIPPED, ids=lambda p: p.name)
def test_solve_json_prints_one_object_with_the_outputs(config):
    done = cli("solve", config, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)  # exactly one JSON document, nothing else
    bands = out.pop("uncertainty", None)  # configs with [uncertainty] add their bands
    assert list(out) == ["criterion", *OUTPUT_NAMES]
    uncertain = "uncertainty" in tomllib.loads(config.read_text())
    assert (bands is not None) == uncertain
    if bands:
        assert set(bands["outputs"]) >= {"threshold", "force_requirement"}
    assert isinstance(out["attack"], bool)
    assert out["threshold"] > 0


def test_solve_json_matches_library():
    from deterrence.runs.config import load_config
    from deterrence.runs.execute import solve_config

    done = cli("solve", ROOT / "configs/default.toml", "--json", "--set", "parameters.stakes=1.5")
    expected = solve_config(load_config(ROOT / "configs/default.toml", ["parameters.stakes=1.5"]))
    assert json.loads(done.stdout) == json.loads(json.dumps(expected.outputs()))
    assert json.loads(done.stdout)["attack"] is False  # 1.5 is below V* = 1.938


def test_solve_json_null_for_missing_quantities():
    done = cli("solve", ROOT / "configs/default.toml", "--json", "--set", "parameters.max_force=2")
    out = json.loads(done.stdout)
    assert out["force_requirement"] is None and out["force_premium"] is None
    assert out["extra_cost"] is None


@pytest.mark.parametrize("config", SHIPPED, ids=lambda p: p.name)
def test_run_writes_results_folder(config, tmp_path):
    out = tmp_path / "res"
    done = cli("run", config, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "decision:" in done.stdout
    uncertain = "uncertainty" in tomllib.loads(config.read_text())
    expected = ["manifest.json", "report.html", "results.json", "threshold.png"]
    assert sorted(p.name for p in out.iterdir()) == expected + (["uncertainty.png"] * uncertain)
    results = json.loads((out / "results.json").read_text())
    assert set(results["outputs"]) == {"criterion", *OUTPUT_NAMES}
    assert results["package_version"] and "seed" in results and results["timestamp"]
    given = tomllib.loads(config.read_text()).get("parameters", {})
    assert results["config"]["parameters"]["stakes"] == given.get("stakes", 4.0)
    assert (out / "threshold.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_refuses_an_existing_folder(tmp_path):
    (tmp_path / "res").mkdir()
    (tmp_path / "res" / "keep.txt").write_text("x")
    done = cli("run", ROOT / "configs/default.toml", "--out", tmp_path / "res")
    assert done.returncode == 2
    assert "already exists" in done.stderr


def test_models_lists_parameters():
    done = cli("models")
    assert done.returncode == 0
    for name in ("stakes", "interoperability", "success_target", "contest", "maxmin"):
        assert name in done.stdout


BAD_INPUTS = {
    "missing_file": (None, "no such file"),
    "malformed_toml": ("[parameters\nstakes = 1\n", "invalid TOML"),
    "unknown_key": ("[parameters]\ninteroperabilty = 0.5\n", "did you mean 'interoperability'"),
    "wrong_type": ('[parameters]\nforce_cost = "cheap"\n', "parameters.force_cost"),
    "probability_out_of_range": ("[belief]\nq = -0.1\n", "belief.q"),
    "negative_strength": ("[parameters]\ntarget_strength = -1\n", "parameters.target_strength"),
    "interval_reversed": ("[belief]\nq = [0.8, 0.3]\n", "lo <= hi"),
    "k_i_below_k_n": ("[parameters]\nintervention_war_cost = 0.1\n", "k_I >= k_N"),
    "unknown_criterion": ('[criterion]\nname = "bayes"\n', "criterion.name"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=str)
@pytest.mark.parametrize("command", ["run", "solve"])
def test_bad_input_exits_2_with_one_line(case, command, tmp_path):
    text, fragment = BAD_INPUTS[case]
    config = tmp_path / "bad.toml"
    if text is not None:
        config.write_text(text)
    out = tmp_path / "results" / "x"
    extra = ["--out", out] if command == "run" else ["--json"]
    done = cli(command, config, *extra)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(config) in lines[0] and fragment in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not out.exists()
    assert not (tmp_path / "results").exists() or not any((tmp_path / "results").iterdir())


@pytest.mark.parametrize(
    "args",
    [
        ["solve"],
        ["solve", "configs/default.toml", "--bogus"],
        ["frobnicate"],
        ["solve", "configs/default.toml", "--set", "stakes=3"],
        ["solve", "configs/default.toml", "--set", "criterion.name=maxmim"],
    ],
)
def test_usage_errors_exit_2_with_one_line(args):
    done = cli(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_help_does_not_import_numerics():
    code = (
        "import sys; from deterrence.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('numpy', 'scipy', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


def test_python_m_and_console_script_agree():
    script = shutil.which("deterrence", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the console script is not installed beside this interpreter")
    args = ["solve", str(ROOT / "configs/default.toml"), "--json"]
    via_script = subprocess.run([script, *args], capture_output=True, text=True, cwd=ROOT)
    assert via_script.returncode == 0
    assert json.loads(via_script.stdout) == json.loads(cli(*args).stdout)
    assert cli("--version").stdout.startswith("deterrence ")
