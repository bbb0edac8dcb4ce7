"""Figures: thin drawing layers over data prepared and tested in :mod:`deterrence.runs`.

Every function takes ``ax=None`` (or ``fig=None`` for figures of several
panels) and returns the figure.  Every figure carries a title naming the
scenario and a subtitle with the criterion and the values held fixed
(:func:`add_titles`).
"""

from __future__ import annotations

import textwrap

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
ATTACK_COLOUR = OKABE_ITO[3]  # vermillion: A attacks
HOLD_COLOUR = OKABE_ITO[5]  # sky blue: A holds
NOTE_COLOUR = "0.35"
TITLE_INCHES = 0.62  # space kept above the panels for the title and one line of subtitle
LINE_INCHES = 0.17  # per further line of subtitle


def add_titles(fig, title: str, subtitle: str = "") -> None:
    """Title (the scenario) and subtitle (what was held fixed) above all panels.

    The space is reserved in the figure's constrained layout, so panels,
    colour bars and legends never overlap the texts.
    """
    width_chars = max(40, int(fig.get_figwidth() * 13))
    # a line may break between values, never inside "name = value" (no-break spaces)
    kept = subtitle.replace(" = ", "\u00a0=\u00a0").replace(" ∈ ", "\u00a0∈\u00a0")
    lines = textwrap.wrap(kept, width_chars, break_on_hyphens=False) if subtitle else []
    height = fig.get_figheight()
    top_inches = TITLE_INCHES + LINE_INCHES * max(0, len(lines) - 1)
    top = 1.0 - top_inches / height
    fig.set_layout_engine("constrained", rect=(0.0, 0.0, 1.0, top))
    fig.text(0.5, 1.0 - 0.1 / height, title, ha="center", va="top", fontsize=12, weight="bold")
    if lines:
        fig.text(
            0.5,
            1.0 - 0.36 / height,
            "\n".join(lines),
            ha="center",
            va="top",
            fontsize=8.5,
            color=NOTE_COLOUR,
            linespacing=1.25,
        )
