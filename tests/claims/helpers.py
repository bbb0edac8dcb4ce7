"""What the claim-ledger tests share: the committed ledger and a quick live one."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS_JSON = ROOT / "docs" / "claims.json"
DOCS_PAGE = ROOT / "docs" / "claims.md"
# The cheap entries, at a tiny box design, without PRIM: a few seconds in all.
QUICK = ("C1", "C4", "C5", "B1", "S1")
QUICK_N = 8


@cache
def committed() -> dict:
    """docs/claims.json: the ledger as last generated (python -m deterrence.runs.claims docs)."""
    return json.loads(DOCS_JSON.read_text(encoding="utf-8"))


@cache
def quick_ledger() -> dict:
    """A live ledger of the cheap entries (tiny box design, no PRIM)."""
    from deterrence.runs.claims import run_ledger

    return run_ledger(QUICK, n=QUICK_N, prim=False).to_record()
