"""Commands run with their defaults from a folder outside the repository."""

from __future__ import annotations

import json

from deterrence.runs.quantities import scenario_title

from .test_cli import cli


def test_cases_without_a_folder_solves_the_shipped_library(tmp_path):
    done = cli("cases", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    payload = json.loads((tmp_path / "out" / "cases.json").read_text())
    names = {r["case"] for r in payload["cases"]}
    assert len(names) >= 13 and "russia_china_2019" in names


def test_a_sweep_manifest_keeps_the_config_title_for_its_figures(tmp_path):
    config = tmp_path / "study.toml"
    config.write_text(
        'title = "Widening the interval"\n'
        '[sweep]\ndesign = "grid"\n[sweep.axes]\n"belief.q_width" = [0.0, 0.2]\n'
    )
    done = cli("sweep", config, "--out", "r", "--no-report", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert scenario_title(manifest) == "Widening the interval"
    again = cli("sweep", config, "--out", "r", "--resume", "--no-report", cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # the title is part of the recorded identity
