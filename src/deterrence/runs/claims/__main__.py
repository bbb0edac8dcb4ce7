"""``python -m deterrence.runs.claims DIR``: write the ledger's page and data into DIR.

``python -m deterrence.runs.claims docs`` regenerates docs/claims.md and docs/claims.json
from the shipped configs (the record has no timestamp, so an unchanged ledger leaves
both files unchanged).  ``deterrence claims --out DIR`` writes a results folder instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from deterrence.runs.claims.ledger import run_ledger
from deterrence.runs.claims.render import render


def write_docs(folder: Path) -> tuple[Path, Path]:
    """Compute the ledger and write ``claims.md`` and ``claims.json`` into ``folder``."""
    record = run_ledger().to_record()
    folder.mkdir(parents=True, exist_ok=True)
    page, data = folder / "claims.md", folder / "claims.json"
    data.write_text(json.dumps(record, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    page.write_text(render(record), encoding="utf-8")
    return page, data


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m deterrence.runs.claims DIR\n")
        return 2
    for path in write_docs(Path(argv[0])):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
