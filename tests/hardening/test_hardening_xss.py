"""The XSS corpus (xss_payloads.txt) pushed through every input: terminal, simulator objects, workbench files
and Dockerfile, cheat-sheet filter and ``?q=``, share links and saved state. Always text, never markup or code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.hardening.conftest import violations
from tests.plugins.playground.conftest import Term, wait_ready

pytestmark = [pytest.mark.browser]

PAYLOADS = [
    line
    for line in (Path(__file__).with_name("xss_payloads.txt")).read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("# ")
]
#: The payloads sent through the cheat sheet's ``?q=`` link, one page load each (the 836 KB page costs seconds
#: to load): one per kind of attack: an element with a handler, breaking out of a double- or single-quoted
#: attribute, a javascript: URL, Angular-style and JavaScript template syntax (``<svg onload>`` and the
#: backquoted template, the same kinds again, go through the filter box with every other payload).
DEEP_LINK_PAYLOADS = [PAYLOADS[index] for index in (0, 2, 3, 4, 5, 6)]
BOOT_MS = 120_000
BUILD_MS = 60_000

# Elements or attributes that would exist only if some payload had been parsed as HTML.
HOSTILE_DOM = """() => {
  const found = [];
  const selectors = ["img[src=x]", "svg[onload]", "iframe", "object", "mglyph",
    "details[ontoggle]", "a[href^='javascript:' i]", "base[href^='javascript:' i]", "input[onfocus]", "body[onload]"];
  for (const s of selectors) {
    for (const el of document.querySelectorAll(s)) found.push(s + " " + el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) found.push(el.tagName + "[" + attr + "]");
  }
  for (const el of document.querySelectorAll("script, style")) {
    if (/alert\\(|javascript:/.test(el.textContent)) found.push(el.tagName + " " + el.textContent.slice(0, 80));
  }
  if (({}).polluted !== undefined) found.push("Object.prototype polluted");
  return found;
}"""


def shq(text: str) -> str:
    """Quote ``text`` for the simulator's shell (POSIX single quotes)."""
    return "'" + text.replace("'", "'\\''") + "'"


def safe_name(text: str) -> str:
    """A file name carrying the payload (no folder separators, no leading dot)."""
    return "x-" + text.replace("/", "_")


def assert_clean(page: Any, dialogs: list[str]) -> None:
    """No dialog fired, no payload element exists, no CSP violation (an attempt to run code would show).

    Checked once Material's bundle has run (the Playground page runs it late): until then its template's
    search-share link is ``javascript:void(0)``, which the bundle replaces."""
    assert dialogs == []
    page.wait_for_function("() => window.document$ !== undefined", timeout=20_000)
    assert page.evaluate(HOSTILE_DOM) == []
    assert violations(page) == []


@pytest.fixture
def hostile_page(csp_page: Any) -> tuple[Any, list[str]]:
    """The page with a dialog recorder (every dialog is dismissed and counted)."""
    dialogs: list[str] = []
    csp_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return csp_page, dialogs


def test_corpus_is_loaded() -> None:
    """The corpus has the classic vectors and the unicode tricks."""
    assert len(PAYLOADS) >= 30
    assert "<img src=x onerror=alert(1)>" in PAYLOADS
    assert any("\u202e" in p for p in PAYLOADS) and any("\u200b" in p for p in PAYLOADS)


@pytest.mark.timeout(300)
def test_payloads_through_the_playground(hostile_page: tuple[Any, list[str]], site_url: str) -> None:
    """Terminal lines, env values, labels, volume and network names, workbench files, Dockerfile text,
    saved state (reload) and a share link: every payload is shown as text."""
    page, dialogs = hostile_page
    page.goto(site_url + "playground/")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    # Eight payloads per terminal line (one line per payload cost a round trip and a re-read of the growing
    # output each): every payload is still echoed, set as an env value and a label, and names a network.
    for start in range(0, len(PAYLOADS), 8):
        batch = list(enumerate(PAYLOADS))[start : start + 8]
        out = term.run(
            "; ".join(
                f"echo {shq(payload)}; docker run -d --name x{i} -e {shq('X=' + payload)} "
                f"--label {shq('k=' + payload)} nginx; "
                f"docker inspect --format '{{{{index .Config.Labels \"k\"}}}}' x{i}; "
                f"docker volume create --label {shq('k=' + payload)} v{i}; docker network create {shq(payload)}"
                for i, payload in batch
            )
        )
        for _, payload in batch:
            assert out.count(payload) >= 2, (payload, out)
    env = term.run("docker inspect --format '{{json .Config.Env}}' x0")
    assert json.dumps("X=" + PAYLOADS[0]) in env
    assert_clean(page, dialogs)

    # Workbench: payload file names and contents, a Dockerfile with payload labels and RUN echo lines.
    page.wait_for_selector("#workbench .dnw[data-ready='true']", timeout=BOOT_MS)
    dockerfile = "FROM alpine:3.19\n" + "".join(
        f"LABEL k{i}={json.dumps(p)}\nRUN echo {shq(p)}\n" for i, p in enumerate(PAYLOADS[:12])
    )
    page.evaluate(
        """async ([files, dockerfile]) => {
          const client = window.__dockerNotesPlayground;
          for (const [path, content] of files) await client.request("write_file", { path, content });
          await client.request("write_file", { path: "Dockerfile", content: dockerfile });
          await client.request("run", { line: "true" });
        }""",
        [[[safe_name(p), p] for p in PAYLOADS], dockerfile],
    )
    expect(page.locator("#workbench")).to_contain_text(safe_name(PAYLOADS[0]), timeout=20_000)
    before = int(page.locator(".dnw").get_attribute("data-builds") or 0)
    page.get_by_role("button", name="Build", exact=True).click()
    page.wait_for_function(
        "(n) => Number(document.querySelector('.dnw').dataset.builds || 0) > n", arg=before, timeout=BUILD_MS
    )
    workbench_text = page.locator("#workbench").inner_text()
    assert "alert(1)" in workbench_text
    assert_clean(page, dialogs)

    # Saved state: the reload restores every payload-carrying object; the engine view shows their names.
    page.reload()
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    listed = term.run("docker network ls --format '{{.Name}}'")
    for payload in PAYLOADS[:10]:
        assert payload in listed
    assert_clean(page, dialogs)

    # A share link whose commands echo every payload and whose files carry them.
    url = page.evaluate(
        """async ([commands, files]) => {
          const root = document.baseURI.replace(/playground\\/.*$/, "");
          const share = await import(new URL("assets/playground/share.js", root));
          return location.pathname + "#share=" + await share.encodeShare({ commands, files });
        }""",
        [[f"echo {shq(p)}" for p in PAYLOADS], {safe_name(p): p for p in PAYLOADS}],
    )
    # Leave the Playground page first (its pagehide save happens now), forget the saved state, then open the
    # link as a fresh load: a same-page fragment navigation could be taken by the old page (Material's
    # instant navigation), which removes the fragment before a reload would see it.
    page.goto(site_url)
    page.evaluate("() => localStorage.clear()")
    page.goto(site_url.rstrip("/") + url)
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    question = page.locator(".dnp-keep__question")
    expect(question).to_contain_text("Open the shared playground?", timeout=30_000)
    question.get_by_role("button", name="Open it").click()
    wait_ready(page)
    expect(term.output).to_contain_text("Opened a shared playground", timeout=30_000)
    page.wait_for_function(
        "(n) => !window.__dockerNotesPlayground.busy"
        " && document.querySelectorAll('[data-dnp-terminal=main] .dnp-line--cmd').length >= n",
        arg=len(PAYLOADS),
        timeout=60_000,
    )
    shown = term.output.inner_text()
    for payload in PAYLOADS:
        assert payload in shown
    assert_clean(page, dialogs)


@pytest.mark.timeout(120)
def test_payloads_through_the_cheat_sheet(hostile_page: tuple[Any, list[str]], site_url: str) -> None:
    """The filter box and its ``?q=`` deep link: the query stays a value, the page stays clean."""
    page, dialogs = hostile_page
    for payload in DEEP_LINK_PAYLOADS:
        page.goto(site_url + "cheatsheet/?q=" + quote(payload, safe=""))
        box = page.locator("#cheatsheet-query")
        expect(box).to_have_value(payload.strip())
        assert_clean(page, dialogs)
    box = page.locator("#cheatsheet-query")
    for payload in PAYLOADS:
        box.fill(payload)
        page.wait_for_timeout(30)
        expect(box).to_have_value(payload)
    assert_clean(page, dialogs)
