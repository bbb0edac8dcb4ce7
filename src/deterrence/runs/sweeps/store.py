"""The result store of a sweep: Parquet chunks plus a manifest, safe to kill at any moment.

Layout of a results folder::

    manifest.json          resolved config, sweep design, seed, package version, chunks done
    design.npy             unit-cube samples of a sampled design (absent for a grid)
    chunks/part-000000.parquet, ...   one file per chunk of points

Every file is written to a temporary name and renamed into place
(``os.replace`` is atomic on POSIX), so a chunk file is either complete or
absent: after ``kill -9`` the chunk files on disk are exactly the chunks
done, and ``--resume`` solves the rest.  The manifest is rewritten the same
way after each chunk; the chunk files remain the source of truth.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from deterrence import __version__
from deterrence.runs.errors import ConfigError

MANIFEST = "manifest.json"
DESIGN = "design.npy"
CHUNKS = "chunks"


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def _save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:  # a handle, so np.save adds no ".npy" to the temp name
        np.save(handle, array)


def _to_arrow(columns: dict[str, np.ndarray], types: dict[str, str]) -> pa.Table:
    """A chunk's columns as an Arrow table, each column in its storage type (``types``)."""
    arrays = {}
    for name, values in columns.items():
        if types.get(name) == "string":
            arrays[name] = pa.array(values, pa.string())  # object array; None is null
        elif name == "point":
            arrays[name] = pa.array(values, pa.int64())
        elif types.get(name) == "bool":
            v = np.asarray(values, dtype=float)
            arrays[name] = pa.array(v > 0.5, pa.bool_(), mask=np.isnan(v))
        else:  # NaN marks a quantity that does not exist: stored as null
            arrays[name] = pa.array(np.asarray(values, dtype=float), pa.float64(), from_pandas=True)
    return pa.table(arrays)


class SweepStore:
    """A sweep's results folder."""

    def __init__(self, path: Path, manifest: dict[str, Any]) -> None:
        self.path, self.manifest = Path(path), manifest

    # ------------------------------------------------------------------ opening
    @classmethod
    def create(cls, path: Path, manifest: dict[str, Any], unit: np.ndarray | None) -> SweepStore:
        path = Path(path)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise ConfigError(
                "--out",
                str(path),
                "already exists; choose a new folder, or add --resume to finish the sweep in it",
            )
        (path / CHUNKS).mkdir(parents=True, exist_ok=True)
        manifest = {
            **manifest,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "package_version": __version__,
            "chunks_done": [],
            "complete": False,
        }
        if unit is not None:
            _atomic_write(path / DESIGN, lambda p: _save_array(p, unit))
        store = cls(path, manifest)
        store._save_manifest()
        return store

    @classmethod
    def reopen(cls, path: Path, expected: dict[str, Any]) -> SweepStore:
        """Open a folder to resume; its config and design must be the ones given."""
        path = Path(path)
        try:
            manifest = json.loads((path / MANIFEST).read_text())
        except (OSError, ValueError):
            raise ConfigError(
                "--out", str(path), "has no readable manifest.json; it is not a sweep folder"
            ) from None
        for key in ("config", "sweep"):
            if _normal(manifest.get(key)) != _normal(expected[key]):
                raise ConfigError(
                    "--resume",
                    str(path),
                    f"holds a sweep with a different {key}; resume with the config that started it",
                )
        for tmp in path.rglob(".*.tmp"):  # a write cut short by a kill
            tmp.unlink()
        return cls(path, manifest)

    # ------------------------------------------------------------------ chunks
    def done(self) -> set[int]:
        return {int(p.stem.split("-")[1]) for p in (self.path / CHUNKS).glob("part-*.parquet")}

    def unit_rows(self, first: int, last: int) -> np.ndarray | None:
        """Rows first..last (inclusive) of the design's unit samples."""
        path = self.path / DESIGN
        if not path.exists():
            return None
        return np.array(np.load(path, mmap_mode="r")[first : last + 1])

    def write_chunk(self, k: int, columns: dict[str, np.ndarray]) -> None:
        table = _to_arrow(columns, self.manifest.get("column_types", {}))
        _atomic_write(
            self.path / CHUNKS / f"part-{k:06d}.parquet", lambda p: pq.write_table(table, p)
        )
        self.manifest["chunks_done"] = sorted(self.done())
        self._save_manifest()

    def finish(self) -> None:
        self.manifest["chunks_done"] = sorted(self.done())
        self.manifest["complete"] = True
        self._save_manifest()

    def _save_manifest(self) -> None:
        text = json.dumps(self.manifest, indent=2, allow_nan=False) + "\n"
        _atomic_write(self.path / MANIFEST, lambda p: p.write_text(text))


def _normal(x: Any) -> Any:
    return json.loads(json.dumps(x))


def load_table(path: str | Path) -> pa.Table:
    """All rows of a sweep folder, ordered by point."""
    files = sorted((Path(path) / CHUNKS).glob("part-*.parquet"))
    if not files:
        raise ConfigError(str(path), "", "no result chunks found; is this a sweep folder?")
    table = pa.concat_tables(pq.read_table(f) for f in files)
    return table.sort_by("point")
