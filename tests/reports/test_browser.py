"""Reports rendered in headless Chromium: every image loads and no request leaves the file.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and Playwright for Python
(the ``test`` extra), which drives that browser; Playwright's own browser
download is never used.  Skips with a message where either is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (pip install '.[test]')",
    )
    executable = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if not executable:
        pytest.skip("no Chromium at /usr/bin/chromium (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(executable), args=FLAGS)
        yield launched
        launched.close()


def render(browser, html: Path, tmp_path: Path) -> tuple[list[str], list[list], str]:
    """Open the page; return the requests it made, its images' (loaded, width), its title."""
    page = browser.new_page()
    requests: list[str] = []

    def record(route):
        requests.append(route.request.url)
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()  # never reach the network, whatever the page asks

    page.route("**/*", record)
    page.goto(html.resolve().as_uri())
    page.wait_for_load_state("load")
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
    )
    page.screenshot(path=str(tmp_path / f"{html.parent.name}.png"), full_page=True)
    title = page.title()
    page.close()
    return requests, images, title


@pytest.mark.parametrize("kind", ["run", "sweep", "cases"])
def test_report_renders_offline_with_every_image(browser, folders, kind, tmp_path):
    html = folders[kind] / "report.html"
    requests, images, title = render(browser, html, tmp_path)
    assert requests == [html.resolve().as_uri()]  # the file itself, nothing else
    assert images and all(done and width > 100 and height > 100 for done, width, height in images)
    assert title.endswith("deterrence report")
