"""``deterrence solve`` on Gambit files and on the game-model configs."""

from __future__ import annotations

import json

import pytest

from deterrence.solvers.games.gambit_format import write_efg, write_nfg

from ..solvers.games.games import BATTLE_OF_THE_SEXES, pennies_tree, signorino_game
from .test_cli import ROOT, cli


@pytest.fixture
def bos_file(tmp_path):
    path = tmp_path / "bos.nfg"
    path.write_text(write_nfg(BATTLE_OF_THE_SEXES))
    return path


def test_nfg_json_lists_every_equilibrium(bos_file):
    done = cli("solve", bos_file, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["method"] == "vertex_enumeration" and out["status"] == "complete"
    assert out["regrets_exact"] == ["0", "0", "0"]
    assert ["2/3", "1/3"] in [e[0] for e in out["exact"]]
    assert len(out["equilibria"]) == 3
    for profile in out["equilibria"]:
        assert len(profile) == 2 and all(abs(sum(v) - 1) < 1e-12 for v in profile)
    mixed = [p for p in out["equilibria"] if 0 < p[0][0] < 1]
    assert len(mixed) == 1
    assert mixed[0][0] == pytest.approx([2 / 3, 1 / 3]) and mixed[0][1] == pytest.approx(
        [1 / 3, 2 / 3]
    )


@pytest.mark.parametrize("method", ["enumerate", "vertex", "lemke_howson", "pure", "logit"])
def test_nfg_methods(bos_file, method):
    done = cli("solve", bos_file, "--json", "--method", method)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["equilibria"] and out["status"] in ("ok", "complete")


def test_efg_spe_and_behaviour_layout(tmp_path):
    path = tmp_path / "signorino.efg"
    path.write_text(write_efg(signorino_game()))
    out = json.loads(cli("solve", path, "--json", "--method", "spe").stdout)
    assert out["method"] == "backward_induction"
    assert out["equilibria"] == [[[1.0, 0.0, 0.0, 1.0], [0.0, 1.0]]]
    assert [s["label"] for s in out["infosets"][0]] == ["challenger 1", "challenger 2"]


def test_efg_imperfect_information_defaults_to_enumeration(tmp_path):
    path = tmp_path / "pennies.efg"
    path.write_text(write_efg(pennies_tree()))
    out = json.loads(cli("solve", path, "--json").stdout)
    assert out["method"] == "reduced_form:vertex_enumeration" and out["status"] == "complete"
    assert out["equilibria"] == [[[0.5, 0.5], [0.5, 0.5]]]
    done = cli("solve", path, "--method", "spe")
    assert done.returncode == 2 and "perfect information" in done.stderr
    assert "allowed: enumerate, lcp, logit" in done.stderr


@pytest.mark.parametrize(
    "name, text, fragment",
    [
        ("short.nfg", 'NFG 1 R "x" { "a" "b" } { 2 2 }\n1 2 3\n', "expected 8 payoffs"),
        ("garbage.nfg", "this is not a game\n", "'NFG' at the start"),
        ("tree.efg", 'EFG 2 R "x" { "a" "b" }\nt "" 1 "" { 1 }\n', "needs 2 payoffs"),
        ("binary.efg", None, "not UTF-8"),
        ("missing.nfg", "", "no such file"),
    ],
)
def test_malformed_game_files_exit_2_with_one_line(tmp_path, name, text, fragment):
    path = tmp_path / name
    if text is None:
        path.write_bytes(b"\xff\xfe\x00\x81")
    elif name != "missing.nfg":
        path.write_text(text)
    done = cli("solve", path, "--json")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and str(path) in lines[0], done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_unknown_method_exits_2(bos_file):
    done = cli("solve", bos_file, "--method", "magic")
    assert done.returncode == 2 and "allowed: enumerate" in done.stderr


def test_finite_config_json_and_export(tmp_path):
    config = ROOT / "configs" / "finite_intervention.toml"
    export = tmp_path / "finite.efg"
    done = cli("solve", config, "--json", "--export", export)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {
        "model",
        "attack",
        "force",
        "value",
        "threshold",
        "intervention_probability",
        "third_party_strategy",
    }
    assert set(out["third_party_strategy"]) == {"committed", "opportunist"}
    assert all(len(v) == 4 for v in out["third_party_strategy"].values())
    # the exported tree, solved by the general solver, gives A's move and value
    tree = json.loads(cli("solve", export, "--json", "--method", "spe").stdout)
    a_mix = tree["equilibria"][0][0]
    assert a_mix.index(1.0) == [1.0, 2.0, 3.0, 4.0].index(out["force"]) + 1
    assert tree["payoffs"][0][0] == pytest.approx(out["value"], abs=1e-12)


def test_finite_config_override_and_bad_input(tmp_path):
    config = ROOT / "configs" / "finite_intervention.toml"
    out = json.loads(cli("solve", config, "--json", "--set", "parameters.stakes=0.5").stdout)
    assert out["attack"] is False and out["force"] is None and out["value"] == 0.0
    bad = tmp_path / "bad.toml"
    for text, fragment in [
        (
            '[model]\nname = "finite_intervention"\n[finite]\nforce_levels = ["a"]\n',
            "finite.force_levels",
        ),
        (
            '[model]\nname = "finite_intervention"\n[finite]\nprior_committed = 1.5\n',
            "finite.prior_committed",
        ),
        ('[model]\nname = "finite_intervention"\n[criterion]\nname = "maxmin"\n', "criterion"),
        ('[model]\nname = "posture"\n[posture]\nreadiness_cost = [0.1]\n', "posture.readiness"),
    ]:
        bad.write_text(text)
        done = cli("solve", bad, "--json")
        assert done.returncode == 2, text
        assert len(done.stderr.strip().splitlines()) == 1 and fragment in done.stderr


def test_posture_config_reports_russian_readiness(tmp_path):
    done = cli("solve", ROOT / "configs" / "posture.toml", "--json")
    out = json.loads(done.stdout)
    assert out["model"] == "posture" and out["status"] == "ok"
    (eq,) = out["equilibria"]
    assert 0 < eq["russia_full_readiness"] < 1
    assert abs(sum(eq["us_force_mix"].values()) - 1) < 1e-12


def test_run_game_config_writes_results_and_gambit_file(tmp_path):
    out = tmp_path / "res"
    done = cli("run", ROOT / "configs" / "finite_intervention.toml", "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "game.efg",
        "manifest.json",
        "report.html",
        "results.json",
    ]
    results = json.loads((out / "results.json").read_text())
    assert results["config"]["finite"]["force_levels"] == [1.0, 2.0, 3.0, 4.0]
    assert results["package_version"]
    done = cli("sweep", ROOT / "configs" / "posture.toml", "--out", tmp_path / "sw")
    assert done.returncode == 2 and "cannot be swept" in done.stderr


def test_too_deep_a_tree_exits_2(tmp_path):
    lines = ['EFG 2 R "deep" { "a" }', '""']
    depth = 12_000
    for i in range(depth):
        lines += [f'p "" 1 {i + 1} "" {{ "stop" "go" }} 0', f't "" {i + 1} "" {{ {i} }}']
    lines.append(f't "" {depth + 1} "" {{ {depth} }}')
    path = tmp_path / "deep.efg"
    path.write_text("\n".join(lines))
    done = cli("solve", path, "--json")
    assert done.returncode == 2 and "deeper than" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
