"""The cheat-sheet page in Chromium: filtering, facets, URL state, keyboard, copy, deep links, instant navigation.

The tests that type into the filter of a page already loaded share one loaded sheet (``sheet``: loading its
800 KB costs 3-8 CPU s on the test machine), cleared between tests; what is about loading it (a ``?q=`` or
``#`` link, instant navigation, no JavaScript, a phone's width, screenshots) loads its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp/cheatsheet-screenshots")
#: The filter binds after the page's loader has fetched MiniSearch and the filter (about 1 s on a busy
#: 2-core machine, but the 800 KB page itself took 12-30 s to load beside four other agents' browsers):
#: a generous deadline before calling it unbound.
BIND_TIMEOUT_MS = 60_000
#: The entries shown, top to bottom as the reader sees them (with a query: one list ranked across topics).
VISIBLE = """() => Array.from(document.querySelectorAll('.cheatsheet-entry'))
  .filter((entry) => entry.getClientRects().length)
  .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
  .map((entry) => ({text: entry.querySelector('.cheatsheet-try').dataset.text,
                    topic: entry.dataset.topic, topics: entry.dataset.topics.split(' '), kind: entry.dataset.kind,
                    places: entry.querySelector('.cheatsheet-entry__places').textContent}))"""


def open_sheet(page: Any, site_url: str, query: str = "") -> None:
    """Load the cheat sheet and wait until its script has bound the filter."""
    page.goto(site_url + "cheatsheet/" + query)
    expect(page.locator("[data-cheatsheet-form]")).to_be_visible(timeout=BIND_TIMEOUT_MS)


def visible(page: Any) -> list[dict[str, str]]:
    """The entries currently shown."""
    return page.evaluate(VISIBLE)


def search(page: Any, query: str) -> list[dict[str, str]]:
    """Type a query and return the entries shown once the filter has applied it (it writes the URL)."""
    page.locator("#cheatsheet-query").fill(query)
    page.wait_for_function(
        "(q) => new URL(location.href).searchParams.get('q') === q && "
        "document.querySelector('[data-cheatsheet-status]').textContent.includes('match')",
        arg=query,
    )
    return visible(page)


#: The entries in the order of the page's tree (the filter moves them there once typing pauses).
TREE_ORDER = """() => Array.from(document.querySelectorAll('.cheatsheet-entry'))
  .filter((entry) => entry.getClientRects().length).map((entry) => entry.id)"""
#: Clear the filter as a reader would (untick every facet, empty the box) and leave the box.
CLEAR = """() => {
  for (const box of document.querySelectorAll('[data-cheatsheet-form] input[type=checkbox]')) {
    if (box.checked) box.click();
  }
  const input = document.querySelector('#cheatsheet-query');
  input.value = '';
  input.dispatchEvent(new Event('input', {bubbles: true}));
  document.activeElement?.blur?.();
  window.scrollTo(0, 0);
}"""


class SharedSheet:
    """One loaded cheat sheet, its entries' order as loaded, and the errors the page raised."""

    def __init__(self, page: Any, home: list[str], errors: list[str]) -> None:
        self.page, self.home, self.errors = page, home, errors


@pytest.fixture(scope="module")
def shared_sheet(browser: Any, site_url: str) -> Iterator[SharedSheet]:
    """The cheat sheet loaded once for the tests of this module that use ``sheet`` (clipboard allowed)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_sheet(page, site_url)
    yield SharedSheet(page, page.evaluate(TREE_ORDER), errors)
    context.close()


@pytest.fixture
def sheet(shared_sheet: SharedSheet) -> Iterator[Any]:
    """The module's loaded cheat sheet for one test: no query, no facet, no ``?`` in the URL, the entries back
    in their first order, nothing focused. Fails the test if the page raised an error meanwhile."""
    page = shared_sheet.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate(CLEAR)
    page.wait_for_function("() => location.search === '' && !document.querySelector('[data-cheatsheet-form] :checked')")
    assert poll(page, TREE_ORDER, shared_sheet.home) == shared_sheet.home
    errors = len(shared_sheet.errors)
    yield page
    assert not shared_sheet.errors[errors:], shared_sheet.errors[errors:]


def texts(entries: list[dict[str, str]]) -> list[str]:
    """The texts of entries."""
    return [entry["text"] for entry in entries]


def test_prune_finds_the_clean_up_commands(sheet: Any) -> None:
    """Typing ``prune`` shows the prune commands first and hides what does not match; the live region says
    how many, best first."""
    page = sheet
    total = len(visible(page))
    shown = search(page, "prune")
    assert 0 < len(shown) < total
    assert {"docker system prune", "docker container prune", "docker volume prune"} <= set(texts(shown))
    assert all("prune" in text for text in texts(shown)[:3])
    status = page.locator("[data-cheatsheet-status]")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    expect(status).to_have_text(re.compile(rf"^{len(shown)} entries of {total} match “prune”, best first\.$"))


def test_a_question_gets_one_list_ranked_across_topics(sheet: Any) -> None:
    """With a question the answers are one list, best first, whatever their topic (the topic headings step
    aside); the whole line as written is the answer (``docker inspect … | grep IPAddress``)."""
    page = sheet
    shown = search(page, "remove all stopped containers")
    assert "docker container prune" in texts(shown)[:3]
    assert any(entry["topic"] != "clean-up" for entry in shown), "answers from one topic only"
    expect(page.locator(".cheatsheet-topic > h2:visible")).to_have_count(0)
    assert re.fullmatch(r"docker inspect \S+ \| grep IPAddress", search(page, "ip address")[0]["text"])
    assert search(page, "copy files into container")[0]["kind"] == "dockerfile"
    page.locator("#cheatsheet-query").fill("")
    expect(page.locator(".cheatsheet-topic > h2:visible")).to_have_count(8)


def test_flags_are_searchable_and_case_sensitive(sheet: Any) -> None:
    """``-p`` finds commands publishing a port (not ``-P`` ones); ``--rm`` finds the auto-removing runs."""
    page = sheet
    shown = search(page, "-p")
    commands = [entry for entry in shown if entry["kind"] == "command"]
    assert "docker run -d -p 8080:80 nginx" in texts(commands)
    assert "docker run -P my-app" not in texts(commands)  # -P publishes all ports: another flag
    for entry in commands:  # it uses -p, or its section's title names -p ("Port Mapping (-p)")
        assert re.search(r"(^|\s)-p\S*", entry["text"]) or "(-p)" in entry["places"], entry
    shown = texts(search(page, "--rm"))
    assert "docker run --rm nginx" in shown and all("--rm" in text for text in shown)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("volume", "docker volume create my-data"),
        ("dokcer rm", "docker rm web-server"),
        ("8080:80", "docker run -d -p 8080:80 nginx"),
        ("--build-arg", "docker build --build-arg NODE_ENV=development --build-arg APP_VERSION=2.0.0 -t myapp:dev ."),
    ],
)
def test_queries_find_commands(sheet: Any, query: str, expected: str) -> None:
    """Words, typos (fuzzy + prefix) and CLI tokens such as ``8080:80`` find the commands that use them."""
    page = sheet
    shown = texts(search(page, query))
    assert expected in shown
    if query == "dokcer rm":
        assert "docker run -d nginx" not in shown


def test_dockerfile_tokens_stay_searchable(sheet: Any) -> None:
    """``COPY --from`` and ``--no-cache`` find the Dockerfiles that use them."""
    page = sheet
    shown = search(page, "COPY --from")
    using = sum("COPY --from" in entry["text"] for entry in shown)
    assert using and all(entry["kind"] == "dockerfile" and "COPY --from" in entry["text"] for entry in shown[:using])
    assert any("--no-cache" in entry["text"] for entry in search(page, "--no-cache"))


def test_facets_filter_count_and_go_to_the_url(sheet: Any) -> None:
    """Topic and kind checkboxes narrow the list, their counts follow the query, and the URL keeps them."""
    page = sheet
    page.get_by_role("checkbox", name=re.compile(r"^Clean-up")).check()
    page.wait_for_function("() => new URL(location.href).searchParams.get('topic') === 'clean-up'")
    shown = visible(page)
    assert shown and all("clean-up" in entry["topics"] for entry in shown)  # a docker rm in a && chain too
    search(page, "prune")
    page.get_by_role("checkbox", name=re.compile(r"^Commands")).check()
    page.wait_for_function("() => new URL(location.href).searchParams.get('kind') === 'command'")
    shown = visible(page)
    assert shown and all("clean-up" in e["topics"] and e["kind"] == "command" for e in shown)
    count = page.locator('[data-count="topic:clean-up"]').inner_text()
    assert int(count) == len(shown)
    assert page.locator('[data-count="topic:networks"]').inner_text() == "0"


def test_url_restores_query_and_facets_without_opening_site_search(page, site_url: str) -> None:
    """A shared ``?q=…&topic=…&kind=…`` link restores the filter; Material's own search stays closed."""
    open_sheet(page, site_url, "?q=prune&topic=clean-up&kind=command")
    expect(page.locator("#cheatsheet-query")).to_have_value("prune")
    assert page.get_by_role("checkbox", name=re.compile(r"^Clean-up")).is_checked()
    assert page.get_by_role("checkbox", name=re.compile(r"^Commands")).is_checked()
    shown = visible(page)
    assert shown and all("clean-up" in e["topics"] and e["kind"] == "command" for e in shown)
    assert "prune" in shown[0]["text"]
    assert not page.locator("#__search").is_checked()
    assert "q=prune" in page.url and "topic=clean-up" in page.url


def test_keyboard_slash_arrows_enter_escape(sheet: Any) -> None:
    """``/`` focuses the filter (not Material's search), arrows move, Enter copies, Escape clears."""
    page = sheet  # its context may read and write the clipboard
    page.locator("h1").first.click()
    page.keyboard.press("/")
    expect(page.locator("#cheatsheet-query")).to_be_focused()
    assert not page.locator("#__search").is_checked()
    search(page, "docker ps -a")
    page.keyboard.press("ArrowDown")
    first = page.locator(".cheatsheet-entry:focus")
    expect(first).to_have_count(1)
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.dataset.id")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.id") != second
    copied = page.evaluate("document.activeElement.querySelector('[data-copy-text]').dataset.copyText")
    page.keyboard.press("Enter")
    expect(page.locator("[data-cheatsheet-status]")).to_have_text(f"Copied: {copied}")
    assert page.evaluate("navigator.clipboard.readText()") == copied
    page.keyboard.press("Escape")
    expect(page.locator("#cheatsheet-query")).to_be_focused()
    expect(page.locator("#cheatsheet-query")).to_have_value("")
    page.wait_for_function("() => !new URL(location.href).searchParams.has('q')")


COPY_HOOK = """() => document.addEventListener('copy', () => {
  const active = document.activeElement;
  window.__copied = active && typeof active.value === 'string'
    ? active.value.slice(active.selectionStart, active.selectionEnd) : String(document.getSelection());
}, true)"""


def test_material_copy_button_copies_the_command(sheet: Any) -> None:
    """Each command has Material's copy button, and it copies the command as shown (read through a copy hook)."""
    page = sheet
    page.evaluate(COPY_HOOK)
    search(page, "docker system prune -a --volumes")
    entry = page.locator('.cheatsheet-entry:has(.cheatsheet-try[data-text="docker system prune -a --volumes"])')
    button = entry.locator("button.md-code__button[data-md-type=copy]")
    expect(button).to_have_count(1)
    entry.hover()
    button.click()
    page.wait_for_function("() => typeof window.__copied === 'string'")
    assert page.evaluate("window.__copied").strip() == "docker system prune -a --volumes"


def test_deep_link_lands_on_the_named_heading(page, site_url: str) -> None:
    """A section link goes to the page and to the heading it names."""
    open_sheet(page, site_url)
    search(page, "docker ps -a")
    entry = page.locator('.cheatsheet-entry:has(.cheatsheet-try[data-text="docker ps -a"])')
    link = entry.locator(".cheatsheet-entry__places a").first
    label = link.inner_text()
    href = link.get_attribute("href")
    assert href and "#" in href
    anchor = href.split("#", 1)[1]
    link.click()
    # Material's navigation.tracking may rewrite the hash as the page settles, so check where we landed.
    page.wait_for_function("() => location.pathname.endsWith('/beginner/')")
    heading = page.locator(f'[id="{anchor}"]')
    expect(heading).to_have_count(1)
    assert heading.evaluate("element => element.tagName") in {"H2", "H3", "H4"}
    assert heading.inner_text().rstrip("¶").strip() == label.split(" › ", 1)[1]
    page.wait_for_function(
        "(anchor) => { const top = document.getElementById(anchor).getBoundingClientRect().top;"
        " return top >= 0 && top < 200; }",
        arg=anchor,
    )


def test_works_after_instant_navigation(page, site_url: str) -> None:
    """Reached from Home through the nav (no reload), the cheat sheet binds and filters; rebinding is clean."""
    page.goto(site_url)
    page.evaluate("window.__marker = 1")
    page.locator(".md-tabs__link", has_text="Cheat sheet").click()
    page.wait_for_url("**/cheatsheet/")
    expect(page.locator("[data-cheatsheet-form]")).to_be_visible(timeout=BIND_TIMEOUT_MS)
    assert page.evaluate("window.__marker") == 1
    assert "docker volume prune" in texts(search(page, "prune"))
    page.locator(".md-tabs__link", has_text="Beginner").click()
    page.wait_for_url("**/beginner/")
    page.locator(".md-tabs__link", has_text="Cheat sheet").click()
    page.wait_for_url("**/cheatsheet/")
    expect(page.locator("[data-cheatsheet-form]")).to_be_visible(timeout=BIND_TIMEOUT_MS)
    assert page.evaluate("window.__marker") == 1
    page.locator("h1").first.click()
    page.keyboard.press("/")
    expect(page.locator("#cheatsheet-query")).to_be_focused()
    assert "docker rm web-server" in texts(search(page, "dokcer rm"))


def test_typed_text_reaches_the_page_as_text(sheet: Any) -> None:
    """Markup typed in the filter is shown as text, never parsed as HTML."""
    page = sheet
    payload = '<img src=x onerror="window.__pwned=1">'
    page.locator("#cheatsheet-query").fill(payload)
    expect(page.locator("[data-cheatsheet-status]")).to_contain_text(payload)
    assert page.locator(".cheatsheet img, [data-cheatsheet-status] img").count() == 0
    assert page.evaluate("window.__pwned") is None


#: Type a query as one ``input`` event and look at the entries and the facet counts right after it.
TYPE_AND_LOOK = (
    """(query) => {
  const input = document.querySelector('#cheatsheet-query');
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  return {shown: ("""
    + VISIBLE
    + """)(), counts: Object.fromEntries(Array.from(document.querySelectorAll('[data-count]'))
    .map((count) => [count.dataset.count, Number(count.textContent)]))};
}"""
)
#: Entries in the order a reader sees them (top to bottom on screen), and in the order of the page's tree.
SHOWN_ORDER = """() => Array.from(document.querySelectorAll('.cheatsheet-entry'))
  .filter((entry) => entry.getClientRects().length)
  .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
  .map((entry) => entry.id)"""


def poll(page: Any, expression: str, expected: Any, timeout_ms: int = 5000) -> Any:
    """Evaluate ``expression`` until it returns ``expected`` (the last value on timeout)."""
    value = page.evaluate(expression)
    for _ in range(timeout_ms // 50):
        if value == expected:
            break
        page.wait_for_timeout(50)
        value = page.evaluate(expression)
    return value


def test_a_keystroke_updates_the_list_and_counts_before_it_returns(sheet: Any) -> None:
    """No debounce: by the end of the ``input`` event the entries and the facet counts follow the query."""
    page = sheet
    looked = page.evaluate(TYPE_AND_LOOK, "prune")
    shown = looked["shown"]
    assert shown and all("prune" in entry["text"] for entry in shown)
    for topic in {topic for entry in shown for topic in entry["topics"]}:
        assert looked["counts"][f"topic:{topic}"] == sum(topic in entry["topics"] for entry in shown)
    assert looked["counts"]["topic:networks"] == 0
    looked = page.evaluate(TYPE_AND_LOOK, "")
    assert len(looked["shown"]) == page.locator(".cheatsheet-entry").count()


def test_ranking_shows_at_once_and_the_page_order_follows(sheet: Any) -> None:
    """Best matches show first as the key is typed; once typing pauses the page's tree has the same order
    (screen readers, Tab), without moving what is on screen or losing the focus; Escape restores it."""
    page = sheet
    home = page.evaluate(TREE_ORDER)
    looked = page.evaluate(TYPE_AND_LOOK, "volume")
    shown = page.evaluate(SHOWN_ORDER)
    assert len(shown) == len(looked["shown"]) > 1
    assert shown != [entry for entry in home if entry in shown], "the ranking changed no order"
    page.locator("#cheatsheet-query").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == shown[1]
    assert poll(page, TREE_ORDER, shown) == shown
    assert page.evaluate(SHOWN_ORDER) == shown
    assert page.evaluate("document.activeElement.id") == shown[1]
    page.keyboard.press("Escape")
    assert page.evaluate(SHOWN_ORDER) == home
    assert poll(page, TREE_ORDER, home) == home


def test_links_into_the_sheet_land_on_their_entry(page, site_url: str) -> None:
    """A link to an entry or a topic far down the sheet lands on it once the filter has bound (the list's
    layout, flex columns ordered by the filter, must not move what the browser scrolled to)."""
    open_sheet(page, site_url)
    ids = page.evaluate("() => Array.from(document.querySelectorAll('.cheatsheet-entry')).map((entry) => entry.id)")
    for target in (ids[len(ids) // 2], "volumes"):
        page.goto("about:blank")  # a fresh load, as when arriving from another page
        open_sheet(page, site_url, f"#{target}")
        top = f"() => Math.round(document.getElementById('{target}').getBoundingClientRect().top)"
        page.wait_for_timeout(500)
        assert 0 <= page.evaluate(top) < 200, target


def test_readable_without_javascript(browser, built_site: Path, site_url: str) -> None:
    """With JavaScript off every entry is listed (the filter form stays hidden)."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "cheatsheet/")
        total = len(json.loads((built_site / "cheatsheet.json").read_text(encoding="utf-8"))["entries"])
        assert page.locator(".cheatsheet-entry:visible").count() == page.locator(".cheatsheet-entry").count() == total
        assert page.locator("[data-cheatsheet-form]").is_hidden()
    finally:
        context.close()


def test_on_a_phone_the_filter_folds_to_the_box_and_a_toggle(page, site_url: str) -> None:
    """At 375 px the filter is the search box and a Filters toggle on one row; the toggle opens the facets."""
    page.set_viewport_size({"width": 375, "height": 700})
    open_sheet(page, site_url)
    toggle = page.locator("[data-cheatsheet-toggle]")
    facets = page.locator("#cheatsheet-facets")
    expect(toggle).to_be_visible()
    expect(facets).to_be_hidden()
    box, button = page.locator("#cheatsheet-query").bounding_box(), toggle.bounding_box()
    assert abs(box["y"] - button["y"]) < 8, "the box and the toggle share a row"
    assert page.locator("[data-cheatsheet-form]").bounding_box()["height"] < 90
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(facets).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^Volumes")).check()
    expect(toggle).to_have_text("Filters (1)")
    toggle.click()
    expect(facets).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(facets).to_be_visible()


@pytest.mark.parametrize(
    ("name", "scheme", "width"),
    [("light", "light", 1280), ("dark", "dark", 1280), ("phone", "light", 360)],
)
def test_screenshots_in_both_palettes_and_on_a_phone(page, site_url: str, name: str, scheme: str, width: int) -> None:
    """The page lays out without horizontal overflow in both palettes and at 360 px (screenshots in /tmp)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    open_sheet(page, site_url, "?q=prune" if scheme == "dark" else "")
    page.wait_for_selector(".cheatsheet button.md-code__button", state="attached")
    assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"cheatsheet-{name}.png"))
