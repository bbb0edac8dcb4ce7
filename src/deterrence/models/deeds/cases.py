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

The coding (an assumption, stated once and applied to every case) keeps the
two channels of Morrow (1994) apart: capability (interoperability e) and
belief (the interval of q, A's probability that R intervenes).

* Text moves belief only.  It gives a base interval for q: the literature's
  own range for defence pacts, from Sabrosky (1980, 27% of allies honoured
  their commitments) to Leeds, Long & Mitchell (2000, 74.5% when obligations
  are read from the text), [0.27, 0.75]; consultation pacts [0.05, 0.5]; no
  treaty [0.0, 0.4].  A text without an audience cost is cheap talk and moves
  no belief (docs/deeds.md, the signalling model; Fearon 1997): the
  ``text_weight`` w in [0, 1] is the share of the literature's text effect
  taken as credible, base(text, w) = base(none) + w (base(text) - base(none));
  w = 1 is the coding above, w = 0 makes every text "none".
* Practice pi may move both.  Capability: e = 0.1 + 0.8 pi.  Belief: both ends
  move towards 1, the lower end faster (practice raises and narrows the
  belief), scaled by the ``practice_belief_weight`` b in [0, 1] (0: practice
  builds capability and signals nothing):
  q_lo' = q_lo + 0.7 b pi (1 - q_lo), q_hi' = q_hi + 0.5 b pi (1 - q_hi).

In this coding a change of text multiplies the probability that R stays out,
1 - q, at each end of the interval by a fixed factor whatever the practice,
(1 - base_lo(new)) / (1 - base_lo(old)) at the lower end and likewise at the
upper end; :func:`text_shift` applies that factor to any belief, e.g. the one
the dated record gives (``configs/russia_china_2001_2019.toml``).

:func:`c2_channels` tests claim C2 ("real actions prevail over the letter of
contracts", Kashin 2019) on V* and on the force requirement separately.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import numpy as np

TEXTS = ("none", "consultation", "defence")
BASE_INTERVAL = {"none": (0.0, 0.4), "consultation": (0.05, 0.5), "defence": (0.27, 0.75)}
LOW_SHIFT, HIGH_SHIFT = 0.7, 0.5
E_FLOOR, E_SLOPE = 0.1, 0.8
OUTCOMES = ("threshold", "force_requirement")
#: A's stakes in a case, coded on three levels and placed against the default scenario's
#: thresholds V*(q = 0) = 1.22 and V*(q = 1) = 2.42 (docs/model.md, fact 1): peripheral
#: stakes barely repay an attack on T alone, important ones lie where the belief about R
#: decides, vital ones repay an attack even against certain intervention (an assumption).
STAKES = {"peripheral": 1.5, "important": 2.0, "vital": 3.0}


def _check_weight(name: str, value: float) -> None:
    if not (np.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name}: must be a number in [0, 1]")


def base_interval(text: str, text_weight: float = 1.0) -> tuple[float, float]:
    """The text's interval, its distance from "none" scaled by ``text_weight``."""
    if text not in TEXTS:
        raise ValueError(f"text: must be one of {', '.join(TEXTS)}")
    _check_weight("text_weight", text_weight)
    (n_lo, n_hi), (t_lo, t_hi) = BASE_INTERVAL["none"], BASE_INTERVAL[text]
    return n_lo + text_weight * (t_lo - n_lo), n_hi + text_weight * (t_hi - n_hi)


def interoperability(practice: float) -> float:
    """e = 0.1 + 0.8 pi: practice builds capability (the only channel text lacks)."""
    return E_FLOOR + E_SLOPE * practice


def code_belief(
    text: str, practice: float, text_weight: float = 1.0, practice_belief_weight: float = 1.0
) -> tuple[float, float]:
    """(q_lo, q_hi) of a case coded by its text and practice."""
    if not 0.0 <= practice <= 1.0:
        raise ValueError("practice: must be a number in [0, 1]")
    _check_weight("practice_belief_weight", practice_belief_weight)
    lo, hi = base_interval(text, text_weight)
    move = practice_belief_weight * practice
    q_lo = lo + LOW_SHIFT * move * (1 - lo)
    q_hi = hi + HIGH_SHIFT * move * (1 - hi)
    return q_lo, max(q_lo, q_hi)


def code_case(
    text: str, practice: float, text_weight: float = 1.0, practice_belief_weight: float = 1.0
) -> tuple[float, float, float]:
    """(q_lo, q_hi, interoperability) of a case coded by its text and practice."""
    q_lo, q_hi = code_belief(text, practice, text_weight, practice_belief_weight)
    return q_lo, q_hi, interoperability(practice)


def text_shift(
    belief: tuple[float, float], old: str, new: str, text_weight: float = 1.0
) -> tuple[float, float]:
    """A belief interval held under text ``old`` moved to what the coding gives under text
    ``new``: 1 - q is multiplied at each end by (1 - base(new)) / (1 - base(old))."""
    (o_lo, o_hi), (n_lo, n_hi) = base_interval(old, text_weight), base_interval(new, text_weight)
    lo = 1 - (1 - belief[0]) * (1 - n_lo) / (1 - o_lo)
    hi = 1 - (1 - belief[1]) * (1 - n_hi) / (1 - o_hi)
    return lo, max(lo, hi)


# ------------------------------------------------------------------------ claim C2
@dataclass(frozen=True)
class ChannelOutcome:
    """C2 on one outcome (V* or the force requirement).

    ``deeds`` and ``words`` are the outcome for the deeds-only and the words-only case;
    the verdict is ``holds`` when deeds give the larger value (more deterrence, or more
    force demanded of A), else ``fails``.  ``deeds_capability`` and ``deeds_belief`` split
    the deeds case's effect over the baseline (no text, no practice) into the part of
    interoperability alone and of the belief alone (the rest is their interaction);
    ``words_belief`` is the words case's effect of its belief alone, ``words_capability``
    the effect of its (small) practice's interoperability alone.  ``critical_text_weight``
    is the text weight at which words equal deeds (None if they do not cross in [0, 1]):
    C2 holds on this outcome for every text weight below it.
    """

    outcome: str
    deeds: float
    words: float
    verdict: str
    baseline: float
    deeds_capability: float
    deeds_belief: float
    words_capability: float
    words_belief: float
    critical_text_weight: float | None

    def to_record(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class C2Result:
    """Claim C2 on V* and on the force requirement, each with its verdict."""

    text_weight: float
    practice_belief_weight: float
    deeds: tuple[str, float]
    words: tuple[str, float]
    criterion: str
    outcomes: dict[str, ChannelOutcome]

    def to_record(self) -> dict[str, Any]:
        return {
            "text_weight": self.text_weight,
            "practice_belief_weight": self.practice_belief_weight,
            "deeds": list(self.deeds),
            "words": list(self.words),
            "criterion": self.criterion,
            "outcomes": {k: v.to_record() for k, v in self.outcomes.items()},
        }


def _solve(belief: tuple[float, float], e: float, params, criterion) -> dict[str, float]:
    from deterrence.models.beliefs import Belief
    from deterrence.models.combat import Combat
    from deterrence.models.intervention.model import InterventionModel

    model = InterventionModel(
        replace(params, interoperability=e),
        Combat(decisiveness=params.decisiveness),
        Belief("exogenous", *belief),
    )
    with np.errstate(all="ignore"):
        solution = model.solve(criterion)
    return {k: getattr(solution, k) for k in OUTCOMES}


def c2_channels(
    text_weight: float = 1.0,
    practice_belief_weight: float = 1.0,
    deeds: tuple[str, float] = ("none", 0.6),
    words: tuple[str, float] = ("defence", 0.1),
    params=None,
    criterion: str = "maxmin",
) -> C2Result:
    """Claim C2, deeds against words, on V* and on the force requirement separately.

    The article's own comparison (Kashin 2019): Sweden, with no treaty and the practice of
    a NATO member (``deeds``: text none, practice 0.6), against the "sleeping" alliances
    China-North Korea and UK-Portugal, with a defence text and little practice (``words``:
    defence, 0.1).  Each case is coded by :func:`code_case` with the given text weight and
    practice belief weight and solved with the canonical model (docs/model.md defaults,
    or ``params``) under ``criterion``.  Returns, per outcome, both values, the verdict,
    the split of each effect over the baseline (no text, no practice) into its capability
    and belief channels, and the text weight at which words catch up with deeds.
    """
    from deterrence.models.criteria import Criterion
    from deterrence.models.parameters import Parameters

    params = params or Parameters()
    crit = Criterion(criterion)
    b = practice_belief_weight

    @cache
    def case(text: str, practice: float, w: float) -> dict[str, float]:
        return _solve(code_belief(text, practice, w, b), interoperability(practice), params, crit)

    base_belief, base_e = code_belief("none", 0.0, text_weight, b), interoperability(0.0)
    baseline = _solve(base_belief, base_e, params, crit)
    d_text, d_pi = deeds
    w_text, w_pi = words
    d_all = case(d_text, d_pi, text_weight)
    w_all = case(w_text, w_pi, text_weight)
    d_cap = _solve(base_belief, interoperability(d_pi), params, crit)
    d_bel = _solve(code_belief(d_text, d_pi, text_weight, b), base_e, params, crit)
    w_cap = _solve(base_belief, interoperability(w_pi), params, crit)
    w_bel = _solve(code_belief(w_text, w_pi, text_weight, b), base_e, params, crit)
    outcomes = {}
    for name in OUTCOMES:
        outcomes[name] = ChannelOutcome(
            outcome=name,
            deeds=d_all[name],
            words=w_all[name],
            verdict="holds" if d_all[name] > w_all[name] else "fails",
            baseline=baseline[name],
            deeds_capability=d_cap[name] - baseline[name],
            deeds_belief=d_bel[name] - baseline[name],
            words_capability=w_cap[name] - baseline[name],
            words_belief=w_bel[name] - baseline[name],
            critical_text_weight=_critical_weight(
                lambda w, name=name: case(w_text, w_pi, w)[name] - case(d_text, d_pi, w)[name]
            ),
        )
    return C2Result(text_weight, b, tuple(deeds), tuple(words), criterion, outcomes)


def _critical_weight(gap, points: int = 11, steps: int = 30) -> float | None:
    """The least w in [0, 1] where gap(w) = words - deeds changes sign (bisection on the
    first bracketing cell of an even grid), None if it never does."""
    grid = np.linspace(0.0, 1.0, points)
    values = [gap(w) for w in grid]
    for a, b, ga, gb in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if ga == 0:
            return float(a)
        if ga * gb < 0:
            for _ in range(steps):
                mid = 0.5 * (a + b)
                gm = gap(mid)
                if gm * ga > 0:
                    a, ga = mid, gm
                else:
                    b = mid
            return float(0.5 * (a + b))
    return float(grid[-1]) if values[-1] == 0 else None
