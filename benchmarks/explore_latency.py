"""How long the explorer takes to answer a change, per criterion, in a real browser.

A ``deterrence explore`` server and Debian's Chromium (Playwright); for each
criterion the stakes are typed into their control ``--changes`` times, each
change waited for before the next.  The page itself times each change, from
the input event to the outputs written into the page (and to the figure
shown), with ``performance.now()``; the median and the 90th percentile are
printed per criterion.  The first ``--warmup`` changes of each criterion are
not counted.  The issue asks for <= 300 ms to the outputs for the one-prior
criteria (expected, maxmin, alpha_maxmin).

Run by hand (note the load: the machine is shared):

    uptime; python benchmarks/explore_latency.py [--config configs/endogenous.toml]
        [--changes 15] [--screenshot docs/explorer.png]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deterrence.models.criteria import CRITERIA  # noqa: E402
from tests.explorer.browser import (  # noqa: E402
    chromium,
    explore_server,
    generation,
    missing_browser,
    wait_idle,
)

ROW = "{:16s} {:12.0f} ms {:4.0f} ms {:11.0f} ms {:4.0f} ms"
ONE_PRIOR = ("expected", "maxmin", "alpha_maxmin")
STAKES = 'input[type=number][data-param="parameters.stakes"]'
CRITERION = 'select[data-param="criterion.name"]'
SCREENSHOT_SETTINGS = "?parameters.stakes=3.5&belief.q=%5B0.25%2C+0.65%5D&criterion.name=maxmin"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(page, criterion: str, changes: int, warmup: int) -> tuple[list[float], list[float]]:
    """Milliseconds from each change to its outputs, and to its figure."""
    page.select_option(CRITERION, criterion)
    wait_idle(page)
    page.evaluate("window.explorer.timings.length = 0; window.explorer.figureTimings.length = 0")
    for i in range(warmup + changes):
        before = generation(page)
        page.fill(STAKES, f"{3.0 + 0.0371 * (i + 1):.4f}")  # a new value: never a cached solve
        wait_idle(page, after_generation=before)
    outputs = page.evaluate("window.explorer.timings.slice()")[warmup:]
    figures = page.evaluate("window.explorer.figureTimings.slice()")[warmup:]
    return outputs, figures


def screenshot(page, url: str, path: Path) -> None:
    page.set_viewport_size({"width": 1440, "height": 1100})
    page.goto(url + SCREENSHOT_SETTINGS)
    wait_idle(page, after_generation=0)
    page.locator('[data-section="belief"]').scroll_into_view_if_needed()
    page.screenshot(path=str(path))
    print(f"screenshot written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="configs/default.toml")
    parser.add_argument("--changes", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, metavar="PNG")
    args = parser.parse_args()
    why = missing_browser()
    if why:
        raise SystemExit(f"explore_latency: {why}")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; {args.config}")
    head = ("criterion", "outputs median", "p90", "figure median", "p90")
    print("{:16s} {:>15s} {:>7s} {:>14s} {:>7s}".format(*head))
    with explore_server(args.config) as url, chromium() as context:
        page = context.new_page()
        page.goto(url)
        wait_idle(page, after_generation=0)
        for criterion in CRITERIA:
            outputs, figures = measure(page, criterion, args.changes, args.warmup)
            mark = " (one prior: <= 300 ms asked)" if criterion in ONE_PRIOR else ""
            row = (statistics.median(outputs), percentile(outputs, 0.9))
            row += (statistics.median(figures), percentile(figures, 0.9))
            print(ROW.format(criterion, *row) + mark)
        if args.screenshot:
            screenshot(page, url, args.screenshot)


if __name__ == "__main__":
    main()
