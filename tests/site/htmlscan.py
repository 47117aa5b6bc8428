"""Small HTML readers for the site tests: ids, links, and the text of code blocks."""

from __future__ import annotations

from html.parser import HTMLParser


class PageScan(HTMLParser):
    """Collects element ids, link targets and the text of every ``<pre>`` block of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.code_blocks: list[str] = []
        self._pre_depth = 0
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record ids and hrefs; start collecting text inside ``<pre>``."""
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("name") and tag == "a":
            self.ids.add(values["name"] or "")
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        if tag == "pre":
            self._pre_depth += 1
            if self._pre_depth == 1:
                self._current = []

    def handle_endtag(self, tag: str) -> None:
        """Close a ``<pre>`` block and keep its text."""
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
            if not self._pre_depth:
                self.code_blocks.append("".join(self._current))

    def handle_data(self, data: str) -> None:
        """Text inside a ``<pre>`` belongs to the current code block."""
        if self._pre_depth:
            self._current.append(data)


def scan(html: str) -> PageScan:
    """Parse one page."""
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser
