"""``deterrence check --repair``: recompute what is damaged or missing in a sweep folder.

Nothing is deleted: every file found wrong (a chunk whose checksum does not
match, a file in ``chunks/`` that is not a chunk of this sweep, a damaged
design or log) is moved into ``damaged-<time>/`` inside the folder, keeping
its path; the log is rewritten with the records that still hold; the design
of a sampled sweep is regenerated from its seed (and checked against the
manifest's checksum); then the missing chunks are solved as ``--resume``
would.  The manifest itself cannot be repaired: it is the only record of
what the sweep is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deterrence.runs.config import ExperimentConfig, build
from deterrence.runs.errors import ConfigError, os_error
from deterrence.runs.files import kind_of, make_folders, move_new, sha256, write_new
from deterrence.runs.sweeps.design import SweepSpec, parse_sweep
from deterrence.runs.sweeps.manifest import CHUNKS, DESIGN, LOG, chunk_name, sweep_table
from deterrence.runs.sweeps.run import SweepReport, identity, run_sweep
from deterrence.runs.sweeps.store import npy_bytes, tmp_name
from deterrence.runs.sweeps.verify import FolderState, inspect


@dataclass(frozen=True)
class RepairReport:
    """What a repair moved aside and what it recomputed."""

    moved: tuple[str, ...]  # files moved into the quarantine folder (relative paths)
    quarantine: Path | None
    recomputed: int  # chunks solved
    sweep: SweepReport


def rebuild(manifest: dict[str, Any]) -> tuple[ExperimentConfig, SweepSpec]:
    """The config and design a manifest records, checked against its hashes."""
    raw = {**manifest["config"], "sweep": sweep_table(manifest["sweep"], manifest["chunk_size"])}
    try:
        config = build(raw, manifest["config_file"])
        spec = parse_sweep(config)
    except ConfigError as err:
        raise ConfigError(
            "manifest.json", "config", f"cannot be rebuilt by this deterrence: {err.message}"
        ) from None
    if identity(config, spec) != (manifest["config_hash"], manifest["design_hash"]):
        raise ConfigError(
            "manifest.json",
            "config",
            "this deterrence rebuilds a different config or design from it; "
            "rerun the sweep into a new folder",
        )
    return config, spec


def repair(
    path: str | Path,
    *,
    executor: str = "serial",
    workers: int | None = None,
    progress: bool | None = None,
) -> RepairReport:
    """Move aside what is damaged in a sweep folder and recompute what is missing."""
    state = inspect(path)
    config, spec = rebuild(state.manifest)
    quarantine = _quarantine_name(state.path)
    moved: list[str] = []
    dropped = {p.chunk for p in state.problems if p.chunk is not None}
    bad = {p.file for p in state.problems if p.file not in (LOG, DESIGN)}
    bad |= {f"{CHUNKS}/{chunk_name(k)}" for k in dropped}  # no record to vouch for them
    try:
        _repair_design(state, spec, quarantine, moved)
        for name in sorted(bad):
            _move_aside(state.path, name, quarantine, moved)
        if kind_of(state.path / CHUNKS) is None:
            os.mkdir(state.path / CHUNKS)
        if dropped or any(p.file == LOG for p in state.problems):
            _rewrite_log(state, dropped, quarantine, moved)
    except OSError as exc:
        raise os_error(state.path, exc) from None
    after = inspect(state.path)
    if after.problems:
        raise ConfigError(
            str(after.path / after.problems[0].file),
            "",
            f"could not be repaired: {after.problems[0].reason}",
        )
    report = run_sweep(
        config, spec, state.path, executor=executor, workers=workers, resume=True, progress=progress
    )
    return RepairReport(tuple(moved), quarantine if moved else None, report.chunks_run, report)


def _quarantine_name(folder: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path, n = folder / f"damaged-{stamp}", 1
    while os.path.lexists(path):
        path, n = folder / f"damaged-{stamp}-{n}", n + 1
    return path


def _move_aside(folder: Path, name: str, quarantine: Path, moved: list[str]) -> None:
    """Move ``folder/name`` (a file, or a link itself) to the same path under ``quarantine``."""
    source = folder / name
    if kind_of(source) is None:
        return
    target = quarantine / name
    make_folders(target.parent)
    if kind_of(source) == "file":
        move_new(source, target)
    else:  # a folder, or a symbolic link (moved itself, never followed)
        os.rename(source, target)
    moved.append(name)


def _repair_design(state: FolderState, spec: SweepSpec, quarantine: Path, moved: list[str]) -> None:
    if not any(p.file == DESIGN for p in state.problems):
        return
    data = npy_bytes(spec.unit_samples())
    if sha256(data) != state.manifest["design_file"]["sha256"]:
        raise ConfigError(
            str(state.path / DESIGN),
            "",
            "damaged, and this deterrence (its numpy and scipy) regenerates a different "
            "design from the seed; rerun the sweep into a new folder",
        )
    _move_aside(state.path, DESIGN, quarantine, moved)
    tmp = state.path / tmp_name(DESIGN, state.manifest["store_id"])
    write_new(tmp, data)
    move_new(tmp, state.path / DESIGN)


def _rewrite_log(state: FolderState, damaged: set[int], quarantine: Path, moved: list[str]) -> None:
    """Replace the log by the records that still hold (the old one is moved aside)."""
    keep = [r for k, r in sorted(state.records.items()) if k not in damaged]
    tmp = state.path / tmp_name(LOG, state.manifest["store_id"])
    write_new(tmp, b"".join(r.line() for r in keep))
    _move_aside(state.path, LOG, quarantine, moved)
    move_new(tmp, state.path / LOG)
