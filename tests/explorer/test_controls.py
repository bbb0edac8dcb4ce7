"""The controls come from the declared schema: one per editable key, standard HTML inputs."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from deterrence.explorer import controls, state
from deterrence.models.schema import Choice, Key
from deterrence.runs.config import read_toml, shipped_configs

SHIPPED = sorted(p.stem for p in shipped_configs().glob("*.toml"))
INPUT_TYPES = {"number", "range"}


class Elements(HTMLParser):
    """Every element's tag and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def shipped_base(name: str) -> state.Base | None:
    raw = read_toml(shipped_configs() / f"{name}.toml")
    return state.base_from_raw(raw, name)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_editable_key_of_a_shipped_config_has_a_standard_control(name):
    base = shipped_base(name)
    found = elements(controls.controls_html(base, []))
    params = {a["data-param"] for _, a in found if "data-param" in a}
    assert params == set(base.keys)
    for tag, a in found:
        if "data-param" in a or "data-slider-for" in a:
            assert tag in ("input", "select"), a
            if tag == "input":
                assert a["type"] in INPUT_TYPES, a
    wrappers = {a["data-control"]: a for _, a in found if "data-control" in a}
    assert set(wrappers) == set(base.keys)
    assert all(a["data-kind"] in ("real", "interval", "choice", "list") for a in wrappers.values())


def test_the_default_config_has_sliders_sized_by_the_declared_spans():
    base = state.load_base("default")
    found = elements(controls.controls_html(base, []))
    stakes = next(a for _, a in found if a.get("data-slider-for") == "parameters.stakes")
    assert (float(stakes["min"]), float(stakes["max"])) == base.keys["parameters.stakes"].span
    q = [a for _, a in found if a.get("data-param") == "belief.q" and a.get("type") == "number"]
    assert {a["data-bound"]: a["value"] for a in q if a["data-bound"] in ("lo", "hi")} == {
        "lo": "0.2",
        "hi": "0.6",
    }
    forms = [a for t, a in found if t == "select" and a.get("data-param") == "belief.q"]
    assert [a["data-part"] for a in forms] == ["form"]
    endogenous = {
        a["data-control"]: "hidden" in a
        for _, a in found
        if a.get("data-applies-value") == "endogenous"
    }
    assert endogenous == {"belief.resolve_mean": True, "belief.resolve_sd": True}
    shown = elements(controls.controls_html(base, [("belief", "mode", "endogenous")]))
    assert not any(
        "hidden" in a for _, a in shown if "data-control" in a and "belief.r" in a["data-control"]
    )


def test_the_settings_of_the_address_fill_the_controls_and_the_config_stays_the_base():
    base = state.load_base("default")
    overrides = state.parse_settings(
        base, [("parameters.stakes", "6.25"), ("belief.q", "{ beta = [2.0, 5.0] }")]
    )
    found = elements(controls.controls_html(base, overrides))
    stakes = next(
        a for t, a in found if a.get("data-param") == "parameters.stakes" and a["type"] == "number"
    )
    assert (stakes["value"], stakes["data-base"]) == ("6.25", "4.0")
    form = next(a for t, a in found if a.get("data-part") == "form")
    assert form["data-base"] == "interval"
    chosen = [a for t, a in found if t == "option" and "selected" in a and a["value"] == "beta"]
    assert chosen
    shapes = [a["value"] for _, a in found if a.get("data-bound", "").startswith("beta.")]
    assert shapes[::2] == ["2.0", "5.0"]  # number inputs (each has a slider partner)


def test_text_in_the_schema_is_escaped():
    key = Key("y", Choice(("<b>",)), "<b>", 'a "doc" <script>')
    html = controls.control("x.y", key, "<b>", "<b>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and 'value="&lt;b&gt;"' in html


@pytest.mark.parametrize(
    ("width", "step"), [(10.0, 0.05), (1.0, 0.005), (199.0, 1.0), (0.0, 0.01), (200.0, 1.0)]
)
def test_slider_steps_are_round(width, step):
    assert controls.nice_step(width) == pytest.approx(step)
