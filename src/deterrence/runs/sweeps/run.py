"""Running a sweep: design, chunks, executor and store, with progress and resume.

A sweep that stops early (Ctrl-C, SIGTERM, a worker that died) keeps every
chunk committed so far and raises :class:`SweepInterrupted` or
:class:`SweepStopped`, which say how many chunks are saved and where; the
same command with ``--resume`` finishes it.  Any failure before the first
chunk is committed leaves nothing on disk.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from deterrence import __version__
from deterrence.runs.config import Config
from deterrence.runs.errors import ConfigError
from deterrence.runs.files import kind_of, sha256
from deterrence.runs.sweeps import executors
from deterrence.runs.sweeps.design import SweepSpec
from deterrence.runs.sweeps.manifest import MANIFEST, design_identity, digest, new_manifest
from deterrence.runs.sweeps.points import base_inputs, column_types, columns_of, solve_chunk
from deterrence.runs.sweeps.store import (
    ChunkResult,
    SweepStore,
    created_now,
    encode_chunk,
    new_store_id,
    npy_bytes,
)
from deterrence.runs.sweeps.verify import reopen

MAX_CHUNKS = 100_000  # chunks of one sweep: each is a file and a line of the log


@dataclass(frozen=True)
class SweepReport:
    """What a sweep did: counts by status and where the rows are."""

    path: Path
    points: int
    chunks_run: int
    seconds: float
    status_counts: dict[str, int]


class SweepInterrupted(KeyboardInterrupt):
    """A sweep stopped by Ctrl-C or SIGTERM; every chunk committed before is kept.

    ``saved`` chunks of ``total`` are in ``path`` (``created`` is False when
    the sweep stopped before its folder was made: then nothing was written).
    """

    def __init__(self, saved: int, total: int, path: Path, created: bool, why: str = "") -> None:
        self.saved, self.total, self.path, self.created = saved, total, Path(path), created
        self.why = why or "interrupted"
        super().__init__(self.describe())

    def describe(self) -> str:
        if not self.created:
            return f"{self.why} before any chunk was saved; nothing was written to {self.path}"
        return f"{self.why}: {self.saved} of {self.total} chunks saved in {self.path}"


class SweepStopped(RuntimeError):
    """A sweep stopped by a failure outside the user's input (a worker that died)."""

    def __init__(self, reason: str, interrupted: SweepInterrupted) -> None:
        self.interrupted = interrupted
        super().__init__(f"{reason}; {interrupted.describe()}")


# ---------------------------------------------------------------------------- opening
def recorded_config(config: Config) -> dict:
    """The config as the manifest records it: resolved, with its title (figures name it)."""
    return {**config.resolved, **({"title": config.title} if config.title else {})}


def identity(config: Config, spec: SweepSpec) -> tuple[str, str]:
    """The hashes of the recorded config and of the design, as the manifest records them."""
    return digest(recorded_config(config)), digest(design_identity(spec, config.sweep))


def check_bounds(spec: SweepSpec) -> None:
    """Refuse, before anything is written, a sweep of more chunks than a store may hold."""
    if spec.n_chunks > MAX_CHUNKS:
        raise ConfigError(
            "--chunk-size",
            str(spec.chunk_size),
            f"{spec.size:,} points in chunks of {spec.chunk_size:,} make {spec.n_chunks:,} "
            f"chunks; at most {MAX_CHUNKS:,}: choose a chunk size of at least "
            f"{-(-spec.size // MAX_CHUNKS):,}",
        )


def _new_store(
    config: Config, spec: SweepSpec, out: Path, resume_command: str | None
) -> SweepStore:
    unit = spec.unit_samples()
    design_file = None
    if unit is not None:
        unit = np.ascontiguousarray(unit, dtype=np.float64)
        data = npy_bytes(unit)
        design_file = {
            "name": "design.npy",
            "sha256": sha256(data),
            "shape": list(unit.shape),
            "bytes": len(data),
        }
    manifest = new_manifest(
        store_id=new_store_id(),
        created=created_now(),
        config_file=config.source,
        config=recorded_config(config),
        identity=design_identity(spec, config.sweep),
        points=spec.size,
        chunk_size=spec.chunk_size,
        columns=columns_of(spec, spec.family),
        column_types=column_types(spec, spec.family),
        design_file=design_file,
        package_version=__version__,
        resume_command=resume_command,
    )
    return SweepStore.new(out, manifest, unit)


def open_store(
    config: Config,
    spec: SweepSpec,
    out: Path,
    resume: bool,
    resume_command: str | None = None,
) -> SweepStore:
    """The store of a new sweep, or (``resume``) of the sweep in ``out``."""
    if resume and kind_of(out) is not None and kind_of(out / MANIFEST) is None:
        if out.is_dir() and not any(out.iterdir()):
            return _new_store(config, spec, out, resume_command)
        raise ConfigError(
            "--resume",
            str(out),
            "is not a sweep folder (it has no manifest.json); nothing was changed",
        )
    if resume and kind_of(out) is not None:
        return reopen(out, *identity(config, spec))
    return _new_store(config, spec, out, resume_command)


# ---------------------------------------------------------------------------- running
def solve_encoded(job: tuple) -> ChunkResult:
    """Solve a chunk and encode it as Parquet, in the worker; ``job`` is (task, target):
    with a target (the chunk's temporary file) the worker writes the file itself, so
    that the driver only records it and renames it."""
    task, target = job
    family, spec, _, k, _ = task
    k, columns = solve_chunk(task)
    result = encode_chunk(k, spec.chunk_bounds(k), columns, column_types(spec, family))
    return result.write(target) if target is not None else result


def _tasks(spec: SweepSpec, base: dict, store: SweepStore, todo: list[int], local: bool):
    """(task, target) for each chunk to solve; ``local`` workers share the driver's file
    system and write their chunks (once the folder exists: it is made by the first commit)."""
    for k in todo:
        start, stop = spec.chunk_bounds(k)
        combos = spec.combinations
        unit = store.unit_rows(start // combos, (stop - 1) // combos)
        target = store.target(k) if local else None
        yield (spec.family, spec, base, k, unit), target


def run_sweep(
    config: Config,
    spec: SweepSpec,
    out: Path,
    *,
    executor: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool | None = None,
    announce: Callable[[SweepSpec, list[int]], None] | None = None,
    resume_command: str | None = None,
) -> SweepReport:
    """Solve every point of ``spec`` not yet in ``out``, chunk by chunk.

    ``announce(spec, todo)``, if given, is called once the store is open, before
    solving.  ``resume_command`` (the command line that finishes this sweep) is
    recorded in a new sweep's manifest for ``deterrence check`` to show.
    """
    check_bounds(spec)
    out = Path(out)
    store = open_store(config, spec, out, resume, resume_command)
    spec = replace(spec, chunk_size=int(store.manifest["chunk_size"]))  # the store's own
    todo = [k for k in range(spec.n_chunks) if k not in store.records]
    counts: dict[str, int] = {}
    start = time.perf_counter()
    try:
        with executors.start(executor, workers, scheduler) as pool:  # fails before any write
            if announce is not None:
                announce(spec, todo)
            base = base_inputs(config.resolved, spec.family)
            tasks = _tasks(spec, base, store, todo, local=executor == "processes")
            results = pool.results(solve_encoded, tasks)
            _commit_all(store, results, counts, _remaining(spec, todo), progress)
    except KeyboardInterrupt as exc:
        raise _interrupted(store, getattr(exc, "why", "") or "interrupted") from None
    except executors.WorkerDied as exc:
        raise SweepStopped(str(exc), _interrupted(store, "stopped")) from None
    finally:
        store.close()
    return SweepReport(out, spec.size, len(todo), time.perf_counter() - start, counts)


def _interrupted(store: SweepStore, why: str) -> SweepInterrupted:
    return SweepInterrupted(
        len(store.records), store.manifest["chunks"], store.path, store.created, why
    )


def _remaining(spec: SweepSpec, todo: list[int]) -> int:
    return sum(spec.chunk_bounds(k)[1] - spec.chunk_bounds(k)[0] for k in todo)


def _commit_all(store, results, counts: dict[str, int], total: int, progress) -> None:
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(
        total=total, unit="pt", disable=not show, file=sys.stderr, desc="sweep", smoothing=0.1
    ) as bar:
        for result in results:
            store.commit(result)
            for name, count in result.status.items():
                counts[name] = counts.get(name, 0) + count
            bar.update(result.rows[1] - result.rows[0])
