"""The case coding: two channels (capability and belief), the text factor, claim C2."""

from __future__ import annotations

import pytest

from deterrence.models.deeds.cases import (
    BASE_INTERVAL,
    TEXTS,
    base_interval,
    c2_channels,
    code_case,
    text_shift,
)


def test_cheap_talk_makes_every_text_none():
    for text in TEXTS:
        assert base_interval(text, 0.0) == BASE_INTERVAL["none"]
        assert base_interval(text, 1.0) == BASE_INTERVAL[text]
    assert base_interval("defence", 0.5) == pytest.approx((0.135, 0.575))


def test_practice_moves_capability_always_and_belief_only_with_its_weight():
    lo, hi, e = code_case("consultation", 0.6, practice_belief_weight=0.0)
    assert (lo, hi) == BASE_INTERVAL["consultation"] and e == pytest.approx(0.58)
    lo, hi, e1 = code_case("consultation", 0.6)
    assert (lo, hi) == pytest.approx((0.05 + 0.42 * 0.95, 0.5 + 0.3 * 0.5)) and e1 == e
    with pytest.raises(ValueError, match="practice"):
        code_case("defence", 1.5)
    with pytest.raises(ValueError, match="text"):
        code_case("treaty", 0.5)


@pytest.mark.parametrize("practice", [0.0, 0.3, 0.6, 1.0])
@pytest.mark.parametrize("weight", [0.0, 0.5, 1.0])
def test_a_change_of_text_is_the_coding_factor_at_every_practice(practice, weight):
    """The coding's text effect multiplies 1 - q at each end by a constant, so moving a
    coded consultation case to a defence text gives the coded defence case."""
    cons = code_case("consultation", practice, weight)[:2]
    pact = code_case("defence", practice, weight)[:2]
    assert text_shift(cons, "consultation", "defence", weight) == pytest.approx(pact, abs=1e-12)
    assert text_shift(pact, "defence", "consultation", weight) == pytest.approx(cons, abs=1e-12)


@pytest.mark.slow
def test_c2_on_the_threshold_and_on_the_requirement():
    """Claim C2 (deeds over words), the article's comparison: Sweden (no text, practice
    0.6) against a sleeping defence pact (practice 0.1), on each outcome."""
    coded = c2_channels(1.0, 1.0)
    cheap = c2_channels(0.0, 1.0)
    for result in (coded, cheap):
        assert set(result.outcomes) == {"threshold", "force_requirement"}
        for o in result.outcomes.values():
            assert o.verdict == ("holds" if o.deeds > o.words else "fails")
    # with text as cheap talk words add nothing but their practice: deeds win on both
    assert all(o.verdict == "holds" for o in cheap.outcomes.values())
    # the two outcomes can disagree: the verdict on V* switches at the critical weight
    v = coded.outcomes["threshold"]
    w_star = v.critical_text_weight
    assert w_star is not None and 0 < w_star < 1
    below, above = c2_channels(w_star - 0.05, 1.0), c2_channels(min(1.0, w_star + 0.05), 1.0)
    assert below.outcomes["threshold"].verdict == "holds"
    assert above.outcomes["threshold"].verdict == "fails"
    # practice that signals nothing moves no belief: its effect is capability alone
    mute = c2_channels(1.0, 0.0)
    assert mute.outcomes["threshold"].deeds_belief == pytest.approx(0.0, abs=1e-12)
    req = coded.outcomes["force_requirement"]
    assert req.deeds_capability > req.deeds_belief > 0
