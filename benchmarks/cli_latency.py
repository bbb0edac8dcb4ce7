"""How long `deterrence --help` and one `deterrence solve` take (median of several runs).

Run by hand:  python benchmarks/cli_latency.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "--help": ["--help"],
    "solve default (maxmin, exogenous)": ["solve", "configs/default.toml", "--json"],
    "solve endogenous maxmin": ["solve", "configs/endogenous.toml", "--json"],
    "solve endogenous smooth": [
        "solve",
        "configs/endogenous.toml",
        "--json",
        "--set",
        "criterion.name=smooth",
    ],
    "solve endogenous minimax_regret": [
        "solve",
        "configs/endogenous.toml",
        "--json",
        "--set",
        "criterion.name=minimax_regret",
    ],
    "solve beta multiplier": [
        "solve",
        "configs/default.toml",
        "--json",
        "--set",
        "belief.q={beta=[2.0,3.0]}",
        "--set",
        "criterion.name=multiplier",
    ],
}


def median_seconds(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "deterrence", *args], cwd=ROOT, check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'command':40s} median wall time (s), {args.repeat} runs")
    for name, cli_args in CASES.items():
        print(f"{name:40s} {median_seconds(cli_args, args.repeat):.3f}")


if __name__ == "__main__":
    main()
