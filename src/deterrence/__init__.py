"""deterrence: game-theoretic deterrence analysis under strategic uncertainty.

The canonical model (docs/model.md) is a planner A who decides whether, and
with how much force, to attack a target T when a third party R may intervene
and A cannot pin down how likely that is.  The public API is imported lazily so
that ``deterrence --help`` stays fast.

>>> from deterrence import load_config, solve_config
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Parameters": "deterrence.models.parameters",
    "Combat": "deterrence.models.combat",
    "Belief": "deterrence.models.beliefs",
    "Criterion": "deterrence.models.criteria",
    "InterventionModel": "deterrence.models.intervention.model",
    "Solution": "deterrence.models.solution",
    "ConfigError": "deterrence.runs.errors",
    "load_config": "deterrence.runs.config",
    "solve_config": "deterrence.runs.execute",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'deterrence' has no attribute {name!r}")
