"""Sweep throughput of the bargaining and two-front models, per criterion.

Run by hand (not part of the test suite):

    python benchmarks/models_rate.py                 # 2,000 points per row, best of 3
    python benchmarks/models_rate.py --points 500 --repeat 5

Points per second are per core (one process): the model's batch adapter solving a
Latin hypercube of points in one chunk, as ``deterrence sweep`` does (validation and
grouping included, Parquet writing not), best of ``--repeat`` runs after a warm-up;
the scalar rate solves the first ``--scalar-points`` points one config at a time.
The designs:

* bargaining: p_N in [0.3, 0.8], c̄ in [0.1, 0.5], the midpoint of the belief
  interval (q in exogenous mode, mu in endogenous mode) over a range, its width
  fixed at 0.2 (q) or 0.4 (mu), T's cost uniform;
* two_fronts: B in [2, 6], V_E in [0.5, 3], the midpoint of the q interval in
  [0.2, 0.8] (width 0.2), pi = 0.5; ``equilibrium``: R best-responds on a grid of
  21 allocations (every equilibrium of each game).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from deterrence.models.criteria import CRITERIA
from deterrence.runs.config import build
from deterrence.runs.sweeps.design import parse_sweep
from deterrence.runs.sweeps.points import adapter, base_inputs


def design(model: str, mode: str, criterion: str, n: int) -> dict:
    if model == "bargaining":
        ranges = {
            "bargaining.win_probability": [0.3, 0.8],
            "bargaining.target_cost_max": [0.1, 0.5],
        }
        belief = {"mode": mode}
        if mode == "exogenous":
            belief["q"] = [0.3, 0.5]
            ranges["belief.q_mid"] = [0.2, 0.8]
        else:
            belief["resolve_mean"] = [-0.2, 0.2]
            ranges["belief.resolve_mean_mid"] = [-0.5, 0.5]
        section = {"bargaining": {"intervention_win_probability": 0.2, "intervention_cost": 0.1}}
        params = {"third_party_loss": 2.0}
    else:
        ranges = {
            "two_fronts.budget": [2.0, 6.0],
            "two_fronts.europe_value": [0.5, 3.0],
            "belief.q_mid": [0.2, 0.8],
        }
        belief = {"q": [0.3, 0.5]}
        section = {"two_fronts": {"response": mode}}
        params = {}
    return {
        "model": {"name": model},
        "parameters": params,
        **section,
        "belief": belief,
        "criterion": {"name": criterion},
        "sweep": {"design": "lhs", "n": n, "seed": 1, "ranges": ranges},
    }


def columns(model: str, mode: str, criterion: str, n: int):
    config = build(design(model, mode, criterion, n), "benchmark")
    spec = parse_sweep(config)
    batch = adapter(model)
    cols = batch.point_inputs(
        base_inputs(config.resolved, model), spec.columns(0, n, spec.unit_samples()), n
    )
    return config, batch, cols


def batch_rate(model: str, mode: str, criterion: str, n: int, repeat: int) -> float:
    _, batch, cols = columns(model, mode, criterion, n)
    warm = {k: v[:20] for k, v in cols.items()}
    batch.solve_points(warm, batch.validate(warm))
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        out = batch.solve_points(cols, batch.validate(cols))
        best = min(best, time.perf_counter() - start)
    assert set(out["status"]) == {"ok"}, set(out["status"])
    return n / best


def scalar_rate(model: str, mode: str, criterion: str, n: int) -> float:
    """One config per point, solved by the family's scalar solve."""
    config, _, cols = columns(model, mode, criterion, n)
    overrides = []
    for i in range(n):
        if model == "bargaining":
            belief = ("belief.q", "q") if mode == "exogenous" else ("belief.resolve_mean", "mean")
            stem = belief[0]
            over = [
                f"bargaining.win_probability={cols['bargaining.win_probability'][i]}",
                f"bargaining.target_cost_max={cols['bargaining.target_cost_max'][i]}",
                f"{stem}=[{cols[stem + '_lo'][i]}, {cols[stem + '_hi'][i]}]",
            ]
        else:
            over = [
                f"two_fronts.budget={cols['two_fronts.budget'][i]}",
                f"two_fronts.europe_value={cols['two_fronts.europe_value'][i]}",
                f"belief.q=[{cols['belief.q_lo'][i]}, {cols['belief.q_hi'][i]}]",
            ]
        overrides.append(over)
    raw = {s: dict(v) for s, v in config.resolved.items()}
    built = []
    for over in overrides:
        parsed = [(k.split(".")[0], k.split(".", 1)[1].split("=")[0], _value(k)) for k in over]
        built.append(build(raw, "benchmark", parsed))
    start = time.perf_counter()
    for b in built:
        b.solve()
    return n / (time.perf_counter() - start)


def _value(text: str):
    import tomllib

    return tomllib.loads("v = " + text.split("=", 1)[1])["v"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=2000)
    parser.add_argument("--scalar-points", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [("bargaining", mode, c) for mode in ("exogenous", "endogenous") for c in CRITERIA]
    rows += [("two_fronts", "belief", c) for c in CRITERIA]
    rows += [("two_fronts", "equilibrium", "expected")]
    print("| model | mode | criterion | batch points/s | scalar points/s |")
    print("|---|---|---|---:|---:|")
    for model, mode, criterion in rows:
        n = args.points if mode != "equilibrium" else max(1, args.points // 10)
        fast = batch_rate(model, mode, criterion, n, args.repeat)
        slow = scalar_rate(model, mode, criterion, min(args.scalar_points, n))
        label = "—" if mode == "equilibrium" else criterion
        print(f"| {model} | {mode} | {label} | {fast:,.0f} | {slow:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
