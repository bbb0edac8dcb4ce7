"""Results folders, written atomically: all files appear at once or none do."""

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
from deterrence.runs.errors import ConfigError


def default_folder(config_path: str, root: str = "results") -> Path:
    """results/<config stem>-<UTC timestamp>, with a counter if that exists."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    base = Path(root) / f"{Path(config_path).stem}-{stamp}"
    path, n = base, 1
    while path.exists():
        path, n = base.with_name(f"{base.name}-{n}"), n + 1
    return path


def check_free(out: Path) -> None:
    """Refuse to write over an existing, non-empty folder or a file."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConfigError("--out", str(out), "already exists; choose a new folder")


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


def write_folder(out: Path, writers: dict[str, Callable[[Path], None]]) -> Path:
    """Write files into a temporary sibling folder, then rename it to ``out``.

    ``writers`` maps a file name to a function that writes that file.  If any
    writer fails, the temporary folder is removed and ``out`` never appears.
    """
    out = Path(out)
    check_free(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, write in writers.items():
            write(tmp / name)
        if out.exists():  # an empty folder: replace it
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def json_writer(payload: dict[str, Any]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(json.dumps(payload, indent=2, allow_nan=False) + "\n")

    return write


def copy_tree(source: Path, out: Path, pattern: str = "*") -> list[Path]:
    """Copy the files under ``source`` matching ``pattern`` (subfolders kept) into a new
    folder ``out``, written whole or not at all; returns the copied paths (relative)."""
    files = sorted(p.relative_to(source) for p in Path(source).rglob(pattern) if p.is_file())
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConfigError(str(out), "", "already exists and is not empty; choose a new folder")

    def copier(rel: Path) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(source) / rel, path)

        return write

    try:
        write_folder(Path(out), {str(rel): copier(rel) for rel in files})
    except OSError as exc:
        raise ConfigError(str(out), "", f"cannot write: {exc.strerror}") from None
    return files
