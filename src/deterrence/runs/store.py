"""Results folders of ``run`` and ``cases``, and figures and reports written with ``--out``.

A results folder is written into a temporary sibling folder and renamed into
place, so all its files appear at once or none do.  Its ``manifest.json``
names the format and the package and records every file's size and SHA-256,
so that ``deterrence check`` can verify it and the package recognises what
it wrote.

A figure or report written to a path of the user's choosing never replaces
a file the package cannot prove it wrote: the results folder it was made
from keeps, in ``outputs.json``, the checksum of every figure and report
written from it, and an existing file is replaced only if its checksum is
one of those (or with ``--force``).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deterrence import __version__
from deterrence.runs.errors import ConfigError, os_error
from deterrence.runs.files import (
    check_creatable,
    kind_name,
    kind_of,
    make_folders,
    move_new,
    read_own,
    remove_folders,
    sha256,
)

MANIFEST = "manifest.json"
FORMAT = "deterrence-results"
FORMAT_VERSION = 1
OUTPUTS = "outputs.json"
MAX_RECORD_BYTES = 16 * 2**20
STORE_FILES = ("manifest.json", "chunks.jsonl", "design.npy", "chunks")  # never an --out


def default_folder(config_path: str, root: str = "results") -> Path:
    """results/<config stem>-<UTC timestamp>, with a counter if that exists."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    base = Path(root) / f"{Path(config_path).stem}-{stamp}"
    path, n = base, 1
    while os.path.lexists(path):
        path, n = base.with_name(f"{base.name}-{n}"), n + 1
    return path


def check_free(out: Path) -> None:
    """Refuse an --out that exists (other than as an empty folder), is a link, or that
    evidently cannot be created (a part of the path is a file; a read-only disk)."""
    kind = kind_of(out)
    if kind == "link":
        raise ConfigError("--out", str(out), "is a symbolic link; choose a new folder")
    if kind not in (None, "folder") or (kind == "folder" and any(out.iterdir())):
        raise ConfigError("--out", str(out), "already exists; choose a new folder")
    try:
        check_creatable(out)
    except OSError as exc:
        raise os_error(out, exc) from None


def metadata(source: str, resolved: dict[str, Any]) -> dict[str, Any]:
    """What every results folder records besides the outputs."""
    return {
        "package": "deterrence",
        "package_version": __version__,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "config_file": source,
        "seed": None,  # the canonical solve is deterministic; sweeps record theirs
        "config": resolved,
    }


UNCHECKED = ("report.html",)  # remade from the data by `deterrence report`: not checksummed


def folder_manifest(folder: Path, kind: str) -> dict[str, Any]:
    """The manifest of a written folder: every data file's size and checksum."""
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name in UNCHECKED:
            continue
        data = path.read_bytes()
        files[str(path.relative_to(folder))] = {"bytes": len(data), "sha256": sha256(data)}
    body = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "package": "deterrence",
        "package_version": __version__,
        "kind": kind,
        "files": files,
    }
    return {**body, "checksum": sha256(json.dumps(body, sort_keys=True).encode())}


def write_folder(
    out: Path, writers: dict[str, Callable[[Path], None]], kind: str | None = "run"
) -> Path:
    """Write files into a temporary sibling folder, then rename it to ``out``.

    ``writers`` maps a file name to a function that writes that file; a
    ``manifest.json`` listing them is added for a results folder of ``kind``
    ("run", "cases"; None for a folder that is not results, e.g. examples).
    If anything fails (an OS error is one line naming the path), the temporary
    folder is removed and ``out`` never appears.
    """
    out = Path(out)
    check_free(out)
    try:
        made = make_folders(out.parent)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise os_error(out, exc) from None
    try:
        for name, write in writers.items():
            write(tmp / name)
        if kind is not None:
            text = json.dumps(folder_manifest(tmp, kind), indent=2) + "\n"
            (tmp / MANIFEST).write_text(text)
        if kind_of(out) == "folder":  # an empty folder: replace it
            out.rmdir()
        os.rename(tmp, out)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        remove_folders(made)
        if isinstance(exc, OSError):
            raise os_error(out, exc) from None
        raise
    return out


def copy_tree(source: Path, out: Path, pattern: str = "*") -> list[Path]:
    """Copy the files under ``source`` matching ``pattern`` (subfolders kept) into a new
    folder ``out``, written whole or not at all; returns the copied paths (relative)."""
    files = sorted(p.relative_to(source) for p in Path(source).rglob(pattern) if p.is_file())

    def copier(rel: Path) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(source) / rel, path)

        return write

    write_folder(Path(out), {str(rel): copier(rel) for rel in files}, kind=None)
    return files


def json_writer(payload: dict[str, Any]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(json.dumps(payload, indent=2, allow_nan=False) + "\n")

    return write


def check_folder(path: Path) -> tuple[str, list[str]]:
    """("complete" or "damaged", problems) of a run or cases results folder."""
    try:
        manifest = json.loads(read_own(path / MANIFEST, MAX_RECORD_BYTES))
        files = manifest["files"]
        body = {k: v for k, v in manifest.items() if k != "checksum"}
        ok = sha256(json.dumps(body, sort_keys=True).encode()) == manifest["checksum"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigError(
            str(path / MANIFEST), "", "damaged or not a deterrence manifest"
        ) from None
    if not ok:
        return "damaged", [f"{MANIFEST}: checksum does not match its contents"]
    problems = []
    for name, expected in files.items():
        try:
            data = read_own(path / name, expected["bytes"])
        except OSError:
            problems.append(f"{name}: missing or unreadable")
            continue
        if sha256(data) != expected["sha256"]:
            problems.append(f"{name}: checksum does not match the manifest")
    return ("damaged" if problems else "complete"), problems


# ------------------------------------------------------------- figures and reports
def _key(path: Path, folder: Path) -> str:
    path, folder = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


def _outputs(folder: Path) -> dict[str, str]:
    try:
        recorded = json.loads(read_own(folder / OUTPUTS, MAX_RECORD_BYTES))
        files = recorded["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def made_here(path: Path, folder: Path) -> bool:
    """Whether the file at ``path`` is a figure or report written from ``folder``
    (its checksum is recorded in the folder's outputs.json)."""
    recorded = _outputs(folder).get(_key(path, folder))
    try:
        return recorded is not None and sha256(read_own(path, MAX_RECORD_BYTES * 8)) == recorded
    except OSError:
        return False


def _record_output(path: Path, folder: Path) -> None:
    """Add ``path``'s checksum to the folder's outputs.json (skipped if it cannot be written)."""
    files = _outputs(folder)
    try:
        files[_key(path, folder)] = sha256(read_own(path, MAX_RECORD_BYTES * 8))
        text = json.dumps({"format": "deterrence-outputs", "files": files}, indent=2) + "\n"
        tmp = folder / f".{OUTPUTS}.{os.getpid()}.tmp"
        tmp.write_text(text)
        os.replace(tmp, folder / OUTPUTS)
    except OSError:
        return


def write_output(
    path: Path, write: Callable[[Path], None], *, folder: Path, force: bool = False
) -> Path:
    """Write a figure or report made from the results ``folder`` to ``path``.

    An existing file is replaced only if it is a figure or report written
    from ``folder`` before (or with ``force``); a folder, a link, or a file of
    a results store (its manifest, log, design or chunks) never.  The file is
    written to a temporary name beside ``path`` and renamed, so a failure
    leaves the old file (or none).
    """
    path = Path(path)
    _refuse_store_file(path)
    kind = kind_of(path)
    if kind not in (None, "file"):
        raise ConfigError("--out", str(path), f"is a {kind_name(kind)}; give a file name")
    if kind == "file" and not force and not made_here(path, folder):
        raise ConfigError(
            "--out",
            str(path),
            "exists and is not a figure or report deterrence made from these results; "
            "choose another name, or add --force to replace it",
        )
    try:
        made = make_folders(path.parent)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise os_error(path, exc) from None
    tmp = Path(name)
    try:
        write(tmp)
        if kind is None:
            move_new(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        remove_folders(made)
        if isinstance(exc, OSError):
            raise os_error(path, exc) from None
        raise
    _record_output(path, folder)
    return path


def _refuse_store_file(path: Path) -> None:
    """Refuse an --out that is a file of a results store (even with --force)."""
    real = Path(os.path.realpath(path))
    for parent in (real.parent, real.parent.parent):
        if (parent / MANIFEST).is_file() and (
            real.name in STORE_FILES or real.parent.name == "chunks"
        ):
            raise ConfigError(
                "--out", str(path), "is a file of a results folder's store; choose another name"
            )
