"""The claim ledger's record: one entry per claim of the source article, and the verdict rule.

Each :class:`Claim` says what the article claims (with a short quotation and its
place), whether the model takes it as an input (``assumption``), derives it
(``result``) or leaves it out (``not modelled``), what would refute it, the
command that prints the entry's number, the verdict and where it holds.  The
entries are written by the evaluators in ``canonical.py`` and ``deeds.py``;
:mod:`~deterrence.runs.claims.ledger` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("assumption", "result", "not modelled")
VERDICTS = ("holds", "holds in part", "fails", "not tested")
HOLDS_AT = 0.9  # a region claim holds if its condition holds on at least this share of the box
FAILS_AT = 0.1  # ... and fails if on at most this share
DIGITS = 4  # decimals of every number the ledger records
VERDICT_RULE = (
    f"A result judged over a box of inputs holds if its condition holds at >= {HOLDS_AT:.0%} "
    f"of the box's points, fails if at <= {FAILS_AT:.0%}, and otherwise holds in part. A "
    "result judged along a coding weight (the text weight w, the repeat discount d) holds "
    "if its condition holds over the weight's whole range [0, 1], fails if nowhere, and "
    "otherwise holds in part, with the critical weight stated; the literature's reading "
    "(w = 1) is named. An assumption is not tested: running the model cannot confirm its "
    "own input."
)


def rounded(x: float | None, digits: int = DIGITS) -> float | None:
    """``x`` rounded to the ledger's precision (None stays None)."""
    return None if x is None else round(float(x), digits)


def verdict_by_share(share: float) -> str:
    """The verdict of a result whose condition holds on ``share`` of its box."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share: {share} is not in [0, 1]")
    if share >= HOLDS_AT:
        return "holds"
    if share <= FAILS_AT:
        return "fails"
    return "holds in part"


def verdict_along(holds: list[bool]) -> str:
    """The verdict of a result judged along a weight's range: ``holds`` at every value
    tried, ``fails`` at none, ``holds in part`` otherwise."""
    if not holds:
        raise ValueError("holds: no value tried")
    if all(holds):
        return "holds"
    if not any(holds):
        return "fails"
    return "holds in part"


@dataclass(frozen=True)
class BoxInput:
    """One input of a claim's box: its key, range and why that range."""

    key: str
    low: float
    high: float
    justification: str

    def to_record(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "range": [self.low, self.high],
            "justification": self.justification,
        }


@dataclass(frozen=True)
class Check:
    """A further plain command that confirms an ingredient of the entry (a root, a
    comparison): it prints ``value`` at ``value_key``; ``shows`` says what it confirms."""

    command: str
    value_key: str
    value: float
    shows: str

    def to_record(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "value_key": self.value_key,
            "value": rounded(self.value),
            "shows": self.shows,
        }


@dataclass(frozen=True)
class Table:
    """A small table of the details behind an entry (rows of plain values)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""

    def to_record(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": list(self.columns),
            "rows": [[_plain(v) for v in row] for row in self.rows],
            "note": self.note,
        }


@dataclass(frozen=True)
class Claim:
    """One claim of the article, as the ledger judges it (docs/claims.md lists the fields).

    ``value`` is printed by ``command`` at ``value_key``
    (:mod:`~deterrence.runs.claims.values`); ``holds_share`` is the share of ``box``
    where ``condition`` holds (None when the claim is not judged over a box);
    ``drivers`` the three largest Sobol' total indices of the claim's quantity over the
    box; ``where`` a box of the inputs in which the condition holds (PRIM) or the
    critical weight; ``checks`` further plain commands that confirm an ingredient;
    ``region_command`` the commands that recompute the region numbers.
    """

    id: str
    claim: str
    quote: str
    place: str
    status: str
    assumes: str
    test: str
    command: str | None
    value_key: str | None
    value: float | None
    unit: str
    verdict: str
    verdict_text: str
    condition: str | None = None
    holds_share: float | None = None
    box: tuple[BoxInput, ...] = ()
    drivers: list[dict[str, Any]] | None = None
    where: dict[str, Any] | None = None
    sources: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    region_command: str | None = None
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"{self.id}: status {self.status!r} not in {STATUSES}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"{self.id}: verdict {self.verdict!r} not in {VERDICTS}")
        if self.status != "result" and self.verdict != "not tested":
            raise ValueError(f"{self.id}: an {self.status} is not tested")
        if self.holds_share is not None and self.verdict != verdict_by_share(self.holds_share):
            raise ValueError(f"{self.id}: verdict {self.verdict!r} contradicts the share")

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claim": self.claim,
            "quote": self.quote,
            "place": self.place,
            "status": self.status,
            "assumes": self.assumes,
            "test": self.test,
            "command": self.command,
            "value_key": self.value_key,
            "value": rounded(self.value),
            "unit": self.unit,
            "verdict": self.verdict,
            "verdict_text": self.verdict_text,
            "condition": self.condition,
            "holds_share": rounded(self.holds_share),
            "box": [b.to_record() for b in self.box],
            "drivers": self.drivers,
            "where": self.where,
            "sources": list(self.sources),
            "checks": [c.to_record() for c in self.checks],
            "region_command": self.region_command,
            "tables": [t.to_record() for t in self.tables],
            "notes": list(self.notes),
        }


FIELDS = tuple(
    Claim("X", "", "", "", "assumption", "", "", None, None, None, "", "not tested", "").to_record()
)


def _plain(value: Any) -> Any:
    """A table cell as plain JSON: floats rounded to the ledger's precision."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    return rounded(value)
