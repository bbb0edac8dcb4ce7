"""Claim C6 in equilibrium: does the ambiguity cost Russia little, and the US much?

    python experiments/posture_game/cost_exchange.py > experiments/posture_game/cost_exchange.md

Kashin (2019): the "not fully formed union" would "not require additional large expenses
from Russia", because Russia's military planning already assumes a conflict with the
United States.  The script computes, in equilibrium:

1. the posture game at its base point (experiments/posture_game/config.toml), on the
   default seven force levels and on a fine list (0 and 24 levels from 0.5 to 6): the
   US extra cost c * E[F - F_out], the US's loss of expected payoff, Russia's marginal
   readiness outlay and the two exchange ratios (deterrence.models.intervention.posture);
2. the sunk reading: the same base point with a share s of Russia's readiness costs
   already paid by its planning (sunk, so not an outlay);
3. the cost-exchange region: both ratios over the stated box of inputs
   (posture.COST_EXCHANGE_BOX, 256 scrambled Sobol' points, seed 0), the share of the
   box where each exceeds 1 and 10, and a PRIM box;
4. the signalling model (configs/signalling.toml) with a point prior and with an
   interval of priors under maxmin: every equilibrium's expected outlay, US extra cost
   and ratio, by kind and whether it survives the intuitive criterion.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from deterrence.models.intervention.posture import (
    FINE_FORCE_LEVELS,
    cost_exchange_region,
)
from deterrence.runs.config import load_config

CONFIG = Path(__file__).with_name("config.toml")
FINE = "posture.force_levels=[" + ", ".join(f"{f:g}" for f in FINE_FORCE_LEVELS) + "]"


def fmt(x) -> str:
    if x is None:
        return "unbounded"
    return f"{x:.3f}"


def posture_rows(title: str, overrides: list[str]) -> list[str]:
    out = []
    for eq in load_config(CONFIG, overrides).solve().equilibria:
        operate = 1.0 - eq.us_force_mix.get("0", 0.0)
        out.append(
            f"| {title} | {eq.russia_full_readiness:.3f} | {operate:.3f} | "
            f"{eq.us_force_vs_aside:g} | {eq.us_extra_cost:.4f} | {eq.us_value_loss:.3f} | "
            f"{eq.russia_outlay:.4f} | {fmt(eq.cost_exchange_ratio)} | "
            f"{fmt(eq.value_exchange_ratio)} |"
        )
    return out


def main() -> None:
    print("## 1. The posture game at its base point (V = 2, e = 0.8, w - κ_R = 0.1)\n")
    header = (
        "| | P(full readiness) | P(US operation) | F_out | US extra cost | US value loss | "
        "Russia's outlay | cost-exchange ratio | value-exchange ratio |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for line in posture_rows("seven force levels", []):
        print(line)
    for line in posture_rows("fine force list", [FINE]):
        print(line)
    print("\n## 2. The sunk reading: a share s of the readiness costs is paid anyway\n")
    print(header.replace("| |", "| s |", 1))
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in (0.0, 0.5, 0.9, 0.99):
        for line in posture_rows(f"{s:g}", [FINE, f"posture.sunk_share={s}"]):
            print(line)
    print("\n## 3. Over the box of inputs\n")
    region = cost_exchange_region()
    print("| input | low | high | why |\n|---|---:|---:|---|")
    for name, b in region.box.items():
        print(f"| {name} | {b.low:g} | {b.high:g} | {b.why} |")
    print(
        f"\n{region.n} points (scrambled Sobol', seed {region.seed}); Russia mixes (the "
        f"ambiguity is an equilibrium) at {region.share_mixed:.1%} of them.\n"
    )
    print(
        "| condition | share of the box | share where Russia mixes | PRIM box (support, density) |"
    )
    print("|---|---:|---:|---|")
    for key, share in region.shares.items():
        box = region.regions[key]
        ranges = "; ".join(f"{k} {lo:.3g}..{hi:.3g}" for k, (lo, hi) in box["ranges"].items())
        print(
            f"| {key} | {share:.1%} | {region.shares_given_mixed[key]:.1%} | "
            f"{ranges or 'the whole box'} ({box['support']:.1%}, {box['density']:.1%}) |"
        )
    print("\nQuantiles of the ratios where Russia mixes:\n")
    print("| ratio | 10% | 50% | 90% |\n|---|---:|---:|---:|")
    for measure, q in region.quantiles.items():
        print(f"| {measure} | {q['q10']:.2f} | {q['q50']:.2f} | {q['q90']:.2f} |")
    print("\n## 4. The signalling model (configs/signalling.toml)\n")
    print(
        "| prior, criterion | kind | intuitive | equilibria | Russia's outlay | US extra cost | "
        "cost-exchange ratio |"
    )
    print("|---|---|---|---:|---:|---:|---:|")
    for label, overrides in (
        ("0.5, expected", []),
        (
            "[0.3, 0.7], maxmin",
            ["signalling.prior_committed=[0.3, 0.7]", "signalling.criterion=maxmin"],
        ),
    ):
        groups: dict = {}
        for eq in load_config("signalling", overrides).solve().equilibria:
            key = (eq.kind, eq.intuitive, round(eq.outlay, 6))
            groups.setdefault(key, []).append(eq)
        for (kind, intuitive, outlay), eqs in sorted(groups.items(), key=lambda kv: kv[0][2]):
            extra = [e.us_extra_cost for e in eqs]
            ratio = eqs[0].cost_exchange_ratio
            print(
                f"| {label} | {kind} | {'yes' if intuitive else 'no'} | {len(eqs)} | "
                f"{outlay:.3f} | {np.mean(extra):.4f} | {fmt(ratio)} |"
            )


if __name__ == "__main__":
    main()
