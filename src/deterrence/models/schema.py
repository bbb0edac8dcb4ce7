"""Declared config schemas: what each model's config may hold, and what is allowed.

Every model family declares its sections beside the model (``models/<family>/schema.py``),
as EMA Workbench declares its uncertainties: a :class:`Schema` of
:class:`Section` objects, each a list of :class:`Key` objects with a kind, a
default, a symbol and a one-line meaning.  One validator (``runs.validate``)
checks any config against the declaration, and ``deterrence models``, the
explorer's controls and every error message read the same declaration.

A kind checks one raw TOML value and returns it normalised (a float for a
number, a list for an interval), or raises :class:`InvalidValue` with a
message of the form ``got X; must be ...``.  Model builders raise
:class:`InvalidValue` with a dotted key for checks that involve several keys
(``k_I >= k_N``).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

SHOW_LIMIT = 60  # characters of a rejected value echoed in a message


class InvalidValue(ValueError):
    """A value a schema or a model builder rejects.

    ``key`` is the dotted key at fault ("" when the kind checks a value on its
    own and the caller knows the key); ``message`` says what is wrong and what
    is allowed.
    """

    def __init__(self, message: str, key: str = "") -> None:
        self.key, self.message = key, message
        super().__init__(f"{key}: {message}" if key else message)


def show(value: Any) -> str:
    """A value as a user wrote it, cut to :data:`SHOW_LIMIT` characters."""
    if isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = str(value)
    text = " ".join(text.split())
    if len(text) > SHOW_LIMIT:
        text = text[: SHOW_LIMIT - 12] + f"... ({len(text):,} chars)"
    return text


def suggest(word: str, allowed: list[str]) -> str:
    """``unknown key; did you mean 'x'? (allowed: ...)``."""
    close = difflib.get_close_matches(str(word), allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key{hint} (allowed: {', '.join(allowed)})"


def is_number(value: Any) -> bool:
    """An int or a float, not a bool (TOML's true/false are not numbers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------------------- kinds
BOUNDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "finite": ("a finite number", lambda v: v == v),
    "positive": ("a finite number > 0", lambda v: v > 0),
    "nonnegative": ("a finite number >= 0", lambda v: v >= 0),
    "unit": ("a number in [0, 1]", lambda v: (v >= 0) & (v <= 1)),
    "open_unit": ("a number in (0, 1)", lambda v: (v > 0) & (v < 1)),
    "half_open_unit": ("a number in (0, 1]", lambda v: (v > 0) & (v <= 1)),
}


@dataclass(frozen=True)
class Real:
    """A finite number within a bound (``BOUNDS``), optionally capped above by ``high``."""

    bound: str = "finite"
    high: float | None = None
    integer: bool = False

    def describe(self) -> str:
        text = "a whole number" if self.integer else BOUNDS[self.bound][0]
        if self.integer and self.bound != "finite":
            text += " " + BOUNDS[self.bound][0].split(" number ", 1)[-1]
        if self.high is not None:
            text += f" and <= {self.high:g}"
        return text

    def check(self, value: Any) -> float | int:
        if not is_number(value) or not math.isfinite(value) or not self.accepts(float(value)):
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        if self.integer:
            if not float(value).is_integer():
                raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
            return int(value)
        return float(value)

    def accepts(self, value):
        """Whether each value is allowed (numbers or float arrays)."""
        v = np.asarray(value, dtype=float)
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(v) & BOUNDS[self.bound][1](v)
            if self.high is not None:
                ok &= v <= self.high
        return ok if ok.ndim else bool(ok)


@dataclass(frozen=True)
class Interval:
    """A number (a point) or ``[lo, hi]`` with lo <= hi, each element of ``element``."""

    element: Real = field(default_factory=Real)

    def describe(self) -> str:
        return f"a number or an interval [lo, hi], each {self.element.describe()}"

    def check(self, value: Any) -> float | list[float]:
        if is_number(value):
            return self.element.check(value)
        if not isinstance(value, list) or len(value) != 2:
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        lo, hi = (self.element.check(v) for v in value)
        if lo > hi:
            raise InvalidValue(f"got [{lo:g}, {hi:g}]; the interval needs lo <= hi")
        return [lo, hi]


@dataclass(frozen=True)
class Choice:
    """One of a fixed list of names."""

    options: tuple[str, ...]

    def describe(self) -> str:
        return "one of " + ", ".join(self.options)

    def check(self, value: Any) -> str:
        if value not in self.options:
            close = difflib.get_close_matches(str(value), self.options, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise InvalidValue(f"got {show(value)}{hint} (allowed: {', '.join(self.options)})")
        return value


@dataclass(frozen=True)
class Text:
    """A string."""

    def describe(self) -> str:
        return "a text in quotes"

    def check(self, value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        return value


@dataclass(frozen=True)
class RealList:
    """A non-empty list of numbers, each of kind ``element``."""

    element: Real = field(default_factory=Real)
    distinct: bool = False
    length: int | None = None  # exactly this many, when given

    def describe(self) -> str:
        extra = ", no value repeated" if self.distinct else ""
        count = f"a list of {self.length} numbers" if self.length else "a non-empty list of numbers"
        return f"{count}, each {self.element.describe()}{extra}"

    def check(self, value: Any) -> list[float]:
        if not isinstance(value, list) or not value or (self.length and len(value) != self.length):
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        try:
            out = [self.element.check(v) for v in value]
        except InvalidValue:
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}") from None
        if self.distinct and len(set(out)) != len(out):
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        return out


@dataclass(frozen=True)
class TextList:
    """A non-empty list of names."""

    distinct: bool = True

    def describe(self) -> str:
        return "a non-empty list of distinct names in quotes"

    def check(self, value: Any) -> list[str]:
        ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        if not ok or (self.distinct and len(set(value)) != len(value)):
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        return list(value)


@dataclass(frozen=True)
class Table:
    """An inline table with exactly the given keys, e.g. ``{ beta = [a, b] }``."""

    keys: tuple[Key, ...]

    def describe(self) -> str:
        inner = ", ".join(f"{k.name} = {k.kind.describe()}" for k in self.keys)
        return f"a table {{ {inner} }}"

    def check(self, value: Any) -> dict[str, Any]:
        names = [k.name for k in self.keys]
        if not isinstance(value, dict) or set(value) != set(names):
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        return {k.name: k.kind.check(value[k.name]) for k in self.keys}


@dataclass(frozen=True)
class AnyOf:
    """The first of several kinds that accepts the value."""

    kinds: tuple[Any, ...]
    description: str

    def describe(self) -> str:
        return self.description

    def check(self, value: Any) -> Any:
        errors = []
        for kind in self.kinds:
            try:
                return kind.check(value)
            except InvalidValue as err:
                errors.append(err)
        for err in errors:  # a reversed interval says so, rather than listing every form
            if "lo <= hi" in err.message:
                raise err
        raise InvalidValue(f"got {show(value)}; must be {self.description}")


@dataclass(frozen=True)
class Tables:
    """A list of tables (``[[section.key]]``), each checked key by key."""

    keys: tuple[Key, ...]
    max_items: int = 10_000

    def describe(self) -> str:
        required = ", ".join(k.name for k in self.keys if k.required)
        return f"a list of tables (each needs {required})"

    def check(self, value: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise InvalidValue(f"got {show(value)}; must be {self.describe()}")
        if len(value) > self.max_items:
            raise InvalidValue(f"got {len(value):,} tables; at most {self.max_items:,}")
        return [self.check_item(k, item) for k, item in enumerate(value)]

    def check_item(self, index: int, item: dict[str, Any]) -> dict[str, Any]:
        known = {k.name: k for k in self.keys}
        out = {}
        for name, raw in item.items():
            if name not in known:
                raise InvalidValue(suggest(name, list(known)), f"[{index}].{name}")
            try:
                out[name] = known[name].kind.check(raw)
            except InvalidValue as err:
                raise InvalidValue(err.message, f"[{index}].{name}") from None
        for key in self.keys:
            if key.required and key.name not in out:
                raise InvalidValue(
                    f"missing; each needs {key.kind.describe()}", f"[{index}].{key.name}"
                )
            out.setdefault(key.name, key.default)
        return out


# ------------------------------------------------------------------- declarations
@dataclass(frozen=True)
class Key:
    """One config key.

    ``applies_when`` = (key, value) makes the key relevant only when another key
    of the same section has that value (``belief.q`` when ``belief.mode`` is
    exogenous); given otherwise, it is checked, kept and reported as ignored.
    ``span`` is a plausible range for sliders and sensitivity studies, not a limit.
    """

    name: str
    kind: Any
    default: Any
    doc: str
    symbol: str = ""
    unit: str = ""
    required: bool = False
    applies_when: tuple[str, str] | None = None
    span: tuple[float, float] | None = None

    def allowed(self) -> str:
        return self.kind.describe()


@dataclass(frozen=True)
class Section:
    """A config section ``[name]``: its keys, and whether a config must give it."""

    name: str
    keys: tuple[Key, ...]
    doc: str = ""
    required: bool = False
    aliases: Mapping[str, str] = field(default_factory=dict)  # key -> "section.key" it moves to

    def key(self, name: str) -> Key:
        for k in self.keys:
            if k.name == name:
                return k
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [k.name for k in self.keys]

    def defaults(self) -> dict[str, Any]:
        return {k.name: k.default for k in self.keys if not k.required}


@dataclass(frozen=True)
class Schema:
    """The sections of one model's config, in the order docs list them."""

    sections: tuple[Section, ...]

    def section(self, name: str) -> Section:
        for s in self.sections:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sections]

    def key(self, dotted: str) -> Key:
        section, _, name = dotted.partition(".")
        return self.section(section).key(name)

    def keys(self) -> list[str]:
        """Every dotted key, in declaration order."""
        return [f"{s.name}.{k.name}" for s in self.sections for k in s.keys]
