"""The build cache: answers survive between builds only under the same key, and a bad file is an empty cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docker_notes.buildcache import JsonCache, digest, jinja_bytecode, source_files, tree_digest
from jinja2 import Environment, FileSystemLoader


def test_answers_are_kept_for_the_same_key_only(tmp_path: Path) -> None:
    """A saved answer is found by the next build with the same key; another key (other sources) finds nothing."""
    path = tmp_path / "cache" / "answers.json"
    cache = JsonCache(path, "key-1")
    assert "line" not in cache
    cache.put("line", {"meaning": "run"})
    cache.put("nothing", None)
    cache.save()
    again = JsonCache(path, "key-1")
    assert again.get("line") == {"meaning": "run"}
    assert "nothing" in again
    assert again.get("nothing") is None
    assert "line" not in JsonCache(path, "key-2")


def test_save_keeps_only_what_this_build_used(tmp_path: Path) -> None:
    """Answers no longer asked for (a command removed from the notes) are dropped: the file follows the notes."""
    path = tmp_path / "answers.json"
    first = JsonCache(path, "k")
    first.put("old", 1)
    first.put("kept", 2)
    first.save()
    second = JsonCache(path, "k")
    assert second.get("kept") == 2
    second.save()
    third = JsonCache(path, "k")
    assert "kept" in third
    assert "old" not in third


def test_unreadable_or_foreign_files_count_as_empty(tmp_path: Path) -> None:
    """Garbage, a JSON list or a document without entries never breaks a build: the cache starts empty."""
    path = tmp_path / "answers.json"
    for text in ("{not json", "[1, 2]", '{"key": "k", "entries": [1]}', "\udcff"):
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        cache = JsonCache(path, "k")
        assert "anything" not in cache
        cache.put("anything", 1)
        cache.save()
        assert JsonCache(path, "k").get("anything") == 1


def test_save_leaves_no_partial_file(tmp_path: Path) -> None:
    """The file is replaced atomically (builds may run side by side): no ``.part`` file remains."""
    cache = JsonCache(tmp_path / "answers.json", "k")
    cache.put("a", "b")
    cache.save()
    assert [path.name for path in tmp_path.iterdir()] == ["answers.json"]


def test_tree_digest_follows_content_and_names_and_ignores_caches(tmp_path: Path) -> None:
    """Editing, adding or renaming a source changes the digest; ``__pycache__`` and hidden files do not."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("A = 1\n", encoding="utf-8")

    def current() -> str:
        return tree_digest(tmp_path / "pkg", source_files(tmp_path / "pkg"))

    before = current()
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "pkg" / ".swap").write_text("x", encoding="utf-8")
    assert current() == before
    (tmp_path / "pkg" / "a.py").write_text("A = 2\n", encoding="utf-8")
    edited = current()
    assert edited != before
    (tmp_path / "pkg" / "a.py").rename(tmp_path / "pkg" / "b.py")
    assert current() not in {before, edited}


def test_digest_separates_its_parts() -> None:
    """``("ab", "c")`` and ``("a", "bc")`` are different inputs."""
    assert digest("ab", "c") != digest("a", "bc")


def test_jinja_bytecode_is_reused_until_the_template_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second build loads the compiled template; an edited template is compiled again and renders the edit."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text("{% for x in xs %}<i>{{ x }}</i>{% endfor %}", encoding="utf-8")
    compiled: list[str | None] = []
    real_compile = Environment.compile

    def counting(self: Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return real_compile(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)

    def render() -> str:
        env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True)
        with jinja_bytecode(env, tmp_path / "cache"):
            html = env.get_template("t.html").render(xs=["<a>", "b"])
        assert env.bytecode_cache is None  # the theme's environment is left as it was
        return html

    assert render() == "<i>&lt;a&gt;</i><i>b</i>"
    assert render() == "<i>&lt;a&gt;</i><i>b</i>"
    assert compiled == ["t.html"]
    (templates / "t.html").write_text("{% for x in xs %}<b>{{ x }}</b>{% endfor %}", encoding="utf-8")
    assert render() == "<b>&lt;a&gt;</b><b>b</b>"
    assert compiled == ["t.html", "t.html"]


def test_jinja_bytecode_is_kept_apart_for_other_environment_options(tmp_path: Path) -> None:
    """Code compiled with autoescape is never reused by an environment without it (and the reverse)."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text("{{ x }}", encoding="utf-8")
    results = []
    for autoescape in (True, False, True):
        env = Environment(loader=FileSystemLoader(str(templates)), autoescape=autoescape)
        with jinja_bytecode(env, tmp_path / "cache"):
            results.append(env.get_template("t.html").render(x="<a>"))
    assert results == ["&lt;a&gt;", "<a>", "&lt;a&gt;"]
    assert len(list((tmp_path / "cache").iterdir())) == 2
