"""The cheat sheet in the built site: complete against docs/, deep links valid, JSON export and schema, strict."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"

# An independent reader, deliberately simpler than the plugin's: regexes over raw lines.
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*\{?\.?([\w-]*)")
DOCKER_AT_COMMAND_POSITION = re.compile(r"(?:^|&&|\|\||[;|]|\$\(|`)\s*(?:sudo\s+)?(docker(?:-compose)?)(?=\s|$)")
HEREDOC_START = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")


def fences(path: Path) -> list[tuple[int, str, list[str]]]:
    """``(line of the first body line, language, body lines)`` of every fenced block."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        marker = opening.group(1)
        end = index + 1
        while end < len(lines) and lines[end].strip() != marker:
            end += 1
        indent = len(lines[index]) - len(lines[index].lstrip())
        found.append((index + 2, opening.group(2).lower(), [line[indent:] for line in lines[index + 1 : end]]))
        index = end + 1
    return found


def docker_lines(body: list[str], first: int) -> Counter[int]:
    """Source line → how many docker invocations start on it (comments, heredocs, continuations skipped)."""
    counts: Counter[int] = Counter()
    index = 0
    while index < len(body):
        start = index
        line = body[index].strip()
        while line.endswith("\\") and index + 1 < len(body):
            index += 1
            line = line[:-1] + " " + body[index].strip()
        index += 1
        if line.startswith("#") or not line:
            continue
        line = re.sub(r"^\$\s+", "", line)
        code = re.split(r"\s#", line, maxsplit=1)[0]
        number = len(DOCKER_AT_COMMAND_POSITION.findall(code))
        if number:
            counts[first + start] += number
        heredoc = HEREDOC_START.search(code)
        if heredoc:
            while index < len(body) and body[index].strip() != heredoc.group(1):
                index += 1
            index += 1
    return counts


@pytest.fixture(scope="module")
def export(built_site: Path) -> dict[str, Any]:
    """The published ``cheatsheet.json``."""
    return json.loads((built_site / "cheatsheet.json").read_text(encoding="utf-8"))


def test_every_docker_command_line_of_the_notes_is_exported(export: dict[str, Any]) -> None:
    """Each line of docs/ that runs docker (by an independent scan) is one command entry's place, whose line as
    written there holds every docker invocation the scan counted (pipes, ``&&`` chains and ``$(…)`` kept)."""
    placed: Counter[tuple[str, int]] = Counter()
    invocations: dict[tuple[str, int], int] = {}
    for entry in export["entries"]:
        if entry["kind"] == "command":
            shown = {entry["text"], *(variant["text"] for variant in entry.get("variants", []))}
            for place in entry["places"]:
                key = (place["page"], place["line"])
                placed[key] += 1
                assert " ".join(place["text"].split()) in {" ".join(text.split()) for text in shown}, place
                invocations[key] = len(DOCKER_AT_COMMAND_POSITION.findall(place["text"]))
    expected: Counter[tuple[str, int]] = Counter()
    for path in sorted(DOCS.glob("*.md")):
        for first, lang, body in fences(path):
            if lang in {"bash", "sh", "shell", "console"}:
                for line, number in docker_lines(body, first).items():
                    expected[(path.name, line)] += number
    assert expected, "the independent scan found no docker command at all"
    missing = sorted(key for key in expected if placed[key] == 0)
    extra = {key: number for key, number in placed.items() if key not in expected}
    twice = {key: number for key, number in placed.items() if number > 1}
    cut = {key: (invocations[key], number) for key, number in expected.items() if invocations.get(key, 0) != number}
    assert not missing, f"docker command lines missing from cheatsheet.json: {missing}"
    assert not extra, f"cheatsheet.json places commands on lines that have none: {extra}"
    assert not twice, f"lines placed in more than one entry: {twice}"
    assert not cut, f"lines whose text lost docker invocations (kept, counted): {cut}"


def test_every_dockerfile_compose_and_dockerignore_block_is_exported(export: dict[str, Any]) -> None:
    """Each Dockerfile, Compose (yaml with ``services:``) and .dockerignore block is placed, text intact there."""
    by_kind: dict[str, dict[str, set[tuple[str, int]]]] = {}
    for entry in export["entries"]:
        for place in entry["places"]:
            by_kind.setdefault(entry["kind"], {}).setdefault(place["text"], set()).add((place["page"], place["line"]))
    seen = Counter()
    for path in sorted(DOCS.glob("*.md")):
        for first, lang, body in fences(path):
            text = "\n".join(body).strip("\n")
            if lang == "dockerfile":
                kind = "dockerfile"
            elif lang in {"yaml", "yml"} and re.search(r"^services:", text, re.MULTILINE):
                kind = "compose"
            elif lang == "dockerignore":
                kind = "dockerignore"
            else:
                continue
            seen[kind] += 1
            assert (path.name, first) in by_kind.get(kind, {}).get(text, set()), f"{kind} at {path.name}:{first}"
    assert seen["dockerfile"] > 0 and seen["compose"] > 0 and seen["dockerignore"] == 1
    assert sum(len(places) for places in by_kind["dockerfile"].values()) == seen["dockerfile"]
    assert sum(len(places) for places in by_kind["compose"].values()) == seen["compose"]


class _Ids(HTMLParser):
    """Text of each element with an id (headings of a rendered page)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and ident:
            self._open.append((tag, ident, []))

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, ident, parts = self._open.pop()
            self.texts[ident] = " ".join("".join(parts).replace("¶", "").split())


def test_deep_links_point_at_the_named_heading(export: dict[str, Any], built_site: Path) -> None:
    """Every place's anchor is the id of a heading on its page whose text is the place's heading."""
    pages: dict[str, dict[str, str]] = {}
    for entry in export["entries"]:
        for place in entry["places"]:
            if place["url"] not in pages:
                parser = _Ids()
                parser.feed((built_site / place["url"] / "index.html").read_text(encoding="utf-8"))
                pages[place["url"]] = parser.texts
            assert place["href"] == f"{place['url']}#{place['anchor']}"
            assert pages[place["url"]].get(place["anchor"]) == place["heading"], place


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> None:
    """A small JSON Schema check (the keywords cheatsheet.schema.json uses)."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    types = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}
    if "type" in schema:
        assert isinstance(value, types[schema["type"]]), f"{where}: not {schema['type']}"
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "pattern" in schema:
        assert re.search(schema["pattern"], value), where
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                _validate(value[key], sub, root, f"{where}.{key}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key in set(value) - set(schema.get("properties", {})):
                _validate(value[key], extra, root, f"{where}.{key}")
    if isinstance(value, list):
        assert len(value) >= schema.get("minItems", 0), where
        for index, item in enumerate(value):
            if "items" in schema:
                _validate(item, schema["items"], root, f"{where}[{index}]")


def test_export_follows_its_published_schema(export: dict[str, Any], built_site: Path) -> None:
    """cheatsheet.json has a version and validates against cheatsheet.schema.json published beside it."""
    schema = json.loads((built_site / "cheatsheet.schema.json").read_text(encoding="utf-8"))
    assert export["version"] == 2
    _validate(export, schema, schema)
    assert export["counts"]["entries"] == len(export["entries"])
    assert len({entry["id"] for entry in export["entries"]}) == len(export["entries"])
    texts = [
        (entry["kind"], " ".join(text.split()))
        for entry in export["entries"]
        for text in [entry["text"], *(variant["text"] for variant in entry.get("variants", []))]
    ]
    assert len(set(texts)) == len(texts), "identical commands must be one entry"
    for entry in export["entries"]:
        if entry["kind"] == "command":
            assert entry["command"] == entry["commands"][0]


def test_export_canonicalizes_the_notes_commands(export: dict[str, Any]) -> None:
    """``docker ps`` and ``docker container ls`` share a canonical form; compose v1 is compose v2."""
    commands = [entry for entry in export["entries"] if entry["kind"] == "command"]
    canonical = {entry["text"]: [command["canonical"] for command in entry["commands"]] for entry in commands}
    assert canonical["docker ps"] == ["docker container ls"]
    assert canonical["docker images"] == ["docker image ls"]
    assert canonical["docker rmi image:tag"] == ["docker image rm"]
    assert canonical["docker-compose up"] == ["docker compose up"]
    assert canonical["docker stop $(docker ps -q)"] == ["docker container stop", "docker container ls"]
    assert canonical["docker images | grep redis"] == ["docker image ls"]
    chain = canonical["docker stop web-server && docker rm web-server"]
    assert chain == ["docker container stop", "docker container rm"]


def test_cheat_sheet_page_is_generated_and_in_the_nav(built_site: Path) -> None:
    """The page exists only in the build (no docs/cheatsheet.md), is in the nav, and lists entries grouped by topic."""
    assert not (DOCS / "cheatsheet.md").exists()
    html = (built_site / "cheatsheet" / "index.html").read_text(encoding="utf-8")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="cheatsheet/"[^>]*>\s*Cheat sheet', home)
    for topic in ("containers", "images", "build", "volumes", "networks", "compose", "clean-up", "registry"):
        assert f'<h2 id="{topic}">' in html
    assert html.count('class="cheatsheet-try"') == html.count('class="cheatsheet-entry ')
    assert 'data-kind="command" data-text="docker ps -a"' in html
    assert 'data-kind="command" data-text="docker stop web-server &amp;&amp; docker rm web-server"' in html
    assert "language-bash highlight" in html and "language-dockerfile highlight" in html
    assert (built_site / "assets" / "cheatsheet" / "minisearch.js").read_bytes() == (
        ROOT / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"
    ).read_bytes()


def test_build_logs_a_one_line_summary(built_site: Path) -> None:
    """The build says how many commands and files it found, through the plugin's logger."""
    log = built_site / ".build-log.txt"
    if not log.exists():
        pytest.skip("prebuilt site without a build log")
    assert re.search(
        r"INFO\s+-\s+cheat sheet: \d+ commands, \d+ Dockerfiles, \d+ Compose files, 1 \.dockerignore from \d+ pages",
        log.read_text(encoding="utf-8"),
    )


def rebuild(site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of the small site in ``site`` (see :func:`build_small_site`), in place."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


def build_small_site(tmp_path: Path, broken: str, theme: str = "") -> subprocess.CompletedProcess[str]:
    """Build a two-page site with ``--strict``, ``broken.md`` holding ``broken`` (``theme``: extra theme keys)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n```bash\ndocker ps\n```\n", encoding="utf-8")
    (docs / "broken.md").write_text(broken, encoding="utf-8")
    shutil.copytree(ROOT / "node_modules" / "minisearch", tmp_path / "node_modules" / "minisearch")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\nnav:\n  - index.md\n  - broken.md\n  - cheatsheet.md\n"
        f"theme:\n  name: material\n{theme}"
        "markdown_extensions:\n  - toc\n  - pymdownx.highlight\n  - pymdownx.superfences\n"
        "plugins:\n  - docker-notes/cheatsheet\n",
        encoding="utf-8",
    )
    return rebuild(tmp_path)


def test_unclosed_fence_fails_the_strict_build_with_page_and_line(tmp_path: Path) -> None:
    """Under --strict, an unreadable block (unclosed fence) fails the build, naming page and line."""
    result = build_small_site(tmp_path, "# Broken\n\nSome text.\n\n```bash\ndocker ps\n")
    assert result.returncode != 0
    assert "cheat sheet: broken.md:5: unclosed code fence ```bash" in result.stderr


def test_command_the_docker_cli_rejects_fails_the_strict_build(tmp_path: Path) -> None:
    """With the simulator's parser available, a command docker would reject fails --strict with page and line."""
    pytest.importorskip("dockersim.cli.explain")
    result = build_small_site(tmp_path, "# Broken\n\n```bash\ndocker ps\ndocker run --bogus nginx\n```\n")
    assert result.returncode != 0
    assert "cheat sheet: broken.md:5: the docker CLI would reject 'docker run --bogus nginx': unknown flag" in (
        result.stderr
    )


def test_a_theme_override_replaces_the_template(tmp_path: Path) -> None:
    """A theme ``custom_dir`` holding ``docker-notes/cheatsheet.html`` renders the page instead of ours."""
    override = tmp_path / "overrides" / "docker-notes"
    override.mkdir(parents=True)
    (override / "cheatsheet.html").write_text(
        '<p id="custom-sheet">{{ total }} entries{% for t, title, es in groups %} {{ t }}{% endfor %}</p>',
        encoding="utf-8",
    )
    result = build_small_site(tmp_path, "# Fine\n\n```bash\ndocker rm web\n```\n", theme="  custom_dir: overrides\n")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "cheatsheet" / "index.html").read_text(encoding="utf-8")
    assert '<p id="custom-sheet">2 entries containers clean-up</p>' in html
    assert json.loads((tmp_path / "site" / "cheatsheet.json").read_text(encoding="utf-8"))["counts"]["command"] == 2


def test_warm_builds_still_reject_and_follow_edits(tmp_path: Path) -> None:
    """With the build cache warm, a rejected command still fails --strict; once fixed, the next build reads it."""
    pytest.importorskip("dockersim.cli.explain")
    assert build_small_site(tmp_path, "# Broken\n\n```bash\ndocker ps\ndocker run --bogus nginx\n```\n").returncode
    assert (tmp_path / ".cache" / "cheatsheet" / "explain.json").is_file()
    again = rebuild(tmp_path)
    assert again.returncode != 0
    assert "cheat sheet: broken.md:5: the docker CLI would reject 'docker run --bogus nginx': unknown flag" in (
        again.stderr
    )
    fixed_notes = "# Fixed\n\n```bash\ndocker ps\ndocker run --rm nginx\n```\n"
    (tmp_path / "docs" / "broken.md").write_text(fixed_notes, encoding="utf-8")
    fixed = rebuild(tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    export = json.loads((tmp_path / "site" / "cheatsheet.json").read_text(encoding="utf-8"))
    run = next(entry for entry in export["entries"] if entry["text"] == "docker run --rm nginx")
    assert [flag["long"] for flag in run["command"]["explain"]["flags"]] == ["--rm"]
    assert "docker run --bogus" not in (tmp_path / "site" / "cheatsheet" / "index.html").read_text(encoding="utf-8")
