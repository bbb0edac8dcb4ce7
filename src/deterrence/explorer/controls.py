"""The page's controls, generated from the loaded model's declared schema.

Every editable key (``state.editable_keys``) becomes one ``div.control`` whose
inputs are standard HTML: ``input type=number`` (with a ``range`` slider
beside it where the key has a plausible span) and ``select``.  The element
that holds a value carries ``data-param`` with the key's dotted ``--set``
name, plus ``data-bound="lo"|"hi"`` for the ends of an interval,
``data-bound="beta.0"|"beta.1"`` for a Beta's shapes and ``data-index`` for
an element of a list; ``data-base`` holds the loaded config's value, so the
page sends (and its URL holds) only what differs from it.  The wrapper's
``data-kind`` (``real``, ``interval``, ``choice``, ``list``) tells the page's
script how to write the control's value as a TOML literal.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from deterrence.explorer.state import Base, Override, merged_config
from deterrence.models.schema import AnyOf, Choice, Interval, Key, Real, RealList, Table, is_number
from deterrence.models.sections import interval

SLIDER_STEPS = 200  # a slider moves in about this many steps across its range
UNIT_BOUNDS = ("unit", "open_unit", "half_open_unit")


def attrs(**values: Any) -> str:
    """HTML attributes (``data_param`` -> ``data-param``); None and False are left out."""
    out = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        out.append(name if value is True else f'{name}="{escape(str(value))}"')
    return " ".join(out)


def number_text(value: Any) -> str:
    """A number as an input's value (``repr`` keeps every digit); anything else as text."""
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


def nice_step(width: float) -> float:
    """A round slider step giving about SLIDER_STEPS steps over ``width``."""
    if not width > 0:
        return 0.01
    raw = width / SLIDER_STEPS
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def slider_range(key: Key, kind: Real, values: list[float]) -> tuple[float, float] | None:
    """The slider's range: the key's span, or [0, 1] for a probability, widened to
    hold the current values; None where neither is known."""
    if key.span is not None:
        lo, hi = key.span
    elif kind.bound in UNIT_BOUNDS:
        lo, hi = 0.0, 1.0
    else:
        return None
    finite = [v for v in values if is_number(v) and math.isfinite(v)]
    return min([lo, *finite]), max([hi, *finite])


def number_limits(kind: Real) -> dict[str, Any]:
    """``min``/``max`` attributes for the closed ends of a kind's bound."""
    limits: dict[str, Any] = {}
    if kind.bound in ("nonnegative", "unit"):
        limits["min"] = 0
    if kind.bound == "unit":
        limits["max"] = 1
    if kind.high is not None:
        limits["max"] = kind.high
    return limits


def value_inputs(
    dotted: str,
    kind: Real,
    key: Key,
    value: Any,
    base: Any,
    label: str,
    **extra: Any,
) -> str:
    """One number input, with a slider bound to it where a range is known."""
    number = attrs(
        type="number",
        id="-".join(["c", dotted, *(str(v) for v in extra.values())]),
        data_param=dotted,
        value=number_text(value),
        data_base=number_text(base),
        step=1 if kind.integer else "any",
        aria_label=label,
        **number_limits(kind),
        **{f"data_{k}": v for k, v in extra.items()},
    )
    span = slider_range(key, kind, [value])
    slider = ""
    if span is not None:
        lo, hi = span
        step = 1 if kind.integer else nice_step(hi - lo)
        slider = (
            "<input "
            + attrs(
                type="range",
                min=number_text(float(lo)),
                max=number_text(float(hi)),
                step=number_text(float(step)),
                value=number_text(value),
                data_slider_for=dotted,
                aria_label=f"{label} (slider)",
                **{f"data_{k}": v for k, v in extra.items()},
            )
            + ">"
        )
    return f'<span class="pair">{slider}<input {number}></span>'


def _interval_inputs(dotted: str, key: Key, element: Real, value: Any, base: Any) -> str:
    fallback = key.default if _is_interval_value(key.default) else None
    lo, hi = interval(value if _is_interval_value(value) else fallback or [None, None])
    base_lo, base_hi = interval(base if _is_interval_value(base) else fallback or [None, None])
    return (
        '<span class="bound">lo</span>'
        + value_inputs(dotted, element, key, lo, base_lo, f"{dotted} lower end", bound="lo")
        + '<span class="bound">hi</span>'
        + value_inputs(dotted, element, key, hi, base_hi, f"{dotted} upper end", bound="hi")
    )


def _is_interval_value(value: Any) -> bool:
    return is_number(value) or (
        isinstance(value, list) and len(value) == 2 and all(is_number(v) for v in value)
    )


def _table_inputs(dotted: str, key: Key, table: Table, value: Any, base: Any) -> str:
    """The inputs of an inline table of fixed-length lists (``{ beta = [a, b] }``)."""
    parts = []
    for inner in table.keys:
        kind = inner.kind
        length = kind.length if isinstance(kind, RealList) and kind.length else 1
        now = value.get(inner.name) if isinstance(value, dict) else inner.default
        then = base.get(inner.name) if isinstance(base, dict) else inner.default
        for i in range(length):
            element = kind.element if isinstance(kind, RealList) else kind
            v = now[i] if isinstance(now, list) and i < len(now) else None
            b = then[i] if isinstance(then, list) and i < len(then) else None
            parts.append(
                f'<span class="bound">{escape(inner.name)} {"ab"[i] if length == 2 else i}</span>'
                + value_inputs(
                    dotted,
                    element,
                    key,
                    v,
                    b,
                    f"{dotted} {inner.name} {i}",
                    bound=f"{inner.name}.{i}",
                )
            )
    return "".join(parts)


def _form_of(value: Any, tables: list[Table]) -> str:
    if isinstance(value, dict):
        for table in tables:
            if set(value) == {k.name for k in table.keys}:
                return table.keys[0].name
    return "interval"


def any_of_inputs(dotted: str, key: Key, value: Any, base: Any) -> str:
    """A value that is a point, an interval or an inline table: a form select and the
    inputs of each form (only the chosen form's are shown)."""
    kinds = key.kind.kinds
    tables = [k for k in kinds if isinstance(k, Table)]
    element = next(
        (k.element for k in kinds if isinstance(k, Interval)),
        next((k for k in kinds if isinstance(k, Real)), Real()),
    )
    form, base_form = _form_of(value, tables), _form_of(base, tables)
    options = [("interval", "point or interval (a point when lo = hi)")]
    options += [(t.keys[0].name, f"{t.keys[0].name}: {t.keys[0].doc}") for t in tables]
    select = _select(dotted, options, form, base_form, f"{dotted} form", part="form")
    groups = [_group("interval", form, _interval_inputs(dotted, key, element, value, base))]
    for table in tables:
        name = table.keys[0].name
        groups.append(_group(name, form, _table_inputs(dotted, key, table, value, base)))
    return select + "".join(groups)


def _group(name: str, chosen: str, body: str) -> str:
    return (
        f"<span {attrs(class_='form-group', data_form=name, hidden=name != chosen)}>{body}</span>"
    )


def _select(
    dotted: str, options: list[tuple[str, str]], value: Any, base: Any, label: str, **extra: Any
) -> str:
    items = "".join(
        f"<option {attrs(value=name, selected=name == value)}>{escape(text)}</option>"
        for name, text in options
    )
    head = attrs(
        id=f"c-{dotted}" + ("-" + "-".join(extra.values()) if extra else ""),
        data_param=dotted,
        data_base=base,
        aria_label=label,
        **{f"data_{k}": v for k, v in extra.items()},
    )
    return f"<select {head}>{items}</select>"


def control(dotted: str, key: Key, value: Any, base: Any, hidden: bool = False) -> str:
    """One key's control: its label, inputs, a place for its message, its meaning
    (``hidden`` when it does not apply to the current settings)."""
    kind = key.kind
    if isinstance(kind, Choice):
        body, what = _select(dotted, [(o, o) for o in kind.options], value, base, dotted), "choice"
    elif isinstance(kind, Real):
        body, what = value_inputs(dotted, kind, key, value, base, dotted), "real"
    elif isinstance(kind, Interval):
        body, what = _interval_inputs(dotted, key, kind.element, value, base), "interval"
    elif isinstance(kind, AnyOf):
        body, what = any_of_inputs(dotted, key, value, base), "interval"
    else:  # RealList: one input per element, as many as the config gives
        items = value if isinstance(value, list) else []
        bases = base if isinstance(base, list) else []
        body = "".join(
            value_inputs(
                dotted,
                kind.element,
                key,
                v,
                bases[i] if i < len(bases) else None,
                f"{dotted} {i}",
                index=i,
            )
            for i, v in enumerate(items)
        )
        what = "list"
    when = key.applies_when
    section = dotted.split(".")[0]
    wrapper = attrs(
        class_="control",
        data_control=dotted,
        data_kind=what,
        data_applies_key=f"{section}.{when[0]}" if when else None,
        data_applies_value=when[1] if when else None,
        hidden=hidden,
    )
    symbol = f'<span class="symbol">{escape(key.symbol)}</span> ' if key.symbol else ""
    return (
        f"<div {wrapper}>"
        f'<span class="label">{symbol}<span class="key">{escape(dotted)}</span></span>'
        f'<div class="inputs">{body}</div>'
        f"<div {attrs(class_='message', data_message_for=dotted, role='alert', hidden=True)}></div>"
        f'<div class="doc">{escape(key.doc)}; {escape(key.allowed())}</div>'
        "</div>"
    )


def current_values(base: Base, overrides: list[Override]) -> dict[str, Any]:
    """Dotted key -> the value a control shows: the override, the config's, or the default."""
    merged = merged_config(base, overrides)
    out = {}
    for dotted, key in base.keys.items():
        section, _, name = dotted.partition(".")
        body = merged.get(section, {})
        out[dotted] = body.get(name, key.default) if isinstance(body, dict) else key.default
    return out


def applies(section: str, key: Key, values: dict[str, Any]) -> bool:
    """Whether a key applies under the current values (``applies_when``)."""
    if key.applies_when is None:
        return True
    other, wanted = key.applies_when
    governing = f"{section}.{other}"
    return governing not in values or values[governing] == wanted


def controls_html(base: Base, overrides: list[Override]) -> str:
    """Every section's controls, in the schema's order."""
    now = current_values(base, overrides)
    then = current_values(base, [])
    parts = []
    for section in base.family.schema.sections:
        keys = [k for k in section.keys if f"{section.name}.{k.name}" in base.keys]
        if not keys:
            continue
        inner = "".join(
            control(
                f"{section.name}.{k.name}",
                k,
                now[f"{section.name}.{k.name}"],
                then[f"{section.name}.{k.name}"],
                hidden=not applies(section.name, k, now),
            )
            for k in keys
        )
        parts.append(
            f"<fieldset {attrs(class_='section', data_section=section.name)}>"
            f"<legend>[{escape(section.name)}]</legend>"
            f'<p class="doc">{escape(section.doc)}</p>{inner}</fieldset>'
        )
    return "".join(parts)
