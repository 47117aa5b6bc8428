"""A reader's walk through the notes in Chromium: every Try it of every page, in order, Enter through every
line. No error may appear that the Markdown did not mark as the lesson's point."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.plugins.playground.conftest import Term

pytestmark = pytest.mark.browser

#: A prune line that asks before it removes (no -f / --force).
PRUNE_ASKS = re.compile(r"^docker (container|volume|image|network|system|builder) prune\b(?!.*\s(-f|--force)\b)", re.M)
#: The terminal has finished one more line than ``n``.
RAN = "([el, n]) => Number(el.dataset.runs || 0) > n"
#: What the simulator prints when a container's PID 1 ignores Ctrl+C and the client keeps waiting.
IGNORED = "so it ignores Ctrl+C and docker keeps waiting"
#: The terminal has finished one more line than ``n``, or told of one more ignored Ctrl+C than ``k``.
ENDED_OR_IGNORED = (
    "([el, n, k]) => Number(el.dataset.runs || 0) > n || "
    f"el.querySelector('.dnp-term__output').textContent.split({IGNORED!r}).length - 1 > k"
)
PAGES = ("beginner/", "intermediate/", "advanced/")  # the Summary's one block is a syntax list: no Try it


def _enter(page, term: Term) -> str:
    """Press Enter on the queued line; a line that keeps running (an -it session, a foreground run, a
    stream) is left as a reader leaves it: Ctrl+D for a session, Ctrl+C for the rest ("left"); docker's [y/N]
    question (a prune) is answered y, as the notes tell ("answered"); else the line just ran ("ran")."""
    before = term.runs()
    term.input.press("Enter")
    page.wait_for_function(
        "([el, n]) => Number(el.dataset.runs || 0) > n || el.classList.contains('dnp-term--live')",
        arg=[term.root.element_handle(), before],
        timeout=120_000,
    )
    if term.runs() > before:
        return "ran"
    question = term.root.locator(".dnp-term__prompt-text").inner_text().endswith("[y/N]")
    if question:
        expect(term.root.locator(".dnp-term__hint")).to_contain_text("Type y and press Enter to go on")
        term.input.fill("y")
        term.input.press("Enter")
    elif term.input.get_attribute("placeholder") == "":  # a session reads its input: Ctrl+D ends it
        term.input.press("Control+D")
    else:
        # Ctrl+C stops the rest, but Node as PID 1 ignores it (the simulator says so at once), so the client
        # gives up only at the third press ("got 3 SIGTERM/SIGINTs, forcefully exiting"), as the notes tell.
        ignored = (term.output.text_content() or "").count(IGNORED)
        term.input.press("Control+C")
        page.wait_for_function(ENDED_OR_IGNORED, arg=[term.root.element_handle(), before, ignored], timeout=60_000)
        if term.runs() == before:
            term.input.press("Control+C")
            term.input.press("Control+C")
    page.wait_for_function(RAN, arg=[term.root.element_handle(), before], timeout=60_000)
    if question:  # the notes' prunes (container, volume) went on and said what they reclaimed
        assert "Total reclaimed space" in term.output.inner_text()[-400:]
    return "answered" if question else "left"


@pytest.mark.parametrize("path", PAGES)
def test_walk_every_try_it_of_the_page(page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    blocks = page.locator(".highlight[data-dnp-try]")
    count = blocks.count()
    unmarked: list[str] = []
    asked = answered = 0
    for index in range(count):
        block = blocks.nth(index)
        spec = json.loads(block.get_attribute("data-dnp-try") or "{}")
        button = block.locator("button[data-md-type=dnp-try]")
        button.scroll_into_view_if_needed()
        button.click()
        panel = page.locator(".dnp-try-panel")
        term = Term(page, panel.locator("[data-dnp-terminal]"))
        interrupted = 0  # a line left with Ctrl+C ends with docker's status for it (130): no lesson error
        for item in spec["lines"]:
            first, *rest = item["line"].split("\n")
            expect(term.input).to_have_value(f"{first} …" if rest else first)
            exits = panel.locator(".dnp-exit").count()
            asked += bool(PRUNE_ASKS.search(item["line"]))
            outcome = _enter(page, term)
            answered += outcome == "answered"
            if outcome == "left":
                interrupted += panel.locator(".dnp-exit").count() - exits
        assert "The playground is not running" not in term.output.inner_text(), spec["key"]
        exits = panel.locator(".dnp-exit").count() - interrupted
        marked = panel.get_by_text("This error is the lesson's point.").count()
        if exits > marked:
            unmarked.append(f"{spec['key']}: {exits} errors, {marked} marked\n{term.output.inner_text()[-600:]}")
        button.click()  # close: one panel at a time, as a reader going down the page
        expect(panel).to_have_count(0)
    assert count > 0
    assert answered == asked  # every prune without -f waited for its answer
    assert not unmarked, "\n\n".join(unmarked)
