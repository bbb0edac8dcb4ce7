"""Sweep time against analysis time of a 10-parameter Sobol' study under maxmin.

Run by hand (not part of the test suite):

    python benchmarks/analysis.py                 # n = 4,096: 90,112 points, best of 3
    python benchmarks/analysis.py --n 1024 --repeat 1

The design is ``design = "saltelli"`` with second-order indices over ten
parameters of the default scenario (exogenous belief, maxmin), n base samples:
n x (2 x 10 + 2) points.  "sweep" is ``run_sweep`` (serial, one core) into a
fresh folder; "analysis" is reading the folder (``deterrence.results.load``
through the analysis table) plus ``analyze(..., "sobol")`` of the four default
outputs (S1, ST, S2, 100 bootstrap resamples each).  Each is the best of
``--repeat`` runs (the machine is shared).  The analysis must not take longer
than the sweep.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from deterrence.runs.analysis.sensitivity import analyze
from deterrence.runs.analysis.table import read_results
from deterrence.runs.config import build
from deterrence.runs.sweeps.design import parse_sweep
from deterrence.runs.sweeps.run import run_sweep

RANGES = {
    "parameters.stakes": [1.0, 8.0],
    "parameters.third_party_strength": [0.2, 1.0],
    "parameters.interoperability": [0.2, 1.0],
    "parameters.decisiveness": [1.0, 3.0],
    "parameters.force_cost": [0.1, 0.4],
    "parameters.war_cost": [0.25, 0.75],
    "parameters.intervention_war_cost": [0.8, 2.0],
    "parameters.success_target": [0.7, 0.9],
    "belief.q_mid": [0.3, 0.5],
    "belief.q_width": [0.1, 0.5],
}


def config(n: int):
    return build(
        {
            "belief": {"mode": "exogenous", "q": [0.2, 0.6]},
            "criterion": {"name": "maxmin"},
            "sweep": {
                "design": "saltelli",
                "n": n,
                "seed": 1,
                "second_order": True,
                "chunk_size": 100_000,
                "ranges": RANGES,
            },
        },
        "benchmark",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4096, help="base samples (a power of 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is shown")
    args = parser.parse_args()
    cfg = config(args.n)
    spec = parse_sweep(cfg)
    sweeps, analyses = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):
            out = Path(tmp) / f"r{k}"
            start = time.perf_counter()
            report = run_sweep(cfg, spec, out, progress=False)
            sweeps.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = analyze(read_results(out), "sobol")
            analyses.append(time.perf_counter() - start)
            if k:
                shutil.rmtree(out)
    sweep, analysis = min(sweeps), min(analyses)
    print(
        f"Sobol' study: {len(RANGES)} parameters, n = {args.n:,} base samples, second order: "
        f"{spec.size:,} points under maxmin ({report.status_counts})"
    )
    print(f"  sweep     {sweep:8.2f} s   (runs: {', '.join(f'{t:.2f}' for t in sweeps)})")
    print(
        f"  analysis  {analysis:8.2f} s   (runs: {', '.join(f'{t:.2f}' for t in analyses)}; "
        f"{len(result.results)} outputs: load + S1, ST, S2 with 100 resamples)"
    )
    verdict = "holds" if analysis <= sweep else "FAILS"
    print(f"  analysis / sweep = {analysis / sweep:.2f}: 'analysis no longer than sweep' {verdict}")


if __name__ == "__main__":
    main()
