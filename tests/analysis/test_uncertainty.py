"""[uncertainty]: each output's median and 5-95% interval over marked inputs, in run and solve."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.analysis.helpers import BASE, run, write_config

UNCERTAIN = """
[uncertainty]
samples = 400
seed = 3
"parameters.intervention_war_cost" = { uniform = [0.8, 1.6] }
"parameters.decisiveness" = { triangular = [1.0, 1.5, 2.5] }
"""


def solve_json(capsys, config) -> dict:
    code, out, err = run(capsys, "solve", config, "--json")
    assert code == 0, err
    return json.loads(out)


def test_solve_json_adds_bands_for_every_numeric_output(tmp_path, capsys):
    config = write_config(tmp_path, UNCERTAIN)
    record = solve_json(capsys, config)
    bands = record["uncertainty"]
    assert bands["samples"] == 400 and bands["seed"] == 3 and bands["points"] == {"ok": 400}
    numeric = [k for k, v in record.items() if isinstance(v, float)]
    assert set(numeric) <= set(bands["outputs"]) and "threshold" in numeric
    for band in bands["outputs"].values():
        assert band["p05"] <= band["median"] <= band["p95"]
    assert solve_json(capsys, config)["uncertainty"] == bands  # reproducible from the seed


def test_an_input_the_output_does_not_depend_on_gives_a_band_of_zero_width(tmp_path, capsys):
    """V* is the least stakes at which A attacks: it cannot depend on the stakes."""
    config = write_config(
        tmp_path, '[uncertainty]\n"parameters.stakes" = { normal = [4.0, 0.5] }\n'
    )
    record = solve_json(capsys, config)
    band = record["uncertainty"]["outputs"]["threshold"]
    assert band["p05"] == pytest.approx(record["threshold"], abs=1e-9)
    assert band["p95"] == pytest.approx(record["threshold"], abs=1e-9)
    force = record["uncertainty"]["outputs"]["force"]
    assert force["p05"] < force["p95"]  # but F* does


def test_bands_are_quantiles_of_the_draws(tmp_path, capsys):
    from deterrence.runs.analysis.uncertainty import parse_uncertainty, solve_bands
    from deterrence.runs.config import load_experiment

    config = load_experiment(str(write_config(tmp_path, UNCERTAIN)), [])
    spec = parse_uncertainty(config)
    draws = spec.draws()
    assert np.all(draws["parameters.intervention_war_cost"] >= 0.8)
    assert np.all(draws["parameters.intervention_war_cost"] <= 1.6)
    bands = solve_bands(config, spec)
    v = bands.values["threshold"]
    assert bands.outputs["threshold"]["median"] == pytest.approx(np.median(v))
    assert bands.outputs["threshold"]["p95"] == pytest.approx(np.quantile(v, 0.95))


def test_run_draws_the_distribution(tmp_path, capsys):
    config = write_config(tmp_path, UNCERTAIN)
    code, out, err = run(capsys, "run", config, "--out", tmp_path / "r")
    assert code == 0, err
    assert "uncertainty: 400 draws of 2 uncertain input(s)" in out
    assert (tmp_path / "r" / "uncertainty.png").stat().st_size > 0
    payload = json.loads((tmp_path / "r" / "results.json").read_text())
    assert payload["uncertainty"]["outputs"]["threshold"]["n"] == 400 and payload["seed"] == 3


def test_draws_outside_a_key_s_values_are_counted_not_hidden(tmp_path, capsys):
    config = write_config(
        tmp_path, '[uncertainty]\nsamples = 300\n"parameters.war_cost" = { normal = [0.9, 0.3] }\n'
    )
    record = solve_json(capsys, config)
    points = record["uncertainty"]["points"]
    assert points["invalid"] > 0 and points["ok"] + points["invalid"] == 300  # k_I = 1.2 < k_N


@pytest.mark.parametrize(
    "table, fragment",
    [
        ('"parameters.stakes" = { uniform = [2.0, 1.0] }', "uniform takes [lo, hi] with lo < hi"),
        ('"parameters.stakes" = { triangular = [1.0, 3.0, 2.0] }', "triangular takes"),
        ('"parameters.stakes" = { normal = [1.0, 0.0] }', "normal takes [mean, sd] with sd > 0"),
        ('"parameters.stakes" = { lognormal = [0.0] }', "lognormal takes"),
        ('"parameters.stakes" = { beta = [2.0, -1.0] }', "beta takes"),
        ('"parameters.stakes" = { cauchy = [0.0, 1.0] }', "must be one of { uniform"),
        ('"parameters.stake" = { uniform = [1.0, 2.0] }', "did you mean 'parameters.stakes'"),
        ('"criterion.name" = { uniform = [1.0, 2.0] }', "not a numeric input"),
        ('"parameters.interoperability" = { uniform = [0.5, 1.5] }', "must be a number in [0, 1]"),
        ('samples = 0\n"parameters.stakes" = { uniform = [1.0, 2.0] }', "uncertainty.samples"),
        ("seed = 1", "marks no parameter as uncertain"),
    ],
)
def test_bad_uncertainty_exits_2_with_one_line(tmp_path, capsys, table, fragment):
    config = write_config(tmp_path, "[uncertainty]\n" + table + "\n")
    for command in ("solve", "run"):
        code, out, err = (
            run(capsys, command, config, "--out", tmp_path / "r")
            if command == "run"
            else run(capsys, command, config)
        )
        assert code == 2 and out == "", (command, out)
        assert len(err.strip().splitlines()) == 1 and fragment in err, err
        assert str(config) in err and "uncertainty" in err
    assert not (tmp_path / "r").exists()


def test_game_models_refuse_bands(tmp_path, capsys):
    config = write_config(
        tmp_path,
        '[uncertainty]\n"parameters.stakes" = { uniform = [1.0, 2.0] }\n',
        base=Path("configs/finite_intervention.toml").read_text(),
    )
    code, _out, err = run(capsys, "solve", config)
    assert code == 2 and "bands are for scenario models" in err


def test_the_taiwan_config_marks_its_assumptions():
    from deterrence.runs.analysis.uncertainty import parse_uncertainty
    from deterrence.runs.config import load_experiment

    spec = parse_uncertainty(load_experiment("configs/taiwan_2026.toml", []))
    keys = {m.key for m in spec.marginals}
    assumptions = {
        "decisiveness",
        "force_cost",
        "war_cost",
        "intervention_war_cost",
        "stakes",
        "success_target",
    }
    assert {f"parameters.{k}" for k in assumptions} <= keys


assert BASE  # the shared scenario
