"""Coding alliances' text and practice into the canonical model's parameters.

Each case (``configs/cases/``) is coded on two scales, with its sources:

* ``text`` -- the obligation the treaty text states, as ATOP codes it (Leeds
  et al. 2002): ``none`` (no alliance or neutrality), ``consultation``
  (consultation / non-aggression only) or ``defence`` (a defence obligation);
* ``practice`` -- peacetime military coordination in [0, 1]: 0 nothing,
  about 0.3 occasional exercises, 0.6 regular large exercises and joint
  patrols, 0.9 an integrated command with forces stationed together
  (Johnson, Leeds & Wu 2015 code peacetime coordination; the grades here are
  our assumption).

The coding (an assumption, stated once and applied to every case):

* the text gives a base interval for A's belief q that R intervenes: the
  literature's own range for defence pacts, from Sabrosky (1980, 27% of
  allies honoured their commitments) to Leeds, Long & Mitchell (2000, 74.5%
  when obligations are read from the text), [0.27, 0.75]; consultation pacts
  [0.05, 0.5]; no treaty [0.0, 0.4];
* practice pi moves both ends towards 1, the lower end faster, so practice
  both raises and narrows the belief (claim C2):
  q_lo' = q_lo + 0.7 pi (1 - q_lo), q_hi' = q_hi + 0.5 pi (1 - q_hi);
* practice sets interoperability e = 0.1 + 0.8 pi (Morrow 1994: capability
  and belief are separate channels; here one practice drives both).

``text_weight`` (default 1) scales how far the defence interval lies above the
consultation one: 0 makes the text irrelevant, 1 is the coding above.  The
formalisation experiment sweeps it.
"""

from __future__ import annotations

TEXTS = ("none", "consultation", "defence")
BASE_INTERVAL = {"none": (0.0, 0.4), "consultation": (0.05, 0.5), "defence": (0.27, 0.75)}
LOW_SHIFT, HIGH_SHIFT = 0.7, 0.5
E_FLOOR, E_SLOPE = 0.1, 0.8


def base_interval(text: str, text_weight: float = 1.0) -> tuple[float, float]:
    """The text's interval; a defence text moved towards consultation by 1 - text_weight."""
    if text != "defence":
        return BASE_INTERVAL[text]
    (c_lo, c_hi), (d_lo, d_hi) = BASE_INTERVAL["consultation"], BASE_INTERVAL["defence"]
    return c_lo + text_weight * (d_lo - c_lo), c_hi + text_weight * (d_hi - c_hi)


def code_case(text: str, practice: float, text_weight: float = 1.0) -> tuple[float, float, float]:
    """(q_lo, q_hi, interoperability) of a case coded by its text and practice."""
    if text not in TEXTS:
        raise ValueError(f"text: must be one of {', '.join(TEXTS)}")
    if not 0.0 <= practice <= 1.0:
        raise ValueError("practice: must be a number in [0, 1]")
    lo, hi = base_interval(text, text_weight)
    q_lo = lo + LOW_SHIFT * practice * (1 - lo)
    q_hi = hi + HIGH_SHIFT * practice * (1 - hi)
    return q_lo, max(q_lo, q_hi), E_FLOOR + E_SLOPE * practice
