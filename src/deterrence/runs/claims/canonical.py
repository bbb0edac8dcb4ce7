"""Claims C3, C4 and C5: what the canonical model says about the criterion and the premia.

* C3 ("prepare for a negative scenario") is an input, the criterion; the ledger
  reports V* and the force requirement over the family of attitudes to ambiguity
  (alpha-maxmin, smooth, multiplier; docs/model.md, facts 4, 8, 9) and says which
  attitudes the article must assume.
* C4 (the threshold rises "significantly") and C5 (more forces and money) are
  results given the criterion: their values at the default scenario and the share
  of the plausible box where they hold, with drivers and PRIM's box.
"""

from __future__ import annotations

import math

from scipy.optimize import brentq

from deterrence.runs.claims import box
from deterrence.runs.claims.context import ATTITUDES, Context
from deterrence.runs.claims.record import Check, Claim, Table, verdict_by_share

SCENARIO = "claims/c4_default"
SOLVE = f"deterrence solve {SCENARIO}"
C4_LEVEL = 0.10  # "significantly": ambiguity raises V* by more than 10% of V*_EU
C5_LEVEL = 0.05  # ambiguity alone adds more than 5% to the force R surely out requires
ALPHAS = (0.0, 0.25, 0.5, 0.75, 0.95, 1.0)
LAMBDAS = (0.5, 2.0, 10.0, 50.0, 200.0, 1000.0)
THETAS = (0.5, 1.0, 2.0)
SHARES = (0.5, 0.9)
C5_COLUMN = "ambiguity_force_premium_relative"
REGION_SWEEP = "deterrence sweep claims/box --out results/claims_box"
MODEL = "docs/model.md#what-the-model-assumes-and-what-it-derives"
PLACE = "the paragraph beginning “This raises the threshold of possible U.S. aggression”"


# ------------------------------------------------------------------ C3: the attitudes
def _smooth(ctx: Context, lam: float | str):
    return ctx.solve(SCENARIO, "criterion.name=smooth", f"criterion.ambiguity_aversion={lam}")


def _lambda_at(ctx: Context, share: float, field: str, maxmin: float) -> float | None:
    """The smooth lambda at which ``field`` (a premium) reaches ``share`` of maxmin's; it
    rises with lambda (docs/model.md, fact 4).  None beyond lambda = 1e6."""

    def gap(log_lam: float) -> float:
        return getattr(_smooth(ctx, math.exp(log_lam)), field) / maxmin - share

    lo, hi = math.log(1e-2), math.log(1e6)
    if gap(hi) < 0:
        return None
    return math.exp(brentq(gap, lo, hi, xtol=1e-6))


def c3(ctx: Context) -> list[Claim]:
    """C3: the criterion is an input; for which attitudes does "prepare for the worst" follow?"""
    m = ctx.solve(SCENARIO)
    p_max, f_max = m.threshold_premium, m.ambiguity_force_premium
    lam = {
        (field, s): _lambda_at(ctx, s, field, ref)
        for field, ref in (("threshold_premium", p_max), ("ambiguity_force_premium", f_max))
        for s in SHARES
    }
    lam90 = lam[("threshold_premium", 0.9)]
    shown = f"{lam90:.6g}"
    at90 = _smooth(ctx, shown)
    alpha_rows = []
    for a in ALPHAS:
        s = ctx.solve(SCENARIO, "criterion.name=alpha_maxmin", f"criterion.alpha={a}")
        alpha_rows.append(
            (a, s.threshold, s.threshold_premium, s.force_requirement, s.ambiguity_force_premium)
        )
    smooth_rows = []
    for value in LAMBDAS:
        s = _smooth(ctx, value)
        smooth_rows.append(
            (
                value,
                s.threshold,
                s.threshold_premium / p_max,
                s.force_requirement,
                s.ambiguity_force_premium / f_max,
            )
        )
    theta_rows = []
    for theta in THETAS:
        wide = ctx.solve(SCENARIO, "criterion.name=multiplier", f"criterion.penalty={theta}")
        point = ctx.solve(
            SCENARIO, "criterion.name=multiplier", f"criterion.penalty={theta}", "belief.q=0.4"
        )
        theta_rows.append((theta, wide.threshold, wide.threshold_premium, point.threshold_premium))
    alpha_share = {row[0]: row[2] / p_max for row in alpha_rows}
    alpha_neg = ctx.solve(SCENARIO, "criterion.name=alpha_maxmin", "criterion.alpha=0.25")
    lam50 = lam[("threshold_premium", 0.5)]
    f90 = lam[("ambiguity_force_premium", 0.9)]
    f90_text = "beyond 10^6" if f90 is None else f"{f90:.0f}"
    return [
        Claim(
            id="C3",
            claim=(
                "Strategic uncertainty about Russia's entry forces a US planner to prepare for "
                "the worst case, Russia's entry."
            ),
            quote=(
                "“We cannot predict what would happen” … which “would force the enemy (i.e. "
                "the United States) to prepare for a negative scenario (Russia’s entry into "
                "the war)”"
            ),
            place="the paragraph beginning “What would happen if the United States attacks China?”",
            status="assumption",
            assumes=(
                "a worst-case (maxmin) planner; or alpha-maxmin with alpha near 1 (the premium "
                f"is {alpha_share[0.95]:.2f} of maxmin's at alpha = 0.95, "
                f"{alpha_share[0.75]:.2f} at 0.75; alpha < 1/2 "
                "makes ambiguity lower V*); or smooth ambiguity aversion with lambda >= "
                f"{lam90:.0f} (lambda >= {lam50:.1f} for half the maxmin premium; the default "
                "lambda = 2 gives "
                f"{100 * smooth_rows[1][2]:.0f}%); the multiplier criterion's premium is a "
                "robustness margin that does not depend on the ambiguity at all"
            ),
            test=(
                "Evidence on how US planners weigh an unknown probability of Russian entry "
                "(planning documents, elicited choices): the model cannot confirm the "
                "criterion it is given; it can only show what each attitude implies."
            ),
            command="deterrence claims --only C3 --json",
            value_key="claims[id=C3].value",
            value=lam90,
            unit="smooth ambiguity aversion lambda (payoff units: T's defence = 1)",
            verdict="not tested",
            verdict_text=(
                'The criterion is an input (criterion.name = "maxmin"). At the default '
                "scenario ambiguity raises V* by "
                f"{p_max:.3f} under maxmin, by (2 alpha - 1) times that under alpha-maxmin "
                f"({alpha_neg.threshold_premium:+.3f} at alpha = 0.25), and under smooth "
                f"ambiguity aversion by {100 * smooth_rows[1][2]:.1f}% of it at lambda = 2; it "
                f"takes lambda = {lam90:.0f} to reach 90% ({f90_text} for 90% of the force "
                "premium). Preparing for the worst case is what the article assumes, not "
                "what the model derives."
            ),
            sources=(
                MODEL,
                "docs/model.md#facts-the-tests-check",
                "experiments/sweep_ambiguity/README.md",
            ),
            checks=(
                Check(
                    f"{SOLVE} --set criterion.name=smooth --set "
                    f"criterion.ambiguity_aversion={shown} --json && {SOLVE} --json",
                    "[0].threshold_premium / [1].threshold_premium",
                    at90.threshold_premium / p_max,
                    f"smooth with lambda = {shown} reaches 90% of the maxmin threshold premium",
                ),
                Check(
                    f"{SOLVE} --set criterion.name=alpha_maxmin --set criterion.alpha=0.25 --json",
                    "threshold_premium",
                    alpha_neg.threshold_premium,
                    "alpha-maxmin with alpha < 1/2: ambiguity lowers V* (docs/model.md, fact 9)",
                ),
                Check(
                    f"{SOLVE} --set criterion.name=multiplier --json && {SOLVE} --set "
                    "criterion.name=multiplier --set belief.q=0.4 --json",
                    "[0].threshold_premium - [1].threshold_premium",
                    theta_rows[1][2] - theta_rows[1][3],
                    "the multiplier's premium is the same with and without ambiguity (fact 8)",
                ),
            ),
            tables=(
                Table(
                    "alpha-maxmin (weight alpha on the worst prior)",
                    (
                        "alpha",
                        "V*",
                        "threshold premium",
                        "force requirement",
                        "ambiguity force premium",
                    ),
                    tuple(alpha_rows),
                    "alpha = 1 is maxmin, alpha = 1/2 expected utility at the mean prior.",
                ),
                Table(
                    "smooth ambiguity aversion (lambda)",
                    (
                        "lambda",
                        "V*",
                        "share of maxmin's threshold premium",
                        "force requirement",
                        "share of maxmin's ambiguity force premium",
                    ),
                    tuple(smooth_rows),
                    f"lambda at which the share reaches one half: {lam50:.2f} (V*), "
                    f"{_show(lam[('ambiguity_force_premium', 0.5)])} (force); "
                    f"90%: {lam90:.1f} (V*), {_show(f90)} (force).",
                ),
                Table(
                    "multiplier (penalty theta): premium with q in [0.2, 0.6] and with q = 0.4",
                    ("theta", "V*", "premium, q in [0.2, 0.6]", "premium, q = 0.4"),
                    tuple(theta_rows),
                    "Equal columns: a robustness margin against misspecification, not an "
                    "ambiguity premium.",
                ),
            ),
        )
    ]


def _show(x: float | None) -> str:
    return "beyond 10^6" if x is None else f"{x:.1f}"


# ------------------------------------------------------------------ C4 and C5: the box
def _attitude_shares(ctx: Context, output: str, levels: tuple[float, ...]) -> tuple:
    rows = []
    for criterion, label in ATTITUDES.items():
        table = ctx.box(criterion)
        rows.append((label, *(box.share(table, output, x) for x in levels)))
    return tuple(rows)


def _box_record(ctx: Context) -> tuple:
    return ctx.box_inputs


def c4(ctx: Context) -> list[Claim]:
    """C4: ambiguity raises V* significantly (more than 10% of V*_EU), given maxmin."""
    s = ctx.solve(SCENARIO)
    output = "threshold_premium_relative"
    reg = box.region(ctx.box("maxmin"), output, C4_LEVEL, prim=ctx.prim)
    levels = (0.05, C4_LEVEL, 0.2)
    shares = _attitude_shares(ctx, output, levels)
    by = {row[0]: row[2] for row in shares}
    verdict = verdict_by_share(reg.share)
    return [
        Claim(
            id="C4",
            claim="The strategic uncertainty raises the threshold of US aggression significantly.",
            quote="“This raises the threshold of possible U.S. aggression significantly”",
            place=PLACE,
            status="result",
            assumes=(
                "C3's criterion: a maxmin planner. Under alpha-maxmin (alpha = 0.75) the share "
                f"of the box where the rise exceeds 10% is {by[ATTITUDES['alpha_maxmin']]:.3f}, "
                f"under smooth (lambda = 2) {by[ATTITUDES['smooth']]:.3f}; under alpha < 1/2 "
                "ambiguity lowers V*. '10%' is the ledger's reading of 'significantly'."
            ),
            test=(
                "Solve the model with and without ambiguity (expected utility at the set's "
                "mean prior) over the plausible box: the claim fails where the rise of V* is "
                "small."
            ),
            command=f"{SOLVE} --json",
            value_key=output,
            value=s.threshold_premium_relative,
            unit="relative rise of V* (V*_maxmin / V*_EU(mean) - 1)",
            verdict=verdict,
            verdict_text=(
                f"At the default scenario ambiguity raises V* by {s.threshold_premium:.3f}, "
                f"{100 * s.threshold_premium_relative:.1f}% of V* under expected utility at the "
                f"mean prior ({s.expected_utility_threshold:.3f}). Over the box the rise exceeds "
                f"10% at {100 * reg.share:.1f}% of the points under maxmin "
                f"({100 * by[ATTITUDES['alpha_maxmin']]:.1f}% under alpha-maxmin 0.75, "
                f"{100 * by[ATTITUDES['smooth']]:.1f}% under smooth, lambda = 2; under "
                "alpha-maxmin with alpha < 1/2 ambiguity lowers V*): given maxmin it needs "
                "wide ambiguity and costly Russian entry (see where). The verdict is "
                "conditional on the attitude (C3)."
            ),
            condition="threshold_premium_relative > 0.10 under maxmin",
            holds_share=reg.share,
            box=_box_record(ctx),
            drivers=reg.drivers,
            where=reg.where,
            sources=(
                MODEL,
                "docs/claims.md#the-plausible-box",
                "experiments/sensitivity/README.md",
                "experiments/sweep_ambiguity/README.md",
            ),
            checks=(
                Check(
                    f"{SOLVE} --set criterion.name=smooth --json",
                    output,
                    ctx.solve(SCENARIO, "criterion.name=smooth").threshold_premium_relative,
                    "the same rise under smooth ambiguity aversion (lambda = 2)",
                ),
            ),
            region_command=(
                f"{REGION_SWEEP} && deterrence analyze results/claims_box --method sobol "
                f"--output {output} --json && deterrence discover results/claims_box --output "
                f"{output} --above {C4_LEVEL:g} --json"
            ),
            tables=(
                Table(
                    "share of the box where the relative rise of V* exceeds a level, by attitude",
                    ("attitude", *(f"> {x:g}" for x in levels)),
                    shares,
                ),
            ),
            notes=(() if ctx.prim else (ctx.prim_note,)),
        )
    ]


def c5(ctx: Context) -> list[Claim]:
    """C5: ambiguity demands more forces (the ambiguity part of the force premium)."""
    s = ctx.solve(SCENARIO)
    table = _relative_force(ctx.box("maxmin"))
    reg = box.region(table, C5_COLUMN, C5_LEVEL, prim=ctx.prim)
    levels = (0.02, C5_LEVEL, 0.1)
    rows = []
    for criterion, label in ATTITUDES.items():
        t = table if criterion == "maxmin" else _relative_force(ctx.box(criterion))
        rows.append((label, *(box.share(t, C5_COLUMN, x) for x in levels)))
    frame = table.frame
    larger = float((frame["ambiguity_force_premium"] > frame["risk_force_premium"]).mean())
    share_value = s.ambiguity_force_premium / s.force_premium
    c = s.extra_cost / s.force_premium
    return [
        Claim(
            id="C5",
            claim="It requires additional US forces in the Pacific, hence additional costs.",
            quote=(
                "“requires additional forces and equipment to be allocated in order to carry "
                "out operations in the Pacific. This would lead to additional costs”"
            ),
            place=PLACE,
            status="result",
            assumes=(
                "C3's criterion for the ambiguity part. The risk part (a known chance of "
                "Russian entry, q = 0.4) needs no ambiguity and no criterion."
            ),
            test=(
                "Split the force premium (the requirement minus the requirement with Russia "
                "surely out) into its risk part (expected utility at the mean prior) and its "
                "ambiguity part (the criterion against that): the claim, as a claim about "
                "strategic uncertainty, fails where the ambiguity part is small."
            ),
            command=f"{SOLVE} --json",
            value_key="ambiguity_force_premium / force_premium",
            value=share_value,
            unit="share of the force premium due to ambiguity",
            verdict=verdict_by_share(reg.share),
            verdict_text=(
                f"At the default scenario the force premium is {s.force_premium:.3f} (T's "
                f"defence = 1; extra cost {s.extra_cost:.3f} at c = {c:g}): "
                f"{s.risk_force_premium:.3f} of it arises with a known q = 0.4 and only "
                f"{s.ambiguity_force_premium:.3f} ({100 * share_value:.1f}%) from ambiguity. "
                f"Ambiguity alone adds more than 5% to the force Russia's absence would require "
                f"at {100 * reg.share:.1f}% of the box under maxmin, and more than the risk part "
                f"at {100 * larger:.1f}%."
            ),
            condition=(
                "ambiguity_force_premium > 0.05 x the requirement with Russia surely out, "
                "under maxmin"
            ),
            holds_share=reg.share,
            box=_box_record(ctx),
            drivers=reg.drivers,
            where=reg.where,
            sources=(MODEL, "docs/model.md#outputs", "docs/claims.md#the-plausible-box"),
            checks=(
                Check(
                    f"{SOLVE} --json",
                    "risk_force_premium",
                    s.risk_force_premium,
                    "the risk part: the premium with a known q = 0.4, no ambiguity",
                ),
                Check(
                    "deterrence solve no_ambiguity --json",
                    "force_premium",
                    ctx.solve("no_ambiguity").force_premium,
                    "the same risk part from the shipped no-ambiguity config",
                ),
            ),
            region_command="deterrence claims --only C5 --json",
            tables=(
                Table(
                    "share of the box where ambiguity adds more than a share of the force "
                    "Russia's absence requires, by attitude",
                    ("attitude", *(f"> {x:g}" for x in levels)),
                    tuple(rows),
                ),
            ),
            notes=(
                "The condition is a ratio of two outputs, which deterrence discover cannot "
                "name; the ledger derives it from the same table as "
                f"`{REGION_SWEEP}` writes.",
                *(() if ctx.prim else (ctx.prim_note,)),
            ),
        )
    ]


def _relative_force(table):
    """The box with the ambiguity force premium relative to the requirement with R out."""
    f = table.frame
    out = f["force_requirement"].astype(float) - f["force_premium"].astype(float)
    return box.with_column(table, C5_COLUMN, f["ambiguity_force_premium"].astype(float) / out)
