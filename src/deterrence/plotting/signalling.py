"""The signalling figure: what each type of R does and how A reads it, per equilibrium."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from deterrence.plotting import ATTACK_COLOUR, HOLD_COLOUR, OKABE_ITO, add_titles
from deterrence.runs.signalling_table import SignallingFigure

TYPE_STYLE = {"committed": ("o", OKABE_ITO[0], -0.17), "opportunist": ("D", OKABE_ITO[1], 0.17)}
SENDER_SHAPE = {("committed",): "o", ("opportunist",): "D", ("committed", "opportunist"): "s"}
MIXED_COLOUR = OKABE_ITO[4]
INTUITIVE_BAND = "#E8F4EC"


def plot_signalling(data: SignallingFigure, fig: Figure | None = None) -> Figure:
    """Two panels sharing the equilibria: R's cooperation level per type, A's posterior
    and reply per message; equilibria that survive the intuitive criterion shaded."""
    own = fig is None
    n = len(data.rows)
    if fig is None:
        fig = plt.figure(figsize=(10.5, 0.27 * n + 2.6), layout="constrained")
    deeds, belief = fig.subplots(1, 2, sharey=True, width_ratios=[1.1, 1.0])
    for k, row in enumerate(data.rows):
        if row.intuitive:
            for ax in (deeds, belief):
                ax.axhspan(k - 0.5, k + 0.5, color=INTUITIVE_BAND, zorder=0)
        for kind, moves in row.strategy.items():
            shape, colour, dy = TYPE_STYLE[kind]
            for message, p in moves.items():
                deeds.plot(
                    [data.level_of(message)],
                    [k + dy],
                    shape,
                    color=colour,
                    ms=6,
                    alpha=0.35 + 0.65 * p,
                )
        for reply in row.replies:
            p = reply.attack_probability
            colour = ATTACK_COLOUR if p >= 1 else HOLD_COLOUR if p <= 0 else MIXED_COLOUR
            shape = SENDER_SHAPE.get(reply.senders, "s")
            belief.plot(
                [sum(reply.posterior) / 2], [k], shape, color=colour, ms=7, mec="0.2", mew=0.5
            )
    labels = [f"{r.number} {r.kind}" + (" ✓" if r.intuitive else "") for r in data.rows]
    deeds.set_yticks(range(n), labels, fontsize=7.5)
    deeds.set_ylim(n - 0.5, -0.5)
    deeds.set_xticks(
        range(len(data.levels)), [v.replace("_", " ") for v in data.levels], rotation=15, fontsize=8
    )
    deeds.set_xlim(-0.5, len(data.levels) - 0.5)
    deeds.set_xlabel("cooperation level R chooses (the ladder)")
    belief.set_xlim(-0.05, 1.05)
    belief.set_xlabel("A's posterior P(R committed) after each message sent")
    for ax in (deeds, belief):
        ax.grid(axis="x", alpha=0.3)
    _legends(fig)
    if own:
        add_titles(fig, data.title, data.subtitle)
    return fig


def _legends(fig: Figure) -> None:
    def mark(shape, colour, text):
        return Line2D([], [], ls="", marker=shape, color=colour, mec="0.2", mew=0.5, label=text)

    handles = [mark(s, c, f"{k} R's level") for k, (s, c, _) in TYPE_STYLE.items()]
    handles += [
        mark("o", "0.5", "message sent by committed R"),
        mark("D", "0.5", "... by opportunist R"),
        mark("s", "0.5", "... by both"),
        mark("o", ATTACK_COLOUR, "A attacks"),
        mark("o", HOLD_COLOUR, "A holds"),
        mark("o", MIXED_COLOUR, "A mixes"),
        Line2D([], [], lw=8, color=INTUITIVE_BAND, label="survives the intuitive criterion ✓"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=8)


def save_signalling(data: SignallingFigure, path) -> None:
    fig = plot_signalling(data)
    fig.savefig(path, dpi=150)
    plt.close(fig)
