"""Reading a ledger entry's value out of what its command prints.

A claim's ``command`` is a shell line of ``deterrence ...`` commands joined by
``&&``, each printing one JSON object (``--json``).  Its ``value_key`` says
where the value is:

* a path into the printed JSON: ``threshold_premium_relative``,
  ``equilibria[0].cost_exchange_ratio``, ``cases[case=sweden_nato_cold_war].threshold``
  (``[k]`` indexes a list, ``[field=value]`` picks the one element of a list of
  objects whose ``field`` equals ``value``);
* when the command prints several objects, the path starts with the object's
  index: ``[1].threshold_premium``;
* the difference or quotient of two such paths, ``A - B`` or ``A / B``, when the
  value is one printed number less, or over, another.

Nothing here runs a command: :func:`documents` splits what it printed into
JSON objects, :func:`extract` reads the value.
"""

from __future__ import annotations

import json
import re
from typing import Any

_OPERATORS = (" - ", " / ")
_TOKEN = re.compile(r"\[(?P<bracket>[^\]]+)\]|(?P<name>[A-Za-z_][\w\-]*)|\.")


class ValueKeyError(ValueError):
    """A value key that does not name a number in the printed output."""


def documents(stdout: str) -> list[Any]:
    """The JSON values printed one after another on ``stdout`` (whitespace between)."""
    decoder = json.JSONDecoder()
    out, i, text = [], 0, stdout.strip()
    while i < len(text):
        value, end = decoder.raw_decode(text, i)
        out.append(value)
        i = end
        while i < len(text) and text[i].isspace():
            i += 1
    return out


def extract(docs: list[Any], key: str) -> float:
    """The number ``key`` names in the printed documents ``docs`` (see the module doc)."""
    for op in _OPERATORS:
        if op in key:
            left, right = (part.strip() for part in key.split(op, 1))
            a, b = extract(docs, left), extract(docs, right)
            if op == " - ":
                return a - b
            if b == 0:
                raise ValueKeyError(f"{key}: division by zero")
            return a / b
    value = _walk(docs, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueKeyError(f"{key}: names {value!r}, not a number")
    return float(value)


def _walk(docs: list[Any], key: str) -> Any:
    tokens = _tokens(key)
    if tokens and tokens[0][0] == "index" and len(docs) > 1:
        node: Any = docs[tokens[0][1]]
        tokens = tokens[1:]
    elif len(docs) == 1:
        node = docs[0]
    else:
        raise ValueKeyError(f"{key}: the command printed {len(docs)} objects; start with [k]")
    for kind, arg in tokens:
        node = _step(node, kind, arg, key)
    return node


def _tokens(key: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    for m in _TOKEN.finditer(key):
        if m.start() != pos:
            raise ValueKeyError(f"{key}: cannot read {key[pos : m.start()]!r}")
        pos = m.end()
        if m.group("name"):
            out.append(("name", m.group("name")))
        elif m.group("bracket") is not None:
            inner = m.group("bracket")
            if "=" in inner:
                field, _, wanted = inner.partition("=")
                out.append(("select", (field.strip(), wanted.strip())))
            elif inner.lstrip("-").isdigit():
                out.append(("index", int(inner)))
            else:
                raise ValueKeyError(f"{key}: [{inner}] is neither [k] nor [field=value]")
    if pos != len(key) or not out:
        raise ValueKeyError(f"{key}: not a value key")
    return out


def _step(node: Any, kind: str, arg: Any, key: str) -> Any:
    try:
        if kind == "name":
            return node[arg]
        if kind == "index":
            return node[arg]
    except (KeyError, IndexError, TypeError):
        raise ValueKeyError(f"{key}: no {arg!r} in the output") from None
    field, wanted = arg
    if not isinstance(node, list):
        raise ValueKeyError(f"{key}: [{field}={wanted}] needs a list")
    found = [x for x in node if isinstance(x, dict) and str(x.get(field)) == wanted]
    if len(found) != 1:
        raise ValueKeyError(f"{key}: {len(found)} elements with {field} = {wanted}")
    return found[0]
