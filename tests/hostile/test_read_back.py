"""Silently wrong (issue 16, item 2): what is read back is checked, and refused with
one line naming the file when it does not match what was written."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.hostile.conftest import SMALL, main, one_line, tree, write_config

RESUME = ("--resume", "--out")


def _resume(sweep):
    return main("sweep", sweep.parent / "small.toml", *RESUME, sweep)


def _edit_manifest(sweep, **fields) -> None:
    path = sweep / "manifest.json"
    manifest = json.loads(path.read_text())
    for key, value in fields.items():
        if value is None:
            manifest.pop(key)
        else:
            manifest[key] = value
    path.write_text(json.dumps(manifest, indent=2))


def _unrecord(sweep, chunk: int) -> None:
    """Take chunk's record out of the log and its file away: a chunk not yet solved."""
    log = sweep / "chunks.jsonl"
    lines = [x for x in log.read_text().splitlines(keepends=True) if f'"chunk":{chunk},' not in x]
    log.write_text("".join(lines))
    (sweep / "chunks" / f"part-{chunk:06d}.parquet").unlink()


# Each tampering: (what to do to a finished sweep, a fragment the refusal names).
def edited_chunk_size(sweep):
    _edit_manifest(sweep, chunk_size=4)


def duplicated_chunk(sweep):
    _unrecord(sweep, 3)
    shutil.copy(sweep / "chunks" / "part-000001.parquet", sweep / "chunks" / "part-000003.parquet")


def renamed_chunk(sweep):
    _unrecord(sweep, 3)
    (sweep / "chunks" / "part-000002.parquet").rename(sweep / "chunks" / "part-000003.parquet")


def truncated_chunk(sweep):
    path = sweep / "chunks" / "part-000002.parquet"
    path.write_bytes(path.read_bytes()[:-100])


def missing_chunk(sweep):
    (sweep / "chunks" / "part-000001.parquet").unlink()


def stray_chunk(sweep):
    shutil.copy(sweep / "chunks" / "part-000001.parquet", sweep / "chunks" / "part-abc.parquet")


def swapped_design(sweep):
    import numpy as np

    design = np.load(sweep / "design.npy")
    np.save(sweep / "design.npy", design[::-1])


def missing_design(sweep):
    (sweep / "design.npy").unlink()


def missing_chunk_size(sweep):
    _edit_manifest(sweep, chunk_size=None)


def bad_chunk_size(sweep):
    _edit_manifest(sweep, chunk_size="six")


def manifest_not_json(sweep):
    (sweep / "manifest.json").write_text("{ not json")


TAMPERING = {
    edited_chunk_size: "chunk_size",
    duplicated_chunk: "part-000003.parquet",
    renamed_chunk: "part-000003.parquet",
    truncated_chunk: "part-000002.parquet",
    missing_chunk: "part-000001.parquet",
    stray_chunk: "part-abc.parquet",
    swapped_design: "design.npy",
    missing_design: "design.npy",
    missing_chunk_size: "chunk_size",
    bad_chunk_size: "chunk_size",
    manifest_not_json: "manifest.json",
}


@pytest.mark.parametrize("tamper", TAMPERING, ids=lambda f: f.__name__)
def test_resume_load_and_plot_refuse_a_tampered_folder(sweep, tamper):
    """Found: ``--resume`` trusted whatever it found (an edited chunk size, a duplicated,
    renamed, truncated or foreign chunk, a swapped design): duplicated, missing or mixed
    rows and a sweep reported complete; malformed folders gave tracebacks."""
    from deterrence.results import load
    from deterrence.runs.errors import ConfigError

    tamper(sweep)
    before = tree(sweep)
    fragment = TAMPERING[tamper]
    assert fragment in one_line(_resume(sweep))
    with pytest.raises(ConfigError) as err:
        load(sweep)
    assert fragment in str(err.value) and "\n" not in str(err.value)
    assert fragment in one_line(main("plot", sweep, "--x", "parameters.stakes", "--z", "threshold"))
    assert tree(sweep) == before  # refused, and nothing was changed


@pytest.mark.parametrize(
    "tamper",
    [
        t
        for t in TAMPERING
        if t is not manifest_not_json
        and t is not missing_chunk_size
        and t is not bad_chunk_size
        and t is not edited_chunk_size
    ],
    ids=lambda f: f.__name__,
)
def test_check_names_the_damage_and_repair_restores_the_table(sweep, reference, tamper):
    from deterrence.results import load

    tamper(sweep)
    checked = main("check", sweep)
    assert checked.returncode == 1 and "damaged" in checked.stdout
    assert TAMPERING[tamper] in checked.stdout
    repaired = main("check", sweep, "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "complete" in repaired.stdout.splitlines()[-1]
    assert load(sweep).equals(reference)


def test_a_damaged_manifest_cannot_be_repaired_and_is_left_alone(sweep):
    _edit_manifest(sweep, chunk_size=4)
    before = tree(sweep)
    assert "chunk_size" in one_line(main("check", sweep, "--repair"))
    assert tree(sweep) == before


def test_a_chunk_of_another_config_is_refused(tmp_path, sweep):
    """Found: a chunk from another config was taken as this sweep's."""
    other = write_config(tmp_path, SMALL.replace('"maxmin"', '"expected"'), "other.toml")
    assert main("sweep", other, "--out", tmp_path / "other").returncode == 0
    _unrecord(sweep, 2)
    shutil.copy(tmp_path / "other/chunks/part-000002.parquet", sweep / "chunks")
    assert "part-000002.parquet" in one_line(_resume(sweep))


def test_resume_with_another_design_is_refused(sweep):
    _unrecord(sweep, 3)
    changed = write_config(sweep.parent, SMALL.replace("seed = 3", "seed = 4"), "changed.toml")
    line = one_line(main("sweep", changed, *RESUME, sweep))
    assert "different design" in line and "manifest.json" in line


def test_plot_of_an_incomplete_folder_says_so(sweep, tmp_path):
    """Found: ``plot`` on a folder with a missing chunk drew the partial data without a word."""
    _unrecord(sweep, 1)
    args = ("plot", sweep, "--x", "parameters.stakes", "--z", "threshold")
    assert "incomplete: 3 of 4 chunks" in one_line(main(*args))
    done = main(*args, "--partial", "--out", tmp_path / "partial.png")
    assert done.returncode == 0, done.stderr
    assert "partial results: 3 of 4 chunks (18 of 24 points)" in done.stderr


def test_plot_data_carries_the_partial_note(sweep):
    from deterrence.runs.plot_data import plot_data

    _unrecord(sweep, 0)
    data = plot_data(sweep, "parameters.stakes", "threshold", partial=True)
    assert data.partial.startswith("partial results: 3 of 4 chunks")
    assert data.subtitle.startswith("PARTIAL RESULTS: 3 OF 4 CHUNKS")  # drawn on the figure
    assert len(data.series[""][0]) == 18


def test_resume_finishes_a_commit_cut_short_before_its_rename(sweep, reference):
    """A kill between a chunk's record and its rename leaves it under its temporary name:
    ``--resume`` checks it against the record and moves it into place."""
    from deterrence.results import load

    manifest = json.loads((sweep / "manifest.json").read_text())
    chunk = sweep / "chunks" / "part-000002.parquet"
    chunk.rename(sweep / "chunks" / f".part-000002.parquet.{manifest['store_id']}.tmp")
    assert main("check", sweep).returncode == 1
    assert _resume(sweep).returncode == 0
    assert load(sweep).equals(reference)


def test_resume_drops_a_log_line_cut_short(sweep, reference):
    from deterrence.results import load

    _unrecord(sweep, 3)
    with open(sweep / "chunks.jsonl", "ab") as log:
        log.write(b'{"bytes":12')  # a record whose write was cut short (a full disk)
    assert _resume(sweep).returncode == 0
    assert load(sweep).equals(reference)


def test_a_sweep_folder_of_an_earlier_version_is_refused_not_trusted(sweep):
    manifest = json.loads((sweep / "manifest.json").read_text())
    old = {k: manifest[k] for k in ("package", "config", "sweep", "chunk_size", "seed")}
    (sweep / "manifest.json").write_text(json.dumps({**old, "chunks_done": [0, 1, 2, 3]}))
    assert "earlier deterrence" in one_line(_resume(sweep))


def test_check_verifies_a_run_folder(tmp_path):
    from tests.hostile.conftest import ROOT

    out = tmp_path / "run"
    assert main("run", ROOT / "configs" / "default.toml", "--out", out).returncode == 0
    checked = main("check", out)
    assert checked.returncode == 0 and "complete" in checked.stdout
    results = out / "results.json"
    results.write_text(results.read_text().replace('"stakes": 4.0', '"stakes": 5.0'))
    checked = main("check", out)
    assert checked.returncode == 1 and "results.json: checksum" in checked.stdout
    assert "cannot be repaired" in one_line(main("check", out, "--repair"))
