"""The plausible box: its ranges are the lead's, each with its reason; it runs without PRIM."""

from __future__ import annotations

import pytest

from deterrence.runs.claims import box
from deterrence.runs.claims.context import Context

EXPECTED = {
    "parameters.stakes": (2.0, 6.0),
    "parameters.third_party_strength": (0.25, 1.0),
    "parameters.interoperability": (0.2, 1.0),
    "parameters.decisiveness": (0.5, 3.0),
    "parameters.force_cost": (0.1, 0.4),
    "parameters.war_cost": (0.25, 0.75),
    "parameters.intervention_war_cost": (0.8, 2.0),
    "parameters.success_target": (0.7, 0.9),
    "belief.q_mid": (0.2, 0.6),
    "belief.q_width": (0.0, 0.4),
}


def test_the_box_config_has_the_ranges_and_each_a_justification():
    inputs = box.box_inputs()
    assert {b.key: (b.low, b.high) for b in inputs} == EXPECTED
    assert set(box.JUSTIFICATIONS) == set(EXPECTED)
    spec = box.box_config().sweep
    assert spec["design"] == "saltelli" and spec["n"] == 512 and spec["seed"] == 2019
    # k_I >= k_N at every point of the box
    assert EXPECTED["parameters.intervention_war_cost"][0] >= EXPECTED["parameters.war_cost"][1]


def test_without_the_ema_workbench_the_region_has_share_and_drivers_but_no_prim_box(
    monkeypatch,
):
    monkeypatch.setattr(box, "prim_available", lambda: False)
    ctx = Context(n=8)
    assert not ctx.prim and ctx.prim_note == box.PRIM_NOTE
    table = ctx.box("maxmin")
    assert len(table.frame) == 8 * (len(EXPECTED) + 2)
    reg = box.region(table, "threshold_premium_relative", 0.1, prim=ctx.prim)
    assert reg.where is None and 0.0 <= reg.share <= 1.0
    assert len(reg.drivers) == box.TOP_DRIVERS
    names = [d["parameter"] for d in reg.drivers]
    assert "parameters.stakes" not in names  # V moves the attack decision, not V*


@pytest.mark.discovery
def test_prim_box_when_the_ema_workbench_is_installed():
    pytest.importorskip("ema_workbench")
    table = Context(n=64).box("maxmin")
    reg = box.region(table, "threshold_premium_relative", 0.1, prim=True)
    assert reg.where is not None and reg.where["method"] == "PRIM"
    assert 0 < reg.where["coverage"] <= 1 and 0 < reg.where["density"] <= 1
    assert "belief.q_width" in reg.where["limits"]


@pytest.mark.slow
def test_the_ledger_runs_where_the_ema_workbench_cannot_be_imported():
    """The base install: a ledger entry with a region, in a process where importing the
    EMA Workbench fails, has its share and drivers and no PRIM box."""
    import json
    import subprocess
    import sys

    code = (
        "import sys, json; sys.modules['ema_workbench'] = None\n"
        "from deterrence.runs.claims import run_ledger\n"
        "c = run_ledger(['C4'], n=8).to_record()['claims'][0]\n"
        "print(json.dumps([c['where'], c['holds_share'], len(c['drivers']), c['notes']]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    where, share, drivers, notes = json.loads(done.stdout)
    assert where is None and 0 <= share <= 1 and drivers == box.TOP_DRIVERS
    assert notes == [box.PRIM_NOTE]
