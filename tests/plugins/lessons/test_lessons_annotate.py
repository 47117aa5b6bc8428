"""Rendered blocks and cheat-sheet slots get their lesson's Try it spec, as escaped attribute text."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from docker_notes.lessons.annotate import annotate, annotate_slots
from docker_notes.lessons.model import read_page
from docker_notes.lessons.plan import plan_page

MARKDOWN = """## Run

```bash
docker run -d --name my-nginx nginx
docker ps
```

```text
not code to try
```

```bash
docker run --name '"><img src=x onerror=alert(1)>' nginx
```
"""


def block(lang: str, code: str) -> str:
    """A block as Material renders it (line spans and anchors included)."""
    spans = "".join(
        f'<span id="__span-0-{n}"><a id="__codelineno-0-{n}"></a>{html.escape(line)}\n</span>'
        for n, line in enumerate(code.splitlines(), 1)
    )
    return f'<div class="language-{lang} highlight"><pre><span></span><code>{spans}</code></pre></div>'


def specs(page: str) -> list[dict]:
    return [json.loads(html.unescape(m)) for m in re.findall(r'data-dnp-try="([^"]*)"', page)]


def _plans():
    model = read_page("page.md", MARKDOWN)
    return model, plan_page(model, Path("/nonexistent"))


def test_each_planned_block_gets_its_spec_with_its_lesson_url() -> None:
    model, plans = _plans()
    page = "".join(block(b.lang, b.text) for b in model.blocks)
    marked, count = annotate(page, plans, len(model.blocks), lambda key: f"lessons/{key}.json")
    assert count == 2
    first, second = specs(marked)
    assert first["key"] == "page-0" and first["lesson"] == "lessons/page-0.json"
    assert [item["line"] for item in first["lines"]] == ["docker run -d --name my-nginx nginx", "docker ps"]
    assert "<img" not in marked.replace("&lt;img", "")
    assert second["lines"][0]["line"].startswith("docker run --name '\"><img")


def test_blocks_that_do_not_line_up_with_the_fences_fail_the_build() -> None:
    model, plans = _plans()
    with pytest.raises(ValueError, match="fences"):
        annotate(block("bash", "docker ps"), plans, len(model.blocks), str)


def test_slots_get_the_lesson_the_resolver_finds() -> None:
    _, plans = _plans()
    page = (
        '<div class="cheatsheet-try" data-kind="command" data-text="docker ps" data-entry="a"></div>'
        '<div class="cheatsheet-try" data-kind="command" data-text="docker rm X" data-usage="true"></div>'
        '<div class="cheatsheet-try" data-kind="dockerignore" data-text="node_modules" data-entry="d"></div>'
    )
    resolve = {("command", "docker ps"): plans[0]}
    marked, used = annotate_slots(page, lambda kind, text: resolve.get((kind, text)), lambda key: f"{key}.json")
    assert used == [plans[0]]
    assert [spec["key"] for spec in specs(marked)] == ["page-0"]
