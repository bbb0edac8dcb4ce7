"""Running a sweep: design, chunks, executor and store, with progress and resume."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from deterrence.runs.config import Config
from deterrence.runs.errors import ConfigError
from deterrence.runs.sweeps.design import SweepSpec
from deterrence.runs.sweeps.executors import run_tasks
from deterrence.runs.sweeps.points import base_inputs, column_types, columns_of, solve_chunk
from deterrence.runs.sweeps.store import SweepStore


@dataclass(frozen=True)
class SweepReport:
    """What a sweep did: counts by status and where the rows are."""

    path: Path
    points: int
    chunks_run: int
    seconds: float
    status_counts: dict[str, int]


def _interrupted_at_creation(out: Path) -> bool:
    """A sweep folder killed before its manifest was written: only the store's own files."""
    if not out.is_dir() or (out / "manifest.json").exists():
        return False
    own = {"chunks", "design.npy", ".design.npy.tmp", ".manifest.json.tmp"}
    names = {p.name for p in out.iterdir()}
    chunks = out / "chunks"
    return names <= own and (not chunks.exists() or not any(chunks.iterdir()))


def manifest_for(config: Config, spec: SweepSpec) -> dict:
    return {
        "package": "deterrence",
        "config_file": config.source,
        "config": config.resolved,
        # the chunking may change on --resume (the store keeps its own): not part of identity
        "sweep": {k: v for k, v in spec.to_dict().items() if k not in ("chunk_size", "chunks")},
        "chunk_size": spec.chunk_size,
        "seed": spec.seed,
        "columns": columns_of(spec, config.name),
        "column_types": column_types(spec, config.name),
    }


def _tasks(spec: SweepSpec, base: dict, store: SweepStore, todo: list[int]):
    for k in todo:
        start, stop = spec.chunk_bounds(k)
        combos = spec.combinations
        unit = store.unit_rows(start // combos, (stop - 1) // combos)
        yield spec.family, spec, base, k, unit


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
) -> SweepReport:
    """Solve every point of ``spec`` not yet in ``out``, chunk by chunk.

    ``announce(spec, todo)``, if given, is called once the store is open, before solving.
    """
    manifest = manifest_for(config, spec)
    out = Path(out)
    if resume and _interrupted_at_creation(out):  # nothing was solved: start again
        import shutil

        shutil.rmtree(out)
    if resume and out.exists() and not (out / "manifest.json").exists():
        raise ConfigError(
            "--resume",
            str(out),
            "is not a sweep folder (it has no manifest.json); nothing was changed",
        )
    if resume and (out / "manifest.json").exists():
        store = SweepStore.reopen(out, manifest)
        spec = replace(spec, chunk_size=int(store.manifest["chunk_size"]))
    else:
        store = SweepStore.create(out, manifest, spec.unit_samples())
    done = store.done()
    todo = [k for k in range(spec.n_chunks) if k not in done]
    base = base_inputs(config.resolved, config.name)
    if announce is not None:
        announce(spec, todo)
    show = sys.stderr.isatty() if progress is None else progress
    counts: dict[str, int] = {}
    start = time.perf_counter()
    from tqdm import tqdm

    remaining = sum(spec.chunk_bounds(k)[1] - spec.chunk_bounds(k)[0] for k in todo)
    with tqdm(
        total=remaining, unit="pt", disable=not show, file=sys.stderr, desc="sweep", smoothing=0.1
    ) as bar:
        for k, columns in run_tasks(
            solve_chunk, _tasks(spec, base, store, todo), executor, workers, scheduler
        ):
            store.write_chunk(k, columns)
            names, number = np.unique(columns["status"].astype(str), return_counts=True)
            for name, count in zip(names, number, strict=True):
                counts[str(name)] = counts.get(str(name), 0) + int(count)
            bar.update(len(columns["point"]))
    store.finish()
    return SweepReport(out, spec.size, len(todo), time.perf_counter() - start, counts)
