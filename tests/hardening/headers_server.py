"""A static server that answers with the headers of the built site's ``_headers`` file (Netlify's and
Cloudflare Pages' format), as those hosts would: the worker CSP tests run against what the build ships."""

from __future__ import annotations

import fnmatch
import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

from tests.conftest import _QuietHandler


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``_headers`` → [(path pattern, [(name, value)])], in file order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> list[tuple[str, str]]:
    """Every header of every rule whose pattern matches ``path`` (``*`` matches across ``/``, as Netlify's)."""
    return [header for pattern, headers in rules if fnmatch.fnmatchcase(path, pattern) for header in headers]


class _HeadersHandler(_QuietHandler):
    rules: list[tuple[str, list[tuple[str, str]]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for name, value in headers_for(self.rules, path):
            self.send_header(name, value)
        super().end_headers()


@contextmanager
def serve_with_headers(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` with its ``_headers`` applied; yields the base URL."""
    handler_class = type("Handler", (_HeadersHandler,), {"rules": parse_headers_file((site / "_headers").read_text())})
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler_class, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
