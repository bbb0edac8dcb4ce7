"""The two-front model's config, command line and sweep path: batch equals scalar,
bad input, both modes of the shipped config."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from deterrence.models.criteria import CRITERIA
from deterrence.models.two_fronts.batch import TwoFrontsBatch
from deterrence.models.two_fronts.model import OUTPUT_NAMES
from deterrence.runs.config import build
from deterrence.runs.errors import ConfigError
from tests.models.batch_helpers import cli as run_cli
from tests.models.batch_helpers import solve_configs_together

ROOT = Path(__file__).resolve().parents[2]
PATH_TOL = 1e-8


def random_config(rng: np.random.Generator, k: int) -> dict:
    q_lo, pi_lo = float(rng.uniform()), float(rng.uniform())
    two_fronts = {
        "budget": float(rng.uniform(0.5, 8)),
        "europe_value": float(rng.uniform(0, 4)),
        "europe_strength": float(rng.uniform(0.3, 3)),
        "europe_war_cost": float(rng.uniform(0, 1)),
        "pacific_share": [pi_lo, float(rng.uniform(pi_lo, 1))] if k % 3 else pi_lo,
    }
    if k % 7 == 3:
        two_fronts |= {
            "response": "equilibrium",
            "allocation_levels": int(rng.integers(2, 12)),
            "third_party_value": float(rng.uniform(-0.2, 0.6)),
        }
    return {
        "model": {
            "name": "two_fronts",
            "combat": ["contest", "lanchester_square", "lanchester_linear"][k % 3],
        },
        "parameters": {
            "stakes": float(rng.uniform(0.5, 6)),
            "decisiveness": float(rng.uniform(0.5, 3)),
            "force_cost": float(rng.uniform(0.01, 0.5)),
        },
        "two_fronts": two_fronts,
        "belief": {
            "q": {"beta": [2.0, 5.0]} if k % 5 == 1 else [q_lo, float(rng.uniform(q_lo, 1))]
        },
        "criterion": {"name": CRITERIA[k % len(CRITERIA)], "alpha": float(rng.uniform())},
    }


def test_batch_equals_scalar_on_random_points():
    rng = np.random.default_rng(15)
    adapter = TwoFrontsBatch()
    configs = [build(random_config(rng, k), "random") for k in range(42)]
    out = solve_configs_together(adapter, configs)
    for i, config in enumerate(configs):
        solution = config.solve()
        scalar = solution.outputs()
        if scalar["response"] == "equilibrium":
            first = scalar["equilibria"][0]
            assert out["equilibria"][i] == len(scalar["equilibria"])
            assert out["pacific_force"][i] == pytest.approx(first["pacific_force"], abs=PATH_TOL)
            assert out["value"][i] == pytest.approx(first["value"], abs=PATH_TOL)
            continue
        for name in OUTPUT_NAMES:
            if name == "equilibria":
                continue
            want, got = scalar[name], out[name][i]
            if want is None:
                assert np.isnan(got), (i, name)
            else:
                assert got == pytest.approx(float(want), abs=PATH_TOL), (i, name)


def test_endogenous_belief_is_refused():
    with pytest.raises(ConfigError) as err:
        build({"model": {"name": "two_fronts"}, "belief": {"mode": "endogenous"}}, "t")
    assert err.value.key == "belief.mode"


def cli(*args) -> subprocess.CompletedProcess:
    return run_cli(*args, timeout=300)


def test_solve_json_both_modes():
    done = cli("solve", ROOT / "configs/two_fronts.toml", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["pacific_force"] + out["europe_force"] == pytest.approx(4.0)
    assert out["hedging_premium"] > 0 and out["extra_cost"] > 0
    done = cli(
        "solve",
        ROOT / "configs/two_fronts.toml",
        "--json",
        "--set",
        "two_fronts.response=equilibrium",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["equilibria"][0]["regret"] < 1e-8


def test_bad_input_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[model]\nname = "two_fronts"\n[two_fronts]\npacific_share = [0.8, 0.2]\n')
    done = cli("solve", bad, "--json")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "two_fronts.pacific_share" in lines[0]


@pytest.mark.slow
def test_run_sweep_and_plot(tmp_path):
    for extra, name in (((), "belief"), (("--set", "two_fronts.response=equilibrium"), "game")):
        out = tmp_path / name
        done = cli("run", ROOT / "configs/two_fronts.toml", *extra, "--out", out)
        assert done.returncode == 0, done.stderr
        assert {p.name for p in out.iterdir()} >= {"results.json", "two_fronts.png"}
    sweep = tmp_path / "sweep"
    done = cli("sweep", ROOT / "configs/two_fronts.toml", "--out", sweep)
    assert done.returncode == 0, done.stderr
    done = cli(
        "plot", sweep, "--x", "belief.q_width", "--z", "europe_force", "--by", "criterion.name"
    )
    assert done.returncode == 0, done.stderr
