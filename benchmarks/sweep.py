"""Sweep throughput: batch path against scalar path, peak memory, Dask scaling.

Run by hand (not part of the test suite):

    python benchmarks/sweep.py                       # batch vs scalar, every criterion
    python benchmarks/sweep.py --memory 10000000     # peak memory of a 10M-point sweep
    python benchmarks/sweep.py --dask 4000           # Dask, 1 worker against 2

Points per second are per core: CPU time of this one process (``time.process_time``),
so that other load on a shared machine does not count; the load average is printed.
The design is a 100,000-point Latin hypercube over stakes and the belief interval's
midpoint (exogenous) or the mean resolve's midpoint (endogenous), plus a row with a
Beta(2, 3) prior over stakes and decisiveness; the scalar path is timed on the first
``--scalar-points`` points of the same design (``--endogenous-scalar-points`` in
endogenous mode) and the batch path on
``--points`` (both solve every output).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from deterrence.models.criteria import CRITERIA
from deterrence.models.intervention.batch import block_size as _block_size
from deterrence.models.intervention.batch import build_batch
from deterrence.runs.config import build
from deterrence.runs.sweeps.design import parse_sweep
from deterrence.runs.sweeps.points import base_inputs, point_inputs, validate

ROOT = Path(__file__).resolve().parents[1]


def design_config(mode: str, name: str, n: int, beta: bool = False) -> dict:
    ranges = {"parameters.stakes": [1.0, 6.0]}
    belief = {"mode": mode}
    if beta:  # a second-order Beta prior; the sweep varies the stakes and decisiveness
        belief |= {"q": {"beta": [2.0, 3.0]}}
        ranges |= {"parameters.decisiveness": [1.0, 3.0]}
    elif mode == "exogenous":
        ranges |= {"belief.q_mid": [0.1, 0.9], "belief.q_width": [0.0, 0.2]}
    else:
        belief |= {"resolve_mean": [-0.2, 0.2]}
        ranges |= {"belief.resolve_mean_mid": [-0.5, 0.5]}
    return {
        "belief": belief,
        "criterion": {"name": name},
        "sweep": {"design": "lhs", "n": n, "seed": 1, "ranges": ranges},
    }


def point_columns(mode: str, name: str, n: int, beta: bool = False):
    cfg = build(design_config(mode, name, max(n, 100_000), beta), "benchmark")
    spec = parse_sweep(cfg)
    unit = spec.unit_samples()[:n]
    cols = point_inputs(base_inputs(cfg.resolved), spec.columns(0, n, unit), n)
    assert all(m is None for m in validate(cols))
    return cols


def batch_rate(mode: str, name: str, n: int, repeat: int = 3, beta: bool = False) -> float:
    """Best of ``repeat`` runs, after one warm-up solve (Numba's one-time compilation,
    cached on disk after the first run, is not counted)."""
    cols = point_columns(mode, name, n, beta)
    block = _block_size(mode, name)  # as in a sweep: bounded temporaries
    model, crit = build_batch(cols, np.arange(min(n, 100)))
    with np.errstate(all="ignore"):
        model.solve_batch(crit)
    best = np.inf
    for _ in range(repeat):
        start = time.process_time()
        for lo in range(0, n, block):
            model, crit = build_batch(cols, np.arange(lo, min(lo + block, n)))
            with np.errstate(all="ignore"):
                model.solve_batch(crit)
        best = min(best, time.process_time() - start)
    return n / best


def scalar_rate(mode: str, name: str, n: int, beta: bool = False) -> float:
    cols = point_columns(mode, name, n, beta)
    models = []
    for i in range(n):
        model, crit = build_batch(cols, np.array([i]))
        models.append((model, crit))
    start = time.process_time()
    for model, crit in models:  # the reference path: one scalar solve per point
        scalar = _as_scalar(model)
        scalar.solve(_scalar_criterion(crit))
    return n / (time.process_time() - start)


def _as_scalar(model):
    from deterrence.models.beliefs import Belief
    from deterrence.models.combat import Combat
    from deterrence.models.intervention.model import InterventionModel
    from deterrence.models.parameters import Parameters

    p = Parameters(**{k: float(np.ravel(v)[0]) for k, v in model.params.to_dict().items()})
    b = model.belief
    beta = None if b.beta is None else tuple(float(np.ravel(x)[0]) for x in b.beta)
    belief = Belief(
        b.mode, float(np.ravel(b.lo)[0]), float(np.ravel(b.hi)[0]), beta, float(np.ravel(b.sd)[0])
    )
    return InterventionModel(
        p,
        Combat(model.combat.name, p.decisiveness, p.effectiveness_ratio, p.effectiveness_noise),
        belief,
    )


def _scalar_criterion(crit):
    from deterrence.models.criteria import Criterion

    return Criterion(
        crit.name,
        float(np.ravel(crit.alpha)[0]),
        float(np.ravel(crit.ambiguity_aversion)[0]),
        float(np.ravel(crit.penalty)[0]),
    )


def memory(points: int) -> None:
    side = round(points**0.5)
    config = f"""
[criterion]
name = "maxmin"
[sweep]
design = "grid"
chunk_size = 20000
[sweep.axes]
"parameters.stakes" = {{ linspace = [1.0, 6.0, {side}] }}
"belief.q_mid" = {{ linspace = [0.2, 0.8, {side}] }}
"""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mem.toml"
        path.write_text(config)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "deterrence",
                "sweep",
                str(path),
                "--out",
                str(Path(tmp) / "out"),
            ],
            check=True,
        )
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(f.stat().st_size for f in (Path(tmp) / "out").rglob("*")) / 2**20
    print(
        f"{side * side:,} points: peak RSS {peak_mb:.0f} MB, {seconds:.0f} s, "
        f"{side * side / seconds:,.0f} points/s, {size:.0f} MB on disk"
    )


def _warm_up() -> None:
    """Import the solver stack in a worker and solve a few points (loads compiled kernels)."""
    cols = point_columns("endogenous", "smooth", 4)
    model, crit = build_batch(cols, np.arange(4))
    with np.errstate(all="ignore"):
        model.solve_batch(crit)


def dask_scaling(points: int) -> None:
    """Sweep time on a running LocalCluster of 1 and 2 workers (start-up and the workers'
    first imports not counted)."""
    from dask.distributed import Client, LocalCluster

    from deterrence.runs.sweeps.run import run_sweep

    cfg = build(design_config("endogenous", "smooth", points), "benchmark")
    spec = parse_sweep(cfg, chunk_size=max(1, points // 32))
    times = {}
    for workers in (1, 2):
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            tempfile.TemporaryDirectory() as tmp,
        ):
            with Client(cluster) as client:  # imports (and cached kernels) loaded before timing
                client.run(_warm_up)
            start = time.perf_counter()
            run_sweep(
                cfg,
                spec,
                Path(tmp) / "out",
                executor="dask",
                workers=workers,
                scheduler=cluster.scheduler_address,
                progress=False,
            )
            times[workers] = time.perf_counter() - start
    print(
        f"dask, endogenous smooth, {points} points: 1 worker {times[1]:.1f} s, "
        f"2 workers {times[2]:.1f} s, speed-up {times[1] / times[2]:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--endogenous-points", type=int, default=2_000)
    parser.add_argument("--scalar-points", type=int, default=200)
    parser.add_argument("--memory", type=int, metavar="N", help="peak memory of an N-point sweep")
    parser.add_argument("--dask", type=int, metavar="N", help="Dask scaling on N points")
    parser.add_argument("--endogenous-scalar-points", type=int, default=40)
    args = parser.parse_args()
    if args.memory:
        memory(args.memory)
        return
    if args.dask:
        dask_scaling(args.dask)
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'mode':11s} {'criterion':15s} {'batch pts/s':>12s} {'scalar pts/s':>13s} {'ratio':>7s}"
    )
    rows = [("exogenous", name, False) for name in CRITERIA]
    rows.insert(CRITERIA.index("smooth") + 1, ("exogenous", "smooth", True))
    rows += [("endogenous", name, False) for name in CRITERIA]
    for mode, name, beta in rows:
        exogenous = mode == "exogenous"
        n = args.points if exogenous else args.endogenous_points
        scalar_n = args.scalar_points if exogenous else args.endogenous_scalar_points
        fast = batch_rate(mode, name, n, beta=beta)
        slow = scalar_rate(mode, name, min(scalar_n, n), beta=beta)
        label = name + (" (Beta)" if beta else "")
        print(f"{mode:11s} {label:15s} {fast:12,.0f} {slow:13,.0f} {fast / slow:7.0f}", flush=True)


if __name__ == "__main__":
    main()
