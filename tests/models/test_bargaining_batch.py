"""The bargaining model's config, command line and sweep path: batch equals scalar,
bad input, and the shipped config (Fearon's model with q = 0)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from deterrence.models.bargaining.batch import BargainingBatch
from deterrence.models.bargaining.model import OUTPUT_NAMES
from deterrence.models.criteria import CRITERIA
from deterrence.runs.config import build, load_config
from deterrence.runs.errors import ConfigError
from tests.models.batch_helpers import cli, solve_configs_together

ROOT = Path(__file__).resolve().parents[2]
PATH_TOL = 1e-8


def random_config(rng: np.random.Generator, k: int) -> dict:
    """A valid bargaining config drawn at random (both modes, both distributions)."""
    mode = ["exogenous", "endogenous"][k % 2]
    bargaining = {
        "attacker_war_cost": float(rng.uniform(0, 0.4)),
        "intervention_cost": float(rng.uniform(0, 0.4)),
        "target_cost_max": float(rng.uniform(0.05, 0.8)),
        "status_quo": float(rng.uniform(0, 0.6)),
        "force": float(rng.uniform(0.5, 4.0)),
    }
    if k % 3 == 0:  # p given; otherwise from the combat model
        p = float(rng.uniform(0, 1))
        bargaining |= {"win_probability": p, "intervention_win_probability": p * rng.uniform()}
    if k % 4 == 1:
        bargaining |= {
            "target_cost_distribution": "beta",
            "target_cost_shape": [float(rng.uniform(0.5, 4)), float(rng.uniform(0.5, 4))],
        }
    if mode == "exogenous":
        lo = float(rng.uniform(0, 1))
        q = {"beta": [2.0, 3.0]} if k % 5 == 2 else [lo, float(rng.uniform(lo, 1))]
        belief = {"mode": mode, "q": q}
    else:
        lo = float(rng.uniform(-0.5, 0.5))
        belief = {
            "mode": mode,
            "resolve_mean": [lo, lo + float(rng.uniform(0, 0.6))],
            "resolve_sd": float(rng.uniform(0.1, 0.6)),
        }
    return {
        "model": {"name": "bargaining", "combat": ["contest", "lanchester_square"][k % 2]},
        "parameters": {
            "third_party_loss": float(rng.uniform(0, 3)),
            "third_party_cost": float(rng.uniform(0, 0.6)),
        },
        "bargaining": bargaining,
        "belief": belief,
        "criterion": {"name": CRITERIA[k % len(CRITERIA)], "alpha": float(rng.uniform())},
    }


def test_batch_equals_scalar_on_random_points():
    rng = np.random.default_rng(15)
    adapter = BargainingBatch()
    configs = [build(random_config(rng, k), "random") for k in range(96)]
    out = solve_configs_together(adapter, configs)
    for i, config in enumerate(configs):
        scalar = config.solve().outputs()
        for name in OUTPUT_NAMES:
            want = scalar[name]
            got = out[name][i]
            if want is None:
                assert np.isnan(got), (i, name)
            else:
                assert got == pytest.approx(float(want), abs=PATH_TOL), (i, name, config.resolved)


def test_intervention_cannot_help_a():
    with pytest.raises(ConfigError) as err:
        build(
            {
                "model": {"name": "bargaining"},
                "bargaining": {"win_probability": 0.4, "intervention_win_probability": 0.6},
            },
            "t",
        )
    assert err.value.key == "bargaining.intervention_win_probability"


def test_p_from_the_combat_model():
    config = build({"model": {"name": "bargaining"}, "bargaining": {"force": 2.0}}, "t")
    m = config.model
    assert float(m.p_out) == pytest.approx(2**1.5 / (2**1.5 + 1))  # contest, m = 1.5, D_T = 1
    assert float(m.p_in) == pytest.approx(2**1.5 / (2**1.5 + 1.48**1.5))  # D_I = 1 + 0.8 * 0.6
    given = build({"model": {"name": "bargaining"}, "bargaining": {"win_probability": 0.5}}, "t")
    assert float(given.model.p_in) == 0.5  # p_I defaults to p_N when p_N is given


def test_solve_json_shipped_config_is_fearon():
    done = cli("solve", ROOT / "configs/bargaining.toml", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    for key in ("demand", "war_probability", "value", "demand_premium", "war_probability_premium"):
        assert key in out
    assert out["demand"] == pytest.approx(0.6) and out["war_probability"] == pytest.approx(1 / 3)
    assert out["demand_premium"] == 0.0 and out["war_probability_premium"] == 0.0


def test_bad_input_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[model]\nname = "bargaining"\n[bargaining]\ntarget_cost_max = -0.3\n')
    done = cli("solve", bad, "--json")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bargaining.target_cost_max" in lines[0]


def test_run_sweep_and_plot(tmp_path):
    out = tmp_path / "run"
    done = cli(
        "run",
        ROOT / "configs/bargaining.toml",
        "--set",
        "belief.q=[0.2, 0.6]",
        "--set",
        "criterion.name=maxmin",
        "--out",
        out,
    )
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} >= {"results.json", "bargaining.png"}
    sweep = tmp_path / "sweep"
    done = cli("sweep", ROOT / "configs/bargaining.toml", "--out", sweep)
    assert done.returncode == 0, done.stderr
    done = cli("plot", sweep, "--x", "belief.q_width", "--z", "demand", "--by", "criterion.name")
    assert done.returncode == 0, done.stderr
    assert (sweep / "demand_vs_belief.q_width_by_criterion.name.png").exists()


def test_sweep_table_equals_solve():
    """Points of the shipped sweep match solving the config with the same values."""
    from deterrence.runs.sweeps.design import parse_sweep
    from deterrence.runs.sweeps.points import solve_chunk

    config = load_config(ROOT / "configs/bargaining.toml")
    spec = parse_sweep(config)
    from deterrence.runs.sweeps.points import base_inputs

    _, table = solve_chunk(
        ("bargaining", spec, base_inputs(config.resolved, "bargaining"), 0, None)
    )
    k = 6 * 20 + 1  # width 0.4 (q in [0.2, 0.6]), maxmin
    assert table["criterion.name"][k] == "maxmin"
    assert table["belief.q_width"][k] == pytest.approx(0.4)
    scalar = load_config(
        ROOT / "configs/bargaining.toml", ["belief.q=[0.2, 0.6]", "criterion.name=maxmin"]
    ).solve()
    assert table["demand"][k] == pytest.approx(scalar.demand, abs=PATH_TOL)
