"""The Playground page creates the simulator's worker from an inline script in its ``<head>`` (early.py);
client.js adopts it on its first start, with every message the worker sent meanwhile, and only once."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from docker_notes.playground.early import WorkerFiles, early_script, inject_early_script
from playwright.sync_api import expect

from bench.interaction import wait_until
from tests.hardening.conftest import CSP_RECORDER, violations
from tests.plugins.playground.conftest import READY_TIMEOUT_MS, Term, wait_ready

ROOT = Path(__file__).resolve().parents[3]
CONTAINER_ID = re.compile(r"\b[0-9a-f]{64}\b")
EARLY_RE = re.compile(r"<script>(\(\(\) => \{\n  // The simulator's worker.*?)</script>", re.S)
FILES_RE = re.compile(r"const files = (\{.*?\});")
CSP_META = '<meta http-equiv="Content-Security-Policy" content="x">'
SIMULATOR = "docker-playground"
STATE_KEY = "dnp.playground.state.v1"

# Runs before the page's scripts: every Worker constructed, with its name and where it was made.
COUNT_WORKERS = """
(() => {
  const Real = window.Worker;
  if (typeof Real !== "function") return;
  window.__workers = [];
  window.Worker = class extends Real {
    constructor(url, options) {
      super(url, options);
      const script = document.currentScript;
      window.__workers.push({
        name: (options && options.name) || "",
        url: String(url),
        fromHead: Boolean(script && script.parentNode === document.head && !script.src),
        self: this,
      });
    }
  };
})();
"""


def simulator_workers(page: Any) -> list[dict[str, Any]]:
    """The simulator workers the page constructed so far (name, URL, made by the <head> script)."""
    return page.evaluate(
        "(name) => (window.__workers || []).filter((w) => w.name === name)"
        ".map(({ name, url, fromHead }) => ({ name, url, fromHead }))",
        SIMULATOR,
    )


READY_S = READY_TIMEOUT_MS / 1000
RUN_SENT = "[...(window.__dockerNotesPlayground?._pending.values() ?? [])].some((entry) => entry.type === 'run')"
EARLY_SAID = "window.__dockerNotesEarlyWorker?.events.some((e) => e.data && e.data.type === '%s')"
"""The early worker has sent a message of this type (kept until the client adopts it)."""


def hold(page: Any, pattern: str) -> list[Any]:
    """Hold every request matching ``pattern`` (the caller releases them); the held routes."""
    held: list[Any] = []
    page.context.route(pattern, lambda route: held.append(route))
    return held


def release(page: Any, pattern: str, held: list[Any]) -> None:
    """Let the held requests (and any later ones) through."""
    for route in held:
        route.continue_()
    count = len(held)
    page.context.unroute(pattern)
    for route in held[count:]:  # asked for while unrouting
        route.continue_()


def buffered(page: Any, kind: str) -> bool:
    """Whether the early worker's buffer (not adopted yet) holds a message of this type."""
    return page.evaluate(
        "(kind) => Boolean(window.__dockerNotesEarlyWorker?.events.some((e) => e.data && e.data.type === kind))",
        kind,
    )


# --- the build -------------------------------------------------------------------------------------------


def test_the_script_goes_right_after_the_policy() -> None:
    """After the CSP meta (it governs only what follows it), else first in <head>; no head, no change."""
    script = "<script>x()</script>"
    html = f"<html><head><meta charset=utf-8>{CSP_META}<title>t</title></head></html>"
    assert inject_early_script(html, script) == html.replace(CSP_META, CSP_META + script)
    head = '<head lang="en"><title>t</title>'
    assert inject_early_script(head, script) == head.replace("<title>", script + "<title>")
    assert inject_early_script("<p>no head</p>", script) == "<p>no head</p>"


def test_the_script_embeds_what_config_js_carries() -> None:
    """The inline script's files are the WorkerFiles values, the empty snapshot left out, no way out of it."""
    files = WorkerFiles(worker="worker.js", pyodide="../pyodide/", wheel="wheels/a/x</script>.whl")
    text = early_script(files, "../assets/playground")
    assert text.count("</script>") == 1 and text.endswith("</script>")
    data = json.loads(FILES_RE.search(text).group(1))  # type: ignore[union-attr]
    assert data == {
        "base": "../assets/playground/",
        "worker": "worker.js",
        "pyodide": "../pyodide/",
        "wheel": "wheels/a/x</script>.whl",
    }


def test_only_the_playground_page_has_it_after_the_policy_before_any_stylesheet(built_site: Path) -> None:
    """One early script on the Playground page, right after its CSP meta and before every stylesheet; its
    files resolve to what config.js names; no other page has one."""
    page = built_site / "playground" / "index.html"
    text = page.read_text(encoding="utf-8")
    found = EARLY_RE.findall(text)
    assert len(found) == 1
    head = text[: text.index("</head>")]
    script_at = head.index(found[0])
    assert head.rindex('<meta http-equiv="Content-Security-Policy"', 0, script_at) >= 0
    assert script_at < head.index('rel="stylesheet"')
    files = json.loads(FILES_RE.search(found[0]).group(1))  # type: ignore[union-attr]
    assets = (page.parent / files["base"]).resolve()
    assert assets == (built_site / "assets" / "playground").resolve()
    config_text = (assets / "config.js").read_text(encoding="utf-8")
    config = json.loads(config_text[config_text.index("{") : config_text.rindex("}") + 1])
    for key in ("worker", "pyodide", "wheel", "snapshot"):
        assert files.get(key) == config.get(key), key
    assert (assets / files["worker"]).is_file()
    for other in built_site.rglob("*.html"):
        if other != page:
            assert not EARLY_RE.search(other.read_text(encoding="utf-8")), other


# --- in the browser --------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_early_worker_is_adopted_with_what_it_sent_meanwhile(page: Any, site_url: str) -> None:
    """client.js arrives only after the worker is ready (held back): the ready message waits in the early
    script's buffer, the client replays it, a command typed during start-up is answered, and the page made
    exactly one simulator worker, in its <head>, with the URL client.js makes; no CSP violation."""
    page.context.add_init_script(COUNT_WORKERS)
    page.context.add_init_script(CSP_RECORDER)
    held = hold(page, "**/assets/playground/client.js")
    page.goto(site_url + "playground/", wait_until="commit")
    wait_until(page, EARLY_SAID % "ready", READY_S)
    assert held, "client.js was never asked for"
    assert page.evaluate("() => window.__dockerNotesPlayground") is None  # nobody adopted it yet
    release(page, "**/assets/playground/client.js", held)
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    expect(term.input).to_be_visible()
    assert CONTAINER_ID.search(term.run("docker run -d nginx", timeout=READY_TIMEOUT_MS))
    wait_ready(page)
    workers = simulator_workers(page)
    assert len(workers) == 1, workers
    assert workers[0]["fromHead"]
    assert page.evaluate("() => window.__dockerNotesEarlyWorker") is None  # taken, once
    assert page.evaluate("() => window.__dockerNotesPlayground.info.timings.worker") >= 0  # the ready payload
    assert workers[0]["url"].startswith(site_url + "assets/playground/worker.js?pyodide=")
    assert violations(page) == []


@pytest.mark.browser
def test_a_command_typed_during_start_up_is_answered(page: Any, site_url: str) -> None:
    """As the benchmark does, type the first command the moment the terminal shows (the runtime held back,
    so the simulator is surely still starting): it is answered, by the one worker the page started. The
    saved state was read and `init` sent while the worker was still starting (its answer follows the start
    at once), and on this first visit the command went to the worker right behind it, before it was ready
    (no round trip to the page between the start and the answer)."""
    page.context.add_init_script(COUNT_WORKERS)
    held = hold(page, "**/pyodide.asm.wasm")
    page.goto(site_url + "playground/", wait_until="commit")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    expect(term.input).to_be_visible()
    term.input.fill("docker run -d nginx")
    term.input.press("Enter")
    wait_until(page, "window.__dockerNotesPlayground?.status === 'loading'", READY_S)
    for _ in range(600):
        if held:
            break
        page.wait_for_timeout(50)
    init_sent = "[...window.__dockerNotesPlayground._pending.values()].some((entry) => entry.type === 'init')"
    wait_until(page, init_sent, READY_S)
    wait_until(page, RUN_SENT, READY_S)
    assert page.evaluate("window.__dockerNotesPlayground.status") == "loading"  # the runtime is still held
    release(page, "**/pyodide.asm.wasm", held)
    expect(term.output).to_contain_text(CONTAINER_ID, timeout=READY_TIMEOUT_MS)
    assert [w["fromHead"] for w in simulator_workers(page)] == [True]


@pytest.mark.browser
def test_with_a_saved_state_a_command_typed_during_start_up_waits_for_the_restore(page: Any, site_url: str) -> None:
    """A returning reader's `init` restores a saved state, which the simulator may refuse (the page then sends
    another `init`): a command typed meanwhile is sent only once the restore is done, and runs on it."""
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    page.goto(site_url + "playground/")
    term.input.click()
    wait_ready(page)
    term.run("docker volume create kept-volume")
    page.evaluate("() => window.__dockerNotesPlayground.save()")
    held = hold(page, "**/pyodide.asm.wasm")
    page.reload(wait_until="commit")
    expect(term.input).to_be_visible()
    term.input.fill("docker volume ls")
    term.input.press("Enter")
    for _ in range(600):
        if held:
            break
        page.wait_for_timeout(50)
    wait_until(page, "[...window.__dockerNotesPlayground._pending.values()].some((e) => e.type === 'init')", READY_S)
    page.wait_for_timeout(300)  # time for a pipelined request to have been sent
    assert page.evaluate(RUN_SENT) is False
    release(page, "**/pyodide.asm.wasm", held)
    expect(term.output).to_contain_text(re.compile(r"local\s+kept-volume"), timeout=READY_TIMEOUT_MS)


@pytest.mark.browser
def test_a_restart_makes_a_fresh_worker(page: Any, site_url: str) -> None:
    """Stop (a restart) ends the adopted worker and creates a new one; the state comes back in it."""
    page.context.add_init_script(COUNT_WORKERS)
    page.goto(site_url + "playground/")
    wait_ready(page)
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.run("docker run -d --name keeper nginx")
    page.evaluate("() => window.__dockerNotesPlayground.stop()")
    wait_ready(page)
    workers = simulator_workers(page)
    assert [w["fromHead"] for w in workers] == [True, False], workers
    assert workers[0]["url"] == workers[1]["url"]
    assert page.evaluate(
        "(name) => { const [a, b] = window.__workers.filter((w) => w.name === name); return a.self !== b.self; }",
        SIMULATOR,
    )
    assert "keeper" in term.run("docker ps --format '{{.Names}}'")


@pytest.mark.browser
@pytest.mark.timeout(240)
def test_an_early_failure_is_reported_and_try_again_starts_anew(page: Any, site_url: str) -> None:
    """pyodide.asm.wasm answers 404 before anyone adopted the worker: its fatal message waits in the buffer,
    the client reports it as it would its own, and Try again makes a new worker that starts."""
    page.context.add_init_script(COUNT_WORKERS)
    page.context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body=b"gone"))
    held = hold(page, "**/assets/playground/client.js")
    page.goto(site_url + "playground/", wait_until="commit")
    wait_until(page, EARLY_SAID % "fatal", READY_S)
    assert not buffered(page, "ready")
    release(page, "**/assets/playground/client.js", held)
    wait_until(page, "window.__dockerNotesPlayground?.status === 'failed'", READY_S)
    status = page.locator("[data-dnp-terminal=main] .dnp-term__status")
    expect(status).to_contain_text("The playground could not start")
    expect(status).to_contain_text("pyodide.asm.wasm (HTTP 404)")
    page.context.unroute("**/pyodide.asm.wasm")
    status.get_by_role("button", name="Try again").click()
    wait_ready(page)
    assert [w["fromHead"] for w in simulator_workers(page)] == [True, False]


@pytest.mark.browser
def test_without_the_early_script_the_page_starts_its_own_worker(page: Any, site_url: str) -> None:
    """The <head> script could not make a worker (here its constructor throws once): the client makes one
    itself, as before, and the simulator answers."""
    page.context.add_init_script(
        """
        (() => {
          const Real = window.Worker;
          let refused = false;
          window.__made = [];
          window.Worker = class extends Real {
            constructor(url, options) {
              if (!refused && options && options.name === "docker-playground") {
                refused = true;
                throw new DOMException("refused for the test", "SecurityError");
              }
              super(url, options);
              window.__made.push(options && options.name);
            }
          };
        })();
        """
    )
    page.goto(site_url + "playground/")
    wait_ready(page)
    assert page.evaluate("() => window.__dockerNotesEarlyWorker") is None
    assert page.evaluate("() => window.__made.filter((name) => name === 'docker-playground').length") == 1
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    assert CONTAINER_ID.search(term.run("docker run -d nginx"))


@pytest.mark.browser
def test_a_worker_made_for_other_files_is_not_adopted(page: Any, site_url: str) -> None:
    """config.js names another snapshot than the page's <head> script used (a page and a config.js from
    different builds): the client ends that worker and starts its own with config.js's files."""
    page.context.add_init_script(COUNT_WORKERS)

    def other_snapshot(route: Any) -> None:
        response = route.fetch()
        body = re.sub(r'"snapshot": "[^"]+"', '"snapshot": "snapshots/missing/dockersim.snapshot"', response.text())
        route.fulfill(response=response, body=body)

    page.context.route("**/assets/playground/config.js", other_snapshot)
    page.goto(site_url + "playground/")
    wait_ready(page)
    workers = simulator_workers(page)
    assert [w["fromHead"] for w in workers] == [True, False], workers
    assert "snapshots%2Fmissing" in workers[1]["url"]
    assert page.evaluate("() => window.__dockerNotesPlayground.info.snapshot") is False


@pytest.mark.browser
def test_notes_pages_start_no_simulator_until_try_it(page: Any, site_url: str) -> None:
    """A notes page makes no simulator worker on its own (its Try it buttons ready, the page idle); Try it
    makes one."""
    page.context.add_init_script(COUNT_WORKERS)
    page.goto(site_url + "beginner/")
    page.wait_for_load_state("load")
    button = page.locator(".highlight[data-dnp-try] button[data-md-type=dnp-try]").first
    expect(button).to_be_visible()
    page.wait_for_timeout(1000)
    assert simulator_workers(page) == []
    assert page.evaluate("() => window.__dockerNotesEarlyWorker === undefined")
    button.click()
    wait_ready(page)
    assert len(simulator_workers(page)) == 1


@pytest.mark.browser
def test_instant_navigation_to_the_playground_makes_one_worker(page: Any, site_url: str) -> None:
    """Reaching the Playground page through instant navigation (its <head> script is not run then) still
    gives exactly one simulator worker, made by the page's client."""
    page.context.add_init_script(COUNT_WORKERS)
    page.goto(site_url + "beginner/")
    page.wait_for_load_state("load")
    page.locator(".md-tabs__link", has_text="Playground").click()
    page.wait_for_url("**/playground/")
    wait_ready(page)
    assert len(simulator_workers(page)) == 1
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    assert CONTAINER_ID.search(term.run("docker run -d nginx"))
    assert len(simulator_workers(page)) == 1


def open_mounting_late(page: Any, site_url: str) -> Term:
    """Open the Playground page with its widgets (playground-page.js) held back until the simulator is ready,
    so whatever the client says on getting ready is said before the page's terminal exists."""
    held = hold(page, "**/assets/playground/playground-page.js")
    page.goto(site_url + "playground/", wait_until="commit")
    wait_until(page, "window.__dockerNotesPlayground?.status === 'ready'", READY_S)
    assert page.locator("[data-dnp-terminal=main]").count() == 0
    page.wait_for_timeout(200)  # the init reply's notices are out
    release(page, "**/assets/playground/playground-page.js", held)
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    expect(term.input).to_be_visible()
    return term


def seed(page: Any, items: dict[str, str]) -> None:
    """Put ``items`` in localStorage before the page's first script, on the first load only."""
    page.context.add_init_script(
        f"const items = {json.dumps(items)};"
        " if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        " for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v); }"
    )


@pytest.mark.browser
def test_a_notice_said_before_the_terminal_mounted_reaches_it(page: Any, site_url: str) -> None:
    """A saved state from an older version: the client says so on getting ready, before the page's terminal
    exists; the terminal prints it once it mounts, once."""
    seed(page, {STATE_KEY: json.dumps({"v": 1, "state": {"version": 0, "session": {}}})})
    term = open_mounting_late(page, site_url)
    expect(term.output).to_contain_text("could not be restored")
    page.wait_for_timeout(300)
    assert term.output.inner_text().count("could not be restored") == 1


@pytest.mark.browser
def test_welcome_back_said_before_the_page_mounted_is_shown(browser: Any, page: Any, site_url: str) -> None:
    """The saved playground restored before the page's widgets mounted: "Welcome back" still shows."""
    page.goto(site_url + "playground/")
    wait_ready(page)
    Term(page, page.locator("[data-dnp-terminal=main]")).run("docker run -d --name keeper nginx")
    # Saved in IndexedDB now; seeded as a localStorage save of an earlier build (read, then moved over).
    saved = page.evaluate(
        "() => JSON.stringify({v: 1, saved: '', tab: 'earlier', state: window.__dockerNotesPlayground.state()})"
    )
    # A fresh cache: playground-page.js is fetched again, and held. No service worker, as the page fixture.
    context = browser.new_context(service_workers="block")
    try:
        later = context.new_page()
        seed(later, {STATE_KEY: saved})
        term = open_mounting_late(later, site_url)
        expect(term.output).to_contain_text("Welcome back")
        assert "keeper" in term.run("docker ps --format '{{.Names}}'")
    finally:
        context.close()


def test_the_early_script_and_the_client_call_the_same_links_slow() -> None:
    """Both make the worker's URL, and it must be the same URL for the page to adopt the early worker: the
    early script's slow-link test is client.js's (a navigation SLOW_RTT_MS or more from request to first byte)."""
    client = (ROOT / "playground" / "web" / "client.js").read_text("utf-8")
    threshold = re.search(r"export const SLOW_RTT_MS = (\d+);", client)
    assert threshold, "client.js names its threshold"
    script = early_script(WorkerFiles(worker="worker.js", pyodide="../pyodide/", wheel="w.whl"), "../assets/playground")
    slow_test = f"nav.responseStart - nav.requestStart >= {threshold.group(1)};"
    assert slow_test in script


#: The page's own navigation as it reads it: its first byte 150 ms after its request (a phone's slow link).
SLOW_NAVIGATION = """
(() => {
  const real = performance.getEntriesByType.bind(performance);
  performance.getEntriesByType = (type) => type !== "navigation" ? real(type)
    : real(type).map((entry) => ({ requestStart: entry.requestStart, responseStart: entry.requestStart + 150 }));
})();
"""


@pytest.mark.browser
def test_on_a_slow_link_the_snapshot_waits_for_the_wasm_and_the_simulator_answers(page: Any, site_url: str) -> None:
    """A page whose navigation took 150 ms to answer (as the page's timing says) is on a slow link: both
    its scripts make the worker's URL with link=slow (the early worker is adopted: one worker), the worker
    asks for the snapshot once the wasm is ahead, and the simulator starts from the snapshot and answers."""
    page.context.add_init_script(COUNT_WORKERS)
    page.context.add_init_script(SLOW_NAVIGATION)
    page.goto(site_url + "playground/")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    assert CONTAINER_ID.search(term.run("docker run -d nginx"))
    workers = simulator_workers(page)
    assert [w["fromHead"] for w in workers] == [True], workers
    assert "link=slow" in workers[0]["url"]
    info = page.evaluate("() => window.__dockerNotesPlayground.info")
    assert info["snapshot"] is True
    assert info["timings"]["snapshot fetched"] >= info["timings"]["worker"]
