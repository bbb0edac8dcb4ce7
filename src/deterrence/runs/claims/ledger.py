"""The claim ledger: every claim of the source article, computed live from shipped configs.

:func:`run_ledger` runs the evaluators (``canonical.py``: C3, C4, C5;
``deeds.py``: C1, C2a, C2b, C6, C7, B1, S1) in the article's order and returns a
:class:`Ledger`, whose ``to_record()`` is what ``deterrence claims --json``
prints: ``{"claims": [...], "settings": {...}}``.  The entry records are
described in :mod:`~deterrence.runs.claims.record` and docs/claims.md.

Claims whose verdict later models will add to (the bargaining and two-fronts
models, on C4 and C5) get their own evaluator here, in :data:`EVALUATORS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from deterrence.runs.claims import canonical, deeds
from deterrence.runs.claims.context import Context
from deterrence.runs.claims.record import VERDICT_RULE, Claim
from deterrence.runs.errors import ConfigError

Evaluator = Callable[[Context], list[Claim]]

#: Claim ids and their evaluators, in the order of the article's argument (docs/model.md).
EVALUATORS: dict[str, Evaluator] = {
    "C1": deeds.c1,
    "C2": deeds.c2,  # C2a (on V*) and C2b (on the force requirement)
    "C3": canonical.c3,
    "C4": canonical.c4,
    "C5": canonical.c5,
    "C6": deeds.c6,
    "C7": deeds.c7,
    "B1": deeds.b1,
    "S1": deeds.s1,
}


@dataclass(frozen=True)
class Ledger:
    """The entries, and how they were computed."""

    claims: tuple[Claim, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {
            "claims": [c.to_record() for c in self.claims],
            "verdict_rule": VERDICT_RULE,
            "settings": self.settings,
        }


def selected(only: Sequence[str] | None) -> list[str]:
    """The evaluators an ``--only`` list names: ``C2`` or ``C2a`` (an entry of C2) alike."""
    if not only:
        return list(EVALUATORS)
    keys = []
    for name in only:
        key = next((k for k in EVALUATORS if name.upper() in (k, *_entries(k))), None)
        if key is None:
            known = ", ".join([*EVALUATORS, "C2a", "C2b"])
            raise ConfigError("--only", name, f"no such claim (known: {known})")
        keys.append(key)
    return list(dict.fromkeys(k for k in EVALUATORS if k in keys))


def _entries(key: str) -> tuple[str, ...]:
    return ("C2A", "C2B") if key == "C2" else ()


def run_ledger(
    only: Sequence[str] | None = None,
    *,
    n: int | None = None,
    prim: bool | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Ledger:
    """Compute the ledger's entries (all, or those ``only`` names).

    Parameters
    ----------
    only
        Claim ids (``C4``, ``C2a``, ...); an entry of C2 selects both of C2's entries.
    n
        Base samples of the plausible box's Saltelli design (default: the config's 512).
    prim
        Compute PRIM boxes (default: when the EMA Workbench is installed).
    progress
        Called with each claim id and the seconds it took (the record has no timings, so
        that the same inputs give the same record).
    """
    keys = selected(only)
    ctx = Context(n=n, prim=prim)
    claims: list[Claim] = []
    for key in keys:
        start = time.perf_counter()
        found = EVALUATORS[key](ctx)
        if only:
            wanted = {o.upper() for o in only}
            found = [c for c in found if c.id.upper() in wanted or key in wanted] or found
        claims.extend(found)
        if progress is not None:
            progress(key, time.perf_counter() - start)
    return Ledger(tuple(claims), {"box": ctx.design})
