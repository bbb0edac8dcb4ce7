"""Signalling, dynamics and cases from the command line; their bad inputs."""

from __future__ import annotations

import json

import pytest

from deterrence.models.deeds.cases import code_case

from .test_cli import ROOT, cli

SIGNALLING = ROOT / "configs" / "signalling.toml"
DYNAMICS = ROOT / "configs" / "russia_china_2001_2019.toml"


def test_signalling_config_reports_equilibria():
    out = json.loads(cli("solve", SIGNALLING, "--json").stdout)
    assert out["model"] == "signalling"
    kinds = {e["kind"] for e in out["equilibria"]}
    assert {"separating", "pooling"} <= kinds
    intuitive = [e for e in out["equilibria"] if e["intuitive"]]
    assert intuitive and all(e["kind"] == "separating" for e in intuitive)
    for e in out["equilibria"]:
        assert set(e) >= {"strategy", "posteriors", "attack", "force", "threshold", "outlay"}


def test_dynamics_run_writes_trajectory(tmp_path):
    out = tmp_path / "rc"
    done = cli("run", DYNAMICS, "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "report.html",
        "results.json",
        "trajectory.csv",
        "trajectory.png",
    ]
    rows = json.loads((out / "results.json").read_text())["outputs"]["trajectory"]
    assert [r["year"] for r in rows] == list(range(2001, 2020))
    assert rows[-1]["belief_lo"] > rows[0]["belief_hi"]  # the deeds moved the belief
    assert rows[-1]["threshold"] > rows[0]["threshold"]
    lines = (out / "trajectory.csv").read_text().splitlines()
    assert len(lines) == 20 and lines[0].startswith("year,events,belief_lo,belief_hi")


def test_cases_table_figure_score_and_formalisation_difference(tmp_path):
    out = tmp_path / "cases"
    done = cli("cases", ROOT / "configs" / "cases", "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "cases.csv",
        "cases.json",
        "cases.md",
        "cases.png",
        "manifest.json",
        "report.html",
    ]
    data = json.loads((out / "cases.json").read_text())
    rows = {r["case"]: r for r in data["cases"]}
    assert len(rows) == len(list((ROOT / "configs" / "cases").glob("*.toml")))
    lo, hi, e = code_case("none", 0.6)
    assert (
        rows["sweden_nato_cold_war"]["belief_lo"],
        rows["sweden_nato_cold_war"]["belief_hi"],
    ) == pytest.approx((lo, hi))
    assert rows["sweden_nato_cold_war"]["interoperability"] == pytest.approx(e)
    assert rows["russia_china_2019"]["belief_from"] == "record russia_china_2001_2019 2019"
    (diff,) = data["differences"]
    assert diff["case"] == "russia_china_formal_pact" and diff["against"] == "russia_china_2019"
    assert diff["threshold_change"] == pytest.approx(
        rows["russia_china_formal_pact"]["threshold"] - rows["russia_china_2019"]["threshold"]
    )
    score = data["score"]
    assert score["attack_scored"] == sum(r["attacked"] is not None for r in rows.values())
    assert f"{score['attack_correct']} of {score['attack_scored']}" in done.stdout
    assert "russia_china_formal_pact" in done.stdout and "Score against history" in done.stdout


BAD = {
    "ladder_cost_not_number": (
        '[model]\nname = "signalling"\n[signalling]\ncost_committed = [0.0, "cheap", 0.1, 0.2]\n',
        "signalling.cost_committed",
    ),
    "ladder_length": (
        '[model]\nname = "signalling"\n[signalling]\ncost_committed = [0.0, 0.1]\n',
        "signalling.cost_committed",
    ),
    "prior_out_of_range": (
        '[model]\nname = "signalling"\n[signalling]\nprior_committed = 1.2\n',
        "signalling.prior_committed",
    ),
    "likelihood_out_of_range": (
        '[model]\nname = "dynamics"\n[scenario]\nstart = 2001\nend = 2005\n'
        '[[scenario.events]]\nyear = 2002\nname = "x"\nlikelihood_committed = 1.5\n',
        "scenario.events[0].likelihood_committed",
    ),
    "event_before_start": (
        '[model]\nname = "dynamics"\n[scenario]\nstart = 2001\nend = 2005\n'
        '[[scenario.events]]\nyear = 1999\nname = "x"\n',
        "scenario.events[0].year",
    ),
    "repeat_discount_out_of_range": (
        '[model]\nname = "dynamics"\n[scenario]\nstart = 2001\nend = 2005\nrepeat_discount = 1.5\n'
        '[[scenario.events]]\nyear = 2002\nname = "x"\n',
        "scenario.repeat_discount",
    ),
    "sunk_share_out_of_range": (
        '[model]\nname = "posture"\n[posture]\nsunk_share = -0.1\n',
        "posture.sunk_share",
    ),
    "unknown_event_field": (
        '[model]\nname = "dynamics"\n[scenario]\nstart = 2001\nend = 2005\n'
        '[[scenario.events]]\nyear = 2002\nname = "x"\nlikelyhood = 0.5\n',
        "scenario.events[0].likelyhood",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_deeds_configs_exit_2_with_one_line(case, tmp_path):
    text, fragment = BAD[case]
    config = tmp_path / "bad.toml"
    config.write_text(text)
    done = cli("solve", config, "--json")
    assert done.returncode == 2, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and str(config) in lines[0], done.stderr


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[case]\nname = "x"\ntext = "defence"\npractice = 0.5\nalliance = "y"\n', "case.alliance"),
        ('[case]\nname = "x"\ntext = "treaty"\npractice = 0.5\nstakes = "vital"\n', "case.text"),
        (
            '[case]\nname = "x"\ntext = "defence"\npractice = 1.5\nstakes = "vital"\n',
            "case.practice",
        ),
        (
            '[case]\nname = "x"\ntext = "defence"\npractice = 0.5\nstakes = "vital"\n'
            "[belief]\nq = 0.3\n",
            "belief.q",
        ),
        ('[case]\nname = "x"\ntext = "none"\npractice = 0.5\n', "case.stakes"),
        (
            '[case]\nname = "x"\ntext = "none"\npractice = 0.5\nstakes = "vital"\n'
            "attacked = false\nintervened = true\n",
            "case.intervened",
        ),
    ],
)
def test_bad_case_files_exit_2_with_one_line(tmp_path, text, fragment):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "bad.toml").write_text(text)
    done = cli("cases", folder, "--out", tmp_path / "out")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], done.stderr
    assert not (tmp_path / "out").exists()


def test_taiwan_calibration_solves():
    out = json.loads(cli("solve", ROOT / "configs" / "taiwan_2026.toml", "--json").stdout)
    assert out["threshold_premium"] > 0
    # no force within the US budget (max_force) reaches P-bar under the worst prior
    # (docs/calibration.md); without the cap the requirement exists and carries a premium
    unbounded = cli(
        "solve",
        ROOT / "configs" / "taiwan_2026.toml",
        "--json",
        "--set",
        "parameters.max_force=100",
    )
    out = json.loads(unbounded.stdout)
    assert out["force_premium"] > 0
    text = (ROOT / "configs" / "taiwan_2026.toml").read_text()
    assert "SIPRI" in text and "CSIS" in text and "assumption" in text
