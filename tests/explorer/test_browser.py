"""End to end in a real browser: Debian's Chromium, driven by Playwright, on a server the
test starts with ``deterrence explore``.

The page's controls are set as a person would set them (typing into the number
inputs, choosing from the select, pressing arrow keys on a slider); the numbers
the page shows are compared with ``deterrence solve --json`` for the same
settings; an invalid interval must show the CLI's message beside the control
and leave the numbers alone; the downloaded TOML must reproduce the numbers;
and no request may leave the local server.  Skipped, with the reason, where
no browser is installed.
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit

import pytest

from tests.explorer.browser import (
    chromium,
    deterrence,
    explore_server,
    generation,
    missing_browser,
    shown_outputs,
    solve_json,
    wait_idle,
)

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))

CONFIG = "configs/default.toml"
SETTINGS = {"parameters.stakes": "5.5", "belief.q": "[0.3, 0.7]", "criterion.name": "smooth"}
SHOWN_DIGITS = 6  # the page shows 6 significant digits


@pytest.fixture(scope="module")
def url():
    with explore_server(CONFIG) as address:
        yield address


@pytest.fixture(scope="module")
def browser_context():
    """One Chromium for the module (Playwright's sync API allows one at a time)."""
    with chromium(accept_downloads=True, viewport={"width": 1400, "height": 1000}) as context:
        yield context


@pytest.fixture(scope="module")
def session(browser_context, url):
    """One page for the module's what-if tests, and every request it made."""
    requests: list[str] = []
    page = browser_context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    wait_idle(page, after_generation=0)
    yield page, requests
    page.close()


def param(name: str, bound: str | None = None) -> str:
    extra = f'[data-bound="{bound}"]' if bound else ""
    return f'[data-param="{name}"]{extra}:not([type=range])'


def assert_same_numbers(shown: dict, expected: dict) -> None:
    """Every output of the CLI is on the page, with the same value to the digits shown."""
    assert set(expected) <= set(shown), f"outputs missing on the page: {set(expected) - set(shown)}"
    for name, value in expected.items():
        text, exact = shown[name]
        if isinstance(value, float):
            assert text == f"{value:.{SHOWN_DIGITS}g}", name
            assert math.isclose(exact, value, rel_tol=1e-12, abs_tol=1e-15), name
        else:
            assert exact == value, name


def set_through_controls(page) -> None:
    """The loaded config (the Reset button), then SETTINGS typed and chosen."""
    page.click("[data-action=reset]")
    wait_idle(page)
    before = generation(page)
    page.fill(param("parameters.stakes"), "5.5")
    page.fill(param("belief.q", "lo"), "0.3")
    page.fill(param("belief.q", "hi"), "0.7")
    page.select_option(param("criterion.name"), "smooth")
    wait_idle(page, after_generation=before)


def test_controls_give_the_numbers_of_deterrence_solve(session):
    page, _ = session
    set_through_controls(page)
    assert_same_numbers(shown_outputs(page), solve_json(CONFIG, SETTINGS))
    assert page.get_attribute("#status", "data-state") == "ok"
    assert page.locator("#figure-img").get_attribute("src").startswith("data:image/svg+xml")


def test_an_invalid_interval_shows_the_cli_message_and_keeps_the_numbers(session):
    page, _ = session
    set_through_controls(page)
    before = shown_outputs(page)
    page.fill(param("belief.q", "lo"), "0.8")  # lo > hi = 0.7
    wait_idle(page)
    message = page.locator('[data-message-for="belief.q"]')
    assert message.is_visible()
    cli = deterrence("solve", CONFIG, "--set", "belief.q=[0.8, 0.7]", check=False)
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"deterrence solve: error: {message.text_content()}"
    assert shown_outputs(page) == before
    assert page.get_attribute("#status", "data-state") == "invalid"
    page.fill(param("belief.q", "lo"), "0.3")  # valid again: solved again
    wait_idle(page)
    assert not message.is_visible()
    assert page.get_attribute("#status", "data-state") == "ok"


def test_a_value_that_is_not_a_number_is_never_sent(session):
    page, requests = session
    sent = len(requests)
    page.fill(param("parameters.stakes"), "")
    wait_idle(page)
    assert page.locator('[data-message-for="parameters.stakes"]').is_visible()
    assert not [r for r in requests[sent:] if "/api/" in r]
    page.fill(param("parameters.stakes"), "5.5")
    wait_idle(page)


def test_the_downloaded_toml_reproduces_the_numbers(session, tmp_path):
    page, _ = session
    set_through_controls(page)
    shown = shown_outputs(page)
    with page.expect_download() as download:
        page.click("[data-action=download]")
    path = tmp_path / "explored.toml"
    download.value.save_as(path)
    assert_same_numbers(shown, solve_json(str(path), {}))
    run = deterrence("run", str(path), "--out", str(tmp_path / "run"), check=False)
    assert run.returncode == 0, run.stderr


def test_the_url_restores_the_settings(session):
    page, _ = session
    set_through_controls(page)
    shown = shown_outputs(page)
    page.reload()
    wait_idle(page, after_generation=0)
    assert page.input_value(param("parameters.stakes")) == "5.5"
    assert page.input_value(param("belief.q", "hi")) == "0.7"
    assert page.input_value(param("criterion.name")) == "smooth"
    assert shown_outputs(page) == shown


def test_a_slider_moves_by_keyboard(session):
    page, _ = session
    set_through_controls(page)
    before = generation(page)
    page.focus('input[type=range][data-slider-for="parameters.interoperability"]')
    page.keyboard.press("ArrowLeft")
    wait_idle(page, after_generation=before)
    value = page.input_value(param("parameters.interoperability"))
    assert float(value) < 0.8
    expected = solve_json(CONFIG, {**SETTINGS, "parameters.interoperability": value})
    assert_same_numbers(shown_outputs(page), expected)


def test_no_request_left_the_local_server(session, url):
    _, requests = session
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    assert requests, "the page made no request at all"
    outside = [r for r in requests if not (r.startswith(origin + "/") or r.startswith("data:"))]
    assert not outside, outside


def test_switching_the_belief_mode_shows_its_own_controls(session):
    page, _ = session
    set_through_controls(page)
    before = generation(page)
    page.select_option(param("belief.mode"), "endogenous")
    wait_idle(page, after_generation=before)
    assert page.locator('[data-control="belief.q"]').is_hidden()
    assert page.locator('[data-control="belief.resolve_mean"]').is_visible()
    before = generation(page)
    page.fill(param("belief.resolve_mean", "hi"), "0.25")
    wait_idle(page, after_generation=before)
    expected = solve_json(
        CONFIG,
        {
            "parameters.stakes": "5.5",
            "criterion.name": "smooth",
            "belief.mode": "endogenous",
            "belief.resolve_mean": "[0.0, 0.25]",
        },
    )
    assert_same_numbers(shown_outputs(page), expected)
    assert page.locator("#notice").is_hidden()  # no warning about the q left behind
    page.select_option(param("belief.mode"), "exogenous")
    wait_idle(page)


SMALL_SWEEP = """
[model]
name = "intervention"
[belief]
q = [0.2, 0.6]
[sweep]
design = "grid"
[sweep.axes]
"belief.q_width" = { linspace = [0.0, 0.4, 5] }
"criterion.name" = ["expected", "maxmin"]
"""


def test_the_sweep_view_plots_the_columns_chosen(browser_context, tmp_path):
    config = tmp_path / "small.toml"
    config.write_text(SMALL_SWEEP, encoding="utf-8")
    deterrence("sweep", str(config), "--out", str(tmp_path / "results"))
    with explore_server(str(tmp_path / "results")) as url:
        page = browser_context.new_page()
        page.goto(url)
        wait_idle(page, after_generation=0)
        assert page.input_value('[data-plot="x"]') == "belief.q_width"
        assert page.input_value('[data-plot="by"]') == "criterion.name"
        assert page.locator("#plot-img").get_attribute("src").startswith("data:image/svg+xml")
        page.select_option('[data-plot="by"]', "")  # two rows per x: deterrence plot refuses
        wait_idle(page)
        message = page.locator("#plot-message")
        assert message.is_visible() and "several rows share" in message.text_content()
        before = generation(page)
        page.select_option('[data-plot="by"]', "criterion.name")
        page.select_option('[data-plot="z"]', "force_requirement")
        wait_idle(page, after_generation=before)
        assert message.is_hidden()
        assert "--z force_requirement" in page.text_content("#cli")
        page.click("nav a[href='/']")  # the what-if page, on the sweep's config
        wait_idle(page, after_generation=0)
        assert page.get_attribute("#status", "data-state") == "ok"
        page.close()
