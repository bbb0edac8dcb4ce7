"""The Russia-China belief as a function of the repeat discount, and what drives it.

    python experiments/russia_china_2001_2019/discount.py \
        > experiments/russia_china_2001_2019/discount.md

Uses the dated record configs/russia_china_2001_2019.toml (its events, likelihoods,
prior and gains are stated assumptions) and prints:

1. A's belief interval at the end of 2018 and of 2019 for repeat discounts d from 0
   (only the first event of each kind counts) to 1 (every event independent), with
   whether it contains 1/2 (A cannot tell whether Russian entry is more likely than not);
2. the record's own discount: the 2019 events and the factor by which they multiply the
   odds of entry, and the largest factor that would leave the 2019 interval containing 1/2;
3. the 2019 belief without the disconfirming and neutral events (the record before
   they were added), for comparison.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from deterrence.models.deeds.dynamics import belief_by_discount
from deterrence.runs.config import load_config


def logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def main() -> None:
    record = load_config("russia_china_2001_2019").model
    d0 = record.spec.repeat_discount
    print("## 1. The belief as a function of the repeat discount d\n")
    print("| d | end of 2018 | contains 1/2 | end of 2019 | contains 1/2 |")
    print("|---:|---|---|---|---|")
    discounts = np.linspace(0.0, 1.0, 11)
    rows18 = belief_by_discount(record, discounts, 2018)
    rows19 = belief_by_discount(record, discounts, 2019)
    for a, b in zip(rows18, rows19, strict=True):
        print(
            f"| {a['discount']:.1f} | [{a['belief_lo']:.3f}, {a['belief_hi']:.3f}] | "
            f"{'yes' if a['straddles_half'] else 'no'} | "
            f"[{b['belief_lo']:.3f}, {b['belief_hi']:.3f}] | "
            f"{'yes' if b['straddles_half'] else 'no'} |"
        )
    print(f"\n## 2. What 2019 adds (the record's d = {d0:g})\n")
    (lo18, hi18), _ = record.state(2018)
    (lo19, hi19), e19 = record.state(2019)
    trajectory = record.solve()
    last = trajectory.years[-1]
    print("| 2019 event | likelihood ratio | weight |\n|---|---:|---:|")
    events = sorted((ev for ev in record.spec.events if ev.year == 2019), key=lambda ev: ev.name)
    weights = dict(zip(last.events, last.weights, strict=True))
    for ev in events:
        ratio = ev.likelihood_committed / ev.likelihood_opportunist
        print(f"| {ev.name} | {ratio:.3f} | {weights[ev.name]:.3f} |")
    factor = float(np.exp(logit(lo19) - logit(lo18)))
    needed = float(np.exp(-logit(lo18)))
    print(
        f"\nEnd of 2018: [{lo18:.3f}, {hi18:.3f}]; end of 2019: [{lo19:.3f}, {hi19:.3f}], "
        f"interoperability {e19:.2f}. The 2019 events multiply the odds of entry by "
        f"{factor:.1f}; the interval would still contain 1/2 if they multiplied them by at "
        f"most {needed:.2f}."
    )
    print("\n## 3. Without the disconfirming and neutral events\n")
    confirming = tuple(
        ev for ev in record.spec.events if ev.likelihood_committed > ev.likelihood_opportunist
    )
    only = replace(record, spec=replace(record.spec, events=confirming))
    print("| d | end of 2019 (confirming events only) |\n|---:|---|")
    for row in belief_by_discount(only, [0.0, d0, 1.0], 2019):
        print(f"| {row['discount']:g} | [{row['belief_lo']:.3f}, {row['belief_hi']:.3f}] |")


if __name__ == "__main__":
    main()
