"""Config loading: defaults, overrides, and one-line errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from deterrence.runs.config import load_config, parse_override
from deterrence.runs.errors import ConfigError

CONFIGS = Path(__file__).resolve().parents[2] / "configs"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exp.toml"
    path.write_text(text)
    return path


def test_empty_config_is_an_error_but_defaults_still_run(tmp_path):
    """An empty file is more likely a mistake than a wish for the default scenario."""
    with pytest.raises(ConfigError, match="empty config"):
        load_config(write(tmp_path, ""))
    named = load_config(write(tmp_path, '[model]\nname = "intervention"\n'))
    default = load_config(CONFIGS / "default.toml")
    assert named.resolved == default.resolved
    assert named.model == default.model and named.criterion == default.criterion


def test_resolved_config_is_complete(tmp_path):
    cfg = load_config(write(tmp_path, "[parameters]\nstakes = 3\n"))
    assert set(cfg.resolved) == {"model", "parameters", "belief", "criterion"}
    assert cfg.resolved["parameters"]["stakes"] == 3.0
    assert cfg.resolved["parameters"]["interoperability"] == 0.8
    assert cfg.resolved["belief"] == {"mode": "exogenous", "q": [0.2, 0.6]}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("parameters.stakes=2.5", ("parameters", "stakes", 2.5)),
        ("belief.q=[0.1, 0.3]", ("belief", "q", [0.1, 0.3])),
        ('criterion.name="smooth"', ("criterion", "name", "smooth")),
        ("criterion.name=smooth", ("criterion", "name", "smooth")),
        ("belief.q={ beta = [2.0, 3.0] }", ("belief", "q", {"beta": [2.0, 3.0]})),
        ("model.flag=true", ("model", "flag", True)),
    ],
)
def test_parse_override_reads_toml(text, expected):
    assert parse_override(text) == expected


def test_overrides_change_the_model():
    cfg = load_config(
        CONFIGS / "default.toml",
        [
            "parameters.stakes=2",
            "belief.q={ beta = [2.0, 3.0] }",
            "criterion.name=smooth",
            "criterion.ambiguity_aversion=5",
        ],
    )
    assert cfg.model.params.stakes == 2.0
    assert cfg.model.belief.beta == (2.0, 3.0)
    assert cfg.criterion.name == "smooth" and cfg.criterion.ambiguity_aversion == 5.0


def test_switching_mode_warns_about_unused_keys():
    cfg = load_config(CONFIGS / "default.toml", ["belief.mode=endogenous"])
    assert cfg.model.belief.mode == "endogenous"
    assert any("belief.q" in w and "ignored" in w for w in cfg.warnings)


@pytest.mark.parametrize(
    "text, key, fragment",
    [
        ("[parameters]\nstakse = 3\n", "parameters.stakse", "did you mean 'stakes'"),
        ("[paramters]\n", "paramters", "did you mean 'parameters'"),
        ('[parameters]\nstakes = "high"\n', "parameters.stakes", "must be a finite number >= 0"),
        ("[parameters]\nstakes = nan\n", "parameters.stakes", "finite"),
        ("[parameters]\nthird_party_strength = -1\n", "parameters.third_party_strength", ">= 0"),
        ("[parameters]\ninteroperability = 2\n", "parameters.interoperability", "[0, 1]"),
        (
            "[parameters]\nwar_cost = 1.0\nintervention_war_cost = 0.5\n",
            "parameters.intervention_war_cost",
            "k_I >= k_N",
        ),
        ("[belief]\nq = 1.5\n", "belief.q", "[0, 1]"),
        ("[belief]\nq = [0.6, 0.2]\n", "belief.q", "lo <= hi"),
        ("[belief]\nq = [0.1, 0.2, 0.3]\n", "belief.q", "interval"),
        ("[belief]\nq = { beta = [0, 1] }\n", "belief.q", "> 0"),
        ("[belief]\nq = { gamma = [1, 1] }\n", "belief.q", "beta"),
        ('[belief]\nmode = "exogenus"\n', "belief.mode", "did you mean 'exogenous'"),
        ('[belief]\nmode = "endogenous"\nresolve_sd = 0\n', "belief.resolve_sd", "> 0"),
        ('[criterion]\nname = "maxmim"\n', "criterion.name", "did you mean 'maxmin'"),
        ("[criterion]\nalpha = 1.5\n", "criterion.alpha", "[0, 1]"),
        ('[model]\ncombat = "lanchester"\n', "model.combat", "allowed"),
        ("parameters = 3\n", "parameters", "table"),
    ],
)
def test_bad_values_name_file_and_key(tmp_path, text, key, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"{path}: {key}: ")
    assert fragment in message
    assert "\n" not in message


def test_override_errors_name_the_override():
    with pytest.raises(ConfigError) as err:
        load_config(CONFIGS / "default.toml", ["belief.q=[0.7, 0.1]"])
    assert str(err.value).startswith("--set: belief.q: ")


@pytest.mark.parametrize("override", ["stakes=3", "parameters.stakes", "parameters.stakes=[1,"])
def test_malformed_overrides(override):
    with pytest.raises(ConfigError, match="--set"):
        load_config(CONFIGS / "default.toml", [override])


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(write(tmp_path, "[parameters\nstakes = 1\n"))


def test_lanchester_parameters_accepted_in_model_section(tmp_path):
    text = '[model]\ncombat = "lanchester_square"\neffectiveness_ratio = 1.5\n'
    cfg = load_config(write(tmp_path, text))
    assert cfg.model.combat.effectiveness_ratio == 1.5
    assert cfg.resolved["parameters"]["effectiveness_ratio"] == 1.5
    clash = text + "[parameters]\neffectiveness_ratio = 2.0\n"
    with pytest.raises(ConfigError, match="give it once"):
        load_config(write(tmp_path, clash))
    with pytest.raises(ConfigError, match="must be a finite number > 0"):
        load_config(write(tmp_path, "[model]\neffectiveness_noise = 0\n"))
