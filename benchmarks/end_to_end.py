"""End-to-end sweep throughput: the CLI from the config to verified Parquet chunks.

Run by hand (not part of the test suite):

    python benchmarks/end_to_end.py                   # every measurement below
    python benchmarks/end_to_end.py --only e2e        # the CLI against the solver's own rate
    python benchmarks/end_to_end.py --only stages     # where a chunk's time goes, per point
    python benchmarks/end_to_end.py --only workers    # --executor processes, 1 worker against 2
    python benchmarks/end_to_end.py --only parquet    # Parquet settings compared on one chunk

* ``e2e``: ``deterrence sweep --no-report`` on a Latin hypercube of ``--points`` points
  (exogenous maxmin over stakes and the q interval's midpoint and width),
  wall time minus the start-up of the same command on a one-point sweep,
  beside the solver's own rate on the same points (``solve_batch`` on blocks
  of the sweep's size, inputs built beforehand), as issue 13 defines them;
* ``stages``: CPU time per point of each stage of a 100,000-point chunk, with
  the solver replaced by a stub that returns precomputed outputs (the
  pipeline's own cost) and with the real solver;
* ``workers``: the CLI with ``--executor processes --workers 1`` and ``2`` on
  the exogenous design and on an endogenous smooth one, and the driver's
  share of the CPU (a driver that serialised the workers would show here).

Every time is the best of ``--repeat`` runs; the machine's load average is
printed first, since other processes on it slow everything down.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

EXOGENOUS = """
[model]
name = "intervention"
[criterion]
name = "maxmin"
[sweep]
design = "lhs"
n = {n}
seed = 1
chunk_size = {chunk}
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
"belief.q_mid" = [0.1, 0.9]
"belief.q_width" = [0.0, 0.2]
"""

ENDOGENOUS_SMOOTH = """
[model]
name = "intervention"
[belief]
mode = "endogenous"
resolve_mean = [-0.2, 0.2]
[criterion]
name = "smooth"
[sweep]
design = "lhs"
n = {n}
seed = 1
chunk_size = {chunk}
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
"belief.resolve_mean_mid" = [-0.5, 0.5]
"""


STUB = (
    "import sys; sys.path.insert(0, {here!r}); import _stages; _stages.install_stub({config!r}); "
    "from deterrence.cli import main; sys.exit(main(sys.argv[1:]))"
)
SHARES = (  # the CLI, then the driver's own CPU time and its workers' on stderr's last line
    "import resource, sys; from deterrence.cli import main; code = main(sys.argv[1:]); "
    "me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)); "
    "print(me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, file=sys.stderr); "
    "sys.exit(code)"
)


def _cli(config: Path, out: Path, *extra: str, stub: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the driver and its workers) of one ``deterrence sweep``
    (``stub``: with the solver replaced by outputs precomputed on the points of that
    config, as in ``_stages.py``)."""
    shutil.rmtree(out, ignore_errors=True)
    here = str(Path(__file__).parent)
    head = ["-c", STUB.format(here=here, config=str(stub))] if stub else ["-m", "deterrence"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *head, "sweep", str(config), "--out", str(out), "--no-report", *extra],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _best(f, repeat: int):
    return min((f() for _ in range(repeat)), key=lambda r: r[0])


def _write(folder: Path, text: str, name: str, n: int, chunk: int) -> Path:
    path = folder / name
    path.write_text(text.format(n=n, chunk=chunk))
    return path


def solver_rate(config: Path) -> tuple[float, float]:
    """Points/s (wall, CPU) of ``solve_batch`` alone on the sweep's points, in its blocks."""
    from deterrence.models.intervention import batch as intervention
    from deterrence.runs.config import load_config
    from deterrence.runs.sweeps.design import parse_sweep
    from deterrence.runs.sweeps.points import adapter

    cfg = load_config(config)
    spec = parse_sweep(cfg)
    batch = adapter(spec.family)
    n = min(spec.size, 200_000)
    unit = spec.unit_samples()[:n]
    cols = batch.point_inputs(batch.base_inputs(cfg.resolved), spec.columns(0, n, unit, batch), n)
    size = intervention.block_size("exogenous", cfg.resolved["criterion"]["name"])
    blocks = [np.arange(i, min(i + size, n)) for i in range(0, n, size)]
    models = [intervention.build_batch(cols, rows) for rows in blocks]
    with np.errstate(all="ignore"):
        models[0][0].solve_batch(models[0][1])  # compiled kernels loaded
        wall = cpu = np.inf
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            for model, crit in models:
                model.solve_batch(crit)
            wall = min(wall, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
    return n / wall, n / cpu


def end_to_end(folder: Path, points: int, chunk: int, repeat: int) -> None:
    config = _write(folder, EXOGENOUS, "e2e.toml", points, chunk)
    one = _write(folder, EXOGENOUS, "one.toml", 1, 1)
    for stub in (None, config):
        startup, startup_cpu = _best(lambda s=stub: _cli(one, folder / "one", stub=s), repeat)
        wall, cpu = _best(lambda s=stub: _cli(config, folder / "e2e", stub=s), repeat)
        size = sum(f.stat().st_size for f in (folder / "e2e" / "chunks").iterdir())
        what = "with a stub solver (the pipeline alone)" if stub else "with the solver"
        print(
            f"end to end {what}: {points:,} points (chunks of {chunk:,}) in {wall:.2f} s "
            f"(CPU {cpu:.2f} s), start-up {startup:.2f} s (CPU {startup_cpu:.2f} s): "
            f"{points / (wall - startup):,.0f} points/s (CPU: "
            f"{points / (cpu - startup_cpu):,.0f}); {size / points:.0f} bytes a point of Parquet"
        )
    wall, cpu = solver_rate(config)
    print(f"the solver alone: {wall:,.0f} points/s (CPU: {cpu:,.0f})")


def stages(folder: Path, *modes: str) -> None:
    code = Path(__file__).with_name("_stages.py")
    config = _write(folder, EXOGENOUS, "s.toml", 100_000, 100_000)
    for mode in modes:
        subprocess.run([sys.executable, str(code), str(config), *mode.split()], check=True)


def shares(config: Path, out: Path, stub: bool) -> tuple[float, float]:
    """(driver CPU seconds, workers' CPU seconds) of a sweep with 2 local worker processes."""
    shutil.rmtree(out, ignore_errors=True)
    here = str(Path(__file__).parent)
    code = SHARES
    if stub:
        code = f"import sys; sys.path.insert(0, {here!r}); import _stages; " + (
            f"_stages.install_stub({str(config)!r}); {SHARES}"
        )
    command = ["sweep", str(config), "--out", str(out), "--no-report", "--executor", "processes"]
    done = subprocess.run(
        [sys.executable, "-c", code, *command, "--workers", "2"],
        check=True,
        capture_output=True,
        text=True,
    )
    driver, children = map(float, done.stderr.strip().splitlines()[-1].split())
    return driver, children


def driver_share(folder: Path, config: Path, stub: bool) -> str:
    """The driver's CPU against the workers', start-up (a one-point sweep) subtracted, and the
    speed-up over one worker that it allows on two free cores: 2 / (1 + driver / workers)."""
    one = _write(folder, EXOGENOUS, "one.toml", 1, 1)
    driver0, work0 = shares(one, folder / "one", False)
    driver, work = shares(config, folder / "w", stub)
    driver, work = driver - driver0, work - work0
    return (
        f"  2 workers: the driver's CPU {driver:.2f} s, the workers' {work:.2f} s (start-up "
        f"subtracted): on two free cores at most {2 / (1 + driver / work):.2f}x one worker"
    )


def workers(folder: Path, points: int, smooth_points: int, chunk: int, repeat: int) -> None:
    cases = (
        ("exogenous maxmin", EXOGENOUS, points, chunk, False),
        ("exogenous maxmin, stub solver", EXOGENOUS, points, chunk, True),
        ("endogenous smooth", ENDOGENOUS_SMOOTH, smooth_points, max(1, smooth_points // 40), False),
    )
    for name, text, n, size, stub in cases:
        config = _write(folder, text, "w.toml", n, size)
        results = {}
        for count in (1, 2):
            extra = ("--executor", "processes", "--workers", str(count))
            results[count] = _best(
                lambda c=config, e=extra, s=stub: _cli(c, folder / "w", *e, stub=c if s else None),
                repeat,
            )
        (w1, c1), (w2, c2) = results[1], results[2]
        print(
            f"{name}, {n:,} points: 1 worker {w1:.2f} s, 2 workers {w2:.2f} s: "
            f"{w1 / w2:.2f}x (CPU of driver and workers {c1:.1f} s and {c2:.1f} s)"
        )
        print(driver_share(folder, config, stub))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=("e2e", "stages", "workers", "parquet"))
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--smooth-points", type=int, default=20_000)
    parser.add_argument("--chunk-size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only in (None, "e2e"):
            end_to_end(folder, args.points, args.chunk_size, args.repeat)
        if args.only in (None, "stages"):
            stages(folder, "--stub", "")
        if args.only in (None, "parquet"):
            stages(folder, "--parquet")  # the real solver's outputs: they compress as in use
        if args.only in (None, "workers"):
            workers(folder, args.points, args.smooth_points, args.chunk_size, args.repeat)


if __name__ == "__main__":
    main()
