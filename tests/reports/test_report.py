"""`deterrence report`: the data a report shows, its HTML, and the command's guards."""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pytest

from deterrence.cli import main
from deterrence.models.solution import OUTPUT_NAMES
from deterrence.reports import render_report, write_report
from deterrence.results import load
from deterrence.runs.config import load_experiment
from deterrence.runs.errors import ConfigError
from deterrence.runs.report_data import report_data, to_toml
from tests.cli.test_cli import ROOT


def test_run_report_shows_outputs_provenance_and_figure(folders):
    data = report_data(folders["run"])
    assert data.kind == "run" and data.title.startswith("Default scenario")
    provenance = dict(data.provenance)
    assert provenance["command"].startswith("deterrence run ")
    assert provenance["package"].startswith("deterrence ") and "timestamp" in provenance
    outputs = json.loads((folders["run"] / "results.json").read_text())["outputs"]
    table = data.tables[0]
    values = {row[0]: row[2] for row in table.rows}
    assert values["aggression threshold"] == f"{outputs['threshold']:.4f}"
    assert values["A's decision"] == "attack"
    assert [f.file.name for f in data.figures] == ["threshold.png"]
    assert (folders["run"] / "report.html").is_file()  # written by `run` itself


def test_sweep_report_summarises_every_output(folders):
    data = report_data(folders["sweep"])
    df = load(folders["sweep"])
    summary = {row[0]: row for row in data.tables[0].rows}
    threshold = summary["aggression threshold"]
    assert threshold[1] == "6"
    assert float(threshold[2]) == pytest.approx(df["threshold"].min(), rel=1e-3)
    assert float(threshold[-1]) == pytest.approx(df["threshold"].max(), rel=1e-3)
    assert float(threshold[5]) == pytest.approx(np.median(df["threshold"]), rel=1e-3)
    assert len(summary) == len([n for n in OUTPUT_NAMES if n in df])
    captions = [f.caption for f in data.figures]
    assert "Aggression threshold over width of the q interval, one line per criterion" in captions
    assert all(f.plot is not None and f.plot.by == "criterion.name" for f in data.figures)
    assert len(data.tables[-1].rows) == 6  # a small sweep is also shown whole


def test_cases_report(folders):
    data = report_data(folders["cases"])
    assert data.kind == "cases" and len(data.tables[0].rows) == 2
    assert data.tables[1].caption.startswith("Differences")
    assert (folders["cases"] / "report.html").is_file()


def test_html_is_self_contained(folders):
    html = render_report(folders["sweep"])
    assert html.count("<img ") == html.count('src="data:image/png;base64,') >= 4
    for pattern in ("http://", "https://", "<link", "<script", "@import", "url("):
        assert pattern not in html
    assert '<meta name="generator" content="deterrence report' in html


def test_resolved_config_as_toml_reads_back():
    for name in ("default.toml", "russia_china_2001_2019.toml", "signalling.toml"):
        resolved = load_experiment(ROOT / "configs" / name).resolved
        assert tomllib.loads(to_toml(resolved)) == json.loads(json.dumps(resolved))


def test_report_refuses_a_foreign_file_and_replaces_its_own(folders, tmp_path):
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my notes</p>")
    with pytest.raises(ConfigError, match="not a report of deterrence"):
        write_report(folders["run"], mine)
    assert mine.read_text() == "<p>my notes</p>"
    write_report(folders["run"], mine, force=True)
    write_report(folders["run"], mine)  # ours now: replaced without --force
    assert "deterrence report" in mine.read_text()


def test_report_of_a_folder_that_is_not_results_is_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a results folder" in err
    assert main(["report", str(tmp_path / "missing")]) == 2


def test_unfinished_sweep_needs_partial(folders, tmp_path):
    copy = tmp_path / "unfinished"
    config = folders["sweep"].parent / "small.toml"
    assert main(["sweep", str(config), "--chunk-size", "3", "--out", str(copy)]) == 0
    (copy / "chunks" / "part-000001.parquet").unlink()  # a chunk lost
    with pytest.raises(ConfigError, match="--partial"):
        report_data(copy)
    assert report_data(copy, partial=True).notes[0].startswith("partial")
