"""Shared pieces of the hostile corpus: a small finished sweep, the CLI, one-line checks.

Every test here reproduces a finding of issue 16 (or of issue 10's first-use
rough edges) as a user would meet it; each failed on the code before the
store was rebuilt (see docs/guarantees.md).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# 24 points of a Latin hypercube (so the folder has a design file) in 4 chunks of 6;
# exogenous maxmin: the compiled kernel solves it in milliseconds
SMALL = """
[criterion]
name = "maxmin"
[sweep]
design = "lhs"
n = 24
seed = 3
chunk_size = 6
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
"belief.q_mid" = [0.3, 0.5]
"""

# long enough to be interrupted part way: endogenous smooth, 400 chunks of 100 points
LONG = """
[belief]
mode = "endogenous"
resolve_mean = [-0.2, 0.2]
[criterion]
name = "smooth"
[sweep]
design = "lhs"
n = 40000
seed = 5
chunk_size = 100
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
"belief.resolve_mean_width" = [0.0, 0.8]
"""


def default_sigint() -> None:
    """In a child: Ctrl-C as in a terminal (a test runner may start us with it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli(*args, cwd: Path = ROOT, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    """``deterrence ARGS`` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "deterrence", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        preexec_fn=kw.pop("preexec_fn", default_sigint),
        **kw,
    )


def main(*args) -> subprocess.CompletedProcess:
    """``deterrence ARGS`` run in this process (faster than :func:`cli`; an exception that
    escapes ``main`` fails the test as a traceback would)."""
    import contextlib
    import io

    from deterrence.cli import main as deterrence

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = deterrence([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def one_line(done: subprocess.CompletedProcess, code: int = 2) -> str:
    """The single stderr line of a command that failed with ``code``, no traceback
    (besides the line a sweep prints when it starts: "sweep: ... points ...")."""
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = [x for x in done.stderr.strip().splitlines() if not x.startswith("sweep: ")]
    assert len(lines) == 1, done.stderr
    return lines[0]


def write_config(folder: Path, text: str = SMALL, name: str = "small.toml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes), to check nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="session")
def finished(tmp_path_factory) -> Path:
    """A complete sweep folder of SMALL (made once; tests work on copies)."""
    from deterrence.runs.config import load_config
    from deterrence.runs.sweeps.design import parse_sweep
    from deterrence.runs.sweeps.run import run_sweep

    base = tmp_path_factory.mktemp("finished")
    config = load_config(write_config(base))
    run_sweep(config, parse_sweep(config), base / "sweep", progress=False)
    return base / "sweep"


@pytest.fixture
def sweep(finished, tmp_path) -> Path:
    """A fresh copy of the finished sweep, with its config beside it as small.toml."""
    shutil.copytree(finished, tmp_path / "sweep", symlinks=True)
    write_config(tmp_path)
    return tmp_path / "sweep"


@pytest.fixture
def reference(finished):
    """The finished sweep's table (what any repair must give back)."""
    from deterrence.results import load

    return load(finished)


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
