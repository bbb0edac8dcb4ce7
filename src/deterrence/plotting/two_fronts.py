"""The two-front figures: A's allocation under ambiguity, or the equilibrium of the game.

Drawn from :mod:`deterrence.models.two_fronts.curves`.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from deterrence.models.two_fronts.curves import (
    AllocationCurves,
    GameCurves,
    allocation_curves,
    game_curves,
)
from deterrence.plotting import OKABE_ITO, panels


def plot_allocation(curves: AllocationCurves, title: str = "", note: str = "") -> Figure:
    """Left: payoff by Pacific force against each move of R, and the criterion's value;
    right: the optimal Pacific force for a known chance q that R acts."""
    fig, left, right = panels.two_panels()
    for i, (name, values) in enumerate(curves.payoffs.items()):
        left.plot(curves.forces, values, color=OKABE_ITO[i], lw=1.4, label=f"A's payoff if {name}")
    if curves.criterion_values is not None:
        left.plot(
            curves.forces,
            curves.criterion_values,
            color=OKABE_ITO[3],
            lw=2.4,
            label=f"{curves.criterion} value",
        )
    panels.optimum_lines(left, curves.baseline_force, curves.force, curves.criterion, "x_P")
    panels.finish_panel(
        left,
        f"force sent to the Pacific x_P (of a budget B = {curves.budget:g})",
        "A's payoff",
        "A's payoff of each allocation",
    )

    styles = ("--", "-", ":")
    for (name, force), style in zip(curves.force_at.items(), styles, strict=False):
        right.plot(curves.q, force, color=OKABE_ITO[0], ls=style, lw=1.8, label=f"x_P*(q), {name}")
    panels.prior_band(right, curves.interval, "A's set q")
    panels.criterion_level(right, curves.force, curves.criterion, "x_P")
    right.set_ylim(0.0, curves.budget * 1.02)
    panels.finish_panel(
        right,
        "known chance that R acts, q",
        "optimal Pacific force x_P*",
        "Allocation when the prior is known",
    )
    return panels.finish_figure(
        fig, title or "Two fronts: A's allocation under ambiguity about R", note
    )


def plot_game(curves: GameCurves, title: str = "", note: str = "") -> Figure:
    """Left: A's payoffs by allocation and A's equilibrium mix; right: R's payoffs and mix."""
    fig, left, right = panels.two_panels()
    width = (curves.forces[1] - curves.forces[0]) * 0.8 if curves.forces.size > 1 else 0.1
    for ax, payoffs, who in ((left, curves.payoffs_a, "A"), (right, curves.payoffs_r, "R")):
        for i, (name, values) in enumerate(payoffs.items()):
            mix = f" (R plays it w.p. {curves.mix_r[name]:.2f})" if curves.mix_r else ""
            ax.plot(
                curves.forces,
                values,
                color=OKABE_ITO[i],
                lw=1.6,
                marker="o",
                ms=3,
                label=f"{who}'s payoff if {name}{mix}",
            )
        ax.set_xlabel("A's Pacific force x_P")
        ax.set_ylabel(f"{who}'s payoff")
        ax.grid(True, alpha=0.3)
    bars = left.twinx()
    bars.bar(
        curves.forces,
        curves.mix_a,
        width=width,
        color="0.6",
        alpha=0.5,
        label="A's equilibrium mix",
    )
    bars.set_ylabel("probability A plays the allocation")
    bars.set_ylim(0.0, 1.0)
    handles, labels = left.get_legend_handles_labels()
    extra, extra_labels = bars.get_legend_handles_labels()
    left.legend(handles + extra, labels + extra_labels, ncol=2, **panels.LEGEND)
    right.legend(ncol=1, **panels.LEGEND)
    left.set_title("A's payoffs and its equilibrium mix", fontsize=10)
    right.set_title("R's payoffs (its mix in the legend)", fontsize=10)
    return panels.finish_figure(
        fig,
        (f"{title}: R best-responds" if title else "Two fronts: R best-responds")
        + f" ({curves.equilibria} equilibri{'um' if curves.equilibria == 1 else 'a'}; "
        "A's preferred shown)",
        note,
    )


def scenario_note(config) -> str:
    """The fixed values a figure states."""
    r = config.resolved
    p, t = r["parameters"], r["two_fronts"]
    reinforcement = p["interoperability"] * p["third_party_strength"]
    text = (
        f"B = {t['budget']:g}, V_P = {p['stakes']:g}, V_E = {t['europe_value']:g}, "
        f"D_T = {p['target_strength']:g}, e D_R = {reinforcement:g}, "
        f"D_E = {t['europe_strength']:g}, m = {p['decisiveness']:g} ({r['model']['combat']}), "
        f"k_N = {p['war_cost']:g}, k_I = {p['intervention_war_cost']:g}, "
        f"k_E = {t['europe_war_cost']:g}"
    )
    if t["response"] == "equilibrium":
        return text + (
            f"; R: w = {t['third_party_value']:g}, κ_R = {p['third_party_cost']:g}, "
            f"W_R = {p['third_party_loss']:g}, V_R = {t['europe_stakes']:g}, "
            f"κ_E = {t['europe_cost']:g}"
        )
    return (
        text + f"; q = {r['belief'].get('q')}, π = {t['pacific_share']}; {r['criterion']['name']}"
    )


def save_figure(config, solution, path, title: str = "", fmt: str = "png") -> None:
    """Write the figure of a solved two-front config (either mode)."""
    if config.resolved["two_fronts"]["response"] == "equilibrium":
        fig = plot_game(game_curves(config.model, solution), title, scenario_note(config))
    else:
        curves = allocation_curves(config.model, config.criterion, solution)
        fig = plot_allocation(curves, title, scenario_note(config))
    fig.savefig(path, format=fmt, dpi=150, bbox_inches="tight")
    plt.close(fig)
