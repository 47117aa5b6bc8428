"""The playground starts from the built site served like a static host that has the precompressed siblings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from bench.server import Handler, serve
from tests.plugins.playground.conftest import Term, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CONTAINER_ID = re.compile(r"\b[0-9a-f]{64}\b")


class Recording(Handler):
    """The benchmark server's handler, noting the paths asked for and the Content-Encoding it answered each
    path with."""

    served: dict[str, str] = {}
    asked: list[str] = []

    def send_head(self) -> BinaryIO | None:
        self.asked.append(self.path.split("?", 1)[0])
        return super().send_head()

    def send_header(self, keyword: str, value: str) -> None:
        if keyword == "Content-Encoding":
            self.served[self.path.split("?", 1)[0]] = value
        super().send_header(keyword, value)


@pytest.fixture
def static_host(built_site: Path) -> Iterator[str]:
    Recording.served = {}
    Recording.asked = []
    with serve(built_site, handler=Recording) as url:
        yield url


def test_playground_starts_from_brotli_siblings(page, static_host: str, built_site: Path) -> None:
    """Chromium asks for br; Pyodide's wasm and JavaScript and the snapshot arrive as Brotli (the worker asks
    for the snapshot itself, once), and the simulator starts from them and answers its first command."""
    page.goto(static_host + "playground/")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    assert CONTAINER_ID.search(term.run("docker run -d nginx"))
    served = Recording.served
    assert served["/assets/pyodide/pyodide.asm.wasm"] == "br"
    assert served["/assets/pyodide/pyodide.asm.min.mjs"] == "br"  # the snapshot start's runtime module
    snapshots = [path for path in Recording.asked if "/dockersim.snapshot" in path]
    assert [path.rsplit("/", 1)[-1] for path in snapshots] == ["dockersim.snapshot"], snapshots
    assert served[snapshots[0]] == "br"
