"""Data loss (issue 16, "Data loss"; item 1): the store owns only what it wrote."""

from __future__ import annotations

import os

from tests.hostile.conftest import main, one_line, tree, write_config


def test_resume_on_a_users_folder_changes_nothing(tmp_path):
    """Found: ``--resume --out DIR`` on a folder that is not a sweep deleted it."""
    config = write_config(tmp_path)
    mine = tmp_path / "mine"
    (mine / "chunks").mkdir(parents=True)
    (mine / "design.npy").write_bytes(b"my own array")
    (mine / "notes.txt").write_text("three weeks of notes")
    before = tree(mine)
    line = one_line(main("sweep", config, "--resume", "--out", mine))
    assert "not a sweep folder" in line and "nothing was changed" in line
    assert tree(mine) == before


def test_resume_on_a_folder_holding_only_an_empty_chunks_folder_keeps_it(tmp_path):
    """Found: a folder holding only an empty ``chunks/`` was deleted and a sweep started."""
    config = write_config(tmp_path)
    (tmp_path / "out" / "chunks").mkdir(parents=True)
    one_line(main("sweep", config, "--resume", "--out", tmp_path / "out"))
    assert sorted(os.listdir(tmp_path / "out")) == ["chunks"]


def test_resume_keeps_a_users_tmp_files(sweep):
    """Found: ``--resume`` deleted every ``.*.tmp`` file under ``--out``, a user's too."""
    (sweep / "chunks" / "part-000003.parquet").unlink()  # something left to do
    (sweep / "chunks.jsonl").write_bytes(
        b"".join((sweep / "chunks.jsonl").read_bytes().splitlines(keepends=True)[:3])
    )
    (sweep / ".draft.tmp").write_text("a user's draft")
    (sweep / "notes").mkdir()
    (sweep / "notes" / ".plan.tmp").write_text("another")
    done = main("sweep", sweep.parent / "small.toml", "--resume", "--out", sweep)
    assert done.returncode == 0, done.stderr
    assert (sweep / ".draft.tmp").read_text() == "a user's draft"
    assert (sweep / "notes" / ".plan.tmp").read_text() == "another"


def test_plot_out_never_overwrites_a_chunk(sweep):
    """Found: ``plot --out`` overwrote a chunk of the folder it plotted, and ``--resume``
    then said "0 to run", so the rows were lost for good."""
    chunk = sweep / "chunks" / "part-000001.parquet"
    before = chunk.read_bytes()
    for extra in ([], ["--force"]):
        done = main(
            "plot", sweep, "--x", "parameters.stakes", "--z", "threshold", "--out", chunk, *extra
        )
        assert "results folder's store" in one_line(done)
    assert chunk.read_bytes() == before


def test_plot_out_never_overwrites_a_users_file_without_force(sweep, tmp_path):
    """Found: ``plot --out FILE`` overwrote any file."""
    figure = tmp_path / "figure.png"
    figure.write_bytes(b"a figure the user drew by hand")
    args = ("plot", sweep, "--x", "parameters.stakes", "--z", "threshold", "--out", figure)
    assert "--force" in one_line(main(*args))
    assert figure.read_bytes() == b"a figure the user drew by hand"
    # a figure the package made from these results is replaced; so is any file with --force
    made = tmp_path / "made.png"
    assert main(*args[:-1], made).returncode == 0
    assert main(*args[:-1], made).returncode == 0
    assert main(*args, "--force").returncode == 0
    assert figure.read_bytes()[:4] == b"\x89PNG"


def test_a_failure_before_the_first_chunk_leaves_nothing(tmp_path):
    """Found (issue 10): a failure before any point was solved left an empty folder that
    then blocked the same ``--out``.  Here the failure is the scheduler."""
    config = write_config(tmp_path)
    out = tmp_path / "out"
    done = main(
        "sweep", config, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9", "--out", out
    )
    assert "cannot connect" in one_line(done)
    assert not out.exists()
    assert main("sweep", config, "--out", out).returncode == 0  # a plain rerun works


def test_without_dask_installed_nothing_is_left(tmp_path):
    """Found (issue 10): ``--executor dask`` without dask left an empty results folder."""
    import subprocess
    import sys

    config = write_config(tmp_path)
    out = tmp_path / "out"
    code = (
        "import sys; sys.modules['dask'] = sys.modules['dask.distributed'] = None; "
        "from deterrence.cli import main; "
        f"sys.exit(main(['sweep', {str(config)!r}, '--executor', 'dask', '--out', {str(out)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "pip install 'deterrence[dask]'" in one_line(done)
    assert not out.exists()


def test_a_symlinked_chunks_folder_is_never_written_through(sweep, tmp_path):
    """Found: a results folder whose ``chunks/`` is a symbolic link made ``--resume`` write
    outside the folder."""
    elsewhere = tmp_path / "elsewhere"
    (sweep / "chunks").rename(elsewhere)
    (sweep / "chunks").symlink_to(elsewhere)
    (elsewhere / "part-000002.parquet").unlink()
    before = tree(elsewhere)
    line = one_line(main("sweep", sweep.parent / "small.toml", "--resume", "--out", sweep))
    assert "chunks" in line and "symbolic link" in line
    assert tree(elsewhere) == before
