"""Shared fixtures and tolerances for the test suite."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters

# Property tests: a quick profile for every run, a thorough one on demand
# (HYPOTHESIS_PROFILE=thorough pytest tests/models).
# The quick profile is derandomized, so CI sees the same examples on every run;
# the thorough one explores new examples each time.
settings.register_profile("quick", max_examples=30, deadline=None, derandomize=True)
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

FACT_TOL = 1e-6  # the facts of docs/model.md are checked to this absolute tolerance
PATH_TOL = 1e-8  # two numerical paths to the same quantity


def make_model(
    belief: Belief | None = None, combat: str = "contest", **params
) -> InterventionModel:
    p = Parameters.create(**params)
    c = Combat(combat, p.decisiveness, p.effectiveness_ratio, p.effectiveness_noise)
    return InterventionModel(p, c, belief or Belief("exogenous", 0.2, 0.6))


def solve(model: InterventionModel, name: str, **kw):
    return model.solve(Criterion(name, **kw))


@pytest.fixture
def default_model() -> InterventionModel:
    return make_model()
