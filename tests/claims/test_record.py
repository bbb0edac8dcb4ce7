"""Every entry of the ledger has every field, with values of the right kinds."""

from __future__ import annotations

import math

import pytest

from deterrence.runs.claims import EVALUATORS
from deterrence.runs.claims.record import FIELDS, STATUSES, VERDICTS, verdict_by_share
from tests.claims.helpers import QUICK, committed, quick_ledger

IDS = ("C1", "C2a", "C2b", "C3", "C4", "C5", "C6", "C7", "B1", "S1")


def check_entry(c: dict) -> None:
    assert tuple(c) == FIELDS, c["id"]
    assert c["status"] in STATUSES and c["verdict"] in VERDICTS
    for key in ("claim", "quote", "place", "assumes", "test", "verdict_text"):
        assert isinstance(c[key], str) and c[key].strip(), (c["id"], key)
    if c["status"] != "result":
        assert c["verdict"] == "not tested", c["id"]
    if c["status"] == "not modelled":
        assert c["command"] is None and c["value"] is None
    else:
        assert c["command"].startswith("deterrence "), c["id"]
        parts = [p.strip() for p in c["command"].split("&&")]
        assert all(p.startswith("deterrence ") for p in parts), c["id"]
        assert isinstance(c["value_key"], str) and c["value_key"]
        assert isinstance(c["value"], float | int) and math.isfinite(c["value"])
        assert c["unit"]
    if c["holds_share"] is not None:
        assert 0.0 <= c["holds_share"] <= 1.0
        assert c["verdict"] == verdict_by_share(c["holds_share"]), c["id"]
        assert c["condition"] and c["box"], c["id"]
    for b in c["box"]:
        assert set(b) == {"key", "range", "justification"}
        lo, hi = b["range"]
        assert lo < hi and b["justification"].strip()
    for d in c["drivers"] or []:
        assert set(d) == {"parameter", "ST", "ST_conf"}
    if c["where"] is not None:
        assert "method" in c["where"] and "limits" in c["where"]
    for k in c["checks"]:
        assert k["command"].startswith("deterrence ") and k["value_key"] and k["shows"]
    for s in c["sources"]:
        assert s.split("#")[0].startswith(("docs/", "experiments/")), s


def test_committed_ledger_lists_every_claim_with_every_field():
    record = committed()
    assert [c["id"] for c in record["claims"]] == list(IDS)
    assert set(record) == {"claims", "verdict_rule", "settings"}
    for c in record["claims"]:
        check_entry(c)


def test_committed_ledger_states_the_attitude_dependence():
    by = {c["id"]: c for c in committed()["claims"]}
    assert by["C3"]["status"] == "assumption" and by["C3"]["verdict"] == "not tested"
    assert "alpha < 1/2" in by["C4"]["assumes"] + by["C4"]["verdict_text"]
    assert "risk part" in by["C5"]["verdict_text"] or "known q" in by["C5"]["verdict_text"]
    assert "inputs" in by["C6"]["verdict_text"]
    assert by["B1"]["status"] == "not modelled"
    # the region claims are judged over the plausible box, with drivers
    for key in ("C4", "C5"):
        assert by[key]["holds_share"] is not None and len(by[key]["drivers"]) == 3


def test_quick_live_ledger_has_every_field():
    record = quick_ledger()
    assert [c["id"] for c in record["claims"]] == list(QUICK)
    for c in record["claims"]:
        check_entry(c)
        assert c["where"] is None or not c["where"].get("method", "").startswith("PRIM")
    by = {c["id"]: c for c in record["claims"]}
    assert by["C4"]["notes"] and "PRIM" in by["C4"]["notes"][0]


def test_every_evaluator_is_listed():
    assert list(EVALUATORS) == ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "B1", "S1"]


@pytest.mark.parametrize("claim", QUICK)
def test_quick_values_match_the_committed_ones(claim):
    """The value of each entry printed by its command does not depend on the box design."""
    live = {c["id"]: c for c in quick_ledger()["claims"]}[claim]
    docs = {c["id"]: c for c in committed()["claims"]}[claim]
    if docs["value"] is None:
        assert live["value"] is None
    else:
        assert live["value"] == pytest.approx(docs["value"], abs=2e-4)
