"""The finite form: its own solution, the general tree solver, and the canonical model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.intervention.finite import FiniteInterventionModel, FiniteSpec
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters
from deterrence.solvers.games.backward_induction import backward_induction, behaviour_of
from deterrence.solvers.games.gambit_format import parse_efg, write_efg


def model(spec: FiniteSpec | None = None, **params) -> FiniteInterventionModel:
    p = Parameters.create(**params)
    return FiniteInterventionModel(p, Combat(decisiveness=p.decisiveness), spec or FiniteSpec())


def from_tree(m: FiniteInterventionModel) -> dict:
    """Read attack, force, value and R's responses off the general solver's SPE."""
    tree = m.tree()
    eq = backward_induction(tree).equilibria[0]
    behaviour = behaviour_of(tree, eq)
    choice = int(np.argmax(behaviour[0]))
    levels = sorted(m.spec.force_levels)
    responses = {}
    for k in tree.infosets_of(1):
        label = tree.infosets[k].label  # e.g. "committed at F=2"
        kind, _, force = label.partition(" at F=")
        responses[(kind, float(force))] = "intervene" if behaviour[k][0] == 1 else "stay_out"
    return {
        "attack": choice != 0,
        "force": levels[choice - 1] if choice else None,
        "value": eq.payoffs[0],
        "responses": responses,
    }


def check_against_tree(m: FiniteInterventionModel) -> None:
    solution = m.solve()
    tree = from_tree(m)
    assert solution.attack == tree["attack"]
    assert solution.force == tree["force"]
    assert solution.value == pytest.approx(tree["value"], abs=1e-12)
    for kind, row in solution.third_party_strategy.items():
        for level, response in zip(m.spec.force_levels, row, strict=True):
            assert tree["responses"][(kind, float(level))] == response


def test_default_config_answer():
    m = model(FiniteSpec((1.0, 2.0, 3.0, 4.0), 0.5, 3.0, 0.2), stakes=4.0)
    s = m.solve()
    # The opportunist intervenes only where its help changes the odds most (small F):
    # w_o - kappa_R + W_R (p_N - p_I) = -0.1 + (0.5 - 0.357) > 0 at F = 1, < 0 at F = 4.
    assert s.third_party_strategy["opportunist"] == [
        "intervene",
        "intervene",
        "stay_out",
        "stay_out",
    ]
    assert s.third_party_strategy["committed"] == ["intervene"] * 4
    assert s.attack and s.force == 4.0 and s.intervention_probability == 0.5
    check_against_tree(m)


@given(
    stakes=st.floats(0.2, 8.0),
    e=st.floats(0.0, 1.0),
    d_r=st.floats(0.0, 2.0),
    w_c=st.floats(-1.0, 3.0),
    w_o=st.floats(-1.0, 1.0),
    prior=st.floats(0.0, 1.0),
    levels=st.lists(st.floats(0.05, 6.0), min_size=1, max_size=6, unique=True),
)
def test_model_equals_the_general_tree_solver(stakes, e, d_r, w_c, w_o, prior, levels):
    m = model(
        FiniteSpec(tuple(levels), prior, w_c, w_o),
        stakes=stakes,
        interoperability=e,
        third_party_strength=d_r,
    )
    check_against_tree(m)
    # and the Gambit file of the tree solves to the same
    back = parse_efg(write_efg(m.tree()))
    assert backward_induction(back).to_record() == backward_induction(m.tree()).to_record()


def test_ties_follow_model_md():
    # R exactly indifferent: w - kappa_R + W_R (p_N - p_I) = 0 with D_R = 0 and w = kappa_R.
    m = model(FiniteSpec((1.0, 2.0), 0.5, 0.3, 0.3), third_party_strength=0.0)
    assert m.solve().third_party_strategy == {
        "committed": ["intervene", "intervene"],
        "opportunist": ["intervene", "intervene"],
    }
    # A indifferent between holding and attacking: stakes = V* exactly -> hold.
    base = model(FiniteSpec((1.0, 2.0), 0.5, 3.0, -1.0))
    at_threshold = model(FiniteSpec((1.0, 2.0), 0.5, 3.0, -1.0), stakes=base.solve().threshold)
    assert at_threshold.solve().attack is False
    check_against_tree(at_threshold)


def test_threshold_is_the_canonical_formula_on_the_grid():
    """With type responses that do not depend on F (committed always in, opportunist
    always out), q = p and V* is docs/model.md, fact 1's minimum over the grid; on a fine
    grid it tends to the canonical model's V*(q = p)."""
    prior = 0.35
    grid = tuple(np.linspace(0.05, 20.0, 4000))
    m = model(FiniteSpec(grid, prior, 5.0, -5.0))
    assert np.allclose(m.intervention_probabilities(), prior)
    canonical = InterventionModel(Parameters(), Combat(), Belief("exogenous", prior, prior))
    exact = canonical.solve(Criterion("expected")).threshold
    assert m.threshold() == pytest.approx(exact, rel=1e-5)
    assert m.threshold() >= exact - 1e-12  # a grid can only do worse
    # coarse grid: the same formula evaluated by hand
    coarse = model(FiniteSpec((1.0, 2.0, 3.0), prior, 5.0, -5.0))
    p = Parameters()
    combat = Combat()
    ratios = []
    for f in (1.0, 2.0, 3.0):
        p_n = combat.win_probability(f, p.defence_out)
        p_i = combat.win_probability(f, p.defence_in)
        cost = prior * p.intervention_war_cost + (1 - prior) * p.war_cost + p.force_cost * f
        ratios.append(cost / (prior * p_i + (1 - prior) * p_n))
    assert coarse.threshold() == pytest.approx(min(ratios), abs=1e-12)


def test_attack_exactly_above_threshold():
    base = model()
    v_star = base.threshold()
    assert model(stakes=v_star * 1.001).solve().attack
    assert not model(stakes=v_star * 0.999).solve().attack


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        (dict(force_levels=()), "force_levels"),
        (dict(force_levels=(1.0, 1.0)), "repeat"),
        (dict(force_levels=(0.0, 1.0)), "force_levels"),
        (dict(prior_committed=1.5), "prior_committed"),
        (dict(committed_value=float("nan")), "committed_value"),
    ],
)
def test_bad_specs_are_refused(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        FiniteSpec(**kwargs)
