"""Property: random corruption of a results folder is detected with one line, or repaired
to the table of an uninterrupted run; it is never loaded silently (issue 16, item 2).

Hypothesis draws one to three corruptions of a finished sweep folder: bytes
flipped, files truncated, removed, duplicated or renamed (inside ``chunks/``
and between the folder's files), lines of the log dropped, duplicated or
added, manifest fields changed or removed.  Then:

* ``load`` either refuses with one line or returns exactly the reference table;
* ``deterrence check`` never reports "complete" unless ``load`` succeeds;
* ``check --repair`` either refuses with one line (a damaged manifest, which
  is the only record of what the sweep is) or leaves a folder that loads to
  exactly the reference table.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.hostile.conftest import main, one_line

FILES = [
    "manifest.json",
    "chunks.jsonl",
    "design.npy",
    *(f"chunks/part-{k:06d}.parquet" for k in range(4)),
]
FIELDS = [
    "format",
    "format_version",
    "package",
    "store_id",
    "config",
    "config_hash",
    "sweep",
    "design_hash",
    "design_file",
    "points",
    "chunk_size",
    "chunks",
    "seed",
    "columns",
    "log",
    "checksum",
    "created",
]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 100), st.text(max_size=8), st.just([]), st.just({})
)


def flip(folder: Path, name: str, at: float, bits: int) -> None:
    path = folder / name
    if path.is_file():
        data = bytearray(path.read_bytes())
        if data:
            i = int(at * (len(data) - 1))
            data[i] ^= bits
            path.write_bytes(bytes(data))


def truncate(folder: Path, name: str, at: float) -> None:
    path = folder / name
    if path.is_file():
        data = path.read_bytes()
        path.write_bytes(data[: int(at * len(data))])


def remove(folder: Path, name: str) -> None:
    path = folder / name
    if path.is_file():
        path.unlink()


def duplicate(folder: Path, name: str, other: str) -> None:
    if (folder / name).is_file() and name != other:
        shutil.copyfile(folder / name, folder / other)


def rename(folder: Path, name: str, other: str) -> None:
    if (folder / name).is_file() and name != other:
        (folder / name).replace(folder / other)


def edit_field(folder: Path, field: str, value) -> None:
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text())
        manifest[field] = value
    except (OSError, ValueError, TypeError, UnicodeDecodeError):
        return
    path.write_text(json.dumps(manifest))


def drop_field(folder: Path, field: str) -> None:
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text())
        manifest.pop(field, None)
    except (OSError, ValueError, AttributeError, UnicodeDecodeError):
        return
    path.write_text(json.dumps(manifest))


def log_lines(folder: Path, keep: list[int], extra: str) -> None:
    path = folder / "chunks.jsonl"
    if path.is_file():
        lines = path.read_bytes().splitlines(keepends=True)
        chosen = [lines[i % len(lines)] for i in keep] if lines else []
        path.write_bytes(b"".join(chosen) + extra.encode())


names = st.sampled_from(FILES)
chunk_names = st.sampled_from(
    [f"chunks/part-{k:06d}.parquet" for k in range(6)] + ["chunks/part-abc.parquet"]
)
fraction = st.floats(0, 1)
CORRUPTIONS = st.one_of(
    st.builds(lambda n, a, b: ("flip", n, a, b), names, fraction, st.integers(1, 255)),
    st.builds(lambda n, a: ("truncate", n, a), names, fraction),
    st.builds(lambda n: ("remove", n), names),
    st.builds(lambda n, o: ("duplicate", n, o), names, chunk_names),
    st.builds(lambda n, o: ("rename", n, o), names, chunk_names),
    st.builds(lambda f, v: ("edit_field", f, v), st.sampled_from(FIELDS), VALUES),
    st.builds(lambda f: ("drop_field", f), st.sampled_from(FIELDS)),
    st.builds(
        lambda k, e: ("log_lines", k, e),
        st.lists(st.integers(0, 3), max_size=6),
        st.sampled_from(["", "\n", "{}\n", '{"chunk":1}', "garbage\n"]),
    ),
)
ACTIONS = {
    "flip": flip,
    "truncate": truncate,
    "remove": remove,
    "duplicate": duplicate,
    "rename": rename,
    "edit_field": edit_field,
    "drop_field": drop_field,
    "log_lines": log_lines,
}


def corrupt(folder: Path, corruptions) -> None:
    for kind, *args in corruptions:
        ACTIONS[kind](folder, *args)


def check_corruption(finished: Path, reference, tmp_path_factory, corruptions) -> None:
    """Corrupt a copy of ``finished``, then load, check and repair it (the properties above)."""
    from deterrence.results import load
    from deterrence.runs.errors import ConfigError

    folder = tmp_path_factory.mktemp("corrupt") / "sweep"
    shutil.copytree(finished, folder)
    corrupt(folder, corruptions)
    try:
        table = load(folder)
    except ConfigError as err:
        assert "\n" not in str(err)
        loaded = False
    else:
        assert table.equals(reference), "a corrupted folder was loaded with other rows"
        loaded = True
    checked = main("check", folder)
    if checked.returncode == 0:
        assert loaded, "check said complete, load refused"
    else:
        assert checked.returncode in (1, 2) and "Traceback" not in checked.stderr
    repaired = main("check", folder, "--repair")
    if repaired.returncode == 2:
        one_line(repaired)  # the manifest is damaged: refused, one line
        event("load refused; repair refused (the manifest)")
        return
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert load(folder).equals(reference)
    event("load " + ("gave the reference" if loaded else "refused") + "; repaired")


HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)
@given(corruptions=st.lists(CORRUPTIONS, min_size=1, max_size=3))
def test_corruption_is_detected_or_repaired_never_loaded_silently(
    finished, reference, tmp_path_factory, corruptions
):
    check_corruption(finished, reference, tmp_path_factory, corruptions)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=HEALTH, derandomize=False)
@given(corruptions=st.lists(CORRUPTIONS, min_size=1, max_size=4))
def test_corruption_thoroughly(finished, reference, tmp_path_factory, corruptions):
    check_corruption(finished, reference, tmp_path_factory, corruptions)
