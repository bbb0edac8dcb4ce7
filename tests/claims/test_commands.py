"""Every command the ledger lists runs as written and prints the value it lists (slow).

The commands are read from docs/claims.json; ``test_ledger_is_current`` checks that the
live ledger still computes that record, so together they check the live ledger's commands.
Each command runs in a shell, from a temporary folder, with the ``deterrence`` beside
this interpreter first on PATH.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deterrence.runs.claims.record import DIGITS
from deterrence.runs.claims.values import documents, extract
from tests.claims.helpers import committed

pytestmark = pytest.mark.slow
TOL = 1.01 * 10.0**-DIGITS  # the ledger's rounding, and one unit in its last digit


def shell(command: str, cwd: Path) -> str:
    env = os.environ | {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{command}\n{done.stderr}"
    return done.stdout


def listed():
    """(id, command, value_key, value) of every entry and every check."""
    for c in committed()["claims"]:
        if c["command"]:
            yield pytest.param(c["command"], c["value_key"], c["value"], id=c["id"])
        for i, k in enumerate(c["checks"]):
            yield pytest.param(k["command"], k["value_key"], k["value"], id=f"{c['id']}-check{i}")


@pytest.mark.parametrize(("command", "value_key", "value"), list(listed()))
def test_command_prints_the_listed_value(command, value_key, value, tmp_path):
    printed = extract(documents(shell(command, tmp_path)), value_key)
    assert printed == pytest.approx(value, abs=TOL), command


def test_c4_region_numbers_from_sweep_analyze_and_discover(tmp_path):
    c4 = {c["id"]: c for c in committed()["claims"]}["C4"]
    parts = [p.strip() for p in c4["region_command"].split("&&")]
    assert parts[0].startswith("deterrence sweep claims/box")
    shell(parts[0], tmp_path)
    indices = json.loads(shell(parts[1], tmp_path))["results"][0]["indices"]
    top = sorted(indices, key=lambda r: -r["ST"])[:3]
    for row, driver in zip(top, c4["drivers"], strict=True):
        assert row["parameter"] == driver["parameter"]
        assert row["ST"] == pytest.approx(driver["ST"], abs=1.01e-3)
    try:
        import ema_workbench  # noqa: F401
    except ImportError:
        return  # deterrence discover needs the EMA Workbench: pip install '.[discovery]'
    found = json.loads(shell(parts[2], tmp_path))
    assert found["base_rate"] == pytest.approx(c4["holds_share"], abs=TOL)
    if c4["where"] is not None:
        limits = found["boxes"][0]["limits"]
        assert set(limits) == set(c4["where"]["limits"])
        for key, (lo, hi) in c4["where"]["limits"].items():
            assert limits[key] == pytest.approx([lo, hi], abs=1.01e-3)


def test_ledger_is_current():
    """The live ledger computes docs/claims.json (regenerate: python -m deterrence.runs.claims
    docs); PRIM's boxes are compared only where the EMA Workbench is installed."""
    from deterrence.runs.claims import run_ledger

    live = run_ledger().to_record()
    docs = committed()
    prim = live["settings"]["box"]["prim"] and docs["settings"]["box"]["prim"]
    for new, old in zip(live["claims"], docs["claims"], strict=True):
        for key in old:
            if key in ("where", "notes") and not prim and new["holds_share"] is not None:
                continue
            assert_close(new[key], old[key], f"{old['id']}.{key}")


def assert_close(new, old, where: str) -> None:
    if isinstance(old, float) or isinstance(new, float):
        assert new == pytest.approx(old, abs=1.01e-3, rel=1e-3), where
    elif isinstance(old, dict):
        assert set(new) == set(old), where
        for k in old:
            assert_close(new[k], old[k], f"{where}.{k}")
    elif isinstance(old, list):
        assert len(new) == len(old), where
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            assert_close(a, b, f"{where}[{i}]")
    else:
        assert new == old, where
