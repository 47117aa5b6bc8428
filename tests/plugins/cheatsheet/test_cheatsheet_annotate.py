"""The seam to the simulator's parser: flag meanings attached, rejected commands reported with page and line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from docker_notes.buildcache import JsonCache, digest, source_files, tree_digest
from docker_notes.cheatsheet import annotate as annotate_module
from docker_notes.cheatsheet.annotate import (
    READER,
    annotate,
    as_run,
    explain_cache,
    load_explain,
    simulator_digest,
)
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


def test_cached_readings_skip_the_parser_and_rejections_come_back(tmp_path: Path) -> None:
    """A warm build asks the parser nothing, yet reports the same rejection (so --strict keeps failing)."""
    markdown = "# T\n\n```bash\ndocker run -d nginx\ndocker run --bogus nginx\n```\n"
    cache = JsonCache(tmp_path / "explain.json", "simulator-1")
    cold = entries(markdown)
    cold_rejections = annotate(cold, fake_explain, cache=cache)
    cache.save()

    def no_parser(line: str) -> dict[str, Any]:
        raise AssertionError(f"parsed {line!r} again")

    warm = entries(markdown)
    warm_rejections = annotate(warm, no_parser, cache=JsonCache(tmp_path / "explain.json", "simulator-1"))
    assert warm_rejections == cold_rejections
    assert [(r.line, r.message) for r in warm_rejections] == [(5, "unknown flag: --bogus")]
    assert warm[0].meta["command"]["explain"] == cold[0].meta["command"]["explain"]


def test_a_changed_simulator_parses_again(tmp_path: Path) -> None:
    """Answers cached for other simulator sources are not used: the edited parser decides."""
    cache = JsonCache(tmp_path / "explain.json", "simulator-1")
    annotate(entries("```bash\ndocker run --bogus nginx\n```\n"), fake_explain, cache=cache)
    cache.save()
    now_accepted = entries("```bash\ndocker run --bogus nginx\n```\n")
    fresh = JsonCache(tmp_path / "explain.json", "simulator-2")
    accepts = {"ok": True, "command": {"meaning": "m"}, "parts": []}
    assert annotate(now_accepted, lambda line: accepts, cache=fresh) == []
    assert now_accepted[0].meta["command"]["explain"] == {"meaning": "m", "flags": []}


def test_simulator_digest_follows_the_package_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is a hash of the importable package's files, found without importing it; None when absent."""
    package = tmp_path / "fakesim_for_digest"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "cli" / "explain.py").write_text("def explain(line):\n    return {}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = simulator_digest("fakesim_for_digest")
    assert before is not None
    assert "fakesim_for_digest" not in sys.modules
    assert simulator_digest("fakesim_for_digest") == before
    (package / "cli" / "explain.py").write_text("def explain(line):\n    return {'ok': False}\n", encoding="utf-8")
    assert simulator_digest("fakesim_for_digest") not in {None, before}
    assert simulator_digest("no_such_simulator_here") is None


def test_the_real_simulator_is_keyed_by_its_source_folder() -> None:
    """The installed ``dockersim`` is the repository's ``playground/dockersim`` and gives a digest."""
    if load_explain() is None:
        pytest.skip("dockersim.cli.explain is not available")
    folder = Path(__file__).resolve().parents[3] / "playground" / "dockersim"
    assert simulator_digest() == digest(READER, tree_digest(folder, source_files(folder)))
    assert explain_cache(Path("unused.json")) is not None


def test_each_docker_command_of_a_line_is_read_on_its_own() -> None:
    """``docker stop web && docker run -d web | grep x``: each docker command gets its own reading; the pipe's
    other programs are not handed to the parser."""
    seen: list[str] = []

    def recording(line: str) -> dict[str, Any]:
        seen.append(line)
        return fake_explain(line)

    [entry] = entries("```bash\ndocker stop web && docker run -d web | grep x\n```\n")
    assert annotate([entry], recording) == []
    assert seen == ["docker stop web", "docker run -d web"]
    assert all(command["explain"]["meaning"] == "run a container" for command in entry.meta["commands"])


def test_a_rejected_variant_is_reported_at_its_own_place() -> None:
    """A line merged into another entry as a variant is still checked, and reported where it is written."""
    def quotes_rejected(line: str) -> dict[str, Any]:
        return fake_explain(line.replace('"', "--bogus"))

    [entry] = entries('```bash\ndocker ps --filter name=web\ndocker ps --filter "name=web"\n```\n')
    assert [variant["text"] for variant in entry.meta["variants"]] == ['docker ps --filter "name=web"']
    rejections = annotate([entry], quotes_rejected)
    assert [(r.line, r.text) for r in rejections] == [(3, 'docker ps --filter "name=web"')]
