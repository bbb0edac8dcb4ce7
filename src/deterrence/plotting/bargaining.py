"""The bargaining figure: A's value of each demand, and the demand and risk of war by prior.

Drawn from :func:`deterrence.models.bargaining.curves.bargaining_curves`.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from deterrence.models.bargaining.curves import BargainingCurves, bargaining_curves
from deterrence.plotting import OKABE_ITO, panels


def plot_bargaining(curves: BargainingCurves, title: str = "", note: str = "") -> Figure:
    """Left: value of each demand by prior and under the criterion; right: x*(s), Pr(war)(s)."""
    fig, left, right = panels.two_panels()
    if curves.criterion not in ("expected", "minimax_regret"):  # underneath: it may equal one
        left.plot(
            curves.demands,
            curves.criterion_values,
            color=OKABE_ITO[3],
            lw=4.0,
            alpha=0.55,
            label=f"{curves.criterion} value",
        )
    styles = {"lowest prior": ":", "mean prior": "-", "highest prior": "--"}
    for (name, values), style in zip(curves.prior_values.items(), styles.values(), strict=True):
        left.plot(curves.demands, values, color=OKABE_ITO[0], ls=style, lw=1.4, label=f"EU, {name}")
    left.axhline(curves.status_quo, color="0.5", lw=1, ls="-.", label="status quo s")
    panels.optimum_lines(left, curves.baseline_demand, curves.demand, curves.criterion, "x*")
    panels.finish_panel(
        left, "A's demand x (share of the good)", "A's expected payoff", "A's value of each demand"
    )

    s = curves.prior_symbol
    right.plot(
        curves.priors, curves.demand_at, color=OKABE_ITO[0], lw=2, label=f"optimal demand x*({s})"
    )
    right.plot(
        curves.priors,
        curves.war_at,
        color=OKABE_ITO[1],
        lw=2,
        ls="--",
        label=f"probability of war at x*({s})",
    )
    panels.prior_band(right, curves.interval, f"A's set of priors {s}")
    panels.criterion_level(right, curves.demand, curves.criterion, "x*")
    what = "R's chance of joining, q" if s == "q" else "mean of R's resolve in A's prior, μ"
    panels.finish_panel(
        right,
        f"known prior: {what}",
        "demand x* / probability of war",
        "Demand and risk of war when the prior is known",
    )
    return panels.finish_figure(fig, title or "Crisis bargaining with a third party", note)


def scenario_note(config) -> str:
    """The fixed values a figure states: p_N, p_I, costs and the belief."""
    m = config.model
    belief = config.resolved["belief"]
    held = belief.get("q", belief.get("resolve_mean"))
    return (
        f"p_N = {float(m.p_out):.3f}, p_I = {float(m.p_in):.3f}, c_A = {float(m.attacker_cost):g}, "
        f"c_I = {float(m.intervention_cost):g}, c̄ = {float(m.cost_max):g} ({m.distribution}), "
        f"s = {float(m.status_quo):g}; belief {belief['mode']} {held}; "
        f"criterion {config.resolved['criterion']['name']}"
    )


def save_figure(config, solution, path, title: str = "", fmt: str = "png") -> None:
    """Write the figure of a solved bargaining config."""
    curves = bargaining_curves(config.model, config.criterion, solution)
    fig = plot_bargaining(curves, title, scenario_note(config))
    fig.savefig(path, format=fmt, dpi=150, bbox_inches="tight")
    plt.close(fig)


# ------------------------------------------------------------ sweeps of these models
LABELS = {
    "demand": "A's demand x* (share of the good)",
    "war_probability": "probability of war (mean prior)",
    "entry_probability": "R's entry probability (mean prior)",
    "value": "A's value (share of the good, net of costs)",
    "demand_premium": "demand premium x*(no ambiguity) − x* (share)",
    "war_probability_premium": "war-probability premium",
    "aims_moderation": "limited aims: demand moderation x_f − x* (share)",
    "entry_deterred": "limited aims: fall in R's entry probability",
    "pacific_force": "Pacific force x_P (units of force)",
    "europe_force": "European force x_E (units of force)",
    "pacific_win_probability": "A's chance in the Pacific",
    "europe_win_probability": "A's chance of holding Europe",
    "hedging_premium": "hedging premium x_E − x_E(no ambiguity) (force)",
    "hedging_cost": "cost of the hedge at the mean prior (A's payoff units)",
    "budget_premium": "budget premium B' − B (units of force)",
    "extra_cost": "extra cost c (B' − B) (A's payoff units)",
    "belief.q_width": "width of A's interval of q (mean fixed)",
    "belief.resolve_mean_width": "width of A's interval of μ (mean fixed)",
    "two_fronts.pacific_share_width": "width of A's interval of π (mean fixed)",
}
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)))


def plot_sweep_panels(
    path,
    x: str,
    outputs: list[str],
    *,
    by: str = "criterion.name",
    title: str = "",
    note: str = "",
) -> Figure:
    """One panel per output of a sweep of one of these models, one line per ``by`` value
    (data: ``runs.plot_data.plot_data``)."""
    from deterrence.runs.plot_data import plot_data

    cols = 2 if len(outputs) == 4 else min(3, len(outputs))
    rows = -(-len(outputs) // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(4.2 * cols, 3.4 * rows + 0.6), layout="constrained", squeeze=False
    )
    for ax, z in zip(axes.ravel(), outputs, strict=False):
        data = plot_data(path, x, z, by=by)
        for i, (name, (xs, zs)) in enumerate(data.series.items()):
            ax.plot(  # lines that coincide stay visible: wide ones first, each dashed its way
                xs,
                zs,
                color=OKABE_ITO[i % len(OKABE_ITO)],
                marker=MARKERS[i % len(MARKERS)],
                markevery=max(1, len(xs) // 8),
                ms=4,
                lw=max(1.0, 3.2 - 0.4 * i),
                ls=STYLES[i % len(STYLES)],
                label=name,
            )
        ax.set_xlabel(LABELS.get(x, x), fontsize=8)
        ax.set_ylabel(LABELS.get(z, z), fontsize=8)
        ax.grid(True, alpha=0.3)
    for ax in axes.ravel()[len(outputs) :]:
        ax.set_visible(False)
    handles, labels = axes.ravel()[0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="outside right upper",
        fontsize=8,
        frameon=False,
        title=by.split(".")[0],
        title_fontsize=8,
    )
    fig.suptitle(title, fontsize=11)
    if note:
        fig.text(0.5, -0.01, note, ha="center", va="top", fontsize=7, color="0.3")
    return fig


def save_sweep_panels(path, out, x: str, outputs: list[str], **kw) -> None:
    fig = plot_sweep_panels(path, x, outputs, **kw)
    fig.savefig(out, dpi=150, bbox_inches="tight")
    plt.close(fig)
