"""On the Playground page, Material's bundle runs once the simulator has answered (material.py, material.js),
at once when the reader reaches for the site's chrome, and the site works as before once it has run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from docker_notes.csp import inline_script_hashes
from docker_notes.playground.material import FONTS_MARKER, JS_CLASS_SCRIPT, MARKER, defer_material_bundle
from playwright.sync_api import expect

from bench.first_answer import WATCH
from tests.hardening.conftest import CSP_RECORDER, violations
from tests.plugins.playground.conftest import READY_TIMEOUT_MS, Term

CSP_META = '<meta http-equiv="Content-Security-Policy" content="x">'
BUNDLE = "../assets/javascripts/bundle.a5f9d56c.min.js"
PAGE = (
    f'<html class="no-js"><head>{CSP_META}<title>t</title></head><body><main>…</main>\n'
    f'<script id="__config" type="application/json">{{}}</script>\n'
    f'<script src="{BUNDLE}"></script>\n<script src="../javascripts/a11y.js"></script></body></html>'
)
BLOCK_RE = re.compile(rf"<script type=\"application/json\" {MARKER}>(.*?)</script>")

# Runs before the page's scripts: when Material's bundle has set its globals (performance.now()).
MATERIAL_AT = """
(() => {
  Object.defineProperty(window, "document$", {
    configurable: true,
    set(value) {
      window.__materialAt = performance.now();
      Object.defineProperty(window, "document$", { value, writable: true, configurable: true });
    },
  });
})();
"""


def test_the_bundle_script_becomes_a_data_block_naming_it() -> None:
    """The bundle's <script> is replaced in place by a JSON block with its URL; nothing else moves; the js
    class script goes right after the CSP meta; the block is never executed (no CSP hash for it)."""
    changed = defer_material_bundle(PAGE)
    assert f'<script src="{BUNDLE}">' not in changed
    block = BLOCK_RE.search(changed)
    assert block is not None and json.loads(block.group(1)) == {"src": BUNDLE}
    assert changed.index("__config") < block.start() < changed.index("a11y.js")
    assert changed.startswith(f'<html class="no-js"><head>{CSP_META}{JS_CLASS_SCRIPT}<title>')
    assert inline_script_hashes(changed) == inline_script_hashes(JS_CLASS_SCRIPT)


def test_a_page_without_the_bundle_is_left_alone() -> None:
    """No bundle script (another theme, or the page changed already): the page is returned unchanged."""
    assert defer_material_bundle("<html><head></head><body><p>x</p></body></html>") == (
        "<html><head></head><body><p>x</p></body></html>"
    )
    once = defer_material_bundle(PAGE)
    assert defer_material_bundle(once) == once


def test_the_web_fonts_wait_for_the_bundle() -> None:
    """The site's font stylesheet is linked for print only until the bundle runs (no face is fetched for the
    screen meanwhile); a page without the bundle script keeps its fonts as they are."""
    fonts = '<link rel="stylesheet" href="../stylesheets/fonts.css">'
    page = PAGE.replace("<title>t</title>", f"<title>t</title>{fonts}")
    changed = defer_material_bundle(page)
    assert fonts not in changed
    assert f'<link rel="stylesheet" href="../stylesheets/fonts.css" media="print" {FONTS_MARKER}>' in changed
    plain = f"<html><head>{fonts}</head><body></body></html>"
    assert defer_material_bundle(plain) == plain


def test_only_the_playground_page_defers_it(built_site: Path) -> None:
    """The built Playground page names the bundle that every other page loads as usual, and the file exists."""
    page = built_site / "playground" / "index.html"
    text = page.read_text(encoding="utf-8")
    block = BLOCK_RE.search(text)
    assert block is not None
    bundle = (page.parent / json.loads(block.group(1))["src"]).resolve()
    assert bundle.is_file() and bundle.parent == (built_site / "assets" / "javascripts").resolve()
    assert "assets/javascripts/bundle." not in text.replace(block.group(0), "")
    notes = (built_site / "beginner" / "index.html").read_text(encoding="utf-8")
    assert not BLOCK_RE.search(notes) and f"{bundle.name}\"></script>" in notes


# --- in the browser --------------------------------------------------------------------------------------


@pytest.mark.browser
def test_material_runs_after_the_first_answer(page: Any, site_url: str) -> None:
    """As the benchmark does, a command typed at once: its answer is on screen before Material's bundle
    runs; then the bundle runs by itself, search finds pages, and no CSP violation happened."""
    page.context.add_init_script(WATCH)
    page.context.add_init_script(MATERIAL_AT)
    page.context.add_init_script(CSP_RECORDER)
    page.goto(site_url + "playground/", wait_until="commit")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    expect(term.input).to_be_visible()
    assert page.evaluate("() => document.documentElement.classList.contains('js')")
    term.input.fill("docker run -d nginx")
    term.input.press("Enter")
    answered = page.evaluate("() => window.__benchAnswered")
    page.wait_for_function("() => window.__materialAt !== undefined", timeout=READY_TIMEOUT_MS)
    assert page.evaluate("() => window.__materialAt") > answered
    assert page.evaluate("() => document.querySelector('link[data-dnp-deferred-fonts]').media") == "all"
    page.locator(".md-search__input").fill("volume")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert violations(page) == []


@pytest.mark.browser
def test_reaching_for_the_search_runs_material_at_once(page: Any, site_url: str) -> None:
    """The simulator's runtime held back, so it surely has not answered (and the 3 s fallback waits for it):
    clicking into the search box runs the bundle, and what the reader types there is searched."""
    page.context.add_init_script(MATERIAL_AT)
    page.route("**/pyodide.asm.wasm*", lambda route: None)  # never answered: the simulator stays starting
    page.goto(site_url + "playground/", wait_until="domcontentloaded")
    page.wait_for_timeout(4000)  # past the fallback's moment: it must not have run the bundle
    assert page.evaluate("() => window.__materialAt") is None
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("volume", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert page.evaluate("() => window.__dockerNotesPlayground.status") == "loading"


@pytest.mark.browser
def test_instant_navigation_works_once_material_has_run(page: Any, site_url: str) -> None:
    """After the late bundle: a tab link opens the next page without a reload and its Try it buttons are
    mounted; coming back mounts the playground once more, with one terminal."""
    page.context.add_init_script(MATERIAL_AT)
    page.goto(site_url + "playground/")
    page.wait_for_function("() => window.__materialAt !== undefined", timeout=READY_TIMEOUT_MS)
    page.evaluate("() => { window.__sameVisit = true; }")
    page.locator(".md-tabs__link", has_text="Beginner").click()
    page.wait_for_url("**/beginner/")
    expect(page.locator(".dnp-try-button").first).to_be_attached()
    assert page.evaluate("() => window.__sameVisit") is True  # instant navigation, no reload
    page.go_back()
    page.wait_for_url("**/playground/")
    expect(page.locator("[data-dnp-terminal=main] .dnp-term__input")).to_have_count(1)
    assert page.evaluate("() => window.__sameVisit") is True


@pytest.mark.browser
def test_a_click_before_material_runs_opens_the_page_instantly(page: Any, site_url: str) -> None:
    """A tab clicked while Material's bundle is still on its way (held here) is not a whole page load that
    would restart the simulator: the click waits for the bundle, then Material's instant navigation opens it."""
    held: list[Any] = []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))
    page.goto(site_url + "playground/")
    page.evaluate("() => { window.__sameVisit = true; }")
    page.locator(".md-tabs__link", has_text="Beginner").click()
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the click did not start Material's bundle"
    assert page.url.endswith("/playground/")  # held while the bundle is on its way
    held[0].continue_()
    page.wait_for_url("**/beginner/")
    expect(page.locator(".dnp-try-button").first).to_be_attached()
    assert page.evaluate("() => window.__sameVisit") is True  # no reload
