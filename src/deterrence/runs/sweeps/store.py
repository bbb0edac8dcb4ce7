"""The result store of a sweep: Parquet chunks, a manifest and a commit log.

Layout of a results folder::

    manifest.json      identity: format, package, resolved config, compact design, hashes
    design.npy         unit-cube samples of a sampled design (absent for a grid)
    chunks.jsonl       one line per committed chunk: rows, size, SHA-256, status counts
    chunks/part-000000.parquet, ...   one file per chunk of points

The store owns only what it wrote.  The folder is created when the first
chunk is about to be written (so any earlier failure leaves nothing), every
file is created exclusively and never through a symbolic link
(:mod:`deterrence.runs.files`), and nothing is ever overwritten or deleted
except the store's own temporary files, whose names carry the store's random
id.  A chunk is committed in three steps::

    chunks/.part-000003.parquet.<store id>.tmp   written
    chunks.jsonl                                 its record appended
    chunks/part-000003.parquet                   the temporary file renamed into place

(with Ctrl-C and SIGTERM held until the three are done), so that after a
kill at any moment (SIGKILL included) a chunk is either recorded and in place,
recorded and still under its temporary name (``--resume`` moves it into
place after checking its checksum), or unrecorded (its temporary file is
removed and the chunk solved again).  Reading back, the chunks are checked
against their records (:mod:`.verify`).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import signal
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from deterrence.runs.errors import ConfigError, os_error
from deterrence.runs.files import (
    check_creatable,
    kind_of,
    make_folders,
    move_new,
    read_own,
    remove_folders,
    sha256,
    write_new,
)
from deterrence.runs.sweeps.manifest import (
    CHUNKS,
    DESIGN,
    LOG,
    MANIFEST,
    Record,
    chunk_name,
    manifest_text,
)

PARQUET = {"compression": "none"}


# ------------------------------------------------------------------------ encoding
@dataclass(frozen=True)
class ChunkResult:
    """A solved chunk, encoded as Parquet: what a worker sends back to the driver.

    ``data`` is the file's bytes, or empty when the worker has already written
    them to the chunk's temporary file (``written``; local workers do, so that
    the driver only records and renames).
    """

    chunk: int
    rows: tuple[int, int]
    data: bytes
    sha256: str
    status: dict[str, int]
    size: int
    written: bool = False

    def record(self) -> Record:
        return Record(
            self.chunk, self.rows, chunk_name(self.chunk), self.size, self.sha256, self.status
        )

    def write(self, path: Path) -> ChunkResult:
        """Write the bytes to ``path`` (a new file) and return the result without them; on an
        OS error return the result as it is (the driver then writes, and reports the error)."""
        try:
            write_new(path, self.data)
        except OSError:
            return self
        return replace(self, data=b"", written=True)


def _text_array(values: np.ndarray) -> pa.Array:
    """A text column as an Arrow dictionary array, built from codes (no string per point)."""
    from deterrence.models.columns import text_codes

    codes, categories = text_codes(values)
    indices = pa.array(codes, pa.int32(), mask=codes < 0 if (codes < 0).any() else None)
    return pa.DictionaryArray.from_arrays(indices, pa.array(categories, pa.string()))


def _float_array(values: np.ndarray) -> pa.Array:
    """A float column; NaN (a quantity that does not exist) stored as null."""
    v = np.asarray(values, dtype=float)
    nan = np.isnan(v)
    return pa.array(v, pa.float64(), mask=nan if nan.any() else None)


def _constant(array: pa.Array) -> bool:
    """Whether a float column holds one value (or none) in this chunk."""
    if array.null_count == len(array):
        return True
    if array.null_count:
        return False
    values = array.to_numpy(zero_copy_only=False)
    return bool(np.all(values == values[0]))


def to_arrow(columns: dict[str, np.ndarray], types: dict[str, str]) -> pa.Table:
    """A chunk's columns as an Arrow table, each column in its storage type (``types``);
    a column without nulls is declared not nullable (Parquet then writes no
    definition levels for it; :func:`table_schema` makes every chunk alike again)."""
    arrays = {}
    for name, values in columns.items():
        kind = types.get(name, "float64")
        if kind == "string":
            arrays[name] = _text_array(values)
        elif kind == "int64":
            arrays[name] = pa.array(np.asarray(values, dtype=np.int64), pa.int64())
        elif kind == "bool":
            v = np.asarray(values, dtype=float)
            nan = np.isnan(v)
            arrays[name] = pa.array(v > 0.5, pa.bool_(), mask=nan if nan.any() else None)
        else:
            arrays[name] = _float_array(values)
    fields = [pa.field(n, a.type, nullable=a.null_count > 0) for n, a in arrays.items()]
    return pa.Table.from_arrays(list(arrays.values()), schema=pa.schema(fields))


ARROW_TYPES = {
    "string": pa.string(),
    "int64": pa.int64(),
    "bool": pa.bool_(),
    "float64": pa.float64(),
}


def table_schema(columns: list[str], types: dict[str, str]) -> pa.Schema:
    """The schema of a sweep's table as read back: every column nullable, text as strings."""
    return pa.schema([pa.field(c, ARROW_TYPES[types.get(c, "float64")]) for c in columns])


def parquet_options(table: pa.Table, types: dict[str, str]) -> dict[str, Any]:
    """How a chunk is written (settings and their measured effect: docs/guarantees.md).

    Dictionary encoding for the text columns (written straight from their codes)
    and for the float columns constant in the chunk (the base config's values:
    one dictionary entry and a run of zeros); plain encoding for the other float
    columns, whose values are nearly all distinct; no compression (measured: on
    these doubles it saves 3% with snappy, 11% with zstd, for 35-80% more
    writing time); statistics for ``point`` only; no Arrow schema in the file.
    """
    dictionary = [
        name
        for name in table.column_names
        if types.get(name) == "string"
        or (types.get(name, "float64") == "float64" and _constant(table[name].chunk(0)))
    ]
    return {
        **PARQUET,
        "use_dictionary": dictionary,
        "write_statistics": ["point"],
        "store_schema": False,
    }


def encode_chunk(
    k: int, rows: tuple[int, int], columns: dict[str, np.ndarray], types: dict[str, str]
) -> ChunkResult:
    """Chunk k's columns as Parquet bytes, with their checksum and status counts."""
    table = to_arrow(columns, types)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **parquet_options(table, types))
    data = sink.getvalue().to_pybytes()
    status = table["status"].chunk(0)
    counts = np.bincount(
        status.indices.to_numpy(zero_copy_only=False), minlength=len(status.dictionary)
    )
    names = status.dictionary.to_pylist()
    tally = {name: int(c) for name, c in zip(names, counts, strict=True) if c}
    return ChunkResult(k, rows, data, sha256(data), tally, len(data))


def tmp_name(name: str, store_id: str) -> str:
    """The temporary name of a file being written by the store ``store_id``."""
    return f".{name}.{store_id}.tmp"


def npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


# --------------------------------------------------------------------------- store
@contextlib.contextmanager
def signals_deferred():
    """Hold Ctrl-C and SIGTERM until the block ends, then act on them as before: a
    commit is never cut in the middle.  (Python runs signal handlers in the main
    thread only; elsewhere the block runs as it is.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        held: signal.signal(held, lambda signum, frame: caught.append(signum))
        for held in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler)
        for signum in caught[:1]:
            _act_on(signum, previous[signum])


def _act_on(signum: int, handler) -> None:
    """Do what ``handler`` (a signal's handler before it was held) does for ``signum``."""
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)


class SweepStore:
    """A sweep's results folder, opened for writing chunks.

    Make one with :meth:`new` (the folder is created on the first
    :meth:`commit`) or :func:`deterrence.runs.sweeps.verify.reopen`.
    """

    def __init__(
        self,
        path: Path,
        manifest: dict[str, Any],
        unit: np.ndarray | None,
        records: dict[int, Record],
        created: bool,
    ) -> None:
        self.path, self.manifest, self._unit = Path(path), manifest, unit
        self.records = dict(records)
        self.created = created
        self.committed = 0  # chunks committed by this process
        self._log_fd: int | None = None
        self._made: list[Path] = []  # files and folders made by _create, to undo it
        self._folders: list[Path] = []

    @property
    def store_id(self) -> str:
        return self.manifest["store_id"]

    @classmethod
    def new(cls, path: Path, manifest: dict[str, Any], unit: np.ndarray | None) -> SweepStore:
        """A store for a new sweep in ``path``, which must not exist or be an empty folder.

        Nothing is written until the first commit; the checks here only catch
        the usual failures (an existing folder, a read-only disk) before any work.
        """
        path = Path(path)
        check_new_folder(path)
        try:
            check_creatable(path)
        except OSError as exc:
            raise os_error(path, exc) from None
        return cls(path, manifest, unit, {}, created=False)

    # ----------------------------------------------------------------- reading
    def unit_rows(self, first: int, last: int) -> np.ndarray | None:
        """Rows first..last (inclusive) of the design's unit samples."""
        if self._unit is None:
            return None
        return np.array(self._unit[first : last + 1])

    # ----------------------------------------------------------------- writing
    def commit(self, result: ChunkResult) -> None:
        """Write a solved chunk: temporary file, record, rename (see the module docstring).

        The first commit creates the folder; if that commit fails, the folder is
        removed again (everything in it was made by this commit).
        """
        first = not self.created
        with signals_deferred():  # a Ctrl-C lands between commits, never inside one
            if first:
                self._create()
            try:
                self._commit(result)
            except BaseException:
                if first:
                    self._uncreate()
                raise
            self.records[result.chunk] = result.record()
            self.committed += 1

    def target(self, k: int) -> Path | None:
        """Where a worker may write chunk k's bytes itself (its temporary file), once the
        folder exists; None before."""
        return self.path / CHUNKS / tmp_name(chunk_name(k), self.store_id) if self.created else None

    def _commit(self, result: ChunkResult) -> None:
        name = chunk_name(result.chunk)
        final = self.path / CHUNKS / name
        tmp = self.path / CHUNKS / tmp_name(name, self.store_id)
        try:
            if not result.written:
                write_new(tmp, result.data)
            try:
                self._append(result.record().line())
            except BaseException:
                os.unlink(tmp)
                raise
            move_new(tmp, final)
        except OSError as exc:
            raise os_error(self.path, exc) from None

    def _append(self, line: bytes) -> None:
        if self._log_fd is None:
            flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
            self._log_fd = os.open(self.path / LOG, flags | getattr(os, "O_CLOEXEC", 0))
        written = os.write(self._log_fd, line)
        if written != len(line):
            raise OSError(errno.ENOSPC, "short write to the chunk log", str(self.path / LOG))

    def _create(self) -> None:
        """Create the folder with its manifest, design and empty log; on any failure
        remove exactly what was created, so that nothing is left behind."""
        check_new_folder(self.path)
        self._made, self._folders = [], []
        try:
            self._folders = make_folders(self.path)
            self._write(MANIFEST, manifest_text(self.manifest).encode())
            if self._unit is not None:
                self._write(DESIGN, npy_bytes(self._unit))
            os.mkdir(self.path / CHUNKS)
            self._folders.append(self.path / CHUNKS)
            write_new(self.path / LOG, b"")
            self._made.append(self.path / LOG)
        except BaseException as exc:
            self._uncreate()
            if isinstance(exc, OSError):
                raise os_error(self.path, exc) from None
            raise
        self.created = True

    def _uncreate(self) -> None:
        """Remove what :meth:`_create` and a failed first commit made (nothing else)."""
        self.close()
        chunks = self.path / CHUNKS  # made by this process in this commit: its only chunk
        written = [*chunks.glob(f".*.{self.store_id}.tmp"), *chunks.glob("part-*.parquet")]
        for path in [*written, *reversed(self._made)]:
            _unlink_quietly(path)
        remove_folders(self._folders)
        self.created = False

    def _write(self, name: str, data: bytes) -> None:
        tmp = self.path / tmp_name(name, self.store_id)
        write_new(tmp, data)
        self._made.append(tmp)
        move_new(tmp, self.path / name)
        self._made[-1] = self.path / name

    def close(self) -> None:
        if self._log_fd is not None:
            os.close(self._log_fd)
            self._log_fd = None


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def check_new_folder(path: Path) -> None:
    """Refuse a results folder that exists and is not an empty folder (or is a link)."""
    kind = kind_of(path)
    if kind is None:
        return
    if kind == "link":
        raise ConfigError(
            "--out", str(path), "is a symbolic link; give the folder it points to, or a new one"
        )
    if kind != "folder":
        raise ConfigError("--out", str(path), "is a file, not a folder; choose a new folder")
    try:
        empty = not any(os.scandir(path))
    except OSError as exc:
        raise os_error(path, exc, "cannot read") from None
    if not empty:
        raise ConfigError(
            "--out",
            str(path),
            "already exists; choose a new folder, or add --resume to finish the sweep in it",
        )


def new_store_id() -> str:
    return secrets.token_hex(16)


def created_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_design(path: Path, expected: dict[str, Any]) -> np.ndarray:
    """The design's unit samples, checked against the manifest's record of them."""
    data = read_own(path, expected["bytes"])
    if len(data) != expected["bytes"] or sha256(data) != expected["sha256"]:
        raise ValueError("checksum does not match the manifest (damaged or replaced)")
    array = np.load(io.BytesIO(data), allow_pickle=False)
    if list(array.shape) != expected["shape"] or array.dtype != np.float64:
        raise ValueError("not the design the manifest records")
    return array
