"""docs/claims.md from the ledger's record: one template, no number typed by hand.

:func:`render` turns the record ``deterrence claims --json`` prints (the
``Ledger.to_record()`` dict, or ``claims.json`` read back) into the Markdown
page, with the Jinja2 template ``templates/claims.md.j2`` shipped in the
package.  Every number on the page is a value of that record, formatted here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

TEMPLATE = "claims.md.j2"
DASH = "–"


def number(x: Any) -> str:
    """A record value as text: four significant digits, no exponent; None as a dash."""
    if x is None:
        return DASH
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, str):
        return x
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    text = np.format_float_positional(float(x), precision=4, unique=False, fractional=False)
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(x: float | None) -> str:
    """A share as a percentage with one decimal."""
    return DASH if x is None else f"{100 * x:.1f}%"


def holds_on(entry: dict[str, Any]) -> str:
    """The 'holds on' cell of the summary table: the share of the box, or the critical
    weight, or a dash for claims not judged over inputs."""
    if entry["holds_share"] is not None:
        plausible = any(b["key"].startswith("parameters.") for b in entry["box"])
        return f"{percent(entry['holds_share'])} of {'the' if plausible else 'its'} box"
    where = entry.get("where") or {}
    if where.get("method", "").startswith("critical"):
        (name, (lo, hi)), *_ = where["limits"].items()
        symbol = name.split()[-1]
        if hi >= 1.0:
            return f"every {symbol} in [{number(lo)}, 1]"
        return f"{symbol} < {number(hi)}"
    return DASH


def link(source: str) -> str:
    """A repository path (``docs/deeds.md#anchor``, ``experiments/...``) as a Markdown link
    from docs/."""
    path, _, anchor = source.partition("#")
    if path.startswith("docs/"):
        target = path[len("docs/") :]
        if target == "claims.md":
            target = ""
    else:
        target = f"../{path}"
    label = source
    return f"[{label}]({target}{'#' + anchor if anchor else ''})"


def cell(value: Any) -> str:
    """A table cell: numbers formatted, text with pipes escaped."""
    text = number(value) if not isinstance(value, str) else value
    return text.replace("|", "\\|")


def limits(where: dict[str, Any] | None) -> str:
    """A box's limits as ``key in [lo, hi]; ...``."""
    if not where:
        return DASH
    parts = []
    for key, lim in where["limits"].items():
        if len(lim) == 2 and all(isinstance(v, (int, float)) for v in lim):
            parts.append(f"{key} in [{number(lim[0])}, {number(lim[1])}]")
        else:
            parts.append(f"{key} in {{{', '.join(map(str, lim))}}}")
    return "; ".join(parts) or "the whole box"


def first_upper(text: str) -> str:
    """``text`` with its first letter upper case (the rest unchanged, unlike ``capitalize``)."""
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """``text`` ending with one full stop."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def environment():
    """The Jinja2 environment with the template and the filters above."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("deterrence.runs.claims", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        number=number,
        percent=percent,
        holds_on=holds_on,
        link=link,
        cell=cell,
        limits=limits,
        first_upper=first_upper,
        sentence=sentence,
    )
    return env


def render(record: dict[str, Any]) -> str:
    """docs/claims.md for a ledger record (``Ledger.to_record()``)."""
    box = record["settings"]["box"]["inputs"]
    text = (
        environment()
        .get_template(TEMPLATE)
        .render(
            claims=record["claims"],
            rule=record["verdict_rule"],
            settings=record["settings"],
            box=box,
        )
    )
    return text.rstrip() + "\n"
