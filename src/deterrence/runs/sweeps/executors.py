"""Executors: run a pure function over tasks serially, in local processes, or on Dask.

All three share one interface, :func:`run_tasks`, which yields results as
they complete (in any order) and keeps at most ``window`` tasks in flight so
that memory stays bounded however many tasks there are.  Because each task
is a pure function of its inputs, the results do not depend on the executor
or the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from deterrence.runs.errors import ConfigError

EXECUTORS = ("serial", "processes", "dask")


def default_workers(executor: str) -> int:
    return 1 if executor == "serial" else max(1, os.cpu_count() or 1)


def run_tasks(
    fn: Callable[[Any], Any],
    tasks: Iterable[Any],
    executor: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    window: int | None = None,
) -> Iterator[Any]:
    """Yield fn(task) for every task, as results complete."""
    workers = workers or default_workers(executor)
    window = window or 2 * workers
    if executor == "serial":
        yield from map(fn, tasks)
    elif executor == "processes":
        yield from _processes(fn, tasks, workers, window)
    elif executor == "dask":
        yield from _dask(fn, tasks, workers, scheduler, window)
    else:
        raise ConfigError("--executor", executor, f"allowed: {', '.join(EXECUTORS)}")


def _processes(fn, tasks, workers: int, window: int):
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    tasks = iter(tasks)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = {pool.submit(fn, t) for t in _take(tasks, window)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
            pending |= {pool.submit(fn, t) for t in _take(tasks, len(done))}


def _dask(fn, tasks, workers: int, scheduler: str | None, window: int):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ConfigError(
            "--executor", "dask", "needs dask.distributed: pip install 'deterrence[dask]'"
        ) from None
    tasks = iter(tasks)
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise ConfigError("--scheduler", scheduler, f"cannot connect: {exc}") from None
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = as_completed([client.submit(fn, t, pure=False) for t in _take(tasks, window)])
        for future in futures:
            yield future.result()
            future.release()
            for t in _take(tasks, 1):
                futures.add(client.submit(fn, t, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _take(iterator: Iterator[Any], n: int) -> list[Any]:
    out = []
    for _ in range(n):
        try:
            out.append(next(iterator))
        except StopIteration:
            break
    return out
