"""Faults injected into the running site: a dead worker, broken downloads, storage that is full or disabled,
old or garbage saved state, two tabs on one saved state, and the network going away during start-up."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.plugins.playground.conftest import Term, wait_ready

pytestmark = [pytest.mark.browser]

STATE_KEY = "dnp.playground.state.v1"  # localStorage: the fallback, and the format before IndexedDB
# The saved state as text: IndexedDB's sections (store.js), or the localStorage fallback. Never opens (so never
# creates) a database the page has not made.
SAVED_TEXT = """async () => {
  const found = indexedDB.databases ? await indexedDB.databases() : [];
  if (!found.some((db) => db.name === "dnp-playground")) {
    return JSON.stringify({ sections: localStorage.getItem("dnp.playground.state.v1") || "", asides: "" });
  }
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("dnp-playground");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const get = (store) => new Promise((resolve) => {
    const objects = db.transaction([store]).objectStore(store);
    const keys = objects.getAllKeys();
    const values = objects.getAll();
    values.onsuccess = () => resolve(keys.result.map((key, i) => [key, values.result[i]]));
    values.onerror = () => resolve([]);
  });
  const text = [...db.objectStoreNames].includes("sections") ? JSON.stringify(await get("sections")) : "";
  const asides = [...db.objectStoreNames].includes("asides") ? JSON.stringify(await get("asides")) : "";
  db.close();
  return JSON.stringify({ sections: text === "[]" ? "" : text, asides: asides === "[]" ? "" : asides });
}"""


def WHEEL(url: str) -> bool:  # noqa: N802 (a URL matcher used like a pattern constant)
    """The wheel itself, not the worker script whose query string names the wheel."""
    return url.split("?")[0].endswith(".whl")


def main_term(page: Any) -> Term:
    """The Playground page's terminal."""
    return Term(page, page.locator("[data-dnp-terminal=main]"))


def open_started(page: Any, site_url: str) -> Term:
    """Open the Playground page and wait for the simulator."""
    page.goto(site_url + "playground/")
    term = main_term(page)
    term.input.click()
    wait_ready(page)
    return term


def wait_failed(page: Any) -> str:
    """Wait until the start-up failed; the status line's text."""
    page.wait_for_function("() => window.__dockerNotesPlayground?.status === 'failed'", timeout=90_000)
    return page.locator("[data-dnp-terminal=main] .dnp-term__status").inner_text()


def assert_static_page_usable(page: Any) -> None:
    """The notes still work: the page's heading is there and navigation goes to another page."""
    expect(page.locator("h1").first).to_be_visible()
    page.locator(".md-tabs__link", has_text="Beginner").click()
    page.wait_for_url("**/beginner/")
    expect(page.locator("h1").first).to_contain_text("Beginner")


@pytest.mark.timeout(180)
def test_worker_killed_mid_command_keeps_the_state(page: Any, site_url: str) -> None:
    """A worker that dies (closes itself) or is terminated by client.stop() during a command: the reader gets
    a message and the last saved state comes back."""
    term = open_started(page, site_url)
    term.run("docker run -d --name keeper nginx")
    # 1. The worker vanishes without a word (as after a crash): the command hangs, Stop is offered and works.
    worker = next(w for w in page.workers if "playground/worker.js" in w.url)
    worker.evaluate("() => setTimeout(() => self.close(), 0)")
    page.wait_for_timeout(200)
    term.input.fill("docker run -d --name ghost nginx")
    term.input.press("Enter")
    stop = term.root.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    stop.click()
    expect(term.output).to_contain_text("Stopped. The simulator restarted with your last saved state")
    wait_ready(page)
    # 2. client.stop() while the worker is busy in a command.
    worker = next(w for w in page.workers if "playground/worker.js" in w.url)
    worker.evaluate("() => { setTimeout(() => { const end = Date.now() + 30000; while (Date.now() < end) {} }, 0); }")
    term.input.fill("docker run -d --name lost nginx")
    term.input.press("Enter")
    expect(stop).to_be_visible()
    page.evaluate("() => window.__dockerNotesPlayground.stop()")
    wait_ready(page)
    listing = term.run("docker ps -a")
    assert "keeper" in listing
    assert "ghost" not in listing and "lost" not in listing


def SNAPSHOT(url: str) -> bool:  # noqa: N802 (a URL matcher used like a pattern constant)
    """The memory snapshot, as its .gz or raw (the worker's fallback), not the worker script whose query
    string names it."""
    return url.split("?")[0].endswith((".snapshot.gz", ".snapshot"))


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    ("pattern", "fault", "expected"),
    [
        ("**/pyodide.asm.wasm", "abort", "pyodide.asm.wasm"),
        ("**/pyodide.asm.wasm", "garbage", "pyodide.asm.wasm is damaged"),
        # A snapshot start needs no wheel: these start the normal way (no snapshot), which installs it.
        (WHEEL, "abort", ".whl"),
        (WHEEL, "garbage", "playground could not start"),
    ],
)
def test_broken_downloads_give_a_message(page: Any, site_url: str, pattern: str, fault: str, expected: str) -> None:
    """The runtime or the simulator wheel aborted or served as garbage: a clear message (for the runtime as
    soon as it arrives, not at the start-up watchdog), Try again, and the static page keeps working."""

    def handler(route: Any) -> None:
        if fault == "abort":
            route.abort()
        else:
            route.fulfill(status=200, body=b"\x00garbage\xff" * 4096, content_type="application/octet-stream")

    page.context.route(pattern, handler)
    if pattern is WHEEL:
        page.context.route(SNAPSHOT, lambda route: route.fulfill(status=404, body=b"gone"))
    page.goto(site_url + "playground/")
    main_term(page).input.click()
    status = wait_failed(page)
    assert "The playground could not start" in status
    assert expected in status, status
    assert "took too long" not in status
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    assert_static_page_usable(page)


@pytest.mark.timeout(180)
def test_corrupt_runtime_is_reported_at_once_and_keeps_the_work(page: Any, site_url: str, built_site: Any) -> None:
    """pyodide.asm.wasm arrives whole but damaged (a valid header, garbage inside): the worker says so as
    soon as compiling it fails, not at the 60 s start-up watchdog; the reader's saved work is untouched
    and comes back with Try again once the file is good."""
    term = open_started(page, site_url)
    term.run("docker run -d --name keeper nginx")
    for _ in range(200):  # saved when the browser is idle, at most a second after the change
        if "keeper" in saved_names(page):
            break
        page.wait_for_timeout(50)
    else:
        pytest.fail("the state was never saved")
    wasm = (built_site / "assets" / "pyodide" / "pyodide.asm.wasm").read_bytes()
    damaged = wasm[:8] + bytes(byte ^ 0x5A for byte in wasm[8:65536]) + wasm[65536:]
    page.context.route(
        "**/pyodide.asm.wasm", lambda route: route.fulfill(status=200, body=damaged, content_type="application/wasm")
    )
    page.reload()
    term = main_term(page)
    term.input.click()
    status = wait_failed(page)
    assert "pyodide.asm.wasm is damaged" in status, status
    assert "took too long" not in status  # the worker said it, not the 60 s watchdog
    assert "keeper" in saved_names(page)
    page.context.unroute("**/pyodide.asm.wasm")
    page.get_by_role("button", name="Try again").click()
    wait_ready(page)
    assert "keeper" in term.run("docker ps --format '{{.Names}}'")


STORAGE_FULL = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
IDBObjectStore.prototype.put = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""
STORAGE_DISABLED = """
for (const name of ["getItem", "setItem", "removeItem", "clear", "key"]) {
  Storage.prototype[name] = function () { throw new DOMException("Access is denied", "SecurityError"); };
}
Object.defineProperty(window, "indexedDB", { get() { throw new DOMException("Access is denied", "SecurityError"); } });
"""


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    ("script", "why"),
    [(STORAGE_FULL, "storage for the site is full"), (STORAGE_DISABLED, "storage is disabled")],
    ids=["full", "disabled"],
)
def test_storage_full_or_disabled(browser: Any, site_url: str, script: str, why: str) -> None:
    """With storage full or refusing access the playground runs, says at once that it cannot save and why
    (truly: full is not disabled), and offers the download; no save is ever reported done."""
    context = browser.new_context(service_workers="block")  # as the page fixture: not about the worker
    errors: list[str] = []
    try:
        context.add_init_script(script)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        term = open_started(page, site_url)
        assert "saved-not" in term.run("docker run -d --name saved-not nginx && docker ps")
        expect(term.output).to_contain_text("could not be saved in this browser")  # once, after the first change
        assert why in term.output.inner_text()
        expect(page.locator(".dnp-keep__status")).to_contain_text(why)
        assert page.evaluate("() => window.__dockerNotesPlayground.storage.ok") is False
        expect(page.get_by_role("button", name="Download my playground")).to_be_visible()
        term.run("docker volume create also-not-saved")
        page.wait_for_timeout(1500)
        assert term.output.inner_text().count("could not be saved in this browser") == 1
    finally:
        context.close()
    # Material's own inline storage reads are not ours; nothing from the playground may throw.
    assert not [e for e in errors if "playground" in e.lower() or "dnp" in e.lower()], errors


UPGRADE_DB = """() => new Promise((resolve) => {
  const request = indexedDB.open("dnp-playground", 99);
  request.onsuccess = () => { request.result.close(); resolve("upgraded"); };
  request.onblocked = () => resolve("blocked");
  request.onerror = () => resolve(String(request.error));
})"""


@pytest.mark.timeout(240)
def test_a_newer_build_taking_the_storage_over_keeps_this_tabs_work_aside(page: Any, site_url: str) -> None:
    """Another tab of a newer build upgrades the database: this tab lets it (the upgrade is never blocked),
    then says truly why it no longer saves, never a raw browser error, and keeps its work aside in localStorage
    (offered at the next start); a page of this build opened later says the playground is a newer one's."""
    term = open_started(page, site_url)
    term.run("docker volume create before-upgrade")
    wait_saved(page, "before-upgrade")
    assert page.evaluate(UPGRADE_DB) == "upgraded"
    term.run("docker volume create after-upgrade")
    expect(page.locator(".dnp-keep__status")).to_contain_text("a newer version of this site")
    assert "Error" not in page.locator(".dnp-keep__status").inner_text()
    aside = page.evaluate(
        "() => Object.keys(localStorage).filter((key) => key.startsWith('dnp.playground.aside.tab:'))"
        ".map((key) => localStorage.getItem(key)).join('')"
    )
    assert "after-upgrade" in aside
    older = page.context.new_page()  # a page of this (now older) build opened after the upgrade
    older_term = open_started(older, site_url)
    expect(older_term.output).to_contain_text("saved by a newer version of this site")
    older.close()


@pytest.mark.timeout(240)
@pytest.mark.parametrize(
    ("saved", "message"),
    [
        ({"dnp.playground.state.v0": "{}"}, "older version of this site"),
        ({STATE_KEY: json.dumps({"v": 1, "state": {"version": 0, "session": {}}})}, "could not be restored"),
        ({STATE_KEY: "\ud800garbage\x00"}, "could not be read"),
        ({STATE_KEY: json.dumps([1, 2, 3]), "dnp.playground.history.v1": "{bad", "dnp.playground.log.v1": "7"}, "read"),
    ],
    ids=["older-key", "older-version", "garbage", "all-garbage"],
)
def test_old_or_garbage_state_resets_with_a_message(page: Any, site_url: str, saved: dict, message: str) -> None:
    """Saved state from an older version or garbage: a notice, a clean engine, and a working terminal."""
    page.context.add_init_script(
        "const items = " + json.dumps(saved) + ";"
        " if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        " for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v); }"
    )
    term = open_started(page, site_url)
    expect(term.output).to_contain_text(message)
    assert "CONTAINER ID" in term.run("docker ps")
    assert term.run("docker run -d --name fresh nginx && docker ps --format '{{.Names}}'").strip().endswith("fresh")


def saved_names(page: Any) -> str:
    """The saved state as text ('' when there is none)."""
    return str(json.loads(page.evaluate(SAVED_TEXT))["sections"])


def asides_text(page: Any) -> str:
    """The states kept aside, as text ('' when there are none)."""
    return str(json.loads(page.evaluate(SAVED_TEXT))["asides"])


def wait_saved(page: Any, needle: str, present: bool = True, timeout_s: float = 10.0) -> None:
    """Wait until the saved state mentions ``needle`` (or no longer does)."""
    deadline = time.monotonic() + timeout_s
    while (needle in saved_names(page)) != present:
        assert time.monotonic() < deadline, f"saved state {'lacks' if present else 'still has'} {needle!r}"
        page.wait_for_timeout(50)


#: The page's client has no save waiting for an idle moment, none writing and no request in flight: a save
#: the last command scheduled has come (done, or held back during a conflict). Reads the client's own fields.
SAVE_SETTLED = """() => {
  const client = window.__dockerNotesPlayground;
  return Boolean(client) && !client.busy && !client._saveTimer && !client._writing;
}"""
#: A message on the playground's own BroadcastChannel (store.js), after any save announcement sent before it.
PROBE_LISTEN = """() => {
  window.__probeHeard = false;
  window.__probeChannel = new BroadcastChannel("dnp-playground");
  window.__probeChannel.onmessage = (event) => {
    if (event.data?.type === "test-probe") window.__probeHeard = true;
  };
}"""
PROBE_SEND = """() => {
  window.__probeChannel = new BroadcastChannel("dnp-playground");
  window.__probeChannel.postMessage({ type: "test-probe" });
}"""


def conflict_bar(page: Any) -> Any:
    return page.locator("[data-dnp-terminal=main] .dnp-term__conflict")


def test_the_workbench_starter_alone_is_never_saved(page: Any, site_url: str) -> None:
    """The starter files the workbench loads by itself are not the reader's work: no save of their own (it
    would tell the reader's other tabs that this one changed the playground); the next command saves them."""
    term = open_started(page, site_url)
    page.wait_for_function(
        "() => typeof window.__dockerNotesPlayground?._mirror?.state?.files?.Dockerfile === 'string'", timeout=60_000
    )
    page.wait_for_timeout(2_000)  # twice the longest an idle save waits
    assert saved_names(page) == ""
    term.run("docker volume create after-starter")
    wait_saved(page, "after-starter")
    assert "Dockerfile" in saved_names(page)


@pytest.mark.timeout(300)
def test_two_tabs_never_overwrite_each_other_silently(page: Any, site_url: str) -> None:
    """Two tabs of one browser on one saved state: a tab that sees the other's save says so and stops saving
    until the reader chooses; keeping this tab's saves it (and the other tab is asked in turn); loading the
    other tab's brings its containers here. No work is replaced without a click."""
    errors: list[str] = []
    first = open_started(page, site_url)
    other_page = page.context.new_page()
    other_page.on("pageerror", lambda exc: errors.append(str(exc)))
    second = open_started(other_page, site_url)
    first.run("docker run -d --name from-first nginx")
    wait_saved(page, "from-first")
    expect(conflict_bar(other_page)).to_contain_text("changed in another tab")
    expect(conflict_bar(page)).to_be_hidden()  # a tab never conflicts with its own saves
    # The second tab keeps working, but never saves over the first tab's work without the reader's word.
    assert "from-second" in second.run("docker run -d --name from-second nginx && docker ps --format '{{.Names}}'")
    other_page.wait_for_function(SAVE_SETTLED, timeout=30_000)  # its idle save came, and was held back
    assert "from-first" in saved_names(page) and "from-second" not in saved_names(page)
    # The reader keeps the second tab's playground: it is saved, and now the first tab asks.
    conflict_bar(other_page).get_by_role("button", name="Keep this one").click()
    expect(conflict_bar(other_page)).to_be_hidden()
    expect(second.output).to_contain_text("Kept this tab's playground")
    wait_saved(page, "from-second")
    assert "from-first" not in saved_names(page)
    expect(conflict_bar(page)).to_contain_text("changed in another tab")
    # The first tab loads the other tab's playground: its engine now holds the second tab's containers.
    conflict_bar(page).get_by_role("button", name="Load the other tab's").click()
    expect(first.output).to_contain_text("Loaded the playground from the other tab")
    names = first.run("docker ps -a --format '{{.Names}}'")
    assert "from-second" in names and "from-first" not in names
    # Loading is not a new save: the second tab is not asked. Checked once the first tab has no save pending
    # or writing and a later message from it has reached the second tab (a save's announcement came before).
    page.wait_for_function(SAVE_SETTLED, timeout=30_000)
    other_page.evaluate(PROBE_LISTEN)
    page.evaluate(PROBE_SEND)
    other_page.wait_for_function("() => window.__probeHeard === true", timeout=30_000)
    expect(conflict_bar(other_page)).to_be_hidden()
    assert other_page.evaluate("() => window.__dockerNotesPlayground.conflict") is None
    page.reload()
    first = main_term(page)
    first.input.click()
    wait_ready(page)
    assert "from-second" in first.run("docker ps -a --format '{{.Names}}'")
    other_page.close()
    assert not errors


@pytest.mark.timeout(300)
def test_a_tab_closed_during_a_conflict_keeps_its_work_aside(page: Any, site_url: str) -> None:
    """A tab closed before its reader chose keeps its work in the aside slot, never over the other tab's
    save; the next tab that starts offers to load it."""
    first = open_started(page, site_url)
    other_page = page.context.new_page()
    second = open_started(other_page, site_url)
    first.run("docker volume create first-vol")
    wait_saved(page, "first-vol")
    expect(conflict_bar(other_page)).to_be_visible()
    second.run("docker volume create second-vol")
    other_page.close()
    assert "second-vol" not in saved_names(page)
    # its own slot (one per tab), written as the tab goes: waited for, as a loaded machine can take seconds
    deadline = time.monotonic() + 30
    while "second-vol" not in asides_text(page):
        assert time.monotonic() < deadline, "the closed tab's work was not kept aside"
        page.wait_for_timeout(100)
    assert "second-vol" not in saved_names(page)  # kept aside, never saved over the other tab's work
    third_page = page.context.new_page()
    third = open_started(third_page, site_url)
    expect(conflict_bar(third_page)).to_contain_text("kept aside")
    assert "second-vol" not in third.run("docker volume ls --format '{{.Name}}'")
    conflict_bar(third_page).get_by_role("button", name="Load it").click()
    expect(third.output).to_contain_text("Loaded the work that was kept aside")
    assert "second-vol" in third.run("docker volume ls --format '{{.Name}}'")
    assert "second-vol" not in asides_text(page)  # loaded: its slot is free
    wait_saved(page, "second-vol")
    third_page.close()


@pytest.mark.timeout(240)
def test_a_tab_closed_right_after_a_command_loses_nothing(browser: Any, site_url: str) -> None:
    """Saves wait for an idle moment, yet a tab closed before one came (idle callbacks never fire here) still
    saves its last command on pagehide: the next visit has it."""
    context = browser.new_context(service_workers="block")  # as the page fixture: not about the worker
    try:
        context.add_init_script("window.requestIdleCallback = () => 0; window.cancelIdleCallback = () => {};")
        page = context.new_page()
        term = open_started(page, site_url)
        term.run("docker run -d --name right-before-closing nginx")
        page.wait_for_timeout(300)
        assert "right-before-closing" not in saved_names(page)  # not saved per command
        page.close()
        page = context.new_page()
        term = open_started(page, site_url)
        assert "right-before-closing" in term.run("docker ps --format '{{.Names}}'")
    finally:
        context.close()


@pytest.mark.timeout(240)
def test_offline_during_start_up_then_retry(page: Any, site_url: str) -> None:
    """The network goes away while the runtime downloads (the page asks for it before it has finished
    loading, so the request is held until the page is there): a message that names the download, and Try
    again works once the network is back."""
    held: list[Any] = []
    page.context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto(site_url + "playground/")
    term = main_term(page)
    term.input.click()
    for _ in range(600):
        if held:
            break
        page.wait_for_timeout(50)
    page.context.set_offline(True)
    held[0].abort("internetdisconnected")
    status = wait_failed(page)
    # Whichever download the browser was in the middle of is named (the runtime, or its lock file).
    assert "Could not download" in status, status
    expect(page.locator("h1").first).to_be_visible()
    page.context.unroute("**/pyodide.asm.wasm")
    page.context.set_offline(False)
    page.get_by_role("button", name="Try again").click()
    wait_ready(page)
    assert "CONTAINER ID" in term.run("docker ps")


@pytest.mark.timeout(180)
def test_garbage_memory_snapshot_falls_back_to_a_normal_start(page: Any, site_url: str, built_site: Any) -> None:
    """A Pyodide memory snapshot served as garbage is not a start-up failure: the worker starts normally."""
    if not list(built_site.glob("assets/playground/snapshots/*/*.snapshot.gz")):
        pytest.skip("this build ships no memory snapshot")
    page.context.route(
        lambda url: url.split("?")[0].endswith(".snapshot.gz"),  # not worker.js?snapshot=…
        lambda route: route.fulfill(status=200, body=b"\x1f\x8b\x08garbage" * 1000, content_type="application/gzip"),
    )
    term = open_started(page, site_url)
    assert page.evaluate("() => window.__dockerNotesPlayground.info.snapshot") is False
    assert "CONTAINER ID" in term.run("docker ps")
