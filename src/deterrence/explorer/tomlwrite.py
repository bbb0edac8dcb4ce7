"""A config as TOML text, in the style of the shipped configs (one section per table).

Only what configs hold is written: strings, booleans, integers, finite floats,
lists of them, inline tables (``q = { beta = [2.0, 3.0] }``) and lists of
tables (``[[scenario.events]]``).  Floats are written with ``repr``, which
reads back as the same float, so a written config reproduces the numbers it
was written from.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def key(name: str) -> str:
    """A TOML key: bare when it can be, quoted otherwise."""
    return name if _BARE_KEY.fullmatch(name) else string(name)


def string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and TOML also escapes DEL;
    other non-ASCII text is kept as UTF-8."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def value(v: Any) -> str:
    """One value, inline."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"got {v}; a config holds finite numbers")
        return repr(v)
    if isinstance(v, str):
        return string(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _is_table_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def dumps(doc: dict[str, Any], header: list[str] | None = None) -> str:
    """A config document: comment lines, top-level values, then one ``[section]`` each.

    A section's lists of tables follow its plain keys as ``[[section.key]]``.
    """
    lines = [f"# {line}".rstrip() for line in header or []]
    if lines:
        lines.append("")
    tops = [(k, v) for k, v in doc.items() if not isinstance(v, dict)]
    lines += [f"{key(k)} = {value(v)}" for k, v in tops]
    for name, body in doc.items():
        if not isinstance(body, dict):
            continue
        if lines:
            lines.append("")
        lines.append(f"[{key(name)}]")
        lines += [f"{key(k)} = {value(v)}" for k, v in body.items() if not _is_table_list(v)]
        for k, items in body.items():
            if _is_table_list(items):
                for item in items:
                    lines += ["", f"[[{key(name)}.{key(k)}]]"]
                    lines += [f"{key(ik)} = {value(iv)}" for ik, iv in item.items()]
    return "\n".join(lines) + "\n"
