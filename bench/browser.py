"""Chromium for benchmarks: Debian's binary, and byte counts from the DevTools protocol."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright browser on /usr/bin/chromium (never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def persistent(profile: Path, browser_type: Any = None) -> Iterator[Any]:
    """A persistent profile (keeps HTTP and wasm code caches between launches, unlike incognito).

    Inside a running ``chromium()`` pass its ``browser.browser_type`` (Playwright's sync API cannot nest).
    """
    if browser_type is not None:
        context = browser_type.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, viewport={"width": 1280, "height": 900}
        )
        try:
            yield context
        finally:
            context.close()
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, persistent(profile, playwright.chromium) as context:
        yield context


class ByteCounter:
    """Sums ``encodedDataLength`` (bytes on the wire) of every finished request of one page.

    ``workers=True`` counts the requests of the page's Web Workers too (the page's DevTools session does not
    see them): every request Playwright reports for the context, body as sent plus headers, read when
    :meth:`requested_by` asks (reading each one as it finished was a round trip to Playwright's driver per
    request, ~1-2 ms of CPU on the machine's two cores during the start-up being measured: the Playground
    page makes ~40 requests, bare Pyodide 6). Use it with one page per context.
    """

    def __init__(self, page: Any, *, workers: bool = False) -> None:
        self.total = 0
        self.by_url: dict[str, int] = {}
        self._urls: dict[str, str] = {}
        #: (when it was requested, epoch ms; bytes) of each finished request (workers=True).
        self.started: list[tuple[float, int]] = []
        self._unread: list[Any] = []  # finished requests whose sizes are not read yet (workers=True)
        if workers:
            page.context.on("requestfinished", self._keep)
            return
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.responseReceived", self._response)
        session.on("Network.loadingFinished", self._finished)
        self.session = session

    def _response(self, event: dict[str, Any]) -> None:
        self._urls[event["requestId"]] = event["response"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        size = int(event.get("encodedDataLength", 0))
        self.total += size
        url = self._urls.get(event["requestId"], "?")
        self.by_url[url] = self.by_url.get(url, 0) + size

    def requested_by(self, epoch_ms: float) -> int:
        """Bytes of the requests made by ``epoch_ms`` (workers=True), as a link's figure counts what it had
        carried by then: what the page asks for later is not counted, even if it finished before the read."""
        unread = list(self._unread)
        self._unread.clear()
        for request in unread:
            self._request(request)
        return sum(size for started, size in self.started if started <= epoch_ms)

    def _keep(self, request: Any) -> None:
        self._unread.append(request)  # a Python function: Playwright marks the handlers it is given

    def _request(self, request: Any) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # the context closed under us: the figure was read already
            return
        size = int(sizes.get("responseBodySize", 0)) + int(sizes.get("responseHeadersSize", 0))
        self.total += size
        self.started.append((float(request.timing.get("startTime", 0.0)), size))
        self.by_url[request.url] = self.by_url.get(request.url, 0) + size
