"""Claim C2 ("real actions prevail over the letter of contracts", Kashin 2019) on V* and on
the force requirement, as a function of how much text and practice move the belief.

    python experiments/cases/c2.py > experiments/cases/c2.md

The article's own comparison: Sweden (no treaty, the practice of a NATO member: text
"none", practice 0.6) against the "sleeping" alliances China-North Korea and
UK-Portugal (a defence text, practice 0.1), coded by deterrence.models.deeds.cases with
the text weight w (0: text is cheap talk, 1: the case library's coding) and the practice
belief weight b (0: practice builds capability and signals nothing, 1: the coding), and
solved under maxmin with docs/model.md defaults (c2_channels).  For each outcome: the two
values, the verdict, the split of each effect into its capability and belief channels,
and the critical text weight below which C2 holds.
"""

from __future__ import annotations

from deterrence.models.deeds.cases import c2_channels

WEIGHTS = ((1.0, 1.0), (0.5, 1.0), (0.0, 1.0), (1.0, 0.5), (1.0, 0.0))


def main() -> None:
    print(
        "| w | b | outcome | baseline | deeds (Sweden) | words (sleeping pact) | verdict | "
        "deeds: capability / belief | words: capability / belief | C2 holds for w below |"
    )
    print("|---:|---:|---|---:|---:|---:|---|---|---|---|")
    for w, b in WEIGHTS:
        result = c2_channels(w, b)
        for name, o in result.outcomes.items():
            critical = (
                "every w in [0, 1]"
                if o.critical_text_weight is None and o.verdict == "holds"
                else "no w in [0, 1]"
                if o.critical_text_weight is None
                else f"{o.critical_text_weight:.3f}"
            )
            print(
                f"| {w:g} | {b:g} | {name} | {o.baseline:.3f} | {o.deeds:.3f} | {o.words:.3f} | "
                f"{o.verdict} | "
                f"{o.deeds_capability:+.3f} / {o.deeds_belief:+.3f} | "
                f"{o.words_capability:+.3f} / {o.words_belief:+.3f} | {critical} |"
            )
    print(
        "\nChannels are measured from the baseline (no text, no practice); the rest of each "
        "effect is the channels' interaction."
    )


if __name__ == "__main__":
    main()
