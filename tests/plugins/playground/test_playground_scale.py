"""What the reader made survives the page: files named like JavaScript's object internals, hundreds of
containers, and a transcript that stays bounded (playground/web/client.js, store.js, terminal.js)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.plugins.playground.conftest import Term, open_playground, wait_ready

NAMES = ("__proto__", "constructor", "hasOwnProperty")
MIRRORED = """() => {
  const state = window.__dockerNotesPlayground.state();
  return Object.keys(state.files).filter((name) => Object.hasOwn(state.files, name));
}"""


def _reloaded(page, *, at_once: bool = False) -> Term:
    # A quick command's diff follows its output (WORKER.md) within milliseconds; a slow one's comes first, so
    # ``at_once`` reloads as soon as the output is on screen.
    if not at_once:
        page.evaluate("async () => { await window.__dockerNotesPlayground.whenIdle(); }")
    page.reload()
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    return term


def test_reserved_file_names_survive_worker_page_save_and_reload(page, site_url: str) -> None:
    """Files named __proto__, constructor and hasOwnProperty reach the page's mirror as files (own keys, not
    the object's prototype or methods), are saved, and come back after a reload."""
    term = open_playground(page, site_url)
    term.run(" && ".join(f"echo {name}-text > {name}" for name in NAMES))
    page.wait_for_function(
        f"() => {{ const names = ({MIRRORED})(); return {list(NAMES)}.every((n) => names.includes(n)); }}"
    )
    term = _reloaded(page)
    out = term.run("cat " + " ".join(NAMES))
    for name in NAMES:
        assert f"{name}-text" in out
    assert set(NAMES) <= set(page.evaluate(MIRRORED))


def test_hundreds_of_containers_survive_a_reload_and_the_screen_stays_small(page, site_url: str) -> None:
    """300 containers made in one line are all back after a reload made as soon as the line's output shows
    (its diff came first, and the idle save still writing its batches is journaled); the engine view holds a
    few dozen rows of them in the DOM, not 300; the terminal draws the last 200 of the 300 IDs, and the bar
    above them reaches the others."""
    term = open_playground(page, site_url)
    term.run(" ; ".join(["docker create nginx"] * 300), timeout=120_000)
    out = term.root.locator(".dnp-fold").last
    expect(out.locator(".dnp-fold__text")).to_have_text("Showing the last 200 of 300 lines.")
    assert len(out.locator("pre").inner_text().split()) == 200
    term = _reloaded(page, at_once=True)
    expect(term.output).to_contain_text("Welcome back")
    assert term.run("docker ps -aq | wc -l").strip().splitlines()[-1].strip() == "300"
    rows = page.locator(".dnp-engine__item").count()
    assert 0 < rows < 100, rows


def test_long_outputs_are_trimmed_with_a_note_and_the_screen_stays_bounded(page, site_url: str) -> None:
    """An output over 100,000 characters keeps its end after a note saying what went; past 1,000,000
    characters in all, the oldest entries go and a note at the top says so. Each output draws its last 200
    lines; its bar shows 1,000 earlier ones per press and copies every line it keeps."""
    term = open_playground(page, site_url)
    for _ in range(11):
        term.run("seq 1 40000", timeout=60_000)  # 228,894 characters each
    text = page.locator("[data-dnp-terminal=main] .dnp-term__output").inner_text()
    assert "Output trimmed: its first" in text
    assert text.lstrip().startswith("Earlier output trimmed")
    assert len(text) < 200_000, len(text)  # each output draws its last 200 lines
    assert text.rstrip().endswith("39999\n40000")
    last = page.locator("[data-dnp-terminal=main] .dnp-fold").last
    last.get_by_role("button", name="Show 1,000 earlier lines").click()
    expect(last.locator(".dnp-fold__text")).to_have_text(re.compile(r"Showing the last 1,200 of [\d,]+ lines\."))
    assert len(last.locator("pre").inner_text().split()) == 1_200
    # Copy gives every line the entry keeps, not only those drawn.
    total = int(re.search(r"of ([\d,]+) lines", last.locator(".dnp-fold__text").inner_text()).group(1).replace(",", ""))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    last.get_by_role("button", name=f"Copy all {total:,} lines").click()
    expect(last.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()").split("\n")
    assert len(copied) == total > 1_200 and copied[-1] == "40000", (len(copied), total)
