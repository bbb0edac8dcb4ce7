"""Reading a sweep's results folder back, checking everything against its manifest.

:func:`inspect` reports the folder's state without changing it: the
manifest must be whole (:func:`.manifest.read_manifest`); every line of the
chunk log must be the record of a chunk of this sweep, once; every recorded
chunk file must have the recorded size and SHA-256; the design file its
recorded checksum; and ``chunks/`` may hold nothing but the chunk files and
the store's own temporary files.  Anything else is a :class:`Problem` naming
the file.  :func:`load_results` and :func:`reopen` (for ``--resume``) build on
it and refuse a damaged folder with one line; ``deterrence check --repair``
(:mod:`.repair`) recomputes what is damaged.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from deterrence.runs.errors import ConfigError, os_error, os_reason
from deterrence.runs.files import TooLarge, kind_name, kind_of, move_new, read_own, sha256
from deterrence.runs.sweeps.manifest import (
    CHUNKS,
    DESIGN,
    LOG,
    MANIFEST,
    Record,
    chunk_name,
    parse_record,
    read_manifest,
)
from deterrence.runs.sweeps.store import SweepStore, read_design, table_schema, tmp_name

_CHUNK = re.compile(r"^part-(\d{6,})\.parquet$")
_TMP = re.compile(
    r"^\.(part-\d{6,}\.parquet|manifest\.json|design\.npy|chunks\.jsonl)\.([0-9a-f]{32})\.tmp$"
)
LOG_LINE_BYTES = 512  # a record is about 200 bytes


@dataclass(frozen=True)
class Problem:
    """Something in the folder that does not match the manifest."""

    file: str  # relative to the results folder
    reason: str
    chunk: int | None = None


@dataclass(frozen=True)
class FolderState:
    """What a sweep's results folder holds, checked against its manifest."""

    path: Path
    manifest: dict[str, Any]
    records: dict[int, Record]
    problems: tuple[Problem, ...] = ()
    pending: dict[int, str] = field(default_factory=dict)  # chunk -> temporary file name
    stale: tuple[str, ...] = ()  # the store's own temporary files of unfinished writes
    torn_log: bool = False  # the log's last line was cut short by a kill or a full disk

    @property
    def total(self) -> int:
        return self.manifest["chunks"]

    @property
    def done(self) -> list[int]:
        """Chunks recorded and in place."""
        bad = {p.chunk for p in self.problems}
        return sorted(k for k in self.records if k not in self.pending and k not in bad)

    @property
    def missing(self) -> list[int]:
        """Chunks not recorded: never solved, or their record lost."""
        return [k for k in range(self.total) if k not in self.records]

    @property
    def damaged(self) -> list[int]:
        return sorted({p.chunk for p in self.problems if p.chunk is not None})

    @property
    def status(self) -> str:
        """ "damaged", "complete" or "resumable"."""
        if self.problems:
            return "damaged"
        return "complete" if len(self.done) == self.total else "resumable"

    def first_problem(self) -> str:
        p = self.problems[0]
        return f"{self.path / p.file}: {p.reason}"


# --------------------------------------------------------------------------- inspect
def results_folder(path: str | Path) -> Path:
    """``path`` as a results folder (a link to one is followed); ConfigError otherwise."""
    folder = Path(path)
    kind = kind_of(folder)
    if kind is None:
        raise ConfigError(str(path), "", "no such folder")
    if not folder.is_dir():
        raise ConfigError(str(path), "", "is a file, not a results folder")
    return Path(os.path.realpath(folder))


def inspect(path: str | Path, keep: dict[int, bytes] | None = None) -> FolderState:
    """The state of a sweep's results folder, without changing anything.

    Every recorded chunk is read and its checksum checked; if ``keep`` is
    given, the bytes of each verified chunk are stored in it (by chunk).
    Raises ConfigError (one line naming the file) if the folder is not a
    sweep folder or its manifest is not whole; anything else found wrong is
    a :class:`Problem` of the returned state.
    """
    folder = results_folder(path)
    manifest = read_manifest(folder)
    problems: list[Problem] = []
    records, torn = _read_log(folder, manifest, problems)
    _check_design(folder, manifest, problems)
    entries = _chunk_entries(folder, records, problems)
    pending, stale = _classify(folder, manifest, records, entries, problems, keep)
    stale += tuple(e.name for e in os.scandir(folder) if _is_own_tmp(e.name, manifest["store_id"]))
    return FolderState(folder, manifest, records, tuple(problems), pending, stale, torn)


def _is_own_tmp(name: str, store_id: str) -> bool:
    match = _TMP.match(name)
    return bool(match) and match.group(2) == store_id


def _read_log(
    folder: Path, manifest: dict[str, Any], problems: list[Problem]
) -> tuple[dict[int, Record], bool]:
    """The valid records of the chunk log, and whether its last line was cut short."""
    kind = kind_of(folder / LOG)
    if kind != "file":
        reason = "missing" if kind is None else f"is a {kind_name(kind)}, not the chunk log"
        problems.append(Problem(LOG, reason))
        return {}, False
    limit = manifest["chunks"] * LOG_LINE_BYTES + 65536
    try:
        data = read_own(folder / LOG, limit)
    except OSError as exc:
        problems.append(Problem(LOG, f"cannot read: {os_reason(exc)}"))
        return {}, False
    *lines, tail = data.split(b"\n")
    records: dict[int, Record] = {}
    for number, line in enumerate(lines, start=1):
        try:
            record = parse_record(line.decode("utf-8"), manifest)
        except (UnicodeDecodeError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) else "not UTF-8 text"
            problems.append(Problem(LOG, f"line {number}: {reason} (damaged or edited)"))
            continue
        if record.chunk in records:
            problems.append(
                Problem(LOG, f"line {number}: chunk {record.chunk} recorded twice", record.chunk)
            )
            continue
        records[record.chunk] = record
    return records, bool(tail)


def _check_design(folder: Path, manifest: dict[str, Any], problems: list[Problem]) -> None:
    expected = manifest["design_file"]
    if expected is None:
        return
    try:
        read_design(folder / DESIGN, expected)
    except FileNotFoundError:
        problems.append(Problem(DESIGN, "missing"))
    except OSError as exc:
        problems.append(Problem(DESIGN, f"cannot read: {os_reason(exc)}"))
    except ValueError as exc:
        problems.append(Problem(DESIGN, str(exc)))


def _chunk_entries(
    folder: Path, records: dict[int, Record], problems: list[Problem]
) -> dict[str, str]:
    """Name -> kind of every entry of chunks/ (nothing if chunks/ is not a plain folder)."""
    kind = kind_of(folder / CHUNKS)
    if kind == "folder":
        try:
            return {e.name: kind_of(Path(e.path)) or "gone" for e in os.scandir(folder / CHUNKS)}
        except OSError as exc:
            problems.append(Problem(CHUNKS, f"cannot read: {os_reason(exc)}"))
            return {}
    if kind is not None or records:
        reason = (
            "missing" if kind is None else f"is a {kind_name(kind)}, not a folder (never followed)"
        )
        problems.append(Problem(CHUNKS, reason))
    return {}


def _classify(
    folder: Path,
    manifest: dict[str, Any],
    records: dict[int, Record],
    entries: dict[str, str],
    problems: list[Problem],
    keep: dict[int, bytes] | None,
) -> tuple[dict[int, str], tuple[str, ...]]:
    """Check every entry of chunks/ and every record; return (pending, stale)."""
    store_id = manifest["store_id"]
    _check_entries(manifest, records, entries, problems)
    pending = _check_records(folder, store_id, records, entries, problems, keep)
    stale = [
        f"{CHUNKS}/{name}"  # an uncommitted write, or a left-over copy
        for name in sorted(entries)
        if _is_own_tmp(name, store_id) and name not in pending.values()
    ]
    return pending, tuple(stale)


def _check_entries(
    manifest: dict[str, Any],
    records: dict[int, Record],
    entries: dict[str, str],
    problems: list[Problem],
) -> None:
    """chunks/ may hold this sweep's chunk files (recorded) and the store's own
    temporary files; anything else is a problem."""
    for name, kind in sorted(entries.items()):
        match = _CHUNK.match(name)
        k = int(match.group(1)) if match else -1
        here = f"{CHUNKS}/{name}"
        if match and 0 <= k < manifest["chunks"] and name == chunk_name(k):
            if k not in records:
                reason = "not recorded in chunks.jsonl (copied in, or not written by this sweep)"
                problems.append(Problem(here, reason, k))
            elif kind != "file":
                problems.append(Problem(here, f"is a {kind_name(kind)}, not a chunk file", k))
        elif not _is_own_tmp(name, manifest["store_id"]):
            problems.append(Problem(here, "not a chunk of this sweep (move it out of chunks/)"))


def _check_records(
    folder: Path,
    store_id: str,
    records: dict[int, Record],
    entries: dict[str, str],
    problems: list[Problem],
    keep: dict[int, bytes] | None,
) -> dict[int, str]:
    """Each recorded chunk must be in place with its size and checksum, or (a kill before
    its rename) under its temporary name; returns the latter {chunk: temporary name}."""
    pending: dict[int, str] = {}
    for k, record in sorted(records.items()):
        tmp = tmp_name(record.file, store_id)
        if entries.get(record.file) == "file":
            reason = _verify(folder / CHUNKS / record.file, record, keep)
            if reason:
                problems.append(Problem(f"{CHUNKS}/{record.file}", reason, k))
        elif record.file in entries:
            continue  # not a file: reported with the entries
        elif entries.get(tmp) == "file" and not _verify(folder / CHUNKS / tmp, record, None):
            pending[k] = tmp
        else:
            problems.append(Problem(f"{CHUNKS}/{record.file}", "missing", k))
    return pending


def _verify(path: Path, record: Record, keep: dict[int, bytes] | None) -> str | None:
    """Why the file at ``path`` is not the recorded chunk, or None if it is."""
    try:
        data = read_own(path, record.bytes)
    except TooLarge:
        return "larger than recorded (damaged or replaced)"
    except OSError as exc:
        return f"cannot read: {os_reason(exc)}"
    if len(data) != record.bytes:
        return f"truncated: {len(data):,} of {record.bytes:,} bytes"
    if sha256(data) != record.sha256:
        return "checksum does not match chunks.jsonl (damaged or replaced)"
    if keep is not None:
        keep[record.chunk] = data
    return None


# ---------------------------------------------------------------------------- resume
def reopen(path: str | Path, config_hash: str, design_hash: str) -> SweepStore:
    """Open a sweep folder to finish it with the config and design given (their hashes).

    Refuses (ConfigError, one line naming the file) a folder of another config
    or design, or one with any problem; then finishes what a kill interrupted:
    a log line cut short is cut off, the store's own temporary files of
    uncommitted chunks are removed, and committed chunks still under their
    temporary names are moved into place.
    """
    state = inspect(path)
    manifest = state.manifest
    where = str(state.path / MANIFEST)
    if manifest["config_hash"] != config_hash:
        raise ConfigError(
            where,
            "config",
            "holds a sweep of a different config; resume with the config (and --set "
            "overrides) that started it",
        )
    if manifest["design_hash"] != design_hash:
        raise ConfigError(
            where,
            "sweep",
            "holds a sweep of a different design; resume with the [sweep] that started it",
        )
    if state.problems:
        raise ConfigError(
            str(state.path / state.problems[0].file),
            "",
            f"{state.problems[0].reason}; the folder is damaged and was not changed "
            f"(`deterrence check {state.path}` lists what is wrong, --repair recomputes it)",
        )
    try:
        _finish_interrupted(state)
        unit = (
            read_design(state.path / DESIGN, manifest["design_file"])
            if manifest["design_file"]
            else None
        )
    except OSError as exc:
        raise os_error(state.path, exc) from None
    return SweepStore(state.path, manifest, unit, state.records, created=True)


def _finish_interrupted(state: FolderState) -> None:
    folder = state.path
    if state.torn_log:
        data = (folder / LOG).read_bytes()
        os.truncate(folder / LOG, data.rfind(b"\n") + 1)
    for name in state.stale:
        os.unlink(folder / name)
    for k, tmp in state.pending.items():
        move_new(folder / CHUNKS / tmp, folder / CHUNKS / chunk_name(k))


# ----------------------------------------------------------------------------- load
@dataclass(frozen=True)
class Loaded:
    """A sweep's rows and the state of the folder they were read from."""

    table: pa.Table
    state: FolderState

    @property
    def partial(self) -> bool:
        return self.state.status != "complete"

    def note(self) -> str | None:
        """A one-line description of what is missing, or None for a complete folder."""
        if not self.partial:
            return None
        s = self.state
        text = (
            f"partial results: {len(s.done)} of {s.total} chunks "
            f"({self.table.num_rows:,} of {s.manifest['points']:,} points)"
        )
        if s.problems:
            what = f"chunks {_list(s.damaged)}" if s.damaged else s.problems[0].file
            text += f"; damaged: {what}"
        return text


def _list(chunks: list[int], limit: int = 8) -> str:
    shown = ", ".join(map(str, chunks[:limit]))
    return shown + (f" and {len(chunks) - limit} more" if len(chunks) > limit else "")


def load_results(path: str | Path, *, partial: bool = False) -> Loaded:
    """All rows of a sweep folder, ordered by point, every chunk checked.

    A damaged or incomplete folder is refused (ConfigError naming the file)
    unless ``partial``; then the verified chunks are read and
    :meth:`Loaded.note` says what is missing.
    """
    chunks: dict[int, bytes] = {}
    state = inspect(path, keep=chunks)
    if not partial:
        _refuse_unless_complete(state)
    if not chunks:
        raise ConfigError(str(state.path), "", "no chunk of this sweep is done; nothing to read")
    schema = table_schema(state.manifest["columns"], state.manifest["column_types"])
    try:
        tables = [pq.read_table(pa.BufferReader(chunks[k])).cast(schema) for k in sorted(chunks)]
    except (pa.ArrowException, OSError, ValueError) as exc:  # checksummed: a pyarrow mismatch
        raise ConfigError(str(state.path), "", f"cannot read a chunk: {exc}") from None
    return Loaded(pa.concat_tables(tables), state)


def _refuse_unless_complete(state: FolderState) -> None:
    if state.problems:
        raise ConfigError(
            str(state.path / state.problems[0].file),
            "",
            f"{state.problems[0].reason}; the folder is damaged "
            f"(`deterrence check {state.path}` lists what is wrong, --repair recomputes it; "
            "--partial reads the chunks that are intact)",
        )
    if state.status != "complete":
        raise ConfigError(
            str(state.path),
            "",
            f"incomplete: {len(state.done)} of {state.total} chunks done; finish it with "
            f"`{resume_hint(state)}`, or read what is there with --partial",
        )


def resume_hint(state: FolderState) -> str:
    """The command that finishes the sweep (the one recorded when it started, if any)."""
    return state.manifest.get("resume_command") or (
        f"deterrence sweep {state.manifest['config_file']} --resume --out {state.path}"
    )


def load_table(path: str | Path, *, partial: bool = False) -> pa.Table:
    """All rows of a complete sweep folder (see :func:`load_results`)."""
    return load_results(path, partial=partial).table
