"""The cheat sheet's highlighted code: cached snippets are the HTML a fresh pass makes, under a stable key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docker_notes.buildcache import JsonCache
from docker_notes.cheatsheet import highlight
from docker_notes.cheatsheet.extract import Entry, extract_page, merge
from docker_notes.cheatsheet.highlight import highlight_all, highlight_key

ROOT = Path(__file__).resolve().parents[3]
EXTENSIONS = ["toc", "attr_list", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite"]
CONFIGS: dict[str, Any] = {
    "toc": {"permalink": True},
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True},
}


def notes_entries() -> list[Entry]:
    """The entries of every notes page (commands, Dockerfiles, Compose files, .dockerignore)."""
    items = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        found, _ = extract_page(path.read_text(encoding="utf-8"), path.name)
        items += found
    return merge(items)


def test_cached_and_fresh_snippets_mix_into_the_one_pass_html(tmp_path: Path) -> None:
    """With half of the notes' snippets cached (from another pass), every snippet's HTML is the one-pass HTML."""
    entries = notes_entries()
    assert len(entries) > 100
    one_pass = highlight_all(entries, EXTENSIONS, CONFIGS)
    cache = JsonCache(tmp_path / "highlight.json", "k")
    highlight_all(entries[1::2], EXTENSIONS, CONFIGS, cache=cache)
    assert highlight_all(entries, EXTENSIONS, CONFIGS, cache=cache) == one_pass
    assert 'class="language-dockerfile highlight"' in "".join(one_pass.values())
    assert "__codelineno" not in "".join(one_pass.values())


def test_a_cached_snippet_is_not_rendered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build renders nothing; an edited command is rendered (and only it)."""
    items, _ = extract_page("# T\n\n```bash\ndocker ps\ndocker run -d nginx\n```\n", "notes.md")
    entries = merge(items)
    path = tmp_path / "highlight.json"
    cache = JsonCache(path, "k")
    cold = highlight_all(entries, EXTENSIONS, CONFIGS, cache=cache)
    cache.save()
    rendered: list[list[str]] = []
    real_render = highlight._render

    def counting(sources: dict[str, str], *args: Any) -> dict[str, str]:
        rendered.append(sorted(sources))
        return real_render(sources, *args)

    monkeypatch.setattr(highlight, "_render", counting)
    assert highlight_all(entries, EXTENSIONS, CONFIGS, cache=JsonCache(path, "k")) == cold
    assert rendered == []
    edited_items, _ = extract_page("# T\n\n```bash\ndocker ps\ndocker run -d httpd\n```\n", "notes.md")
    edited = merge(edited_items)
    code = highlight_all(edited, EXTENSIONS, CONFIGS, cache=JsonCache(path, "k"))
    assert rendered == [[edited[1].id]]
    assert "httpd" in code[edited[1].id]


def test_the_key_follows_the_options_and_is_the_same_in_every_process() -> None:
    """Another option renders other HTML, so it is another key; function objects (emoji) key by name, not address."""
    from material.extensions.emoji import to_svg, twemoji

    configs = {**CONFIGS, "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg}}
    key = highlight_key([*EXTENSIONS, "pymdownx.emoji"], configs)
    assert key == highlight_key([*EXTENSIONS, "pymdownx.emoji"], {**configs})
    other = {**configs, "pymdownx.highlight": {**CONFIGS["pymdownx.highlight"], "pygments_lang_class": False}}
    assert highlight_key([*EXTENSIONS, "pymdownx.emoji"], other) != key
    assert highlight_key(EXTENSIONS, configs) != key
    script = (
        "from material.extensions.emoji import to_svg, twemoji\n"
        "from docker_notes.cheatsheet.highlight import highlight_key\n"
        f"configs = {{**{CONFIGS!r}, 'pymdownx.emoji': {{'emoji_index': twemoji, 'emoji_generator': to_svg}}}}\n"
        f"print(highlight_key({[*EXTENSIONS, 'pymdownx.emoji']!r}, configs))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == key


def test_the_key_names_the_renderers_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrading Pygments (or Markdown, or the extensions' package) invalidates the cached HTML."""
    key = highlight_key(EXTENSIONS, CONFIGS)
    real = highlight._version
    monkeypatch.setattr(highlight, "_version", lambda name: "99" if name == "pygments" else real(name))
    assert highlight_key(EXTENSIONS, CONFIGS) != key


def test_nothing_is_cached_when_blocks_can_include_files() -> None:
    """With ``pymdownx.snippets`` a block's HTML depends on other files: no key, so no cache."""
    assert highlight_key([*EXTENSIONS, "pymdownx.snippets"], CONFIGS) is None
