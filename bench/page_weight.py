"""Page weight: bytes transferred for each notes page, against the same page of plain Material."""

from __future__ import annotations

from typing import Any

from bench.browser import ByteCounter
from bench.report import Figure, median
from bench.sites import NOTES_PAGES

RUNS = 5


def page_bytes(browser: Any, url: str) -> int:
    """Bytes on the wire to load ``url`` in a fresh context until the network is idle."""
    context = browser.new_context()
    page = context.new_page()
    counter = ByteCounter(page)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    total = counter.total
    context.close()
    return total


def measure(browser: Any, site_url: str, plain_url: str, runs: int = RUNS) -> list[Figure]:
    """One figure per notes page: median bytes over ``runs`` cold loads, interleaved with the baseline."""
    figures = []
    for path in NOTES_PAGES:
        ours: list[float] = []
        plain: list[float] = []
        for _ in range(runs):
            ours.append(page_bytes(browser, site_url + path) / 1024)
            plain.append(page_bytes(browser, plain_url + path) / 1024)
        figures.append(
            Figure(
                name=f"page weight /{path}",
                unit="KiB",
                value=median(ours),
                baseline=median(plain),
                baseline_name="plain Material",
                budget=1.10,
                samples=ours,
                baseline_samples=plain,
            )
        )
    return figures
