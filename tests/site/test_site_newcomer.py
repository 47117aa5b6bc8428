"""What a first-time reader meets: a home page that leads to every way of using the site, a labelled Try it
on every try-able block at desktop and phone widths, and their work still there after a reload."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# Every Try it button of the page: its visible text, its accessible name, its box and whether it covers
# its block's code.
BUTTONS = """() => [...document.querySelectorAll('.highlight[data-dnp-try]')].map((block) => {
  const button = block.querySelector('button[data-md-type=dnp-try]');
  if (!button) return {missing: true};
  const a = button.getBoundingClientRect();
  const b = block.querySelector('pre > code').getBoundingClientRect();
  const covers = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return {text: button.innerText.trim(), name: button.getAttribute('aria-label'),
          width: a.width, height: a.height, covers};
})"""


def test_home_page_leads_to_every_way_of_using_the_site(built_site: Path) -> None:
    """The home page links the notes, a Try it example, the Playground and the cheat sheet, each with a
    small lazy-loaded picture of known size; the Summary's cheat sheet section links the interactive one."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    ways = home[home.index('id="ways"') : home.index('id="table-of-contents"')]
    for href in ('href="beginner/"', 'href="beginner/#basic-commands"', 'href="playground/"', 'href="cheatsheet/"'):
        assert href in ways, href
    pictures = re.findall(r"<img [^>]*>", ways)
    assert len(pictures) == 4
    for tag in pictures:
        assert 'loading="lazy"' in tag and 'width="480"' in tag and 'height="300"' in tag and 'alt="' in tag
        source = re.search(r'src="([^"]+)"', tag).group(1)
        picture = built_site / source
        assert picture.suffix == ".webp" and picture.stat().st_size < 30_000, source
    summary = (built_site / "summary" / "index.html").read_text(encoding="utf-8")
    section = summary[summary.index('id="command-cheat-sheet"') :]
    assert 'href="../cheatsheet/"' in section[: section.index("<pre")]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_every_try_it_is_labelled_and_off_the_code(page, site_url: str, viewport: dict) -> None:
    """Each try-able block shows "Try it" in words, named for screen readers, never over the code's lines."""
    page.set_viewport_size(viewport)
    page.goto(site_url + "intermediate/")
    page.wait_for_selector("button[data-md-type=dnp-try]")
    buttons = page.evaluate(BUTTONS)
    assert len(buttons) > 10
    for button in buttons:
        assert not button.get("missing")
        assert button["text"] == "Try it"
        assert button["name"].startswith("Try it: ") and button["name"].endswith(" in the playground")
        assert not button["covers"]
        if viewport is PHONE:
            assert button["width"] >= 44 and button["height"] >= 44, button


@pytest.mark.browser
def test_transcript_build_log_and_layers_survive_a_reload(page, site_url: str) -> None:
    """What the reader ran and built is still on screen after a reload, progress still told from errors."""
    from tests.plugins.playground.conftest import Term, wait_ready

    page.goto(site_url + "playground/")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    term.run("docker run -d --name cache redis")
    term.run("docker run nosuchuser/nosuchimage")
    assert "Pull complete" in term.output.locator(".dnp-prog").first.inner_text()
    assert term.output.locator(".dnp-err").count() == 1
    page.get_by_role("button", name="Build", exact=True).click()
    page.wait_for_function("() => Number(document.querySelector('.dnw')?.dataset.builds || 0) > 0", timeout=60_000)
    steps = page.locator("ol.dnw__log .dnw__step").count()
    assert steps > 0 and page.locator(".dnw__layers li").count() > 0

    page.reload()
    output = page.locator("[data-dnp-terminal=main] .dnp-term__output")
    # Restored before the simulator has started: the transcript is the page's own.
    commands = output.locator(".dnp-line--cmd .dnp-line__text").all_inner_texts()
    assert commands[:2] == ["docker run -d --name cache redis", "docker run nosuchuser/nosuchimage"]
    assert output.locator(".dnp-prog").count() >= 2 and output.locator(".dnp-err").count() == 1
    assert output.locator(".dnp-exit").last.inner_text() == "exit status 125"
    page.locator("[data-dnp-terminal=main] .dnp-term__input").click()
    wait_ready(page)
    shown = "(n) => document.querySelectorAll('ol.dnw__log .dnw__step').length === n"
    page.wait_for_function(shown, arg=steps, timeout=60_000)
    assert page.locator(".dnw__layers li").count() > 0
    assert page.get_by_role("button", name="Rebuild").is_enabled()
    # A typo gets docker's verbatim error and, apart from it, the playground's hint; the Explain panel too.
    term.input.fill("docker rnu")
    explain = page.locator(".dnp-explain")
    expect(explain).to_contain_text("docker: unknown command: docker rnu — Did you mean this? docker run")
    term.enter()
    expect(output.locator(".dnp-hint").last).to_contain_text("Did you mean this?")
    assert "docker: unknown command: docker rnu" in output.locator(".dnp-err").last.inner_text()
