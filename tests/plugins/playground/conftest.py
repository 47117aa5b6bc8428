"""Helpers for the playground's browser tests: open the page, wait for the simulator, run a line."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

READY_TIMEOUT_MS = 90_000
# Pyodide in Chromium is slow on a busy machine; assertions wait longer than Playwright's 5 s default.
expect.set_options(timeout=20_000)


class Term:
    """One terminal on the page (the Playground's or a Try it panel's), driven through its input."""

    def __init__(self, page: object, root: object) -> None:
        self.page = page
        self.root = root
        self.input = root.locator(".dnp-term__input")  # type: ignore[attr-defined]
        self.output = root.locator(".dnp-term__output")  # type: ignore[attr-defined]

    def runs(self) -> int:
        return int(self.root.get_attribute("data-runs") or 0)  # type: ignore[attr-defined]

    def enter(self, timeout: float = 30_000) -> str:
        """Press Enter on the current input; wait for the command to finish; return the new output text."""
        before_runs = self.runs()
        before = self.output.inner_text()
        self.input.press("Enter")
        self.page.wait_for_function(  # type: ignore[attr-defined]
            "([el, n]) => Number(el.dataset.runs || 0) > n",
            arg=[self.root.element_handle(), before_runs],  # type: ignore[attr-defined]
            timeout=timeout,
        )
        after = self.output.inner_text()
        return after[len(before) :] if after.startswith(before) else after

    def run(self, line: str, timeout: float = 30_000) -> str:
        """Type a line and run it."""
        self.input.fill(line)
        return self.enter(timeout)


def wait_ready(page: object, timeout: float = READY_TIMEOUT_MS) -> None:
    """Wait until the shared client has started the simulator (or failed)."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.__dockerNotesPlayground && ['ready', 'failed'].includes(window.__dockerNotesPlayground.status)",
        timeout=timeout,
    )
    status = page.evaluate("() => [window.__dockerNotesPlayground.status, window.__dockerNotesPlayground.error]")  # type: ignore[attr-defined]
    assert status[0] == "ready", f"the playground did not start: {status[1]}"


def open_playground(page: object, site_url: str, suffix: str = "") -> Term:
    """Open the Playground page, click into the terminal, wait for the simulator."""
    page.goto(site_url + "playground/" + suffix)  # type: ignore[attr-defined]
    term = Term(page, page.locator("[data-dnp-terminal=main]"))  # type: ignore[attr-defined]
    term.input.click()
    wait_ready(page)
    return term


@pytest.fixture
def wasm_requests(page: object) -> list[str]:
    """URLs of every pyodide.asm.wasm request of the test's page (the worker's included)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if "pyodide.asm.wasm" in request.url else None)  # type: ignore[attr-defined]
    return seen
