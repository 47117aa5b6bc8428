"""Helpers for the playground's browser tests: open the page, wait for the simulator, run a line, and one
started Playground page shared by the tests of a module that only need a ready terminal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.conftest import RequestLog

READY_TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1280, "height": 900}
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


class SharedPlayground:
    """One started Playground page (its own context), with what it has requested and the errors it raised."""

    def __init__(self, page: object, term: Term, log: RequestLog, errors: list[str]) -> None:
        self.page, self.term, self.log, self.errors = page, term, log, errors


@pytest.fixture(scope="module")
def shared_playground(browser: object, site_url: str) -> Iterator[SharedPlayground]:
    """The Playground page, started once for the tests of a module that use ``ready_term``: a simulator
    start costs some 4 CPU seconds, and those tests are about what the terminal does once it runs."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")  # type: ignore[attr-defined]
    page = context.new_page()
    log, errors = RequestLog(), []
    page.on("request", lambda req: log.urls.append(req.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    term = open_playground(page, site_url)
    yield SharedPlayground(page, term, log, errors)
    context.close()


#: Brings the shared page's simulator back to a clean engine and an empty folder (the worker's own reset
#: message, as loading a share link does) and waits until the page has taken the reply in.
RESET = """async () => {
  const client = window.__dockerNotesPlayground;
  await client.request("reset", { state: null });
  await client.whenIdle();
}"""


@pytest.fixture
def ready_term(shared_playground: SharedPlayground) -> Iterator[Term]:
    """The module's started Playground terminal for one test: a clean engine, an empty folder and output, the
    default viewport and colours. Fails the test if the page raised an error or a request left the site
    meanwhile, as the ``page`` fixture does."""
    shared = shared_playground
    page, term = shared.page, shared.term
    page.set_viewport_size(VIEWPORT)  # type: ignore[attr-defined]
    page.emulate_media(color_scheme="light")  # type: ignore[attr-defined]
    wait_ready(page)  # a test before may have restarted the worker
    page.evaluate(RESET)  # type: ignore[attr-defined]
    term.input.fill("")
    term.input.press("Control+l")  # the terminal's own clear
    expect(term.output).to_be_empty()
    errors, requests = len(shared.errors), len(shared.log.urls)
    yield term
    offsite = RequestLog()
    offsite.urls = shared.log.urls[requests:]
    assert not offsite.offsite(), f"requests left the site: {offsite.offsite()}"
    assert not shared.errors[errors:], f"uncaught page errors: {shared.errors[errors:]}"
