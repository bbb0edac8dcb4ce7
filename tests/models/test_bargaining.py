"""The bargaining model: Fearon's known values, neutrality, closed form against search,
and the properties of ambiguity (docs/bargaining.md)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from deterrence.models.bargaining.model import BargainingModel
from deterrence.models.beliefs import Belief
from deterrence.models.criteria import CRITERIA, Criterion

DEMAND_TOL = 1e-7  # a demand found by search against the closed form (flat maxima)
VALUE_TOL = 1e-10


def fearon(p=0.5, c_a=0.1, c_bar=0.3, *, p_in=None, c_i=0.0, q=0.0, s=0.0, **kw):
    """A bargaining model; q a number (point), a pair (interval) or a Belief."""
    belief = (
        q
        if isinstance(q, Belief)
        else (Belief("exogenous", *q) if isinstance(q, tuple) else Belief.point(q))
    )
    return BargainingModel(
        p,
        p if p_in is None else p_in,
        c_a,
        c_i,
        c_bar,
        s,
        kw.pop("kappa", 0.3),
        kw.pop("loss", 1.0),
        belief,
        **kw,
    )


# ------------------------------------------------------------------ Fearon (1995)
@pytest.mark.parametrize("method", ["closed", "search"])
def test_fearon_known_values(method):
    """docs/references.md, "Bargaining in the shadow of war": x* = 0.6, Pr(war) = 1/3."""
    out = fearon().solve(Criterion("expected"), method)
    assert out.demand == pytest.approx(0.6, abs=DEMAND_TOL)
    assert out.war_probability == pytest.approx(1 / 3, abs=DEMAND_TOL)
    assert out.value == pytest.approx(0.6 - (1 / 3) * 0.2, abs=VALUE_TOL)
    assert out.crisis and out.demand_premium == 0.0 and out.war_probability_premium == 0.0


@given(
    p=st.floats(0.0, 0.6),
    c_bar=st.floats(0.05, 0.8),
    share=st.floats(0.0, 0.99),
)
def test_fearon_interior_formula(p, c_bar, share):
    """x* = p + (c̄ - c_A)/2, Pr(war) = (c̄ - c_A)/(2 c̄) whenever x* < 1."""
    c_a = share * c_bar
    x = p + (c_bar - c_a) / 2
    assume(x < 1.0)
    for method in ("closed", "search"):
        out = fearon(p, c_a, c_bar).solve(Criterion("expected"), method)
        assert out.demand == pytest.approx(x, abs=DEMAND_TOL)
        assert out.war_probability == pytest.approx((c_bar - c_a) / (2 * c_bar), abs=1e-6)


@pytest.mark.parametrize("method", ["closed", "search"])
def test_corner_war_too_costly_to_risk(method):
    """c_A >= c̄: A demands exactly p, which every type of T accepts."""
    out = fearon(0.4, 0.5, 0.3).solve(Criterion("expected"), method)
    assert out.demand == pytest.approx(0.4, abs=DEMAND_TOL)
    assert out.war_probability == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("method", ["closed", "search"])
def test_corner_the_whole_good(method):
    """p + (c̄ - c_A)/2 > 1: A demands the whole good; T fights iff c_T < 1 - p."""
    out = fearon(0.9, 0.0, 0.6).solve(Criterion("expected"), method)
    assert out.demand == pytest.approx(1.0, abs=DEMAND_TOL)
    assert out.war_probability == pytest.approx(0.1 / 0.6, abs=1e-6)


def test_corner_certain_victory_and_status_quo():
    out = fearon(1.0).solve(Criterion("expected"))
    assert out.demand == 1.0 and out.war_probability == 0.0
    kept = fearon(s=0.9).solve(Criterion("expected"))  # 0.9 beats the best demand's 0.533
    assert not kept.crisis and kept.war_probability == 0.0 and kept.value == 0.9


@given(
    p=st.floats(0.0, 0.5),
    shift=st.floats(0.0, 0.3),
    c_bar=st.floats(0.05, 0.5),
    c_a=st.floats(0.0, 0.3),
    gap=st.floats(0.0, 0.3),
    q_lo=st.floats(0.0, 1.0),
    width=st.floats(0.0, 1.0),
    name=st.sampled_from(CRITERIA),
)
def test_shifting_only_p_leaves_war_probability_unchanged(
    p, shift, c_bar, c_a, gap, q_lo, width, name
):
    """Benson, Meirowitz & Ramsay (2016): moving the balance of power moves the demand one
    for one and leaves Pr(war) where it was (exogenous entry, demands below 1), under every
    criterion (each is invariant to adding a constant to every payoff)."""
    q = (q_lo, min(1.0, q_lo + width))
    p_in = max(0.0, p - gap)
    base = fearon(p, c_a, c_bar, p_in=p_in, c_i=0.05, q=q)
    moved = fearon(p + shift, c_a, c_bar, p_in=p_in + shift, c_i=0.05, q=q)
    assume(p + shift + c_bar < 1.0)  # the demand never reaches the whole good
    a, b = base.solve(Criterion(name)), moved.solve(Criterion(name))
    assert b.demand - a.demand == pytest.approx(shift, abs=1e-6)
    assert b.war_probability == pytest.approx(a.war_probability, abs=1e-6)


# --------------------------------------------------------- closed form against search
@st.composite
def scenarios(draw, mode="exogenous", distribution="uniform"):
    p_out = draw(st.floats(0.0, 1.0))
    p_in = p_out * draw(st.floats(0.0, 1.0))
    if mode == "exogenous":
        kind = draw(st.sampled_from(["point", "interval", "beta"]))
        if kind == "beta":
            belief = Belief("exogenous", beta=(draw(st.floats(0.3, 8)), draw(st.floats(0.3, 8))))
        else:
            lo = draw(st.floats(0.0, 1.0))
            belief = Belief("exogenous", lo, lo if kind == "point" else draw(st.floats(lo, 1.0)))
    else:
        lo = draw(st.floats(-1.0, 1.0))
        belief = Belief(
            "endogenous", lo, lo + draw(st.floats(0.0, 1.0)), None, draw(st.floats(0.05, 1.0))
        )
    return BargainingModel(
        p_out,
        p_in,
        draw(st.floats(0.0, 0.5)),
        draw(st.floats(0.0, 0.5)),
        draw(st.floats(0.02, 1.0)),
        draw(st.floats(0.0, 1.0)),
        draw(st.floats(0.0, 1.0)),
        draw(st.floats(0.0, 3.0)),
        belief,
        distribution,
        draw(st.floats(0.5, 5.0)),
        draw(st.floats(0.5, 5.0)),
    )


@given(
    model=scenarios(),
    name=st.sampled_from(["expected", "maxmin", "alpha_maxmin"]),
    alpha=st.floats(0.0, 1.0),
)
def test_closed_form_equals_search(model, name, alpha):
    crit = Criterion(name, alpha=alpha)
    _, v_c, _ = model.optimum(crit, "closed")
    x_s, v_s, _ = model.optimum(crit, "search")
    assert v_s[0] == pytest.approx(v_c[0], abs=VALUE_TOL)
    assert v_s[0] <= v_c[0] + 1e-12  # the closed form is the exact maximum
    # where the optimum is unique the two demands agree; else both are optimal
    eu_at_search = model.value(crit, x_s[:, None])[0, 0]
    assert eu_at_search == pytest.approx(v_c[0], abs=VALUE_TOL)


def test_closed_form_equals_a_fine_grid():
    model = fearon(0.55, 0.05, 0.4, p_in=0.3, c_i=0.15, q=0.35)
    x, v = model.closed_form(0.35)
    grid = np.linspace(0.0, 1.0, 2_000_001)[None, :]
    brute = model.value(Criterion("expected"), grid)
    assert v[0] >= brute.max() - 1e-15
    assert x[0] == pytest.approx(grid[0, np.argmax(brute)], abs=1e-6)


def test_beta_one_one_is_uniform():
    uniform = fearon(0.45, 0.1, 0.3, p_in=0.3, c_i=0.1, q=(0.2, 0.6))
    beta = fearon(0.45, 0.1, 0.3, p_in=0.3, c_i=0.1, q=(0.2, 0.6), distribution="beta")
    for name in CRITERIA:
        a, b = uniform.solve(Criterion(name), "search"), beta.solve(Criterion(name), "search")
        assert b.demand == pytest.approx(a.demand, abs=1e-9)
        assert b.value == pytest.approx(a.value, abs=1e-12)


# ------------------------------------------------------------------ ambiguity
@given(model=scenarios())
def test_maxmin_demand_premium_nonnegative(model):
    """With T's cost uniform each U_s is single-peaked and Delta = U_N - U_I rises between
    the two peaks, so the demand falls in q (Topkis): maxmin (EU at the top of the set)
    demands no more than expected utility at the mean."""
    out = model.solve(Criterion("maxmin"))
    assert out.demand_premium >= -1e-12
    assert out.war_probability_premium >= -1e-12


@given(model=scenarios(), name=st.sampled_from([c for c in CRITERIA if c != "multiplier"]))
def test_point_belief_has_no_premium(model, name):
    """One prior: every criterion but the multiplier is expected utility at it."""
    b = model.belief
    point = model.with_belief(Belief("exogenous", b.mean, b.mean))
    out = point.solve(Criterion(name), "search")
    assert out.demand_premium == pytest.approx(0.0, abs=1e-7)
    assert out.war_probability_premium == pytest.approx(0.0, abs=1e-6)


@given(
    model=st.one_of(
        scenarios(),
        scenarios("endogenous"),
        scenarios("exogenous", "beta"),
        scenarios("endogenous", "beta"),
    ),
    name=st.sampled_from(CRITERIA),
)
def test_probabilities_are_probabilities(model, name):
    out = model.solve(Criterion(name))
    for value in (out.war_probability, out.entry_probability, out.baseline_war_probability):
        assert 0.0 <= value <= 1.0
    assert 0.0 <= out.demand <= 1.0


# ----------------------------------------------------------- limited aims (Werner 2000)
def limited(mu=(-0.4, 0.0), **kw):
    return fearon(
        0.7,
        0.05,
        0.4,
        p_in=0.3,
        c_i=0.1,
        s=0.2,
        kappa=0.3,
        loss=kw.pop("loss", 2.0),
        q=Belief("endogenous", *mu, None, 0.15),
    )


def test_cutoff_rises_as_demand_falls():
    model = limited()
    x = np.linspace(0.0, 1.0, 11)
    assert np.all(np.diff(model.cutoff(x)) < 0)


def test_limited_aims_keep_r_out():
    """With a third party whose stake grows with A's demand, A shades its demand below the
    one it would make if R's cut-off did not respond, and R joins less often."""
    out = limited().solve(Criterion("maxmin"))
    assert out.limited_aims is True
    assert out.aims_moderation > 1e-3 and out.entry_deterred > 0
    indifferent = limited(loss=0.0).solve(Criterion("maxmin"))  # R's cut-off is flat
    assert indifferent.limited_aims is False
    assert indifferent.aims_moderation == pytest.approx(0.0, abs=1e-7)
    assert fearon().solve(Criterion("maxmin")).limited_aims is None  # exogenous: n/a


@given(
    model=scenarios("endogenous"),
    name=st.sampled_from(["expected", "maxmin", "alpha_maxmin", "smooth", "multiplier"]),
)
def test_moderation_is_nonnegative(model, name):
    """The criterion's value falls in q and q rises with the demand, so freezing R's cut-off
    can only raise the best demand."""
    out = model.solve(Criterion(name))
    assert out.aims_moderation >= -1e-7
    assert out.entry_deterred >= -1e-7
