"""The site as a reader sees it in Chromium: title, navigation, search, palette toggle, nothing offsite."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_has_title_navigation_and_search(page, site_url: str) -> None:
    """The home page loads with its title, the part tabs, and a working search box."""
    page.goto(site_url)
    assert page.title().startswith("Docker study notes, live")
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert [tab.strip() for tab in tabs][:5] == ["Home", "Beginner", "Intermediate", "Advanced", "Summary"]
    page.keyboard.press("s")
    search = page.locator("input.md-search__input")
    search.press_sequentially("volume prune", delay=20)
    page.wait_for_selector(".md-search-result__item")
    assert page.locator(".md-search-result__item").count() > 0


def test_part_page_renders_highlighted_code_and_toc(page, site_url: str) -> None:
    """A part page shows its heading, highlighted code with copy buttons and a table of contents."""
    page.goto(site_url + "intermediate/")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Intermediate: Image & Container Management"
    assert page.locator(".language-dockerfile.highlight").count() > 10
    page.wait_for_selector("button.md-code__button[data-md-type=copy]")
    assert page.locator("button.md-code__button[data-md-type=copy]").count() > 10
    assert page.locator(".md-nav--secondary .md-nav__link").count() > 10


def test_palette_toggle_switches_scheme(page, site_url: str) -> None:
    """The palette toggle cycles system → light → dark, and the page's scheme follows."""
    page.emulate_media(color_scheme="light")
    page.goto(site_url + "beginner/")
    body = page.locator("body")
    schemes = []
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        schemes.append(body.get_attribute("data-md-color-scheme"))
    assert "default" in schemes and "slate" in schemes


def test_instant_navigation_keeps_the_page_alive(page, site_url: str) -> None:
    """Following a tab uses instant navigation (no full reload) and lands on the part page."""
    page.goto(site_url)
    page.evaluate("window.__marker = 1")
    page.locator(".md-tabs__link", has_text="Advanced").click()
    page.wait_for_url("**/advanced/")
    expect(page.locator("h1").first).to_contain_text("Advanced: Orchestration")
    assert page.evaluate("window.__marker") == 1


def test_dark_scheme_follows_system_preference(page, site_url: str) -> None:
    """With no choice made, the site follows the system's dark preference."""
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
