"""Readable output of the signalling model: one row per equilibrium, and the figure's data.

The model (:mod:`deterrence.models.deeds.signalling`) reports every perfect
Bayesian equilibrium as a record (``Equilibrium.to_record``).  Here each
becomes one row: the kind of equilibrium, what each type of R sends (a
cooperation level and a treaty text, with probabilities when it mixes),
A's posterior P(committed) after each message sent, A's reply (attack, with
which force, or hold) and whether the equilibrium survives the intuitive
criterion (Cho & Kreps 1987).  Tests check these rows against the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TYPES = ("committed", "opportunist")
NOTHING = "none"  # the name of "no cooperation" and "no text" in the shipped config


MAX_WIDTH = 110  # wider tables abbreviate long level and text names (with a key)
LONG_NAME = 10


def message_label(message: str, short: dict[str, str] | None = None) -> str:
    """A message ``level+text`` in words: "none" parts left out ("nothing" if both
    are), long names replaced by their abbreviations in ``short``."""
    short = short or {}
    level, _, text = message.partition("+")
    parts = [short.get(p, p) for p in (level, text) if p and p != NOTHING]
    return "+".join(parts) if parts else "nothing"


def abbreviations(messages: list[str]) -> dict[str, str]:
    """Initials for the long level and text names ("integrated_early_warning" -> "IEW"),
    or {} if two names would share initials."""
    names = {p for m in messages for p in m.partition("+")[::2] if len(p) > LONG_NAME}
    short = {n: "".join(w[0] for w in n.split("_") if w).upper() for n in names}
    taken = set(short.values())
    words = {p for m in messages for p in m.partition("+")[::2]} - names
    if len(taken) < len(short) or taken & {w.upper() for w in words}:
        return {}
    return short


@dataclass(frozen=True)
class Reply:
    """A's posterior and reply after one message sent in equilibrium."""

    message: str
    senders: tuple[str, ...]  # the R types that send it
    posterior: tuple[float, float]  # P(committed), an interval under a prior interval
    attack_probability: float  # of the ordinary A
    force: float | None
    threshold: float | None

    @property
    def text(self) -> str:
        """e.g. "0.69 attack 36% F=2.31", "1.00 hold"."""
        lo, hi = self.posterior
        belief = f"{lo:.2f}" if abs(hi - lo) < 5e-3 else f"[{lo:.2f}, {hi:.2f}]"
        p = self.attack_probability
        if p <= 0:
            return f"{belief} hold"
        how = "attack" if p >= 1 else f"attack {100 * p:.0f}%"
        force = "" if self.force is None else f" F={self.force:.2f}"
        return f"{belief} {how}{force}"


@dataclass(frozen=True)
class EquilibriumRow:
    """One equilibrium in a line."""

    number: int
    kind: str
    strategy: dict[str, dict[str, float]]  # type -> message -> probability
    replies: tuple[Reply, ...]  # committed's messages first
    intuitive: bool
    outlay: float

    def sends(self, kind: str, short: dict[str, str] | None = None) -> str:
        """What a type sends, e.g. "joint_patrols" or "joint_exercises 56% | nothing 44%"."""
        moves = self.strategy.get(kind, {})
        if len(moves) == 1:
            return message_label(next(iter(moves)), short)
        return " | ".join(f"{message_label(m, short)} {100 * p:.0f}%" for m, p in moves.items())

    @property
    def reply_text(self) -> str:
        return " | ".join(r.text for r in self.replies)


def _senders(strategy: dict[str, dict[str, float]], message: str) -> tuple[str, ...]:
    return tuple(k for k in TYPES if strategy.get(k, {}).get(message, 0.0) > 0)


def equilibrium_rows(outputs: dict[str, Any]) -> list[EquilibriumRow]:
    """The signalling model's equilibria (its ``outputs()``), one row each."""
    rows = []
    for number, eq in enumerate(outputs.get("equilibria", []), 1):
        strategy = eq["strategy"]
        order: list[str] = []
        for kind in TYPES:
            order += [m for m in strategy.get(kind, {}) if m not in order]
        replies = []
        for m in order:
            if m not in eq["posteriors"]:
                continue
            forces = eq["force"].get(m) or [None]
            replies.append(
                Reply(
                    m,
                    _senders(strategy, m),
                    tuple(eq["posteriors"][m]),
                    float(eq["attack_probability"][m][0]),
                    forces[0],
                    eq["threshold"].get(m),
                )
            )
        rows.append(
            EquilibriumRow(
                number, eq["kind"], strategy, tuple(replies), bool(eq["intuitive"]), eq["outlay"]
            )
        )
    return rows


HEADERS = (
    "#",
    "equilibrium",
    "committed R sends",
    "opportunist R sends",
    "A's belief and reply",
    "intuitive",
)


def _cells(rows: list[EquilibriumRow], short: dict[str, str]) -> list[tuple[str, ...]]:
    return [
        (
            str(r.number),
            r.kind,
            r.sends("committed", short),
            r.sends("opportunist", short),
            r.reply_text,
            "yes" if r.intuitive else "no",
        )
        for r in rows
    ]


def _layout(cells: list[tuple[str, ...]]) -> list[str]:
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(HEADERS)]

    def line(values) -> str:
        padded = (
            v.rjust(w) if i == 0 else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )
        return "  ".join(padded).rstrip()

    return [line(HEADERS), line(["-" * w for w in widths]), *(line(c) for c in cells)]


def _head(outputs: dict[str, Any], rows: list[EquilibriumRow]) -> str:
    prior = outputs.get("prior") or [float("nan")] * 2
    prior_text = f"{prior[0]:.2f}" if prior[0] == prior[1] else f"[{prior[0]:.2f}, {prior[1]:.2f}]"
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in kinds.items())
    intuitive = sum(r.intuitive for r in rows)
    return (
        f"signalling: {len(rows)} equilibria ({counts}); {intuitive} survive the intuitive "
        f"criterion\nprior P(committed) = {prior_text}; A's criterion "
        f"{outputs.get('criterion', '?')}"
    )


def summary_table(outputs: dict[str, Any]) -> str:
    """One screen: what was found, then one row per equilibrium, then the key to
    abbreviated names (when the full names would make the table too wide)."""
    rows = equilibrium_rows(outputs)
    lines = _layout(_cells(rows, {}))
    key = ""
    if max(map(len, lines)) > MAX_WIDTH:
        messages = [m for r in rows for moves in r.strategy.values() for m in moves]
        short = abbreviations(messages)
        if short:
            lines = _layout(_cells(rows, short))
            key = "key: " + ", ".join(
                f"{a} = {n}" for n, a in sorted(short.items(), key=lambda t: t[1])
            )
    note = (
        "belief: A's posterior P(committed) after each message sent (committed R's first)\n"
        "reply: hold, or attack (with its probability when A mixes) with force F"
    )
    return "\n".join([_head(outputs, rows), *lines, *([key] if key else []), note])


@dataclass(frozen=True)
class SignallingFigure:
    """The signalling figure: per equilibrium, the cooperation level each type of R
    chooses and A's posterior and reply after each message sent."""

    rows: tuple[EquilibriumRow, ...]
    levels: tuple[str, ...]  # the cooperation ladder, in order
    title: str
    subtitle: str

    def level_of(self, message: str) -> int:
        return self.levels.index(message.partition("+")[0])


def signalling_data(
    outputs: dict[str, Any], record: dict[str, Any] | None = None
) -> SignallingFigure:
    """The figure's data from the model's outputs and the config record (for the titles)."""
    from deterrence.runs.quantities import scenario_title

    record = record or {}
    rows = equilibrium_rows(outputs)
    spec = (record.get("config") or {}).get("signalling") or {}
    levels = list(spec.get("levels") or [])
    for r in rows:
        for moves in r.strategy.values():
            levels += [m.partition("+")[0] for m in moves if m.partition("+")[0] not in levels]
    stakes = ((record.get("config") or {}).get("parameters") or {}).get("stakes")
    prior = outputs.get("prior") or []
    parts = [f"A's criterion {outputs.get('criterion', '?')}"]
    if len(prior) == 2:
        p = f"{prior[0]:.2g}" if prior[0] == prior[1] else f"[{prior[0]:.2g}, {prior[1]:.2g}]"
        parts.append(f"prior P(R committed) = {p}")
    if stakes is not None:
        parts.append(f"V = {stakes:g}")
    parts.append("treaty texts are in the summary table")
    return SignallingFigure(
        tuple(rows),
        tuple(levels),
        scenario_title(record) if record else "signalling",
        " · ".join(parts),
    )
