"""Nothing the reader made is lost, in Chromium: a state this page cannot read is kept (with Export), a
share link asks first and keeps the replaced work aside (Undo), Stop ends a whole replay, a large engine
saves record by record and its view stays small, and the simulator's worker runs under the site's worker
policy when served with the build's ``_headers``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.hardening.headers_server import serve_with_headers
from tests.hardening.test_hardening_faults import main_term, open_started, wait_saved
from tests.plugins.playground.conftest import wait_ready

pytestmark = [pytest.mark.browser]

# Make the saved state look as if a newer build wrote it (store.js FORMAT is 2).
OPEN_DB = """const db = await new Promise((resolve) => {
    const request = indexedDB.open("dnp-playground");
    request.onsuccess = () => resolve(request.result);
  });"""
MARK_NEWER = (
    """async () => {
  """
    + OPEN_DB
    + """
  const tx = db.transaction(["meta"], "readwrite");
  tx.objectStore("meta").put({ format: 99, saved: "2099-01-01T00:00:00.000Z", tab: "future" }, "state");
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
}"""
)
KEPT_COUNT = (
    """async () => {
  """
    + OPEN_DB
    + """
  const all = await new Promise((resolve) => {
    const request = db.transaction(["kept"]).objectStore("kept").getAll();
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  return all.map((entry) => JSON.stringify(entry.records ?? entry.raw ?? null));
}"""
)


@pytest.mark.timeout(300)
def test_a_newer_builds_state_is_kept_with_an_export(page: Any, site_url: str) -> None:
    """A saved state from a newer build is never deleted: a notice, a clean engine, the copy in Saved work
    with Export (a file holding the reader's containers), and it stays after further saves."""
    term = open_started(page, site_url)
    term.run("docker volume create from-the-future")
    wait_saved(page, "from-the-future")
    page.evaluate(MARK_NEWER)
    page.reload()
    term = main_term(page)
    term.input.click()
    wait_ready(page)
    expect(term.output).to_contain_text("saved by a newer version of this site")
    assert "from-the-future" not in term.run("docker volume ls --format '{{.Name}}'")
    kept = page.evaluate(KEPT_COUNT)
    assert len(kept) == 1 and "from-the-future" in kept[0]
    saved_work = page.locator(".dnp-keep__saved")
    expect(saved_work).to_have_attribute("open", "")
    row = saved_work.locator(".dnp-keep__item", has_text="could not use")
    with page.expect_download() as download:
        row.get_by_role("button", name="Export").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert "from-the-future" in json.dumps(exported["state"])
    term.run("docker volume create after")
    wait_saved(page, "after")
    assert len(page.evaluate(KEPT_COUNT)) == 1


@pytest.mark.timeout(300)
def test_share_link_asks_first_keeps_work_aside_and_stop_ends_the_replay(page: Any, site_url: str) -> None:
    """Opening a share link asks; "Keep mine" changes nothing; "Open it" keeps the current playground aside
    with Undo; Ctrl+C during the replay ends the replay (not only its current line); Undo brings the reader's
    work back."""
    term = open_started(page, site_url)
    term.run("docker volume create mine")
    wait_saved(page, "mine")
    commands = [f"docker volume create shared-{i}" for i in range(60)]
    code = page.evaluate(
        """async (commands) => {
          const share = await import(new URL("../assets/playground/share.js", location.href));
          return share.encodeShare({ commands, files: {} });
        }""",
        commands,
    )
    page.goto("about:blank")  # a new load (a hash change alone is the same document)
    page.goto(f"{site_url}playground/#share={code}")
    term = main_term(page)
    question = page.locator(".dnp-keep__question")
    expect(question).to_contain_text("Open the shared playground?")
    question.get_by_role("button", name="Keep mine").click()
    expect(term.output).to_contain_text("your playground is as it was")
    assert "shared-0" not in term.run("docker volume ls --format '{{.Name}}'")
    page.goto("about:blank")
    page.goto(f"{site_url}playground/#share={code}")
    term = main_term(page)
    page.locator(".dnp-keep__question").get_by_role("button", name="Open it").click()
    page.wait_for_function("() => Number(document.querySelector('[data-dnp-terminal=main]').dataset.runs || 0) >= 3")
    term.input.press("Control+c")
    expect(term.output).to_contain_text("Replay stopped")
    page.wait_for_function("() => window.__dockerNotesPlayground.status === 'ready'", timeout=90_000)
    page.wait_for_timeout(1000)
    names = term.run("docker volume ls --format '{{.Name}}'").split()
    created = [name for name in names if name.startswith("shared-")]
    assert 0 < len(created) < 60, names  # stopped part-way: the rest never ran
    undo = page.locator(".dnp-keep__undo")
    expect(undo).to_contain_text("kept aside")
    undo.get_by_role("button", name="Undo").click()
    expect(term.output).to_contain_text("Your previous playground is back")
    names = term.run("docker volume ls --format '{{.Name}}'").split()
    assert "mine" in names and not [name for name in names if name.startswith("shared-")]


@pytest.mark.timeout(600)
def test_a_large_engine_saves_record_by_record_and_its_view_stays_small(page: Any, site_url: str) -> None:
    """500 containers: the engine view holds a few dozen rows (virtualised), later commands save, and a reload
    brings every container back. (The longest main-thread task is measured by bench, not asserted here.)"""
    term = open_started(page, site_url)
    term.run(" ; ".join(["docker create nginx"] * 500), timeout=400_000)
    wait_saved(page, "docker-entrypoint", timeout_s=60)
    page.wait_for_function(
        "() => /\\(500\\)/.test(document.querySelector('.dnp-engine .dnp-count')?.textContent || '')", timeout=300_000
    )
    assert page.locator(".dnp-engine__list").first.locator("li").count() < 80
    for name in ("one", "two", "three"):
        term.run(f"docker run -d --name more-{name} nginx", timeout=120_000)
    wait_saved(page, "more-three", timeout_s=60)
    page.reload()
    term = main_term(page)
    term.input.click()
    wait_ready(page, timeout=180_000)
    count = term.run("docker ps -aq | wc -l", timeout=120_000)
    assert re.search(r"\b503\b", count), count


@pytest.mark.timeout(300)
def test_the_worker_runs_under_the_headers_the_build_ships(browser: Any, built_site: Path) -> None:
    """Served as Netlify or Cloudflare Pages would serve ``_headers``: the simulator's worker gets the worker
    policy, starts and answers; inside it, data: and other origins are refused."""
    with serve_with_headers(built_site) as url:
        context = browser.new_context(service_workers="block")  # the simulator's worker is the point
        try:
            page = context.new_page()
            policies: dict[str, str] = {}
            page.on(
                "response",
                lambda response: (
                    policies.__setitem__(
                        response.url.split("?")[0], response.headers.get("content-security-policy", "")
                    )
                    if response.url.split("?")[0].endswith(("/worker.js", "/sw.js"))
                    else None
                ),
            )
            page.goto(url + "playground/")
            term = main_term(page)
            term.input.click()
            wait_ready(page, timeout=180_000)
            assert "CONTAINER ID" in term.run("docker ps")
            worker_policy = policies[url + "assets/playground/worker.js"]
            assert worker_policy == "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"
            worker = next(w for w in page.workers if "playground/worker.js" in w.url)
            outcome = worker.evaluate(
                """async () => ({
                  data: await fetch("data:text/plain,hi").then(() => "allowed", () => "refused"),
                  other: await fetch("https://example.com/").then(() => "allowed", () => "refused"),
                  own: await fetch(new URL("empty-stdlib.zip", location.href))
                    .then((r) => (r.ok ? "allowed" : "no"), () => "refused"),
                })"""
            )
            assert outcome == {"data": "refused", "other": "refused", "own": "allowed"}, outcome
        finally:
            context.close()
