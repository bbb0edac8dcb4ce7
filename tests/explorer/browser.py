"""Helpers shared by the explorer's browser tests and benchmarks/explore_latency.py.

A real ``deterrence explore`` server in a subprocess, and Debian's Chromium
driven by Playwright for Python through ``executable_path`` (never a
downloaded browser).  The page's Content-Security-Policy forbids ``eval``,
which Playwright's ``wait_for_function`` uses, so waiting polls with
``evaluate`` instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
# Debian's Chromium as root, offline: no sandbox, no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
URL_LINE = re.compile(r"serving (http://\S+)")
START_TIMEOUT = 120.0  # s: a cold start compiles the kernels


def chromium_path() -> str | None:
    """The system Chromium, or None."""
    given = os.environ.get("DETERRENCE_CHROMIUM")
    for candidate in (given, *CHROMIUM_CANDIDATES):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def missing_browser() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install '.[test]')"
    if chromium_path() is None:
        return "no Chromium here (Debian: apt-get install -y chromium)"
    return None


def deterrence(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m deterrence ARGS`` in the repository, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "deterrence", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
    )


def solve_json(config: str, settings: dict[str, str]) -> dict:
    """``deterrence solve CONFIG --set K=V ... --json``."""
    sets = [a for k, v in settings.items() for a in ("--set", f"{k}={v}")]
    return json.loads(deterrence("solve", config, *sets, "--json").stdout)


@contextmanager
def explore_server(*args: str) -> Iterator[str]:
    """``deterrence explore ARGS --no-browser`` in a subprocess; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "deterrence", "explore", *args, "--no-browser"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if URL_LINE.search(line):
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not found.wait(START_TIMEOUT):
            process.kill()
            raise RuntimeError(
                f"deterrence explore did not start: {''.join(lines)} {process.stderr.read()}"
            )
        url = next(URL_LINE.search(line).group(1) for line in lines if URL_LINE.search(line))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chromium(**context_options) -> Iterator:
    """A Playwright browser context on the system Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**context_options)
            yield context
        finally:
            browser.close()


def wait_until(page, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression until it is true (no ``eval``: the page's CSP forbids it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        time.sleep(0.02)
    raise TimeoutError(f"still false after {timeout} s: {expression}")


def wait_idle(page, after_generation: int | None = None) -> None:
    """Until the page has answered every change (and, if given, solved past a generation)."""
    condition = "window.explorer !== undefined && window.explorer.idle()"
    if after_generation is not None:
        condition += f" && window.explorer.generation() > {after_generation}"
    wait_until(page, condition)


def generation(page) -> int:
    return page.evaluate("window.explorer.generation()")


def shown_outputs(page) -> dict[str, tuple[str, object]]:
    """Every output on the page: name -> (text shown, exact value)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-output]')].map(
            el => [el.dataset.output, [el.textContent, JSON.parse(el.dataset.value)]]))"""
    )
