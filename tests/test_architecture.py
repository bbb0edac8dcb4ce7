"""The layering of the package: a lower layer never imports a higher one.

solvers (generic numerics) <- models (the games) <- runs (configs, execution,
store) <- plotting, cli (presentation).  Solvers know no model.
"""

from __future__ import annotations

import ast
import doctest
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "deterrence"
ALLOWED = {
    "solvers": {"solvers"},
    "models": {"models", "solvers"},
    "runs": {"runs", "models", "solvers", "root"},
    "plotting": {"plotting", "runs", "models", "solvers"},
    "cli": {"cli", "runs", "models", "solvers", "plotting", "root"},
}


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if rel.parts[0] == "cli.py":
        return "cli"
    return rel.parts[0] if len(rel.parts) > 1 else "root"


def imported_layers(path: Path) -> set[str]:
    layers = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "deterrence":
                layers.add(parts[1] if len(parts) > 1 else "root")
    return {"cli" if layer == "cli" else layer for layer in layers}


MODULES = [p for p in PACKAGE.rglob("*.py") if layer_of(p) in ALLOWED]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_only_import_downwards(path):
    layer = layer_of(path)
    assert imported_layers(path) <= ALLOWED[layer]


def test_model_docstring_examples_run():
    from deterrence.models import intervention

    result = doctest.testmod(intervention)
    assert result.attempted > 0 and result.failed == 0
