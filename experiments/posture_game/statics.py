"""Comparative statics of the posture game: interoperability e and stakes V.

    python experiments/posture_game/statics.py > experiments/posture_game/statics.md

Solves experiments/posture_game/config.toml at each (e, V) with every
equilibrium (support enumeration) and prints a Markdown table: Russia's
probability of full readiness, the US's probability of launching an
operation, and its expected force.
"""

from __future__ import annotations

from pathlib import Path

from deterrence.runs.config import load_experiment

CONFIG = Path(__file__).with_name("config.toml")
INTEROPERABILITY = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
STAKES = (1.0, 1.5, 1.75, 2.0, 2.25, 2.5, 3.0)


def main() -> None:
    print("| e | V | equilibria | P(full readiness) | P(US operation) | E[F] |")
    print("|---:|---:|---:|---:|---:|---:|")
    for e in INTEROPERABILITY:
        for v in STAKES:
            config = load_experiment(
                CONFIG, [f"parameters.interoperability={e}", f"parameters.stakes={v}"]
            )
            solution = config.solve()
            for eq in solution.equilibria:
                attack = 1.0 - eq.us_force_mix.get("0", 0.0)
                print(
                    f"| {e:.1f} | {v:.2f} | {len(solution.equilibria)} | "
                    f"{eq.russia_full_readiness:.3f} | {attack:.3f} | {eq.expected_force:.3f} |"
                )


if __name__ == "__main__":
    main()
