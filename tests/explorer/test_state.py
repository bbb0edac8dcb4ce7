"""The page's settings are ``--set`` overrides: same checks, same messages, same numbers."""

from __future__ import annotations

import json
import math
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.cli import main
from deterrence.explorer import state, tomlwrite
from deterrence.models.criteria import CRITERIA
from deterrence.models.registry import FAMILIES
from deterrence.models.schema import Tables, Text, TextList
from deterrence.runs.config import load_config
from deterrence.runs.errors import ConfigError

CONFIG = "default"


@pytest.fixture(scope="module")
def base():
    return state.load_base(CONFIG)


def cli_json(capsys, *args: str) -> dict:
    assert main(["solve", CONFIG, *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def cli_error(capsys, *args: str) -> str:
    assert main(["solve", CONFIG, *args]) == 2
    return capsys.readouterr().err.strip()


def sets(pairs: dict[str, str]) -> list[str]:
    return [a for k, v in pairs.items() for a in ("--set", f"{k}={v}")]


@pytest.mark.parametrize("family", FAMILIES.values(), ids=lambda f: f.name)
def test_every_number_interval_and_choice_of_a_schema_is_editable(family):
    keys = state.editable_keys(family)
    for section in family.schema.sections:
        for key in section.keys:
            dotted = f"{section.name}.{key.name}"
            fixed = isinstance(key.kind, (Tables, Text, TextList)) or dotted == "model.name"
            assert (dotted in keys) != fixed, dotted


@pytest.mark.parametrize("criterion", CRITERIA)
def test_the_solve_is_the_cli_solve(base, capsys, criterion):
    pairs = {"parameters.stakes": "5.5", "belief.q": "[0.3, 0.7]", "criterion.name": criterion}
    solved = state.Solver(base).solve(state.parse_settings(base, pairs.items()))
    assert solved.result.outputs() == cli_json(capsys, *sets(pairs))


@pytest.mark.parametrize(
    "pairs",
    [
        {"belief.q": "[0.7, 0.3]"},
        {"parameters.stakes": "-1"},
        {"parameters.intervention_war_cost": "0.1"},
        {"criterion.name": "maxmn"},
        {"belief.q": "{ beta = [2.0] }"},
        {"criterion.alpha": "1.5"},
        {"parameters.stakes": "4 4"},
    ],
    ids=lambda p: next(iter(p.values())),
)
def test_bad_settings_get_the_cli_message_and_are_never_solved(base, capsys, pairs, monkeypatch):
    expected = cli_error(capsys, *sets(pairs))
    solver = state.Solver(base)
    monkeypatch.setattr(type(base.config), "solve", lambda self: pytest.fail("solved"))
    with pytest.raises(ConfigError) as err:
        solver.solve(state.parse_settings(base, pairs.items()))
    assert expected == f"deterrence solve: error: {err.value}"


@pytest.mark.parametrize(
    ("pairs", "word"),
    [
        ([("model.name", "posture")], "not a setting"),
        ([("title", '"x"')], "not a setting"),
        ([("sweep.design", "grid")], "not a setting"),
        ([("parameters.stakes", "1"), ("parameters.stakes", "2")], "given twice"),
        ([("parameters.stakes", "1" * 500)], "at most"),
        ([("parameters.stakes", str(k)) for k in range(200)], "at most"),
    ],
)
def test_only_the_models_own_keys_are_accepted(base, pairs, word):
    with pytest.raises(ConfigError, match=word) as err:
        state.parse_settings(base, pairs)
    assert "\n" not in str(err.value)


def test_switching_the_belief_mode_drops_the_keys_it_leaves_behind(base):
    overrides = state.parse_settings(base, [("belief.mode", "endogenous")])
    config = state.check(base, overrides)
    assert config.warnings == ()
    assert "q" not in state.merged_config(base, overrides)["belief"]


def test_a_key_given_for_another_mode_still_warns_as_the_cli_does(base):
    overrides = state.parse_settings(
        base, [("belief.mode", "endogenous"), ("belief.q", "[0.1, 0.2]")]
    )
    assert any("ignored" in w for w in state.check(base, overrides).warnings)


@pytest.mark.parametrize(
    "pairs",
    [
        {"parameters.stakes": "5.5", "belief.q": "[0.3, 0.7]", "criterion.name": "smooth"},
        {"belief.mode": "endogenous", "belief.resolve_mean": "[-0.1, 0.3]"},
        {"belief.q": "{ beta = [2.5, 3.0] }", "criterion.name": "multiplier"},
        {"model.combat": "lanchester_square", "parameters.effectiveness_ratio": "1.3"},
        {"parameters.interoperability": "0.1234567890123"},
    ],
)
def test_the_toml_reproduces_the_numbers_and_runs(base, tmp_path, pairs):
    overrides = state.parse_settings(base, pairs.items())
    path = tmp_path / "explored.toml"
    path.write_text(state.config_toml(base, overrides), encoding="utf-8")
    expected = state.Solver(base).solve(overrides).result.outputs()
    assert load_config(path).solve().outputs() == expected
    assert main(["run", str(path), "--out", str(tmp_path / "run")]) == 0


def test_a_sweep_configs_toml_leaves_the_sweep_out(tmp_path):
    base = state.load_base("sweep_ambiguity")
    text = state.config_toml(base, [])
    assert "[sweep" not in text
    assert tomllib.loads(text)["belief"]["q"] == [0.2, 0.6]


def test_no_toml_for_bad_settings(base):
    with pytest.raises(ConfigError, match="lo <= hi"):
        state.config_toml(base, state.parse_settings(base, [("belief.q", "[0.9, 0.1]")]))


def test_the_solver_keeps_recent_solves(base):
    solver = state.Solver(base, size=2)
    first = solver.solve([])
    assert solver.solve([]) is first
    for stakes in ("1", "2"):
        solver.solve(state.parse_settings(base, [("parameters.stakes", stakes)]))
    assert solver.solve([]) is not first


# --------------------------------------------------------------------- TOML writer
finite = st.floats(allow_nan=False, allow_infinity=False)
scalars = st.one_of(st.text(max_size=20), st.booleans(), st.integers(-(2**60), 2**60), finite)
names = st.text(min_size=1, max_size=10)
values = st.one_of(
    scalars,
    st.lists(finite, max_size=4),
    st.dictionaries(names, st.lists(finite, max_size=3), min_size=1, max_size=2),
)
docs = st.dictionaries(
    names,
    st.dictionaries(names, values, max_size=4)
    | st.text(max_size=10)
    | st.dictionaries(
        names, st.lists(st.dictionaries(names, scalars, min_size=1), min_size=1), max_size=2
    ),
    max_size=4,
)


@given(docs)
def test_the_toml_writer_round_trips(doc):
    assert tomllib.loads(tomlwrite.dumps(doc, ["a comment"])) == doc


def test_the_toml_writer_refuses_what_toml_cannot_hold():
    with pytest.raises(ValueError):
        tomlwrite.value(math.inf)
    with pytest.raises(TypeError):
        tomlwrite.value(object())
