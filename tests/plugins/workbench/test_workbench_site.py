"""The workbench as the playground plugin ships it: bundled by esbuild, mounted on the generated Playground page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp/workbench-screenshots")
BOOT_MS = 120_000
BUILD_MS = 60_000


def published_bundle(built_site: Path) -> Path:
    """The workbench module of the built site, or skip when this build of the site has none."""
    bundle = built_site / "assets" / "playground" / "workbench" / "index.js"
    if not bundle.is_file():
        pytest.skip("the built site publishes no workbench (playground plugin disabled or not bundling yet)")
    return bundle


def open_playground(page: Any, site_url: str) -> None:
    """Open the Playground page and wait for the workbench to be ready (the page starts the worker)."""
    page.goto(site_url + "playground/")
    page.wait_for_selector("#workbench .dnw[data-ready='true']", timeout=BOOT_MS)


def test_published_bundle_is_self_contained(built_site: Path) -> None:
    """The plugin ships one ES module with CodeMirror inside: no bare npm imports a browser cannot resolve."""
    text = published_bundle(built_site).read_text(encoding="utf-8")
    assert not re.search(r"""(?:from|import)\s*\(?\s*["']@?(?:codemirror|lezer)""", text)
    assert "mountWorkbench" in text or "export" in text
    assert not list(built_site.glob("assets/playground/workbench/*.css")), "styles travel inside the bundle"


def test_workbench_on_the_playground_page(page, site_url: str, built_site: Path) -> None:
    """Mounted once on the Playground page; loading the starter Dockerfile on its own leaves the reader where
    they were (top of the page); lint links point at the notes under the site root; a build runs; the light
    palette's screenshot at 1280 px (the other palette and 360 px: test_site_screenshots). One start of the
    page for what three tests each started it for."""
    published_bundle(built_site)
    open_playground(page, site_url)
    expect(page.locator(".dnw__status")).to_contain_text("Loaded a lesson")
    page.wait_for_timeout(500)
    assert page.evaluate("window.scrollY") == 0
    expect(page.locator("#workbench")).to_be_visible()
    expect(page.locator("#workbench .dnw")).to_have_count(1)
    expect(page.get_by_role("heading", name="Dockerfile workbench")).to_be_visible()
    link = page.locator(".dnw__finding[data-rule='DS001'] a")
    expect(link).to_have_attribute("href", site_url + "advanced/#non-root-users-best-practices", timeout=BUILD_MS)
    target = (built_site / "advanced" / "index.html").read_text(encoding="utf-8")
    assert 'id="non-root-users-best-practices"' in target
    build_and_screenshot(page, "light")
    expect(page.locator(".dnw__status")).to_contain_text("Built workbench:latest")
    expect(page.locator(".dnw__layer").first).to_be_visible()


def test_instant_navigation_mounts_it_once(page, site_url: str, built_site: Path) -> None:
    """Leaving the page and coming back through Material's instant navigation leaves one workbench, one stylesheet."""
    published_bundle(built_site)
    open_playground(page, site_url)
    page.locator(".md-footer__link--prev").click()
    page.wait_for_url(re.compile(r"/cheatsheet/$"))
    expect(page.locator(".dnw")).to_have_count(0)
    page.go_back()
    page.wait_for_selector("#workbench .dnw[data-ready='true']", timeout=BOOT_MS)
    expect(page.locator(".dnw")).to_have_count(1)
    assert page.locator("#dnw-styles").count() == 1


def build_and_screenshot(page, name: str) -> None:
    """Press Build, wait for it, check the page does not scroll sideways, and keep a screenshot of the
    workbench in /tmp (the sticky bars hidden: they would cover it)."""
    before = int(page.locator(".dnw").get_attribute("data-builds") or 0)
    page.get_by_role("button", name="Build", exact=True).click()
    page.wait_for_function(
        "(n) => Number(document.querySelector('.dnw').dataset.builds || 0) > n", arg=before, timeout=BUILD_MS
    )
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page does not scroll sideways"
    page.add_style_tag(content=".md-header, .md-tabs { visibility: hidden; }")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("#workbench").screenshot(path=str(SCREENSHOTS / f"site-{name}.png"))


@pytest.mark.parametrize(("name", "scheme", "width"), [("dark", "slate", 1280), ("narrow", "default", 360)])
def test_site_screenshots(page, site_url: str, built_site: Path, name: str, scheme: str, width: int) -> None:
    """Screenshots of the workbench on the real page after a build, the dark palette and 360 px (in /tmp; the
    light palette's: test_workbench_on_the_playground_page)."""
    published_bundle(built_site)
    page.set_viewport_size({"width": width, "height": 900})
    open_playground(page, site_url)
    page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    build_and_screenshot(page, name)
