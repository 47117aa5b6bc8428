"""Material's search reads the cheat sheet without its excluded parts, and indexes exactly the same."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docker_notes.cheatsheet import plugin as cheatsheet_plugin
from docker_notes.cheatsheet.searchskip import hollow
from material.plugins.search.plugin import Parser

ROOT = Path(__file__).resolve().parents[3]

PAGE = """<h1 id="t">Title</h1>
<p>Intro <code>docker ps</code></p>
<form data-search-exclude role="search"><label>Filter</label><input data-search-exclude name="q"></form>
<section data-search-exclude data-topic="a"><h2 id="a" data-search-exclude>A</h2>
  <ul data-search-exclude class="list"><li><p>docker run</p><ul><li>nested</li></ul></li></ul>
  <p>tail</p></section>
<div data-search-exclude><div><p>one</p></div><div data-search-exclude>two</div></div>
<section><h2 id="b">B</h2><p>kept <em>text</em></p><br data-search-exclude/></section>
<template data-search-exclude>[{"id": 1}]</template>
<p data-search-excluded>a different attribute</p>
"""


def sections(html: str) -> list[tuple[str | None, str, str, bool]]:
    """What Material's search parser makes of ``html``: (id, title, text, excluded) per section."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


def test_excluded_content_goes_and_the_rest_stays() -> None:
    """Excluded elements lose their content (headings and tags kept); everything else is untouched."""
    hollowed = hollow(PAGE)
    assert "docker run" not in hollowed
    assert "nested" not in hollowed
    assert "tail" not in hollowed
    assert "one" not in hollowed and "two" not in hollowed
    assert '[{"id": 1}]' not in hollowed
    assert '<h2 id="a" data-search-exclude>A</h2>' in hollowed
    assert "<p>Intro <code>docker ps</code></p>" in hollowed
    assert "kept <em>text</em>" in hollowed
    assert "a different attribute" in hollowed
    assert hollowed.count("</section>") == 2


def test_the_search_parser_sees_the_same_sections() -> None:
    """Titles, texts, ids and exclusions are what the search makes of the full page."""
    assert sections(hollow(PAGE)) == sections(PAGE)


def test_unclosed_or_unending_elements_are_left_whole() -> None:
    """An excluded element whose end (or whose heading's end) cannot be found is not cut."""
    unclosed = '<div data-search-exclude><p>x</p><h2 id="h">open'
    assert hollow(unclosed) == unclosed
    unclosed_heading = '<div data-search-exclude><h2 id="h">open</div>'
    assert hollow(unclosed_heading) == unclosed_heading


def test_the_built_index_is_the_same_as_without_the_shortcut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with the shortcut writes the same ``search_index.json`` and cheat-sheet page as one without."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n## Run\n\n```bash\ndocker run -d --name w nginx\n```\n", encoding="utf-8")
    (docs / "more.md").write_text("# More\n\n## Clean\n\n```bash\ndocker rm w\ndocker ps -a\n```\n", encoding="utf-8")
    shutil.copytree(ROOT / "node_modules" / "minisearch", tmp_path / "node_modules" / "minisearch")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nnav:\n  - index.md\n  - more.md\n  - cheatsheet.md\ntheme:\n  name: material\n"
        "markdown_extensions:\n  - toc\n  - pymdownx.highlight\n  - pymdownx.superfences\n"
        "plugins:\n  - search\n  - docker-notes/cheatsheet\n",
        encoding="utf-8",
    )

    def built(site: str) -> tuple[str, str]:
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / site))
        build(config)
        index = (tmp_path / site / "search" / "search_index.json").read_text(encoding="utf-8")
        return index, (tmp_path / site / "cheatsheet" / "index.html").read_text(encoding="utf-8")

    cuts: list[tuple[int, int]] = []

    def spy(html: str) -> str:
        cuts.append((len(html), len(hollow(html))))
        return hollow(html)

    monkeypatch.setattr(cheatsheet_plugin, "hollow", spy)
    with_shortcut = built("site-a")
    assert len(cuts) == 1  # the cheat sheet only
    if "data-search-exclude" in with_shortcut[1]:
        assert cuts[0][1] < cuts[0][0]
    monkeypatch.setattr(cheatsheet_plugin, "hollow", lambda html: html)
    without = built("site-b")
    assert with_shortcut == without
    assert any(doc["location"].startswith("cheatsheet/") for doc in json.loads(with_shortcut[0])["docs"])
