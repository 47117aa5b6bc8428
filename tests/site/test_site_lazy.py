"""What a notes page downloads: the loader and the Try it buttons only; page code loads when a page needs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

HEAVY = (
    "terminal.js",
    "client.js",
    "playground-page.js",
    "playground.css",
    "minisearch.js",
    "cheatsheet-search.js",
    "cheatsheet.js",
)


def loaded(urls: list[str], name: str) -> bool:
    return any(url.split("?")[0].endswith("/" + name) for url in urls)


def test_notes_pages_name_no_page_specific_code(built_site: Path) -> None:
    """The head of a notes page links the loader and the buttons' styles, not the cheat sheet's or the playground's."""
    page = (built_site / "beginner" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/playground/playground.js" type="module">' in page
    assert "assets/playground/tryit.css" in page
    # The Try it panel's modules are named (a meta tryit.js reads to preload them on a press), never loaded.
    meta = re.search(r'<meta name="dnp-panel-modules" content="[^"]*">', page)
    assert meta and "terminal.js" in meta.group(0)
    page = page.replace(meta.group(0), "")
    page_code = ("minisearch.js", "cheatsheet-search.js", "cheatsheet.js", "cheatsheet.css", "playground.css")
    for name in (*page_code, "terminal.js"):
        assert name not in page, name


def test_cheat_sheet_names_its_own_assets(built_site: Path) -> None:
    """The cheat sheet's content carries its stylesheet and the scripts the loader runs."""
    page = (built_site / "cheatsheet" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/cheatsheet/cheatsheet.css">' in page
    scripts = re.search(r'data-dnp-scripts="([^"]*)"', page)
    assert scripts
    assert scripts.group(1).split() == [
        "../assets/cheatsheet/minisearch.js",
        "../assets/cheatsheet/cheatsheet-search.js",
        "../assets/cheatsheet/cheatsheet.js",
    ]


def test_search_index_keeps_the_cheat_sheet_out_but_findable(built_site: Path) -> None:
    """Material's index has the cheat sheet's title, intro, topics and export section, not its entries or controls."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    sheet = [doc for doc in docs if doc["location"].startswith("cheatsheet/")]
    assert {"cheatsheet/", "cheatsheet/#containers", "cheatsheet/#volumes", "cheatsheet/#export"} <= {
        doc["location"] for doc in sheet
    }
    assert next(doc for doc in sheet if doc["location"] == "cheatsheet/#volumes")["title"] == "Volumes"
    intro = next(doc for doc in sheet if doc["location"] == "cheatsheet/")
    assert intro["title"] == "Cheat sheet" and "Every docker command" in intro["text"]
    text = " ".join(doc["text"] for doc in sheet)
    assert "docker system prune" not in text and "Ask or filter" not in text and '"kind"' not in text
    assert any("docker system prune" in doc["text"] for doc in docs if not doc["location"].startswith("cheatsheet"))


@pytest.mark.browser
def test_try_it_code_loads_on_first_use(page, site_url: str, request_log) -> None:
    """A notes page shows its Try it buttons without the terminal's code; the first press loads it and opens."""
    page.goto(site_url + "beginner/", wait_until="networkidle")
    button = page.locator(".highlight[data-dnp-try] button[data-md-type=dnp-try]").first
    expect(button).to_be_visible()
    icon = button.evaluate("(el) => getComputedStyle(el, '::after').webkitMaskImage")
    assert icon.startswith("url(")  # styled by tryit.css, in the head: no flash
    assert [name for name in HEAVY if loaded(request_log.urls, name)] == []
    # A mouse over the button fetches the panel's code and the lesson (a press is near), not the simulator.
    with page.expect_request(lambda request: request.url.split("?")[0].endswith("/terminal.js")):
        button.hover()
    page.wait_for_load_state("networkidle")
    assert loaded(request_log.urls, "tryit-panel.js") and any("/lessons/" in url for url in request_log.urls)
    assert not loaded(request_log.urls, "worker.js")
    button.click()
    panel = page.locator(".dnp-try-panel")
    expect(panel.locator(".dnp-term__input")).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    assert loaded(request_log.urls, "terminal.js") and loaded(request_log.urls, "playground.css")
    assert not loaded(request_log.urls, "minisearch.js")
    # Styled from the first frame it is shown: playground.css applied before the panel was added.
    assert panel.evaluate("(el) => getComputedStyle(el).borderTopStyle") == "solid"


@pytest.mark.browser
def test_keyboard_opens_try_it(page, site_url: str) -> None:
    """Focus then Enter on a Try it button opens its terminal with the block's command, focused."""
    page.goto(site_url + "beginner/")
    block = page.locator(".highlight[data-dnp-try]", has_text="docker run -d --name my-nginx nginx").first
    button = block.locator("button[data-md-type=dnp-try]")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    term_input = page.locator(".dnp-try-panel .dnp-term__input")
    expect(term_input).to_have_value("docker run -d --name my-nginx nginx")
    expect(term_input).to_be_focused()


@pytest.mark.browser
def test_page_code_follows_instant_navigation(page, site_url: str, request_log) -> None:
    """From a notes page, instant navigation mounts the cheat sheet (twice: scripts load once) and the Playground."""
    page.goto(site_url + "beginner/")
    page.evaluate("window.__marker = 1")
    for _ in range(2):
        page.locator(".md-tabs__link", has_text="Cheat sheet").click()
        page.wait_for_url("**/cheatsheet/")
        expect(page.locator(".cheatsheet--enhanced")).to_be_visible()
        page.fill("#cheatsheet-query", "prune")
        expect(page.locator("[data-cheatsheet-status]")).to_contain_text("match")
        expect(page.locator(".cheatsheet-entry:not([hidden]) .cheatsheet-try button").first).to_be_visible()
        page.locator(".md-tabs__link", has_text="Beginner").click()
        page.wait_for_url("**/beginner/")
        expect(page.locator(".cheatsheet")).to_have_count(0)
    assert sum(url.endswith("/minisearch.js") for url in request_log.urls) == 1
    page.locator(".md-tabs__link", has_text="Playground").click()
    page.wait_for_url("**/playground/")
    expect(page.locator("[data-dnp-terminal=main] .dnp-term__input")).to_be_visible()
    assert page.evaluate("window.__marker") == 1  # no reload happened
