"""docs/tutorial.md is executed: its ``python`` blocks run in order, in one namespace,
in a fresh folder; blocks with ``>>>`` are doctests whose printed results must match.
So the tutorial cannot go stale."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import matplotlib.pyplot as plt

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def blocks(text: str) -> list[tuple[int, str]]:
    """(line number, code) of every ```python block."""
    return [(text[: m.start()].count("\n") + 2, m.group(1)) for m in BLOCK.finditer(text)]


def test_tutorial_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = TUTORIAL.read_text(encoding="utf-8")
    found = blocks(text)
    assert len(found) >= 8
    namespace: dict = {"__name__": "tutorial"}
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=FLAGS)
    for line, code in found:
        if ">>>" in code:
            test = parser.get_doctest(code, namespace, f"tutorial.md:{line}", str(TUTORIAL), line)
            result = runner.run(test, clear_globs=False)
            namespace = test.globs  # a DocTest works on a copy of the namespace
            assert result.failed == 0, f"docs/tutorial.md, block at line {line} failed (see above)"
        else:
            exec(compile(code, f"{TUTORIAL}:{line}", "exec"), namespace)
    plt.close("all")
    for name in ("threshold.png", "threshold_by_criterion.png", "threshold_cells.png"):
        assert (tmp_path / name).stat().st_size > 10_000
    assert (tmp_path / "results" / "ambiguity" / "report.html").is_file()


def test_collector_sees_every_block():
    sample = "text\n```python\nx = 1\n```\n\n```bash\nls\n```\n```python\n>>> x\n1\n```\n"
    assert blocks(sample) == [(3, "x = 1\n"), (10, ">>> x\n1\n")]
