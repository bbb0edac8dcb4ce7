"""Small sweeps and in-process command runs shared by the analysis tests."""

from __future__ import annotations

import json
from pathlib import Path

from deterrence.cli import main

BASE = """
[belief]
mode = "exogenous"
q = [0.2, 0.6]
[criterion]
name = "maxmin"
"""


def write_config(folder: Path, sweep: str, base: str = BASE, name: str = "sweep.toml") -> Path:
    path = folder / name
    path.write_text(base + sweep)
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    """``deterrence ARGS`` in process: (exit code, stdout, stderr); argparse's usage
    errors exit through SystemExit, caught here as the shell would see them."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def sweep(capsys, folder: Path, sweep_text: str, base: str = BASE, name: str = "r") -> Path:
    """Run a sweep of ``sweep_text`` into folder/name; the results folder."""
    config = write_config(folder, sweep_text, base, f"{name}.toml")
    out = folder / name
    code, _, err = run(capsys, "sweep", config, "--out", out)
    assert code == 0, err
    return out


def analyze_json(capsys, *args) -> dict:
    code, out, err = run(capsys, "analyze", *args, "--json")
    assert code == 0, err
    return json.loads(out)
