"""The seam to the simulator's parser: flag meanings attached, rejected commands reported with page and line."""

from __future__ import annotations

from typing import Any

import pytest
from docker_notes.cheatsheet import annotate as annotate_module
from docker_notes.cheatsheet.annotate import annotate, as_run, load_explain
from docker_notes.cheatsheet.extract import extract_page, merge


def entries(markdown: str) -> list[Any]:
    """Entries of a snippet on page ``notes.md``."""
    items, _ = extract_page(markdown, "notes.md")
    return merge(items)


def fake_explain(line: str) -> dict[str, Any]:
    """A stand-in parser: rejects ``--bogus``, explains ``-d``."""
    if "--bogus" in line:
        return {"line": line, "ok": False, "parts": [], "error": {"stderr": "unknown flag: --bogus\n\nUsage: …"}}
    parts = [{"kind": "flag", "tokens": ["-d"], "flag": "--detach", "short": "-d", "meaning": "run in the background"}]
    return {"line": line, "ok": True, "command": {"meaning": "run a container"}, "parts": parts, "error": None}


def test_shell_substitutions_become_sample_values_before_parsing() -> None:
    """``$(pwd)``, ``$(docker ps -q)`` and ``${VAR}`` are what the shell hands docker, not literal text."""
    assert as_run("docker stop $(docker ps -q)") == "docker stop 3f4e1a2b9c8d"
    assert as_run("docker run -v $(pwd)/logs:/logs -t app:${VERSION} x") == (
        "docker run -v /home/learner/project/logs:/logs -t app:1.0 x"
    )


def test_flag_meanings_are_attached_and_rejections_reported_at_their_line() -> None:
    """A parsed command gets its meaning and flag meanings; a rejected one is reported with page and line."""
    found = entries(
        "# T\n\n```bash\ndocker run -d nginx\n\ndocker run --bogus nginx\ndocker run [OPTIONS] IMAGE\n```\n"
    )
    rejections = annotate(found, fake_explain)
    assert found[0].meta["command"]["explain"] == {
        "meaning": "run a container",
        "flags": [{"flag": "-d", "long": "--detach", "meaning": "run in the background", "link": ""}],
    }
    assert [(r.page, r.line, r.text, r.message) for r in rejections] == [
        ("notes.md", 6, "docker run --bogus nginx", "unknown flag: --bogus")
    ]
    assert "explain" not in found[2].meta["command"]  # placeholders: not checked


def test_without_the_simulator_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    """If ``dockersim.cli.explain`` cannot be imported, annotation is skipped silently."""
    monkeypatch.setattr(annotate_module, "load_explain", lambda: None)
    found = entries("```bash\ndocker run --bogus nginx\n```\n")
    assert annotate(found) == []
    assert "explain" not in found[0].meta["command"]


def test_real_parser_accepts_the_commands_of_a_typical_block() -> None:
    """With the simulator installed, its parser reads the notes' style of commands (substitutions included)."""
    if load_explain() is None:
        pytest.skip("dockersim.cli.explain is not available")
    found = entries(
        "```bash\ndocker stop $(docker ps -q)\ndocker run -d -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx\n"
        "docker-compose up -d --scale worker=3\n```\n"
    )
    assert annotate(found) == []
    run = next(entry for entry in found if entry.text.startswith("docker run"))
    assert [flag["long"] for flag in run.meta["command"]["explain"]["flags"]] == ["--detach", "--publish", "--volume"]
