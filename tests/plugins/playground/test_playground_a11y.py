"""Accessibility of the playground once it runs: axe-core finds nothing serious, and the keyboard is never trapped."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.plugins.playground.conftest import Term, wait_ready

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def blocking_violations(page, selector: str) -> list[dict]:
    """axe-core over one part of the page (WCAG 2.x A/AA and best practices), serious and critical only."""
    # Evaluated through the DevTools protocol: the site's CSP (rightly) refuses an injected inline script.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async (selector) => {
            const result = await axe.run(document.querySelector(selector), {resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        selector,
    )
    return [violation for violation in found if violation["impact"] in BLOCKING]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_running_playground_passes_axe(ready_term: Term, scheme: str) -> None:
    """With output, an error, the explanation and the engine view on screen, both palettes pass axe."""
    page, term = ready_term.page, ready_term
    page.emulate_media(color_scheme=scheme)
    palette = "slate" if scheme == "dark" else "default"  # Material follows the system's scheme as it changes
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", palette)
    term.run("docker run -d --name web nginx")
    term.run("docker stop nope")
    term.input.fill("docker run -d -p 8080:80 nginx")
    expect(page.locator(".dnp-explain")).to_contain_text("8080:80")
    assert blocking_violations(page, ".dnp-pg") == []


def test_try_it_panel_passes_axe_and_returns_focus(page, site_url: str) -> None:
    """An open Try it panel passes axe; Close gives focus back to its button."""
    page.goto(site_url + "beginner/")
    block = page.locator(".highlight[data-dnp-try]", has_text="docker stop -t 30 web-server").first
    button = block.locator("button[data-md-type=dnp-try]")
    button.click()
    wait_ready(page)
    term = Term(page, page.locator(".dnp-try-panel [data-dnp-terminal]"))
    term.enter()
    assert blocking_violations(page, ".dnp-try-panel") == []
    page.locator(".dnp-try-panel").get_by_role("button", name="Close").click()
    expect(page.locator(".dnp-try-panel")).to_have_count(0)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")


def test_keyboard_is_never_trapped_in_the_terminal(ready_term: Term) -> None:
    """Tab leaves an empty command line; with text, Esc then Tab leaves it; labels name every control."""
    page, term = ready_term.page, ready_term
    expect(term.input).to_have_accessible_name("Playground terminal: command line")
    term.input.focus()
    page.keyboard.press("Tab")
    expect(term.input).not_to_be_focused()
    term.input.fill("docker ps")
    term.input.focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(term.input).not_to_be_focused()
    expect(page.get_by_role("button", name="Share")).to_be_visible()
    expect(page.get_by_label("Reset to")).to_be_visible()
    expect(page.get_by_role("log", name="Playground terminal: output")).to_be_visible()
