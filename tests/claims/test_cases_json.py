"""``deterrence cases`` as the ledger's commands use it: a shipped folder by name, --json."""

from __future__ import annotations

import json

from deterrence.cli import main


def test_a_shipped_case_folder_by_name_prints_json_and_writes_nothing(
    capsys, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert main(["cases", "claims/c1_texts", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {r["case"]: r for r in out["cases"]}
    assert set(rows) == {"consultation_text", "defence_text"}
    assert rows["consultation_text"]["belief_hi"] > rows["consultation_text"]["belief_lo"]
    assert list(tmp_path.iterdir()) == []  # --json without --out writes no results folder


def test_the_text_weight_reaches_the_differences(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    changes = []
    for w in ("0", "1"):
        assert main(["cases", "claims/c7_texts", "--json", "--text-weight", w]) == 0
        out = json.loads(capsys.readouterr().out)
        changes.append(out["differences"][0]["threshold_change_relative"])
    assert changes[0] == 0.0 and changes[1] > 0.05


def test_a_bad_text_weight_exits_2(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["cases", "claims/c1_texts", "--json", "--text-weight", "2"]) == 2
    err = capsys.readouterr().err
    assert "--text-weight" in err and len(err.strip().splitlines()) == 1
