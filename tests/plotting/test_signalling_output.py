"""Readable signalling output: the summary table's rows, its width, the figure's data,
and what `deterrence run` / `solve` print and write."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from deterrence.cli import main
from deterrence.plotting.signalling import plot_signalling
from deterrence.runs.config import load_experiment
from deterrence.runs.plot_data import config_record
from deterrence.runs.signalling_table import (
    MAX_WIDTH,
    abbreviations,
    equilibrium_rows,
    message_label,
    signalling_data,
    summary_table,
)
from tests.cli.test_cli import ROOT

CONFIG = ROOT / "configs" / "signalling.toml"


@pytest.fixture(scope="module")
def solved():
    config = load_experiment(CONFIG)
    return config, config.solve().outputs()


def test_one_row_per_equilibrium_from_its_record(solved):
    _, outputs = solved
    rows = equilibrium_rows(outputs)
    assert len(rows) == len(outputs["equilibria"]) == 30
    for row, eq in zip(rows, outputs["equilibria"], strict=True):
        assert row.kind == eq["kind"] and row.intuitive == eq["intuitive"]
        assert {r.message for r in row.replies} == set(eq["posteriors"])
        for reply in row.replies:
            assert list(reply.posterior) == eq["posteriors"][reply.message]
            assert reply.attack_probability == eq["attack_probability"][reply.message][0]
    separating = next(r for r in rows if r.kind == "separating" and r.intuitive)
    assert separating.sends("committed") == "joint_patrols"
    assert separating.replies[0].senders == ("committed",)
    assert separating.reply_text.startswith("1.00 hold | 0.00 attack F=2.46")
    mixed = next(r for r in rows if r.kind == "semi-separating")
    assert mixed.sends("opportunist").startswith("joint_exercises 56% | ")
    assert "attack 36% F=" in mixed.reply_text


def test_summary_fits_one_screen(solved):
    _, outputs = solved
    text = summary_table(outputs)
    lines = text.splitlines()
    assert len(lines) <= 40
    table = [line for line in lines if line[:3].strip().isdigit() or line.startswith(" #")]
    assert len(table) == 31 and max(map(len, table)) <= MAX_WIDTH + 10
    assert lines[0].startswith("signalling: 30 equilibria (3 pooling, 18 separating")
    assert "IEW = integrated_early_warning" in text


def test_message_names_in_words():
    assert message_label("none+none") == "nothing"
    assert message_label("joint_patrols+none") == "joint_patrols"
    assert message_label("none+consultation") == "consultation"
    short = abbreviations(["integrated_early_warning+mutual_defence", "joint_patrols+none"])
    assert short == {
        "integrated_early_warning": "IEW",
        "mutual_defence": "MD",
        "joint_patrols": "JP",
    }
    assert abbreviations(["joint_patrols+none", "japan_partnership+none"]) == {}  # both JP


def test_figure_data_keeps_the_ladder_order(solved):
    config, outputs = solved
    data = signalling_data(outputs, config_record(config))
    assert data.levels == ("none", "joint_exercises", "joint_patrols", "integrated_early_warning")
    assert data.title == config.title and "prior P(R committed) = 0.5" in data.subtitle
    fig = plot_signalling(data)
    assert len(fig.axes[0].get_yticklabels()) == 30
    plt.close(fig)


def test_run_prints_the_table_and_writes_figure_and_listing(tmp_path, capsys):
    assert main(["run", str(CONFIG), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("signalling: 30 equilibria")
    assert "off_path_beliefs" not in printed  # the full listing went to the folder
    for name in ("signalling.png", "equilibria.txt", "results.json"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert "off_path_beliefs" in (tmp_path / "out" / "equilibria.txt").read_text()


def test_solve_prints_the_table_then_the_full_listing(capsys):
    assert main(["solve", str(CONFIG)]) == 0
    printed = capsys.readouterr().out
    table, _, listing = printed.partition("full listing:")
    assert table.startswith("signalling: 30 equilibria") and "off_path_beliefs" in listing
