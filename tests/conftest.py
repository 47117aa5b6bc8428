"""Shared fixtures: the built site, a local HTTP server for it, and Chromium driven by Playwright."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.browser import ARGS as CHROMIUM_ARGS
from bench.browser import CHROMIUM as BENCH_CHROMIUM

# Prints "fuzz: <surface> <n> cases, …" at the end of the run (tests/hardening/fuzz_accounting.py).
pytest_plugins = ["tests.hardening.fuzz_accounting"]

ROOT = Path(__file__).resolve().parent.parent
# One definition of the browser and its flags, shared with the benchmarks.
CHROMIUM = Path(BENCH_CHROMIUM)


@pytest.fixture(scope="session")
def site_port() -> int:
    """A free port on 127.0.0.1 for the test server, known before the build.

    Material's instant navigation only takes over links within ``site_url``, so the site is built
    for the exact origin it is served from.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The site built once per test session with ``mkdocs build --strict`` (or ``$DOCS_SITE_DIR``)."""
    prebuilt = os.environ.get("DOCS_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{site_port}/"},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    (target / ".build-log.txt").write_text(result.stderr, encoding="utf-8")
    return target


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler with the MIME types a Pyodide site needs, and no access log noise."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent; pytest shows failures, not access logs."""


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int) -> Iterator[str]:
    """Base URL of the built site served on 127.0.0.1 (the port it was built for)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: 'make test' installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: run 'make test' to install Debian's chromium")
    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every URL a page requested, so tests can prove that nothing left 127.0.0.1."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def offsite(self) -> list[str]:
        """Requests whose host is not the local server (data: and blob: URLs are local)."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def request_log() -> RequestLog:
    """The requests of the current test's page."""
    return RequestLog()


@pytest.fixture
def page(browser: object, request_log: RequestLog) -> Iterator[object]:
    """A fresh browser context and page; fails the test if any request left the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.on("request", lambda req: request_log.urls.append(req.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not request_log.offsite(), f"requests left the site: {request_log.offsite()}"
    assert not errors, f"uncaught page errors: {errors}"


def have_docker() -> bool:
    """Whether the real docker client is installed (the oracle for parsing)."""
    return shutil.which("docker") is not None
