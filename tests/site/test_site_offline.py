"""The site offline after one visit (the service worker, sw.js), in Chromium."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from docker_notes.playground.runtime_min import NAME as RUNTIME_MIN
from playwright.sync_api import expect

from bench.browser import persistent
from tests.plugins.playground.conftest import Term, wait_ready
from tests.site.test_site_offline_build import manifest_of

# Every page here may register the service worker: it is what these tests are about (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.service_worker, pytest.mark.timeout(240)]

CONTAINER_ID = re.compile(r"\b[0-9a-f]{64}\b")
#: Every page, loaded offline in this order: the cheat sheet through a ``?q=`` link, the Beginner page last
#: (the walk goes on from it), so no page is loaded twice.
PAGES = ["", "intermediate/", "advanced/", "summary/", "playground/", "cheatsheet/?q=volume", "beginner/"]

CACHED = """async (keys) => {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration?.active || registration.active.state !== "activated" || !navigator.serviceWorker.controller) {
    return -1;
  }
  let found = 0;
  for (const key of keys) if (await caches.match(key)) found += 1;
  return found;
}"""


def keys(site_url: str, table: dict[str, str]) -> list[str]:
    """The service worker's cache keys for a manifest table (URL plus its digest)."""
    return [f"{site_url}{'' if url == './' else url}?dnp={digest}" for url, digest in table.items()]


def wait_cached(page, wanted: list[str], timeout: float = 60) -> None:
    """Wait until the worker is active, controls the page, and every wanted key is cached."""
    deadline = time.monotonic() + timeout
    found = -1
    while time.monotonic() < deadline:
        found = page.evaluate(CACHED, wanted)
        if found == len(wanted):
            return
        time.sleep(0.3)
    pytest.fail(f"service worker: {found} of {len(wanted)} files cached after {timeout} s")


def test_every_page_works_offline_after_one_visit(page, site_url: str, built_site: Path) -> None:
    """One visit precaches the shell; offline, every page loads (directly and by instant navigation) and the
    cheat sheet still filters; a file that was never cached fails, so the network really is off."""
    page.goto(site_url + "beginner/")
    wait_cached(page, keys(site_url, manifest_of(built_site)["precache"]))
    page.context.set_offline(True)
    try:
        assert page.evaluate("() => fetch('sitemap.xml.gz').then(() => 'online', () => 'offline')") == "offline"
        for path in PAGES:
            page.goto(site_url + path)
            expect(page.locator("h1").first).to_be_visible()
            expect(page.locator(".md-tabs__link").first).to_be_visible()
            if path.startswith("cheatsheet/"):  # its ?q= link, and Material's search, work offline
                expect(page.locator("#cheatsheet-query")).to_have_value("volume")
                page.keyboard.press("s")
                page.locator("input.md-search__input").press_sequentially("volume prune", delay=20)
                expect(page.locator(".md-search-result__item").first).to_be_visible()
        assert page.url == site_url + "beginner/"
        expect(page.locator("button[data-md-type=dnp-try]").first).to_be_visible()
        page.locator(".md-tabs__link", has_text="Cheat sheet").click()
        page.wait_for_url(re.compile(r"/cheatsheet/"))
        page.fill("#cheatsheet-query", "prune")
        expect(page.locator("[data-cheatsheet-status]")).to_contain_text("match")
    finally:
        page.context.set_offline(False)


def test_pages_come_through_navigation_preload(page, site_url: str, built_site: Path) -> None:
    """Once active, the worker has navigation preload on (a reload's request leaves while the worker starts;
    sw.js answers with the preloaded response), and a reload through it shows the page."""
    page.goto(site_url + "beginner/")
    wait_cached(page, keys(site_url, manifest_of(built_site)["precache"]))
    state = page.evaluate(
        "async () => (await (await navigator.serviceWorker.getRegistration()).navigationPreload.getState()).enabled"
    )
    assert state is True
    response = page.reload()
    assert response is not None and response.ok and response.from_service_worker
    expect(page.locator("h1").first).to_be_visible()


def test_fetched_files_and_modules_come_from_the_cache_whole(page, site_url: str, built_site: Path) -> None:
    """Offline, a fetch() is answered with the cached response itself (not a copy pumped through the worker's
    JavaScript: make bench measures that) and its body is the file; a module script is answered with a copy
    that keeps the URL it asked for, so its import.meta.url carries the query it was imported with."""
    page.goto(site_url + "beginner/")
    wait_cached(page, keys(site_url, manifest_of(built_site)["precache"]))
    page.context.set_offline(True)
    try:
        got = page.evaluate(
            """async () => {
              const index = await (await fetch("../search/search_index.json")).text();
              const module = await import("../assets/playground/dom.js?probe=1");
              return [index.length, typeof module.h];
            }"""
        )
    finally:
        page.context.set_offline(False)
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert got == [len(index), "function"]


def test_playground_answers_offline_after_it_ran_once(browser, site_url: str, built_site: Path, tmp_path: Path) -> None:
    """After the playground ran once, a reload without network starts it again from the cache and it answers.

    A persistent profile, as a reader's browser has: the first run's worker started before the service
    worker controlled the page, so its runtime files are copied from the HTTP cache, which an incognito
    context keeps in memory with a per-file limit that the uncompressed Pyodide wasm exceeds.
    """
    with persistent(tmp_path / "profile", browser.browser_type) as context:
        errors: list[str] = []
        page = context.pages[0] if context.pages else context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(site_url + "playground/")
        term = Term(page, page.locator("[data-dnp-terminal=main]"))
        term.input.click()
        wait_ready(page)
        assert CONTAINER_ID.search(term.run("docker run -d nginx"))
        runtime = manifest_of(built_site)["runtime"]
        # What a snapshot start fetches of Pyodide's folder: the loader, the wasm and the minified module.
        started = {"pyodide.mjs", "pyodide.asm.wasm", RUNTIME_MIN}
        needed = {url: digest for url, digest in runtime.items() if url.removeprefix("assets/pyodide/") in started}
        assert len(needed) == len(started), needed
        wait_cached(page, keys(site_url, needed))
        context.set_offline(True)
        page.reload()
        term = Term(page, page.locator("[data-dnp-terminal=main]"))
        term.input.click()
        wait_ready(page)
        assert CONTAINER_ID.search(term.run("docker run -d nginx"))
        assert not errors, errors


def test_a_damaged_runtime_download_is_never_kept(page, site_url: str, built_site: Path) -> None:
    """A runtime file whose bytes are not the manifest's (damaged on the way, or another build's) is refused
    with a 409 that says so, and not kept: a kept copy would fail every later start. The good file is kept."""
    page.goto(site_url + "beginner/")
    wait_cached(page, keys(site_url, manifest_of(built_site)["precache"]))
    runtime = manifest_of(built_site)["runtime"]
    url = next(url for url in runtime if url.endswith(".whl"))
    key = keys(site_url, {url: runtime[url]})[0]
    good = (built_site / url).read_bytes()
    page.context.route("**/*.whl", lambda route: route.fulfill(status=200, body=good[:-100] + b"x" * 100))
    fetched = "(u) => fetch(u).then(async (r) => [r.status, (await r.text()).slice(-100)])"
    status, text = page.evaluate(fetched, site_url + url)
    assert status == 409 and "newer version of the site" in text  # the damaged bytes never reach the page
    page.wait_for_timeout(1_000)
    assert page.evaluate(CACHED, [key]) == 0
    page.context.unroute("**/*.whl")
    status, text = page.evaluate(fetched, site_url + url)
    assert status == 200 and text != "x" * 100
    wait_cached(page, [key], timeout=10)
