"""The two-front model: lottery Blotto's known values, closed form against search, the
criteria over the set of priors, and the equilibria of the game (docs/two_fronts.md)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.two_fronts.game import ThirdParty, TwoFrontsGame
from deterrence.models.two_fronts.model import TwoFrontsModel
from deterrence.solvers.games.result import REGRET_TOL, payoff_scale

FORCE_TOL = 1e-7


def model(
    budget=4.0,
    v_p=4.0,
    v_e=2.0,
    d_t=1.0,
    reinforce=0.48,
    d_e=1.0,
    k_n=0.5,
    k_i=1.2,
    k_e=0.5,
    c=0.2,
    share=(0.5, 0.5),
    q=(0.2, 0.6),
    m=1.5,
    combat="contest",
):
    belief = q if isinstance(q, Belief) else Belief("exogenous", *q)
    return TwoFrontsModel(
        budget,
        v_p,
        v_e,
        d_t,
        reinforce,
        d_e,
        k_n,
        k_i,
        k_e,
        c,
        *share,
        Combat(combat, m, 1.0, 0.5),
        belief,
    )


# ------------------------------------------------------------ lottery Blotto (r = 1)
def test_blotto_known_values():
    """docs/references.md, "Two fronts": budgets 10 v 6, values 3:1 -> A's best response
    to R's 4.5/1.5 is 7.5/2.5, and each front is won with probability 0.625."""
    blotto = model(10.0, 3.0, 1.0, 4.5, 0.0, 1.5, 0.0, 0.0, 0.0, 0.1, (0.0, 0.0), (1.0, 1.0), m=1.0)
    out = blotto.solve(Criterion("expected"))
    assert out.pacific_force == pytest.approx(7.5, abs=FORCE_TOL)
    assert out.europe_force == pytest.approx(2.5, abs=FORCE_TOL)
    assert out.pacific_win_probability == pytest.approx(0.625, abs=1e-9)
    assert out.europe_win_probability == pytest.approx(0.625, abs=1e-9)
    assert blotto.closed_form(np.array([[1.0]]))[0] == pytest.approx(7.5, abs=1e-12)


@given(
    budget=st.floats(0.5, 20),
    v_p=st.floats(0.1, 10),
    v_e=st.floats(0.1, 10),
    d_t=st.floats(0.1, 5),
    d_e=st.floats(0.1, 5),
    q=st.floats(0.0, 1.0),
)
def test_closed_form_equals_search(budget, v_p, v_e, d_t, d_e, q):
    """r = 1 and R never in the Pacific (pi = 0): water-filling against the search."""
    m = model(budget, v_p, v_e, d_t, 0.5, d_e, share=(0.0, 0.0), q=(q, q), m=1.0)
    x, _ = m.best_allocation(Criterion("expected"))
    closed = m.closed_form(np.array([[q]]))[0]
    value = m.value(Criterion("expected"), np.array([[x[0], closed]]))[0]
    assert value[0] == pytest.approx(value[1], abs=1e-12)  # both optimal
    assert x[0] == pytest.approx(closed, abs=1e-6 * max(1.0, budget))


# ---------------------------------------------------------------- criteria
@st.composite
def models(draw):
    q_lo = draw(st.floats(0.0, 1.0))
    pi_lo = draw(st.floats(0.0, 1.0))
    k_n = draw(st.floats(0.0, 1.0))
    belief = (
        Belief("exogenous", beta=(draw(st.floats(0.3, 6)), draw(st.floats(0.3, 6))))
        if draw(st.booleans())
        else (q_lo, draw(st.floats(q_lo, 1.0)))
    )
    return model(
        draw(st.floats(0.2, 10.0)),
        draw(st.floats(0.1, 8.0)),
        draw(st.floats(0.0, 8.0)),
        draw(st.floats(0.2, 3.0)),
        draw(st.floats(0.0, 2.0)),
        draw(st.floats(0.2, 3.0)),
        k_n,
        k_n + draw(st.floats(0.0, 1.0)),
        draw(st.floats(0.0, 1.0)),
        draw(st.floats(0.0, 0.5)),
        (pi_lo, draw(st.floats(pi_lo, 1.0))),
        belief,
        draw(st.floats(0.5, 3.0)),
        draw(st.sampled_from(["contest", "lanchester_square", "lanchester_linear"])),
    )


@given(m=models(), name=st.sampled_from(CRITERIA))
def test_allocation_sums_to_the_budget(m, name):
    out = m.solve(Criterion(name))
    assert 0.0 <= out.pacific_force <= m.budget and 0.0 <= out.europe_force <= m.budget
    assert out.pacific_force + out.europe_force == pytest.approx(m.budget, abs=1e-12)
    for p in (out.pacific_win_probability, out.europe_win_probability):
        assert 0.0 <= p <= 1.0
    moves = (out.r_stays_out, out.r_joins_pacific, out.r_opens_europe)
    assert min(moves) >= 0.0 and sum(moves) == pytest.approx(1.0)
    assert out.hedging_cost >= -1e-9  # the hedge never gains at the mean prior


@given(m=models(), name=st.sampled_from([c for c in CRITERIA if c != "multiplier"]))
def test_point_belief_has_no_premium(m, name):
    q, share = float(np.ravel(m.belief.mean)[0]), (m.share_lo + m.share_hi) / 2
    point = m.with_belief(Belief("exogenous", q, q), share)  # the same model, no ambiguity
    out = point.solve(Criterion(name))
    # the allocation is worth the same as without ambiguity (where the optimum is flat, e.g.
    # every front won to rounding, the allocations themselves may differ); 1e-9: the search's
    # precision in value next to a contest with m < 1, whose slope is infinite at zero force
    assert out.hedging_cost == pytest.approx(0.0, abs=1e-9)
    if out.budget_premium is not None:
        assert out.budget_premium == pytest.approx(0.0, abs=1e-6)


@given(m=models())
def test_maxmin_is_the_worst_corner(m):
    """EU is linear in R's move probabilities: maxmin's value is the least corner's EU, and
    its budget premium (the extra force it needs to match no ambiguity) is >= 0; it does
    not exist when no budget can make up for ambiguity (war costs that no force removes)."""
    out = m.solve(Criterion("maxmin"))
    x = np.array([[out.pacific_force]])
    q, share = m.corners()
    corners = m.expected(m.payoffs(x), q, share)
    assert out.value == pytest.approx(corners.min(), abs=1e-12)
    grid = np.linspace(0, m.budget, 4001)[None, :]
    assert out.value >= m.value(Criterion("maxmin"), grid).max() - 1e-12
    target = out.baseline_value + m.force_cost * m.budget
    if out.budget_premium is None:
        assert target >= m.unlimited_value(Criterion("maxmin"))[0]
    else:
        assert out.budget_premium >= -1e-9


def test_smooth_between_expected_and_maxmin():
    m = model()
    expected, maxmin = (m.solve(Criterion(n)).pacific_force for n in ("expected", "maxmin"))
    mild = m.solve(Criterion("smooth", ambiguity_aversion=1e-4)).pacific_force
    extreme = m.solve(Criterion("smooth", ambiguity_aversion=400.0)).pacific_force
    assert mild == pytest.approx(expected, abs=1e-4)
    assert extreme == pytest.approx(maxmin, abs=1e-2)
    assert maxmin < m.solve(Criterion("smooth")).pacific_force < expected


def test_alpha_maxmin_ends():
    m = model(share=(0.2, 0.8))
    assert m.solve(Criterion("alpha_maxmin", alpha=1.0)).pacific_force == pytest.approx(
        m.solve(Criterion("maxmin")).pacific_force, abs=FORCE_TOL
    )


def test_ambiguity_about_europe_keeps_force_in_europe():
    """Defaults, q in [0.2, 0.6]: the maxmin planner keeps more force in Europe."""
    out = model().solve(Criterion("maxmin"))
    assert out.hedging_premium > 0.1 and out.budget_premium > 0
    assert out.extra_cost == pytest.approx(0.2 * out.budget_premium)


# ------------------------------------------------------------------ the game
@st.composite
def games(draw):
    m = model(
        draw(st.floats(0.5, 8.0)),
        draw(st.floats(0.5, 8.0)),
        draw(st.floats(0.0, 6.0)),
        draw(st.floats(0.3, 3.0)),
        draw(st.floats(0.0, 2.0)),
        draw(st.floats(0.3, 3.0)),
        q=(0.0, 0.0),
        m=draw(st.floats(0.5, 3.0)),
    )
    third = ThirdParty(
        draw(st.floats(-0.5, 1.0)),
        draw(st.floats(0.0, 1.0)),
        draw(st.floats(0.0, 2.0)),
        draw(st.floats(0.0, 2.0)),
        draw(st.floats(0.0, 1.0)),
    )
    return TwoFrontsGame(m, third, draw(st.integers(2, 15)))


def best_response_gains(game: TwoFrontsGame, a_mix: np.ndarray, r_mix: np.ndarray) -> float:
    """Largest unilateral gain, computed from the model's formulas, not the game's arrays."""
    m, r = game.model, game.third_party
    x = game.allocations()
    p_t = m.combat.win_probability(np.maximum(x, 1e-300), m.target_strength)
    p_i = m.combat.win_probability(
        np.maximum(x, 1e-300), m.target_strength + m.pacific_reinforcement
    )
    p_e = m.combat.win_probability(np.maximum(m.budget - x, 1e-300), m.europe_strength)
    p_t, p_i, p_e = (
        np.where(v > 1e-300, p, 0.0) for v, p in ((x, p_t), (x, p_i), (m.budget - x, p_e))
    )
    base = m.europe_value - m.force_cost * m.budget
    a = np.stack(
        [
            m.pacific_value * p_t + base - m.war_cost,
            m.pacific_value * p_i + base - m.intervention_war_cost,
            m.pacific_value * p_t
            + m.europe_value * p_e
            + base
            - m.europe_value
            - m.war_cost
            - m.europe_war_cost,
        ],
        axis=1,
    )
    rr = np.stack(
        [
            -r.loss * p_t,
            r.value - r.cost - r.loss * p_i,
            r.europe_stakes * (1 - p_e) - r.europe_cost - r.loss * p_t,
        ],
        axis=1,
    )
    a_values, r_values = a @ r_mix, a_mix @ rr
    return max(a_values.max() - a_mix @ a_values, r_values.max() - r_mix @ r_values)


@given(game=games())
def test_equilibria_have_zero_regret(game):
    solution = game.solve()
    assert solution.equilibria, "every finite game has an equilibrium (Nash 1951)"
    for e in solution.equilibria:
        a_mix = np.array(list(e.allocation_mix.values()))
        r_mix = np.array(list(e.third_party_mix.values()))
        assert a_mix.sum() == pytest.approx(1.0) and r_mix.sum() == pytest.approx(1.0)
        # zero within the solvers' named tolerance, relative to the payoffs' scale
        tol = REGRET_TOL * payoff_scale(game.game().payoffs)
        assert best_response_gains(game, a_mix, r_mix) <= tol
        assert e.pacific_force + e.europe_force == pytest.approx(float(game.model.budget))


def test_default_game_is_mixed():
    """A Pacific-heavy allocation invites R to open Europe, a European one to join in the
    Pacific: the defaults' only equilibrium mixes on both sides."""
    game = TwoFrontsGame(model(q=(0.0, 0.0)), ThirdParty())
    solution = game.solve()
    assert solution.status == "ok" and len(solution.equilibria) == 1
    e = solution.equilibria[0]
    assert sum(v > 1e-9 for v in e.allocation_mix.values()) == 2
    assert 0 < e.third_party_mix["joins_pacific"] < 1 and 0 < e.third_party_mix["opens_europe"] < 1


@given(m=models())
def test_ambiguity_about_whether_r_acts_hedges_toward_europe(m):
    """With pi known, maxmin is EU at the top of the q interval.  In state O Europe is quiet,
    so u_O' = V_P p_T' > 0 and an interior optimum has u_O' = q g' with g' > 0: a higher q
    takes force out of the Pacific.  The hedging premium (force kept in Europe) is >= 0."""
    share = (m.share_lo + m.share_hi) / 2
    known = m.with_belief(m.belief, share)  # pi known
    out = known.solve(Criterion("maxmin"))
    # where the value is flat (every front won to rounding) any allocation there is optimal
    assert out.hedging_premium >= -1e-6 or out.hedging_cost <= 1e-9
