"""Cheat-sheet filter: keystroke → list updated, p95, against Material's search on the same keystrokes.

Both on the cheat-sheet page, in one fresh context per run, the same queries typed character by
character. The cheat sheet's end point is the filter's facet counts being rewritten: the last thing its
``apply()`` does, after hiding the entries and ranking them (CSS ``order``), so the list on screen is
updated; the counts are rewritten on every update, changed or not, so every keystroke gives a sample.
Material's end point is the ``.md-search-result__meta`` text being rewritten with the new result count (its
search runs in a worker). A keystroke with no update within 2 s is not a sample (counted in the note).
"""

from __future__ import annotations

from typing import Any

from bench import interaction
from bench.report import Figure, p95

QUERIES = ["run", "volume", "network ls", "build -t", "exec -it", "logs -f", "compose up", "prune", "port", "rmi"]
FILTER_INPUT = "#cheatsheet-query"
FILTER_FORM = "[data-cheatsheet-form]"
MATERIAL_INPUT = "input.md-search__input"
MATERIAL_META = ".md-search-result__meta"
WATCH = {"childList": True, "subtree": True, "characterData": True}


def _type(page: Any, selector: str, query: str) -> tuple[list[float], int]:
    """Type ``query`` into ``selector`` one key at a time; (samples, keystrokes without an update)."""
    got: list[float] = []
    missed = 0
    page.locator(selector).focus()
    for char in query:
        before = interaction.count(page)
        page.keyboard.type(char)
        if interaction.wait_for_sample(page, before, timeout_s=2):
            got.append(interaction.samples(page)[-1])
        else:
            missed += 1
        page.wait_for_timeout(80)  # let the debounced and the pending work settle before the next key
    return got, missed


#: After a query, wait this long before typing into the other search: the filter's live region, URL and
#: tree order follow 350 ms after the last change, and that work must not land in the other's samples.
SETTLE_MS = 1000


def _clear(page: Any, selector: str) -> None:
    page.fill(selector, "")
    page.wait_for_timeout(SETTLE_MS)


def one_run(browser: Any, site_url: str) -> tuple[list[float], list[float], int]:
    """(filter samples, Material samples, misses) for every query, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + "cheatsheet/")
        page.locator(FILTER_INPUT).wait_for(state="visible")
        interaction.install(page)
        # Material's search index loads in its worker: open the box once and wait until it is ready.
        page.locator(MATERIAL_INPUT).click()
        ready = "(document.querySelector('.md-search-result__meta')?.textContent || '').indexOf('nitializ') === -1"
        interaction.wait_until(page, ready, 30)
        page.keyboard.press("Escape")
        ours: list[float] = []
        theirs: list[float] = []
        misses = 0
        for query in QUERIES:
            interaction.arm(page, FILTER_FORM, WATCH)
            got, missed = _type(page, FILTER_INPUT, query)
            ours += got
            misses += missed
            _clear(page, FILTER_INPUT)
            page.locator(MATERIAL_INPUT).click()
            interaction.arm(page, MATERIAL_META, WATCH)
            got, missed = _type(page, MATERIAL_INPUT, query)
            theirs += got
            misses += missed
            _clear(page, MATERIAL_INPUT)
            page.keyboard.press("Escape")
        return ours, theirs, misses
    finally:
        context.close()


def measure(browser: Any, site_url: str, runs: int) -> list[Figure]:
    """p95 keystroke → update over ``runs`` runs of every query, for the filter and Material's search."""
    ours: list[float] = []
    theirs: list[float] = []
    misses = 0
    for _ in range(runs):
        got, base, missed = one_run(browser, site_url)
        ours += got
        theirs += base
        misses += missed
    keys = sum(len(query) for query in QUERIES) * runs
    return [
        Figure("cheat-sheet filter p95 (key → list)", "ms", p95(ours), p95(theirs), "Material search, p95", 0.3,
               ours, theirs, f"{len(QUERIES)} queries × {runs} runs, {keys} keys each; {misses} keys without an update")
    ]
