"""The batch solver against the scalar reference path, point by point."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters
from deterrence.models.solution import OUTPUT_NAMES

AGREE = 1e-8
POINTS = 10


def random_batch(rng: np.random.Generator, mode: str, beta: bool = False):
    def col(lo, hi):
        return rng.uniform(lo, hi, (POINTS, 1))

    k_n = col(0.0, 1.0)
    params = Parameters(
        stakes=col(0.5, 8.0),
        target_strength=col(0.5, 2.0),
        third_party_strength=col(0.0, 1.5),
        interoperability=col(0.0, 1.0),
        decisiveness=col(0.7, 3.0),
        force_cost=col(0.05, 0.5),
        war_cost=k_n,
        intervention_war_cost=k_n + col(0.0, 1.5),
        third_party_cost=col(0.0, 1.0),
        third_party_loss=col(0.0, 2.0),
        success_target=col(0.1, 0.9),
        max_force=np.full((POINTS, 1), 100.0),
        effectiveness_ratio=col(0.5, 2.0),
        effectiveness_noise=col(0.3, 1.0),
    )
    if mode == "endogenous":
        lo = col(-0.5, 0.5)
        belief = Belief(mode, lo, lo + col(0.0, 0.6), sd=col(0.1, 0.5))
    elif beta:
        belief = Belief(mode, beta=(col(0.5, 5.0), col(0.5, 5.0)))
    else:
        lo = col(0.0, 0.6)
        belief = Belief(mode, lo, lo + col(0.0, 0.4))
    return params, belief, (col(0.0, 1.0), col(0.3, 5.0), col(0.3, 3.0))


def scalar_point(params, belief, crit_args, name, combat, i):
    p = Parameters.create(**{k: float(v[i, 0]) for k, v in params.to_dict().items()})
    if belief.beta is not None:
        b = Belief(belief.mode, beta=tuple(float(x[i, 0]) for x in belief.beta))
    else:
        sd = float(np.asarray(belief.sd).ravel()[i]) if np.ndim(belief.sd) else belief.sd
        b = Belief(belief.mode, float(belief.lo[i, 0]), float(belief.hi[i, 0]), None, sd)
    crit = Criterion(name, *(float(a[i, 0]) for a in crit_args))
    model = InterventionModel(
        p, Combat(combat, p.decisiveness, p.effectiveness_ratio, p.effectiveness_noise), b
    )
    return model.solve(crit)


CASES = [(m, c, b) for m in ("exogenous", "endogenous") for c in CRITERIA for b in (False,)]
CASES += [("exogenous", c, True) for c in ("maxmin", "smooth", "minimax_regret")]


@pytest.mark.parametrize("mode, name, beta", CASES)
def test_batch_equals_scalar(mode, name, beta):
    rng = np.random.default_rng(zlib.crc32(f"{mode}{name}{beta}".encode()))
    combat = rng.choice(["contest", "lanchester_square", "lanchester_linear"])
    params, belief, crit_args = random_batch(rng, mode, beta)
    model = InterventionModel(
        params,
        Combat(combat, params.decisiveness, params.effectiveness_ratio, params.effectiveness_noise),
        belief,
    )
    batch = model.solve_batch(Criterion(name, *crit_args))
    for i in range(POINTS):
        ref = scalar_point(params, belief, crit_args, name, combat, i)
        for key in OUTPUT_NAMES:
            expected = getattr(ref, key)
            got = batch[key][i]
            if expected is None:
                assert np.isnan(got), (key, i)
            else:
                assert got == pytest.approx(expected, abs=AGREE * max(1.0, abs(expected))), (key, i)
