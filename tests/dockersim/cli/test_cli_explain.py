"""explain(): structured breakdown of command lines, with links that exist in the notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dockersim.cli import explain as ex
from dockersim.cli.explain import explain, format_explanation, run_explain
from dockersim.context import CommandContext

DOCS = Path(__file__).resolve().parents[3] / "docs"
PAGES = ("beginner.md", "intermediate.md", "advanced.md", "summary.md")


def _anchors(page: str) -> set[str]:
    """Python-Markdown toc slugs of a page's headings (markup stripped, duplicates suffixed)."""
    slugify = pytest.importorskip("markdown.extensions.toc").slugify
    seen: dict[str, int] = {}
    fence = False
    for line in (DOCS / page).read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            continue
        m = None if fence else re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"\*\*|__|`|\*", "", m.group(2)))
        slug = slugify(text, "-")
        if slug in seen:
            seen[slug] += 1
            slug = f"{slug}_{seen[slug]}"
        else:
            seen[slug] = 0
    return set(seen) | {f"{s}_{i}" for s, n in seen.items() for i in range(1, n + 1)}


def _all_links() -> set[str]:
    from dockersim.cli import links as notes
    from dockersim.cli.unit import all_units

    units = all_units().values()
    links = {v[1] for v in ex.FLAGS.values()} | {u.link for u in units if u.link}
    links |= {v[1] for u in units for v in u.flag_meanings.values()}
    links |= {a.link for u in units for a in u.args or () if a.link}
    links |= {
        getattr(notes, name)
        for name in dir(notes)
        if name.isupper() and isinstance(getattr(notes, name), str) and ".md#" in getattr(notes, name)
    }
    return links


def test_every_link_target_exists() -> None:
    """Every page.md#anchor explain can emit names a real heading slug of the notes."""
    anchors = {page: _anchors(page) for page in PAGES}
    missing = []
    for link in sorted(_all_links()):
        page, _, anchor = link.partition("#")
        if page not in anchors or anchor not in anchors[page]:
            missing.append(link)
    assert not missing


def test_run_line_breakdown() -> None:
    """A typical run line: command, grouped flags one by one, values, image (normalised), container command."""
    data = explain("docker run -itd --rm -p 8080:80 --name web nginx:1.27 sh -c 'echo hi'")
    assert data["ok"] and data["error"] is None
    assert data["command"]["path"] == "container run"
    flags = [(p.get("short"), p["flag"], p.get("value")) for p in data["parts"] if p["kind"] == "flag"]
    assert flags == [
        ("-i", "--interactive", None),
        ("-t", "--tty", None),
        ("-d", "--detach", None),
        (None, "--rm", None),
        ("-p", "--publish", "8080:80"),
        (None, "--name", "web"),
    ]
    image = next(p for p in data["parts"] if p["kind"] == "image")
    assert image["normalized"] == "docker.io/library/nginx:1.27"
    command = next(p for p in data["parts"] if p["kind"] == "command")
    assert command["tokens"] == ["sh", "-c", "echo hi"]
    assert all(p["link"] and p["meaning"] for p in data["parts"])


def test_meanings_are_our_own_words() -> None:
    """Meanings never copy docker's help text verbatim."""
    from dockersim.cli import all_specs
    from dockersim.cli.unit import all_units

    docker_texts = {f.help for s in all_specs() for f in s.flags if f.help}
    ours = {m for m, _ in ex.FLAGS.values()} | {m for u in all_units().values() for m, _ in u.flag_meanings.values()}
    assert not ours & docker_texts


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("docker run -p abc nginx", "invalid containerPort: abc"),
        ("docker ps --bogus", "unknown flag: --bogus"),
        ("docker run", "requires at least 1 argument"),
        ("docker 'unterminated", "cannot split"),
        ("ls -la", "docker or docker-compose"),
    ],
)
def test_errors_are_data(line: str, fragment: str) -> None:
    """Parse errors come back in 'error' with docker's text; nothing raises."""
    data = explain(line)
    assert not data["ok"] and fragment in data["error"]["stderr"]


def test_global_flags_and_compose() -> None:
    """Global flags are explained; docker-compose lines map to the compose subtree when registered."""
    data = explain("docker -H unix:///x.sock ps -aq")
    assert data["parts"][0]["kind"] == "global-flag" and data["parts"][0]["value"] == "unix:///x.sock"
    compose = explain("docker-compose up -d")
    if compose["ok"]:
        assert compose["command"]["path"] == "compose up"
        assert compose["command"]["link"] == ex.COMPOSE


def test_help_lines_and_handler() -> None:
    """'--help' lines are explained as printing help; the hidden 'docker explain' handler prints readably."""
    assert explain("docker ps --help")["help"].startswith("Usage:  docker ps")
    ctx = CommandContext(engine=None, cwd=Path("/"), env={})  # type: ignore[arg-type]
    assert run_explain(ctx, None, ["run", "-d", "nginx"]) == 0
    assert "docker run -d nginx" in ctx.out.getvalue() and ctx.data["explain"]["ok"]
    assert format_explanation(explain("docker run -p abc x")).count("This line would fail") == 1


def test_every_token_of_accepted_lines_is_explained() -> None:
    """For every corpus line that parses, each word after the command path appears in some explained part."""
    import shlex

    from cli_oracle_support import corpus_lines, random_lines

    checked = 0
    for line in [*corpus_lines(), *random_lines(20261128, 400)]:
        data = explain("docker " + line)
        if not data["ok"] or data.get("help") or not data["command"]:
            continue
        covered = {t for part in data["parts"] for t in part["tokens"]}
        rest = shlex.split(line)
        for word in data["command"]["typed"].split()[1:]:
            if word in rest:
                rest.remove(word)
        assert [w for w in rest if w not in covered and w != "--"] == [], line
        checked += 1
    assert checked > 500
