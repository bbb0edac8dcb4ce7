"""``deterrence claims``: the table, --json, --only, --out and its input errors."""

from __future__ import annotations

import json

import pytest

from deterrence.cli import main
from deterrence.runs.claims.record import FIELDS


def run(capsys, *args):
    code = main(["claims", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_prints_the_selected_entries(capsys):
    code, out, err = run(capsys, "--only", "C1", "b1", "--json")
    assert code == 0, err
    record = json.loads(out)
    assert [c["id"] for c in record["claims"]] == ["C1", "B1"]
    assert all(tuple(c) == FIELDS for c in record["claims"])


def test_the_table_comes_first_then_the_details(capsys):
    code, out, _ = run(capsys, "--only", "C1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "status", "verdict", "value", "holds", "on"]
    assert lines[2].split()[:4] == ["C1", "assumption", "not", "tested"]
    assert "C1 (assumption; not tested)" in out and "Verdict rule:" in out


def test_out_writes_the_page_and_the_data_with_provenance(capsys, tmp_path):
    out = tmp_path / "ledger"
    code, _, err = run(capsys, "--only", "C1", "--json", "--out", str(out))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["claims.json", "claims.md", "manifest.json"]
    assert main(["check", str(out)]) == 0  # every checksum verified
    data = json.loads((out / "claims.json").read_text())
    assert data["claims"][0]["id"] == "C1"
    for key in ("package_version", "config_file", "seed", "timestamp", "command"):
        assert key in data
    assert data["seed"] == 2019
    assert "### C1" in (out / "claims.md").read_text()
    code, _, err = run(capsys, "--only", "C1", "--out", str(out))
    assert code == 2 and "already exists" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "C9"], "C9: no such claim"),
        (["--n", "0"], "--n"),
        (["--only"], "--only"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        code = main(["claims", *args])
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
