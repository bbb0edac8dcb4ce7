"""What the claim evaluators share: configs, solutions and the solved box, each computed once."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from deterrence.runs.analysis.table import ResultsTable
from deterrence.runs.claims import box
from deterrence.runs.config import Config, load_config

#: The attitudes to ambiguity the box is solved under: the ledger's criterion (maxmin,
#: claim C3 as the article states it) and two milder ones, to show how the shares depend
#: on it (the box config sets alpha = 0.75 and lambda = 2).
ATTITUDES = {
    "maxmin": "maxmin",
    "alpha_maxmin": "alpha-maxmin, alpha = 0.75",
    "smooth": "smooth, lambda = 2",
}


class Context:
    """Lazily computed, cached inputs of the evaluators.

    Parameters
    ----------
    n
        Base samples of the box's Saltelli design (None: the config's).
    prim
        Whether to compute PRIM boxes (None: when the EMA Workbench is installed).
    """

    def __init__(self, n: int | None = None, prim: bool | None = None) -> None:
        self.n = n
        self.prim = box.prim_available() if prim is None else prim
        #: Why an entry has no PRIM box (None when PRIM runs).
        self.prim_note = None if self.prim else box.prim_note()
        self._configs: dict[tuple[str, tuple[str, ...]], Config] = {}
        self._solutions: dict[tuple[str, tuple[str, ...]], object] = {}
        self._boxes: dict[str, ResultsTable] = {}
        self._memo: dict = {}

    def config(self, name: str, *overrides: str) -> Config:
        """A shipped config by name (``claims/c4_default``) with ``--set`` overrides."""
        key = (name, overrides)
        if key not in self._configs:
            self._configs[key] = load_config(name, list(overrides))
        return self._configs[key]

    def solve(self, name: str, *overrides: str):
        """The solution of a config, as ``deterrence solve NAME --set ...`` computes it."""
        key = (name, overrides)
        if key not in self._solutions:
            config = self.config(name, *overrides)
            with np.errstate(all="ignore"):
                self._solutions[key] = config.solve()
        return self._solutions[key]

    def memo(self, key, compute):
        """``compute()``, once per ``key``."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def box(self, criterion: str = "maxmin") -> ResultsTable:
        """The plausible box solved under ``criterion`` (one of :data:`ATTITUDES`)."""
        if criterion not in self._boxes:
            config = box.box_config((f"criterion.name={criterion}",))
            self._boxes[criterion] = box.solve_box(config, self.n)
        return self._boxes[criterion]

    @cached_property
    def box_inputs(self):
        return box.box_inputs()

    @cached_property
    def design(self) -> dict:
        """The box design's settings, for the record."""
        spec = box.box_config().sweep
        n = self.n if self.n is not None else spec["n"]
        d = len(spec["ranges"])
        return {
            "config": box.BOX_CONFIG,
            "design": spec["design"],
            "n": n,
            "points": n * (d + 2),
            "seed": spec["seed"],
            "sobol_bootstrap_seed": box.SOBOL_SEED,
            "prim": self.prim,
            "inputs": [b.to_record() for b in self.box_inputs],
        }
