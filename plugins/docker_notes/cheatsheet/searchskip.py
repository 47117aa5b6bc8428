"""Spare Material's search the parts of a page it drops anyway: elements marked ``data-search-exclude``.

Material's search plugin parses each page's HTML in ``on_page_context`` and skips every element that
carries ``data-search-exclude``, with all it holds. The cheat sheet's entries (most of its ~700 KB) are
marked so: parsing them only to drop them is most of the page's search time. :func:`hollow` empties
those elements before the search reads the page (the plugin puts the full page back right after), so
the index is exactly what it would be. Material starts a section at any heading, even in a skipped
element, so an element is emptied only after its last heading; one whose end cannot be found is kept.
"""

from __future__ import annotations

import re

EXCLUDED = re.compile(r"<(?P<tag>[a-zA-Z][\w-]*)(?=[\s/>])[^>]*?\sdata-search-exclude(?=[\s=/>])[^>]*>")
HEADING = re.compile(r"<h[1-6](?=[\s/>])", re.IGNORECASE)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


def closing_tag(html: str, tag: str, start: int) -> int | None:
    """Where the ``</tag>`` closing the element opened just before ``start`` begins (nesting counted)."""
    pattern = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 1
    for match in pattern.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    return None


def after_last_heading(html: str, start: int, end: int) -> int | None:
    """Where the last heading between ``start`` and ``end`` ends (``start`` without one; None: unclosed)."""
    headings = list(HEADING.finditer(html, start, end))
    if not headings:
        return start
    last = headings[-1]
    closing = re.compile(rf"</{re.escape(last.group(0)[1:3])}\s*>", re.IGNORECASE).search(html, last.end(), end)
    return closing.end() if closing else None


def hollow(html: str) -> str:
    """``html`` with the content of its ``data-search-exclude`` elements removed (tags and headings kept)."""
    parts: list[str] = []
    position = 0
    for match in EXCLUDED.finditer(html):
        tag = match.group("tag").lower()
        if match.start() < position or tag in VOID or match.group(0).endswith("/>"):
            continue
        end = closing_tag(html, tag, match.end())
        cut = None if end is None else after_last_heading(html, match.end(), end)
        if end is None or cut is None:
            continue
        parts.append(html[position:cut])
        position = end
    parts.append(html[position:])
    return "".join(parts)
