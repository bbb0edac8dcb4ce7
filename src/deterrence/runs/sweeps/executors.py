"""Executors: run a pure function over tasks serially, in local processes, or on Dask.

All three share one interface: :func:`start` returns a started pool (local
processes forked, a Dask cluster started or a scheduler connected, so that
any failure to start comes before a sweep writes anything), whose
``results(fn, tasks)`` yields ``fn(task)`` for every task as results complete
(in any order), with a bounded number of tasks in flight so that memory stays
bounded however many tasks there are.  Because each task is a pure function
of its inputs, the results do not depend on the executor or the number of
workers.  :func:`run_tasks` does both in one call.

Process life:

* workers ignore Ctrl-C (local processes: SIGINT is blocked while they
  start and ignored after; Dask's: they are started with SIGINT ignored),
  so a Ctrl-C reaches only the driver, which stops them: one line, not a
  traceback from every worker;
* the driver waits for results in steps of ``POLL`` seconds, so a Ctrl-C
  is acted on at once whichever of its threads the signal lands on;
* local worker processes die with the driver however it dies: on Linux the
  kernel sends them SIGKILL when it exits (``PR_SET_PDEATHSIG``), and a
  thread in each worker also checks once a second that its parent is alive;
* when the driver stops early (an error, Ctrl-C, SIGTERM), local workers
  are killed at once rather than left to finish their chunks.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from deterrence.runs.errors import ConfigError

EXECUTORS = ("serial", "processes", "dask")
SCHEMES = ("tcp", "tls", "inproc", "ucx", "ws", "wss")  # Dask's comm protocols
PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL = 0.25  # seconds between checks for Ctrl-C while waiting for results


class WorkerDied(RuntimeError):
    """A worker process ended without a result (killed, or out of memory)."""


class WorkerFailed(RuntimeError):
    """A task raised in a worker process (the worker's traceback is the message)."""


def default_workers(executor: str) -> int:
    return 1 if executor == "serial" else max(1, os.cpu_count() or 1)


def start(executor: str = "serial", workers: int | None = None, scheduler: str | None = None):
    """A started pool of ``executor``; use it as a context manager (closing stops it)."""
    if executor not in EXECUTORS:
        raise ConfigError("--executor", executor, f"allowed: {', '.join(EXECUTORS)}")
    if scheduler is not None:
        check_scheduler(scheduler)
    workers = workers or default_workers(executor)
    if executor == "serial":
        return SerialPool()
    if executor == "processes":
        return ProcessPool(workers)
    return DaskPool(workers, scheduler)


def run_tasks(
    fn: Callable[[Any], Any],
    tasks: Iterable[Any],
    executor: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[Any]:
    """Yield fn(task) for every task, as results complete."""
    with start(executor, workers, scheduler) as pool:
        yield from pool.results(fn, tasks)


class SerialPool:
    """Tasks run one after another in this process."""

    def results(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        return map(fn, tasks)

    def close(self, finished: bool = True) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(finished=kind is None)


# ------------------------------------------------------------------------ processes
@contextlib.contextmanager
def sigint_blocked():
    """Block SIGINT in this thread (children started meanwhile inherit the block);
    a Ctrl-C that arrives meanwhile is delivered when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def sigint_ignored_by_children():
    """Start child processes meanwhile with SIGINT ignored (an ignored signal stays
    ignored across exec), however and from whichever thread they are started.

    For the few seconds this lasts, a Ctrl-C is ignored by this process too: a
    signal handler is process-wide and would not survive a child's exec.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _worker_init(parent: int) -> None:
    """Run first in every worker process: ignore Ctrl-C, die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Exit this process when the process ``parent`` exits (see the module docstring)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _context():
    import multiprocessing

    # fork: the workers start at once, with the driver's imports and compiled kernels
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _serve(conn, parent: int) -> None:
    """A worker: receive (fn, task), send back (True, fn(task)) or (False, traceback)."""
    _worker_init(parent)
    import traceback

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, task = message
        try:
            reply = (True, fn(task))
        except Exception:
            reply = (False, traceback.format_exc())
        conn.send(reply)


class ProcessPool:
    """Local worker processes, one task in flight each, fed over their own pipes.

    A small pool of our own rather than ``concurrent.futures``: stopping it
    early is a kill of its processes, never a wait for queues to drain.
    """

    def __init__(self, workers: int) -> None:
        context = _context()
        self.workers: list[tuple[Any, Any]] = []
        with sigint_blocked():  # the workers begin with SIGINT blocked, then ignore it
            for _ in range(workers):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
                process.start()
                theirs.close()
                self.workers.append((process, ours))

    def results(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        from multiprocessing.connection import wait

        tasks = iter(tasks)
        busy = {conn: process for process, conn in self.workers if _feed(conn, fn, tasks)}
        while busy:  # a timeout, so that a Ctrl-C is seen at once whatever thread gets it
            ready = wait([*busy, *(p.sentinel for p in busy.values())], timeout=POLL)
            for conn in [c for c in busy if c in ready]:
                ok, value = _receive(conn)
                if not _feed(conn, fn, tasks):  # the next task first, then the result
                    del busy[conn]
                if not ok:
                    raise WorkerFailed(value)
                yield value
            if any(p.sentinel in ready for c, p in busy.items() if c not in ready):
                raise WorkerDied("a worker process died (killed, or out of memory)")

    def close(self, finished: bool = True) -> None:
        """End the workers: asked to when every task is done, else killed at once."""
        for process, conn in self.workers:
            if finished:
                with contextlib.suppress(OSError):
                    conn.send(None)
            elif process.is_alive():
                process.kill()
        for process, conn in self.workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
            conn.close()
        self.workers = []

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(finished=kind is None)


def _feed(conn, fn, tasks: Iterator[Any]) -> bool:
    """Send the next task on ``conn``; False when there is none."""
    for task in _take(tasks, 1):
        conn.send((fn, task))
        return True
    return False


def _receive(conn) -> tuple[bool, Any]:
    try:
        return conn.recv()
    except (EOFError, OSError):
        raise WorkerDied("a worker process died (killed, or out of memory)") from None


# ----------------------------------------------------------------------------- dask
def check_scheduler(address: str) -> None:
    """Refuse a scheduler address that is not ``[PROTOCOL://]HOST:PORT``."""
    text = address if "://" in address else f"tcp://{address}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        parts, port = None, None
    ok = (
        parts is not None
        and parts.scheme in SCHEMES
        and bool(parts.hostname)
        and (port is not None or parts.scheme == "inproc")
        and not parts.path.strip("/")
        and not any(c.isspace() for c in address)
    )
    if not ok:
        raise ConfigError(
            "--scheduler",
            address,
            "not a scheduler address; expected PROTOCOL://HOST:PORT, e.g. tcp://10.0.0.5:8786",
        )


class DaskPool:
    """A Dask client: of an existing scheduler, or of a LocalCluster started here."""

    def __init__(self, workers: int, scheduler: str | None) -> None:
        self.window = 2 * workers
        self.client, self.cluster = _connect(scheduler, workers)

    def results(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        tasks = iter(tasks)
        client = self.client
        pending = {client.submit(fn, t, pure=False) for t in _take(tasks, self.window)}
        while pending:
            done, pending = _dask_wait(pending)
            for future in done:
                yield future.result()
                future.release()
            pending |= {client.submit(fn, t, pure=False) for t in _take(tasks, len(done))}

    def close(self, finished: bool = True) -> None:
        """Close the client and the local cluster without their shutdown chatter."""
        import logging

        quiet = [logging.getLogger(name) for name in ("distributed", "tornado", "asyncio")]
        levels = [log.level for log in quiet]
        for log in quiet:
            log.setLevel(logging.CRITICAL)
        try:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
        finally:
            for log, level in zip(quiet, levels, strict=True):
                log.setLevel(level)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(finished=kind is None)


def _connect(scheduler: str | None, workers: int):
    """(client, cluster): to ``scheduler``, or to a new LocalCluster."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "--executor", "dask", "needs dask.distributed: pip install 'deterrence[dask]'"
        ) from None
    import logging

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ConfigError("--scheduler", scheduler, f"cannot connect: {reason}") from None
    # Ctrl-C reaches the driver only, not every worker; no warning that the default
    # port of Dask's HTTP server is taken (another cluster runs): it takes another
    with sigint_ignored_by_children(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster


def _dask_wait(pending: set) -> tuple[set, set]:
    """(done, not done) after at most POLL seconds (so that a Ctrl-C is seen at once)."""
    from dask.distributed import wait

    try:
        done, not_done = wait(pending, timeout=POLL, return_when="FIRST_COMPLETED")
    except TimeoutError:
        return set(), pending
    return set(done), set(not_done)


def _take(iterator: Iterator[Any], n: int) -> list[Any]:
    out = []
    for _ in range(n):
        try:
            out.append(next(iterator))
        except StopIteration:
            break
    return out
