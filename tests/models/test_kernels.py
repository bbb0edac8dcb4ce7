"""The compiled one-prior kernel equals the numpy path it replaces, point for point."""

from __future__ import annotations

import numpy as np
import pytest

from deterrence.models.beliefs import Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.criteria import Criterion
from deterrence.models.intervention.model import InterventionModel
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


def objective(model: InterventionModel, crit: Criterion, force: np.ndarray, key: str):
    """A's objective at each row's ``force``: V p(q, F) - k(q) - c F (best force) or
    -(k(q) + c F) / p(q, F) (the threshold problem), q the criterion's prior."""
    p, rows = model.params, model.rows
    q = np.broadcast_to(model._one_prior_q(crit, np.zeros((rows, 1))), (rows, 1))
    f = np.asarray(force, float).reshape(rows, 1)
    out, inn = (model.combat.win_probability(f, d) for d in (p.defence_out, p.defence_in))
    win = (1 - q) * out + q * inn
    cost = p.war_cost + q * (p.intervention_war_cost - p.war_cost) + p.force_cost * f
    value = p.stakes * win - cost if key == "force" else -cost / win
    return np.broadcast_to(value, (rows, 1)).ravel()


@pytest.mark.parametrize("name", COMBAT_MODELS)
@pytest.mark.parametrize(
    "crit",
    [Criterion("expected"), Criterion("maxmin"), Criterion("alpha_maxmin", alpha=0.3)],
    ids=lambda c: c.name,
)
def test_compiled_kernel_equals_numpy_path(name, crit):
    """The compiled kernel searches a window proved to hold every interior optimum,
    two cells per combat transition; the numpy path a fixed grid.  They
    agree to 1e-9, except on rare near-steep points where the numpy grid misses a
    narrow optimum: there the compiled answer must be the better one."""
    model = random_model(name, seed=len(name))
    with np.errstate(all="ignore"):
        compiled, unresolved = model._compiled_one_prior(crit)
        reference = model._fast_one_prior(crit)
    assert not unresolved.any()
    steep = model._steep_rows()  # the numpy path is not meant for these
    differs = np.zeros(model.rows, dtype=bool)
    for key, expected in reference.items():
        got, want = np.asarray(compiled[key], float), np.asarray(expected, float)
        assert np.array_equal(np.isnan(got[~steep]), np.isnan(want[~steep])), key
        both = ~np.isnan(want) & ~steep
        differs |= both & ~np.isclose(got, want, rtol=1e-9, atol=1e-9)
    assert differs.sum() <= 0.002 * model.rows
    with np.errstate(all="ignore"):
        for key in ("force", "threshold"):
            better = objective(model, crit, compiled["force"], "force")
            worse = objective(model, crit, reference["force"], "force")
            if key == "threshold":  # V* is the optimum itself: lower is better
                better, worse = -compiled["threshold"], -reference["threshold"]
            rows = differs & np.isfinite(worse)
            assert np.all(better[rows] >= worse[rows] - 1e-12), key


@pytest.mark.parametrize("name", COMBAT_MODELS)
def test_compiled_kernel_beats_a_fine_grid(name):
    """Against brute force: the kernel's V* is no higher, and its F* no worse, than
    the best of 200,001 forces evenly spaced in ln F, on random points that include
    steep combat (decisiveness up to 40, noise down to 0.03)."""
    rng = np.random.default_rng(17)
    n = 60
    steepness = rng.uniform(0.3, 40, (n, 1))
    noise = rng.uniform(0.03, 1.5, (n, 1))
    params = Parameters(
        stakes=rng.uniform(0.5, 8, (n, 1)),
        third_party_strength=rng.uniform(0, 2, (n, 1)),
        interoperability=rng.uniform(0, 1, (n, 1)),
        decisiveness=steepness,
        force_cost=rng.uniform(0.05, 1, (n, 1)),
        war_cost=rng.uniform(0, 1, (n, 1)),
        max_force=rng.uniform(2, 100, (n, 1)),
        effectiveness_noise=noise,
    )
    q = rng.uniform(0, 1, (n, 1))
    model = InterventionModel(
        params, Combat(name, steepness, 1.0, noise), Belief("exogenous", q, q)
    )
    crit = Criterion("expected")
    with np.errstate(all="ignore"):
        out, unresolved = model._compiled_one_prior(crit)
    assert not unresolved.any()
    lo, hi = model.force_bounds
    for i in range(n):
        point = model.take(np.array([i]))
        forces = np.geomspace(lo[i], hi[i], 200_001)[None, :]
        with np.errstate(all="ignore"):
            fine = {
                key: np.nanmax(objective_grid(point, crit, forces, key))
                for key in ("force", "threshold")
            }
            found = objective(point, crit, np.array([out["force"][i]]), "force")[0]
        assert -out["threshold"][i] >= fine["threshold"] - 1e-12 * max(1, abs(fine["threshold"]))
        if np.isnan(out["force"][i]):  # the supremum is approached only as F -> F_lo
            found = objective(point, crit, lo[i : i + 1], "force")[0]
        assert found >= fine["force"] - 1e-12 * max(1, abs(fine["force"]))


def objective_grid(model: InterventionModel, crit: Criterion, forces: np.ndarray, key: str):
    """:func:`objective` of a one-row model at many forces, shape (1, n)."""
    p = model.params
    q = model._one_prior_q(crit, np.zeros((1, 1)))
    out, inn = (model.combat.win_probability(forces, d) for d in (p.defence_out, p.defence_in))
    win = (1 - q) * out + q * inn
    cost = p.war_cost + q * (p.intervention_war_cost - p.war_cost) + p.force_cost * forces
    return p.stakes * win - cost if key == "force" else -cost / win


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
