"""The layering of the package: a lower layer never imports a higher one.

solvers (generic numerics) <- models (the games) <- runs (configs, execution,
store) <- plotting, reports, explorer, cli (presentation).  Solvers know no model.
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
    "reports": {"reports", "plotting", "runs", "models", "solvers", "root"},
    "cli": {"cli", "runs", "models", "solvers", "plotting", "reports", "explorer", "root"},
    "explorer": {"explorer", "runs", "models", "solvers", "plotting", "root"},
}


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
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
    from deterrence.models.intervention import model as intervention

    result = doctest.testmod(intervention)
    assert result.attempted > 0 and result.failed == 0


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Modules of the package that ``path`` imports anywhere (function bodies included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # ``from pkg import module`` imports the module
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {name for name in found if name in known}


def test_no_import_cycles():
    """No module imports, directly or through others, a module that imports it back.

    Package ``__init__`` modules that only re-export are left out of the graph.
    """
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(paths)
    graph = {
        name: imported_modules(path, known) - {name}
        for name, path in paths.items()
        if path.name != "__init__.py" or name == "deterrence.cli"
    }
    for edges in graph.values():
        edges.intersection_update(graph)
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*stack[stack.index(other) :], other])
            elif other not in state:
                visit(other, [*stack, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
