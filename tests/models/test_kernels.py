"""The compiled one-prior kernel equals the numpy path it replaces, point for point."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.beliefs import Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.criteria import Criterion
from deterrence.models.intervention import InterventionModel
from deterrence.models.parameters import Parameters

pytest.importorskip("numba", reason="Numba is not installed: the numpy path is used")

POINTS = 3000


def random_model(name: str, seed: int) -> InterventionModel:
    rng = np.random.default_rng(seed)

    def draw(lo, hi):
        return rng.uniform(lo, hi, (POINTS, 1))

    params = Parameters(
        stakes=draw(0.5, 8),
        target_strength=draw(0.5, 2),
        third_party_strength=draw(0, 2),
        interoperability=draw(0, 1),
        decisiveness=draw(0.3, 6),
        force_cost=draw(0.05, 1),
        war_cost=draw(0, 1),
        intervention_war_cost=draw(1, 2),
        success_target=draw(0.5, 0.95),
        max_force=draw(2, 100),
        effectiveness_ratio=draw(0.5, 2),
        effectiveness_noise=draw(0.2, 1.5),
    )
    combat = Combat(
        name, params.decisiveness, params.effectiveness_ratio, params.effectiveness_noise
    )
    lo = draw(0, 0.5)
    return InterventionModel(params, combat, Belief("exogenous", lo, lo + draw(0, 0.5)))


@pytest.mark.parametrize("name", COMBAT_MODELS)
@pytest.mark.parametrize(
    "crit",
    [Criterion("expected"), Criterion("maxmin"), Criterion("alpha_maxmin", alpha=0.3)],
    ids=lambda c: c.name,
)
def test_compiled_kernel_equals_numpy_path(name, crit):
    model = random_model(name, seed=len(name))
    with np.errstate(all="ignore"):
        compiled = model._compiled_one_prior(crit)
        reference = model._fast_one_prior(crit)
    assert compiled is not None
    for key, expected in reference.items():
        got, want = np.asarray(compiled[key], float), np.asarray(expected, float)
        assert np.array_equal(np.isnan(got), np.isnan(want)), key
        both = ~np.isnan(want)
        assert np.allclose(got[both], want[both], rtol=1e-9, atol=1e-9), key


@pytest.mark.parametrize("name", ["contest", "lanchester_square"])
def test_steep_combat_batch_equals_scalar(name):
    """A win probability that turns from 0 to 1 within one cell of the fast grid
    (decisiveness 40, noise 0.02) hides the peak between grid points; such points
    take the general search, and agree with the scalar path (which a 4-million-point
    brute force confirmed on 1,600 such points while this was written)."""
    rng = np.random.default_rng(5)
    n = 40
    stakes, cost = rng.uniform(0.5, 6, n), rng.uniform(0.01, 0.5, n)
    strength, e = rng.uniform(0, 3, n), rng.uniform(0, 1, n)
    params = Parameters(
        stakes=stakes[:, None],
        force_cost=cost[:, None],
        third_party_strength=strength[:, None],
        interoperability=e[:, None],
        decisiveness=40.0,
        effectiveness_noise=0.02,
    )
    combat = Combat(name, 40.0, 1.0, 0.02)
    q = rng.uniform(0, 1, n)
    model = InterventionModel(params, combat, Belief("exogenous", q[:, None], q[:, None]))
    assert model._steep_rows().all()
    with np.errstate(all="ignore"):
        batch = model.solve_batch(Criterion("expected"))
    for i in range(0, n, 4):
        point = InterventionModel(
            Parameters.create(
                stakes=float(stakes[i]),
                force_cost=float(cost[i]),
                third_party_strength=float(strength[i]),
                interoperability=float(e[i]),
                decisiveness=40.0,
                effectiveness_noise=0.02,
            ),
            combat,
            Belief("exogenous", float(q[i]), float(q[i])),
        )
        with np.errstate(all="ignore"):
            scalar = point.solve(Criterion("expected"))
        assert batch["threshold"][i] == pytest.approx(scalar.threshold, rel=1e-7)
        if scalar.force is not None:
            assert batch["force"][i] == pytest.approx(scalar.force, rel=1e-5)
