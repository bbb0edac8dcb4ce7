"""One line for every failure a user can cause (issue 16, item 4; issue 10's empty config).

Failures the test machine cannot produce for real (a read-only file system,
a full disk, permissions when tests run as root) are simulated at the one
place the package writes (:mod:`deterrence.runs.files`); the file-size
limit is real (``ulimit -f`` in a child process).
"""

from __future__ import annotations

import errno
import os
import resource

import pytest

from deterrence.runs import files
from tests.hostile.conftest import SMALL, cli, main, one_line, tree, write_config

PLOT = ("--x", "parameters.stakes", "--z", "threshold")


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000 + "]" * 5000,
        "a = " + "{b = " * 3000 + "1" + "}" * 3000,
        "[" + ".".join(["s"] * 3000) + "]\nx = 1\n",
    ],
    ids=["lists", "inline tables", "dotted tables"],
)
def test_deeply_nested_toml(tmp_path, text):
    """Found: deeply nested TOML gave a RecursionError traceback."""
    config = write_config(tmp_path, text, "deep.toml")
    for command in ("run", "solve", "sweep"):
        assert "nested more than" in one_line(main(command, config))


def test_deeply_nested_set_value(tmp_path):
    config = write_config(tmp_path)
    line = one_line(main("solve", config, "--set", "parameters.stakes=" + "[" * 5000 + "]" * 5000))
    assert "nested more than" in line


def test_set_with_a_line_break_is_an_error(tmp_path):
    """Found: ``--set`` with an embedded newline silently dropped everything after it."""
    config = write_config(tmp_path)
    line = one_line(main("solve", config, "--set", "parameters.stakes=2\nparameters.war_cost=9"))
    assert "line break" in line and "--set" in line


@pytest.mark.parametrize("text", ["", "\n  \n", "# nothing but a comment\n"])
def test_an_empty_config_is_one_line(tmp_path, text):
    """Found (issue 10): an empty config file ran the default scenario without a word."""
    config = write_config(tmp_path, text, "empty.toml")
    for command in ("run", "solve", "sweep"):
        assert "empty config" in one_line(main(command, config))


def test_long_values_are_shortened_in_messages(tmp_path):
    """Found: an error message echoed a 60 MB value whole."""
    config = write_config(tmp_path, f'[criterion]\nname = "{"x" * 7_000_000}"\n', "long.toml")
    line = one_line(main("solve", config))
    assert "criterion.name" in line and len(line) < 1000
    line = one_line(
        main("solve", write_config(tmp_path), "--set", "criterion.name=" + "y" * 100_000)
    )
    assert "criterion.name" in line and len(line) < 1000
    # and whatever a message holds, the line is shortened around its middle
    from deterrence.runs.errors import ConfigError

    line = str(ConfigError("x.toml", "key", "got " + "z" * 10**6 + "; must be short"))
    assert "characters omitted" in line and line.endswith("; must be short") and len(line) < 700


def test_a_scheduler_that_is_not_an_address(tmp_path):
    """Found: ``--scheduler 'not a url'`` gave a traceback."""
    config = write_config(tmp_path)
    for address in ("not a url", "tcp://", "http://host:8786", "tcp://host:notaport"):
        line = one_line(
            main(
                "sweep",
                config,
                "--executor",
                "dask",
                "--scheduler",
                address,
                "--out",
                tmp_path / "o",
            )
        )
        assert "not a scheduler address" in line
    assert not (tmp_path / "o").exists()


def test_plot_x_equal_to_y(finished):
    """Found: ``plot`` with ``--x`` equal to ``--y`` gave a traceback."""
    line = one_line(main("plot", finished, *PLOT, "--y", "parameters.stakes"))
    assert "--y" in line


# ------------------------------------------------------------------------- OS errors
def _out_commands(tmp_path, out):
    config = write_config(tmp_path)
    return {
        "sweep": ("sweep", config, "--out", out),
        "run": ("run", config, "--out", out),
        "cases": ("cases", "--out", out),
    }


@pytest.mark.parametrize("command", ["sweep", "run", "cases"])
def test_an_out_path_under_a_file(tmp_path, command):
    """Found: OS errors on ``--out`` (here a path through a file) gave tracebacks."""
    (tmp_path / "afile").write_text("x")
    args = _out_commands(tmp_path, tmp_path / "afile" / "out")[command]
    assert "is a file, not a folder" in one_line(main(*args))
    assert (tmp_path / "afile").read_text() == "x"


@pytest.mark.parametrize("command", ["sweep", "run", "cases"])
@pytest.mark.parametrize("target", ["missing", "folder"])
def test_an_out_that_is_a_symbolic_link(tmp_path, command, target):
    """Found: ``--out`` through symbolic links gave tracebacks (or wrote through them)."""
    link = tmp_path / "link"
    if target == "folder":
        (tmp_path / "real").mkdir()
    link.symlink_to(tmp_path / ("real" if target == "folder" else "nowhere"))
    assert "symbolic link" in one_line(main(*_out_commands(tmp_path, link)[command]))
    assert not (tmp_path / "nowhere").exists()
    assert target == "missing" or not any((tmp_path / "real").iterdir())


class _Os:
    """``os`` as :mod:`deterrence.runs.files` sees it, with some functions replaced."""

    def __init__(self, **replaced) -> None:
        self.__dict__.update(replaced)

    def __getattr__(self, name):
        return getattr(os, name)


def _failing(call, code: int, after: int = 0):
    """``call`` that succeeds ``after`` times, then raises OSError(code)."""
    left = [after]

    def failing(*args, **kw):
        if left[0] > 0:
            left[0] -= 1
            return call(*args, **kw)
        raise OSError(code, os.strerror(code))

    return failing


@pytest.mark.parametrize(
    "code, words",
    [(errno.ENOSPC, "no space left"), (errno.EDQUOT, "quota"), (errno.EIO, "input/output")],
)
def test_a_full_disk_at_the_first_chunk_leaves_nothing(tmp_path, monkeypatch, code, words):
    out = tmp_path / "out"
    config = write_config(tmp_path)
    # the manifest and the design are written; the first chunk fails: all removed again
    monkeypatch.setattr(files, "os", _Os(write=_failing(os.write, code, after=2)))
    assert words in one_line(main("sweep", config, "--out", out))
    assert not out.exists()


def test_a_full_disk_later_keeps_the_chunks_committed(tmp_path, monkeypatch, reference):
    from deterrence.results import load

    out = tmp_path / "out"
    config = write_config(tmp_path)
    # the manifest, the design and two chunk files are written; the third chunk fails
    monkeypatch.setattr(files, "os", _Os(write=_failing(os.write, errno.ENOSPC, after=4)))
    assert "no space left" in one_line(main("sweep", config, "--out", out))
    monkeypatch.undo()
    checked = main("check", out)  # resumable: what was committed is intact
    assert checked.returncode == 1 and "resumable: 2 of 4 chunks" in checked.stdout
    assert main("sweep", config, "--resume", "--out", out).returncode == 0
    assert load(out).equals(reference)


def test_a_read_only_file_system_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_read_only", lambda path: True)
    config = write_config(tmp_path)
    for args in (("sweep", config), ("run", config), ("cases",)):
        line = one_line(main(*args, "--out", tmp_path / "out"))
        assert "read-only file system" in line
    assert list(tmp_path.iterdir()) == [config]


def test_permission_denied_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "os", _Os(access=lambda path, mode: False))
    config = write_config(tmp_path)
    assert "permission denied" in one_line(main("sweep", config, "--out", tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_the_file_size_limit(tmp_path):
    """``ulimit -f``: writing a chunk fails with EFBIG: one line, and nothing left."""
    config = write_config(tmp_path, SMALL.replace("chunk_size = 6", "chunk_size = 24"))
    out = tmp_path / "out"
    done = cli("sweep", config, "--out", out, preexec_fn=_file_size_limit(8192))
    assert "file-size limit" in one_line(done)
    assert not out.exists()


def test_a_results_folder_that_cannot_be_read(sweep, monkeypatch):
    before = tree(sweep)
    monkeypatch.setattr(files, "os", _Os(open=_failing(os.open, errno.EACCES)))
    line = one_line(main("plot", sweep, *PLOT))
    assert "permission denied" in line and "manifest.json" in line
    monkeypatch.undo()
    assert tree(sweep) == before
