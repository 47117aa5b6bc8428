"""Shared fixtures: the built site, a local HTTP server for it, and Chromium driven by Playwright.

Under pytest-xdist (``make test`` runs ``pytest -n``) the site is built once for all workers: the first worker
to need it builds it into the run's shared base folder under a file lock, the others wait for it and reuse it.
The controller serves that folder on one port, chosen before the build (Material's instant navigation only
takes over links within ``site_url``, so the site is built for the exact origin it is served from). The build
starts in the background as soon as collection shows a test that needs it, so the workers run other tests
meanwhile. Without xdist the session builds and serves its own site, as before.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.browser import ARGS as CHROMIUM_ARGS
from bench.browser import CHROMIUM as BENCH_CHROMIUM

# Prints "fuzz: <surface> <n> cases, …" at the end of the run (tests/hardening/fuzz_accounting.py);
# tests/scheduling.py orders the tests for xdist (long ones first, tests sharing a module fixture together).
pytest_plugins = ["tests.hardening.fuzz_accounting", "tests.scheduling"]

ROOT = Path(__file__).resolve().parent.parent
# One definition of the browser and its flags, shared with the benchmarks.
CHROMIUM = Path(BENCH_CHROMIUM)
# What the xdist controller hands each worker: the shared site folder and the port it is served on.
SHARED_SITE, SHARED_PORT = "docker_notes_site_dir", "docker_notes_site_port"
# A cold build (lesson recordings, the snapshot, Brotli 11 of the runtime) beside busy workers: its own bound.
BUILD_TIMEOUT = 1500


def _free_port() -> int:
    """A free port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _shared(config: pytest.Config) -> tuple[Path, int] | None:
    """In an xdist worker: the shared site folder and its port (None outside xdist)."""
    given = getattr(config, "workerinput", {})
    if SHARED_SITE not in given:
        return None
    return Path(given[SHARED_SITE]), int(given[SHARED_PORT])


def _mkdocs_build(target: Path, port: int) -> dict[str, object]:
    """``mkdocs build --strict`` into ``target`` for ``http://127.0.0.1:<port>/``: ok, stdout, stderr."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"},
            check=False,
            timeout=BUILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired as error:
        return {"ok": False, "stdout": str(error.stdout or ""), "stderr": f"no build after {BUILD_TIMEOUT} s"}
    if result.returncode == 0:
        (target / ".build-log.txt").write_text(result.stderr, encoding="utf-8")
    return {"ok": result.returncode == 0, "stdout": result.stdout, "stderr": result.stderr}


def build_shared_site(target: Path, port: int) -> dict[str, object]:
    """Build the site into ``target`` once across processes: the first caller builds under a file lock and
    records the outcome beside it; the others wait on the lock and read that outcome."""
    outcome = target.with_name(target.name + ".outcome.json")
    with target.with_name(target.name + ".lock").open("w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            outcome.write_text(json.dumps(_mkdocs_build(target, port)), encoding="utf-8")
    return json.loads(outcome.read_text(encoding="utf-8"))


@contextmanager
def _timeout_paused() -> Iterator[None]:
    """Stop pytest-timeout's clock (its signal method's timer) while this test waits for another process's
    build, which :data:`BUILD_TIMEOUT` bounds; the test gets the rest of its own time afterwards."""
    remaining, interval = signal.getitimer(signal.ITIMER_REAL)
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining, interval)


class _EarlyBuild:
    """The shared build, started in a thread when collection shows a test that needs the site."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.result: dict[str, object] | None = None

    def start(self, target: Path, port: int) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, args=(target, port), daemon=True)
            self.thread.start()

    def _run(self, target: Path, port: int) -> None:
        self.result = build_shared_site(target, port)

    def wait(self, target: Path, port: int) -> dict[str, object]:
        self.start(target, port)
        assert self.thread is not None
        self.thread.join()
        return self.result or build_shared_site(target, port)


_EARLY = _EarlyBuild()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the shared build now if some test of this run needs the site (xdist workers only)."""
    shared = _shared(session.config)
    needed = any("built_site" in getattr(item, "fixturenames", ()) for item in session.items)
    if shared and needed and not os.environ.get("DOCS_SITE_DIR"):
        _EARLY.start(*shared)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    """xdist controller: serve the shared site folder (once) and tell each worker where and on which port."""
    config = node.config  # type: ignore[attr-defined]
    served = config.stash.get(_SERVED, None)
    if served is None:
        prebuilt = os.environ.get("DOCS_SITE_DIR")
        folder = Path(prebuilt) if prebuilt else config._tmp_path_factory.getbasetemp() / "site"
        served = _serve(folder, _free_port())
        config.stash[_SERVED] = served
    node.workerinput[SHARED_SITE] = served.folder  # type: ignore[attr-defined]
    node.workerinput[SHARED_PORT] = served.port  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    """xdist controller: stop serving the shared site."""
    served = config.stash.get(_SERVED, None)
    if served is not None:
        served.server.shutdown()
        served.server.server_close()


@pytest.fixture(scope="session")
def site_port(request: pytest.FixtureRequest) -> int:
    """The port on 127.0.0.1 the site is served from, known before the build.

    Material's instant navigation only takes over links within ``site_url``, so the site is built
    for the exact origin it is served from.
    """
    shared = _shared(request.config)
    return shared[1] if shared else _free_port()


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The site built once per test run with ``mkdocs build --strict`` (or ``$DOCS_SITE_DIR``)."""
    prebuilt = os.environ.get("DOCS_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    shared = _shared(request.config)
    if shared:
        target = shared[0]
        with _timeout_paused():
            outcome = _EARLY.wait(target, site_port)
    else:
        target = tmp_path_factory.mktemp("site")
        outcome = _mkdocs_build(target, site_port)
    if not outcome["ok"]:
        pytest.fail(f"mkdocs build --strict failed:\n{outcome['stdout']}\n{outcome['stderr']}")
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


class _QuietServer(ThreadingHTTPServer):
    """The threaded server, silent when a browser drops a connection it no longer needs."""

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore a reset or broken connection; report anything else as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Served:
    """A site folder served on a port in a background thread."""

    def __init__(self, server: _QuietServer, folder: str, port: int) -> None:
        self.server, self.folder, self.port = server, folder, port


_SERVED = pytest.StashKey[_Served]()


def _serve(folder: Path, port: int) -> _Served:
    """Serve ``folder`` (it may not exist yet) on 127.0.0.1:``port`` until shut down."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return _Served(server, str(folder), port)


@pytest.fixture(scope="session")
def site_url(request: pytest.FixtureRequest, built_site: Path, site_port: int) -> Iterator[str]:
    """Base URL of the built site served on 127.0.0.1 (the port it was built for).

    Under xdist the controller serves it for every worker; otherwise the session serves it itself."""
    if _shared(request.config):
        yield f"http://127.0.0.1:{site_port}/"
        return
    served = _serve(built_site, site_port)
    yield f"http://127.0.0.1:{served.port}/"
    served.server.shutdown()
    served.server.server_close()


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


#: Marks a test whose ``page`` lets the site register its service worker (the offline tests).
SERVICE_WORKER = "service_worker"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{SERVICE_WORKER}: the test's page may register the site's service worker (blocked otherwise)"
    )


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: object, request_log: RequestLog) -> Iterator[object]:
    """A fresh browser context and page; fails the test if any request left the site.

    The site's service worker is not registered unless the test is marked ``service_worker``: once registered
    it precaches the whole site (some 7 CPU seconds in a test that ran a command on the Playground page),
    which only the offline tests are about. Their pages, and every context a test makes itself, allow it."""
    workers = "allow" if request.node.get_closest_marker(SERVICE_WORKER) else "block"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers=workers)  # type: ignore[attr-defined]
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
