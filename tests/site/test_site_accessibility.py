"""Accessibility: axe-core over every page of the built site finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
#: The axe rules whose outcome depends on the colours: all a palette changes (the others, which read the
#: markup, give the light palette's answer again).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site except the 404 page, as URL paths."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        pages.append("" if relative == "." else f"{relative}/")
    assert len(pages) >= 5, f"the built site in {site} has too few pages: {pages}"
    return pages


def axe_violations(page, url: str, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.x A/AA rules and best practices, or only ``rules``) on a loaded page."""
    page.goto(url, wait_until="networkidle")
    if url.endswith("/playground/"):
        # Check the page as a reader sees it once it has started: terminal and workbench mounted.
        page.wait_for_selector("#workbench .dnw[data-ready='true']", timeout=90_000)
    # Evaluated through the DevTools protocol: the site's CSP (rightly) refuses an injected inline script.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (rules) => {
            const options = {resultTypes: ['violations']};
            if (rules) options.runOnly = {type: 'rule', values: rules};
            const result = await axe.run(document, options);
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        rules,
    )


def test_every_page_has_no_serious_violations(page, site_url: str, built_site: Path) -> None:
    """Each page, in the light palette, passes axe with no serious or critical finding."""
    report = {}
    for path in site_pages(built_site):
        blocking = [v for v in axe_violations(page, site_url + path) if v["impact"] in BLOCKING]
        if blocking:
            report[path or "/"] = blocking
    assert not report, report


def test_dark_palette_has_no_serious_violations(page, site_url: str, built_site: Path) -> None:
    """The dark palette keeps enough contrast too (checked on the notes pages, by the rules colours decide)."""
    page.emulate_media(color_scheme="dark")
    report = {}
    for path in ["", "beginner/", "advanced/"]:
        blocking = [v for v in axe_violations(page, site_url + path, COLOUR_RULES) if v["impact"] in BLOCKING]
        if blocking:
            report[path or "/"] = blocking
    assert not report, report
