"""Clean process life (issue 16, item 6; issue 10's Ctrl-C rough edge).

A sweep long enough to be stopped part way runs in its own session (as a
command in a terminal is its own process group), and is stopped as a user
or a system would: Ctrl-C to the whole group, SIGTERM or SIGKILL to the
driver.  No worker may outlive it by more than a few seconds, and the
driver prints one line saying how many chunks are saved and the exact
command that finishes the sweep.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import LONG, ROOT, alive, children_of, default_sigint, write_config

GRACE = 5.0  # seconds a worker may outlive its driver


def _start(config: Path, out: Path, executor: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deterrence",
            "sweep",
            str(config),
            "--out",
            str(out),
            "--executor",
            executor,
            "--workers",
            "2",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=default_sigint,
    )


def _wait_for_chunks(out: Path, n: int, proc: subprocess.Popen, limit: float = 240) -> None:
    deadline = time.time() + limit
    while len(list(out.glob("chunks/part-*.parquet"))) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.time() < deadline, "the sweep made no progress"
        time.sleep(0.05)


def _workers(driver: int) -> list[int]:
    """The driver's worker processes (its children other than helpers such as
    multiprocessing's resource tracker, which exit with it too)."""
    return children_of(driver)


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    deadline = time.time() + seconds
    while time.time() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_die_with_the_driver(tmp_path, how):
    """Found: after SIGKILL or SIGTERM of the main process, ``--executor processes`` left
    its workers running."""
    config = write_config(tmp_path, LONG, "long.toml")
    out = tmp_path / "out"
    proc = _start(config, out, "processes")
    try:
        _wait_for_chunks(out, 2, proc)
        workers = _workers(proc.pid)
        assert len(workers) >= 2
        os.kill(proc.pid, how)
        proc.communicate(timeout=60)
        assert _gone_within(workers, GRACE) == [], "workers outlived the driver"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _ctrl_c(tmp_path: Path, executor: str) -> None:
    config = write_config(tmp_path, LONG, "long.toml")
    out = tmp_path / "out"
    proc = _start(config, out, executor)
    try:
        _wait_for_chunks(out, 2, proc)
        workers = _workers(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole group
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130
    lines = [x for x in err.strip().splitlines() if not x.startswith("sweep: ")]
    assert len(lines) == 1 and "Traceback" not in err, err
    saved = len(list(out.glob("chunks/part-*.parquet")))
    expected = (
        f"deterrence sweep: interrupted: {saved} of 400 chunks saved in {out}; finish with: "
        f"deterrence sweep {shlex.quote(str(config))}"
    )
    assert lines[0].startswith(expected), lines[0]
    assert _gone_within(workers, GRACE) == []
    command = shlex.split(lines[0].split("finish with: ", 1)[1])
    assert command[-3:] == ["--resume", "--out", str(out)]
    from deterrence.results import check

    state = check(out)
    assert state.status == "resumable" and len(state.done) == saved


def test_ctrl_c_under_processes_prints_one_line_and_the_resume_command(tmp_path):
    """Found (issue 10): after Ctrl-C a sweep did not say how to finish it."""
    _ctrl_c(tmp_path, "processes")


@pytest.mark.slow
def test_ctrl_c_under_serial_prints_one_line_and_the_resume_command(tmp_path):
    _ctrl_c(tmp_path, "serial")


@pytest.mark.slow
@pytest.mark.dask
def test_ctrl_c_under_dask_prints_one_line_not_worker_tracebacks(tmp_path):
    """Found: Ctrl-C under dask printed ~35 lines of worker tracebacks."""
    pytest.importorskip("dask.distributed", reason="dask is an optional extra")
    _ctrl_c(tmp_path, "dask")


def test_the_printed_command_finishes_the_sweep(tmp_path):
    """The resume command printed at Ctrl-C, run as printed, completes the table."""
    small = LONG.replace("n = 40000", "n = 600").replace("chunk_size = 100", "chunk_size = 20")
    config = write_config(tmp_path, small, "long.toml")
    out = tmp_path / "out"
    proc = _start(config, out, "processes")
    try:
        _wait_for_chunks(out, 2, proc)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if proc.returncode == 0:
        pytest.skip("the sweep finished before it could be interrupted")
    command = shlex.split(err.strip().splitlines()[-1].split("finish with: ", 1)[1])
    assert command[:2] == ["deterrence", "sweep"]
    done = subprocess.run(
        [sys.executable, "-m", "deterrence", *command[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    from deterrence.results import load

    table = load(out)
    assert len(table) == 600 and table["point"].tolist() == list(range(600))
