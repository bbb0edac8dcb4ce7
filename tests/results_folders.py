"""Results folders of `run`, `sweep` and `cases`, made once per session for the report
and plot tests (imported by their conftest files)."""

from __future__ import annotations

import pytest

from deterrence.cli import main
from tests.cli.test_cli import ROOT

SWEEP = """
title = "Small sweep"
[belief]
q = [0.2, 0.6]
[sweep]
design = "grid"
[sweep.axes]
"belief.q_width" = [0.0, 0.2, 0.4]
"criterion.name" = ["expected", "maxmin"]
"""


@pytest.fixture(scope="session")
def folders(tmp_path_factory):
    """{"run": ..., "sweep": ..., "cases": ...}: folders made through the CLI."""
    root = tmp_path_factory.mktemp("reports")
    config = root / "small.toml"
    config.write_text(SWEEP.replace('title = "Small sweep"\n', ""))
    assert main(["run", str(ROOT / "configs" / "default.toml"), "--out", str(root / "run")]) == 0
    assert main(["sweep", str(config), "--out", str(root / "sweep")]) == 0
    cases = root / "library"
    cases.mkdir()
    for name in ("russia_china_2019", "russia_china_formal_pact"):
        (cases / f"{name}.toml").write_text(
            (ROOT / "configs" / "cases" / f"{name}.toml").read_text()
        )
    assert main(["cases", str(cases), "--out", str(root / "cases")]) == 0
    return {"run": root / "run", "sweep": root / "sweep", "cases": root / "cases", "root": root}
