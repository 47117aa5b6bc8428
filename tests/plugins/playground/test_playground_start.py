"""The Playground page starts its simulator early: an async module in the page itself (start.js) adopts the
worker its <head> created (test_playground_early.py) before the loader has imported the page's widgets, and
nothing waits for the reader's first click."""

from __future__ import annotations

import re
from pathlib import Path

from docker_notes.playground.page import playground_markdown

from tests.plugins.playground.conftest import wait_ready

SCRIPT = re.compile(r'<script type="module" async src="([^"]+)"></script>')


def test_markdown_carries_the_start_script_only_when_given() -> None:
    """The page's Markdown has the async module when the plugin names one, and no script otherwise."""
    assert SCRIPT.search(playground_markdown("Playground", "../assets/playground/start.js")).group(1) == (  # type: ignore[union-attr]
        "../assets/playground/start.js"
    )
    assert "<script" not in playground_markdown("Playground")


def test_the_built_page_points_at_the_start_module(built_site: Path) -> None:
    """In the built site the Playground page's start script resolves to the published start.js."""
    page = built_site / "playground" / "index.html"
    found = SCRIPT.search(page.read_text(encoding="utf-8"))
    assert found is not None
    assert (page.parent / found.group(1)).resolve() == (built_site / "assets" / "playground" / "start.js").resolve()


def test_the_simulator_starts_without_a_click(page: object, site_url: str) -> None:
    """Opening the Playground page is enough: the simulator gets ready with no interaction at all."""
    page.goto(site_url + "playground/")  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.evaluate("() => window.__dockerNotesPlayground.status") == "ready"  # type: ignore[attr-defined]
