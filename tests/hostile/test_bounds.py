"""Bounded work for any input (issue 16, item 5): refused up front, with one line.

The children run under a 2 GB address-space limit, so that the code before
these limits failed with MemoryError (a traceback) instead of taking the
machine's memory.
"""

from __future__ import annotations

import os
import resource
import subprocess

from tests.hostile.conftest import cli, default_sigint, main, one_line, write_config

GRID_10M_BY_10M = """
[sweep.axes]
"parameters.stakes" = { linspace = [1.0, 6.0, 10000000] }
"parameters.decisiveness" = { linspace = [0.5, 3.0, 10000000] }
"""


def _limited() -> None:
    default_sigint()
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def test_a_10m_by_10m_grid_is_refused_before_anything_is_made(tmp_path):
    """Found: a grid of 10M x 10M values wrote a 560 MB manifest, then failed with
    MemoryError and left the folder."""
    config = write_config(tmp_path, GRID_10M_BY_10M, "huge.toml")
    done = cli("sweep", config, "--out", tmp_path / "out", preexec_fn=_limited, timeout=120)
    line = one_line(done)
    assert "100,000,000,000,000 points" in line and "split it" in line
    assert not (tmp_path / "out").exists()


def test_too_many_chunks_are_refused(tmp_path):
    config = write_config(tmp_path, GRID_10M_BY_10M.replace("10000000", "3000"), "many.toml")
    line = one_line(main("sweep", config, "--chunk-size", "1", "--out", tmp_path / "out"))
    assert "9,000,000 chunks" in line and "--chunk-size" in line
    assert not (tmp_path / "out").exists()


def test_a_config_that_is_an_endless_stream(tmp_path):
    """Found: a config that is a link to an endless stream was read until memory ran out."""
    link = tmp_path / "endless.toml"
    link.symlink_to("/dev/zero")
    for command in ("run", "solve", "sweep"):
        done = cli(command, link, cwd=tmp_path, preexec_fn=_limited, timeout=120)
        assert "endless or growing stream" in one_line(done)


def test_a_config_from_a_pipe_is_read_up_to_the_limit(tmp_path):
    """A pipe that never ends (``yes``) is refused; a short one is read."""
    yes = subprocess.Popen(["yes", "# a comment"], stdout=subprocess.PIPE)
    try:
        done = cli(
            "solve",
            f"/dev/fd/{yes.stdout.fileno()}",
            pass_fds=(yes.stdout.fileno(),),
            preexec_fn=_limited,
            timeout=120,
        )
    finally:
        yes.kill()
        yes.wait()
    assert "endless or growing stream" in one_line(done)


def test_a_huge_config_file_is_refused_before_it_is_read(tmp_path):
    """A 20 GB (sparse) file is refused from its size, without reading it."""
    big = tmp_path / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(20 * 2**30)
    done = cli("solve", big, cwd=tmp_path, preexec_fn=_limited, timeout=120)
    line = one_line(done)
    assert "21,474,836,480 bytes" in line and "at most" in line
    assert os.path.getsize(big) == 20 * 2**30
