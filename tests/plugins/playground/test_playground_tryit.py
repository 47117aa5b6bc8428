"""Which blocks get "Try it", the lines they offer, and the setup each command needs."""

from __future__ import annotations

import html
import json
import re

import pytest
from docker_notes.playground import tryit


def block(lang: str, code: str, title: str = "") -> str:
    """A block as Material renders it (line spans and anchors included)."""
    spans = "".join(
        f'<span id="__span-0-{n}"><a id="__codelineno-0-{n}"></a>{html.escape(line)}\n</span>'
        for n, line in enumerate(code.splitlines(), 1)
    )
    name = f'<span class="filename">{html.escape(title)}</span>' if title else ""
    return f'<div class="language-{lang} highlight">{name}<pre><span></span><code>{spans}</code></pre></div>'


def specs(page: str) -> list[dict]:
    return [json.loads(html.unescape(m)) for m in re.findall(r'data-dnp-try="([^"]*)"', page)]


def test_logical_lines_join_continuations_and_drop_comments() -> None:
    """Backslash continuations become one line; comments, blank lines and prompts go."""
    text = "# start\ndocker run -d \\\n  --name web \\\n  nginx  # the server\n\n$ docker ps\n"
    assert tryit.logical_lines(text) == ["docker run -d --name web nginx", "docker ps"]


def test_comment_sign_inside_quotes_is_kept() -> None:
    """A '#' inside quotes is part of the command, not a comment."""
    assert tryit.logical_lines("docker run --name 'a #1' nginx # note") == ["docker run --name 'a #1' nginx"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("docker ps", True),
        ("docker-compose up -d", True),
        ("FOO=1 docker run nginx", True),
        ("echo secret | docker login --password-stdin", True),
        ("docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", False),
        ("docker stop [OPTIONS] CONTAINER [CONTAINER...]", False),
        ("curl http://localhost:8080", False),
        ("ls -la", False),
    ],
)
def test_docker_lines_are_recognised(line: str, expected: bool) -> None:
    """Docker and docker-compose commands are runnable; syntax templates and other tools are not offered."""
    assert tryit.is_docker_line(line) is expected


@pytest.mark.parametrize(
    ("lang", "code", "title", "kind"),
    [
        ("bash", "docker ps", "", "command"),
        ("bash", "npm install", "", None),
        ("bash", "docker run [OPTIONS] IMAGE", "", None),
        ("dockerfile", "FROM nginx:alpine\nCOPY . /usr/share/nginx/html\n", "", "dockerfile"),
        ("dockerfile", "RUN apt-get update\n", "", None),
        ("yaml", "services:\n  web:\n    image: nginx\n", "", "compose"),
        ("yaml", "web:\n  image: nginx\n", "docker-compose.yml", "compose"),
        ("yaml", "key: value\n", "", None),
        ("text", "docker ps", "", None),
    ],
)
def test_classify_blocks(lang: str, code: str, title: str, kind: str | None) -> None:
    """Command blocks need a docker line, Dockerfiles a FROM, Compose files a services key or a compose title."""
    assert tryit.classify(lang, code, title) == kind


@pytest.mark.parametrize(
    ("line", "needs"),
    [
        ("docker stop web-server", [("container", "web-server")]),
        ("docker stop -t 30 web-server", [("container", "web-server")]),
        ("docker container stop a b", [("container", "a"), ("container", "b")]),
        ("docker logs -f --tail 100 my-app", [("container", "my-app")]),
        ("docker exec -it -e A=1 db psql -U postgres", [("container", "db")]),
        ("docker cp ./file.txt web:/tmp/", [("container", "web")]),
        ("docker stop a1b2c3d4e5f6", []),
        ("docker stop $(docker ps -q)", []),
        ("docker stop web && docker rm web", [("container", "web")]),
        ("docker volume rm my-data", [("volume", "my-data")]),
        ("docker network connect my-net web", [("network", "my-net"), ("container", "web")]),
        ("docker run -d --network my-net --name api nginx", [("network", "my-net")]),
        ("docker run -d --network host nginx", []),
        ("docker run -d --name web nginx", []),
        ("docker ps -a", []),
    ],
)
def test_needs_of_commands(line: str, needs: list[tuple[str, str]]) -> None:
    """The objects a command acts on are found past flags and their values; IDs and substitutions are not."""
    assert tryit.needs_of(line) == needs


def test_creates_of_commands() -> None:
    """run/create --name, volume create and network create name the objects they make."""
    assert tryit.creates_of("docker run -d --name web -p 80:80 nginx") == [("container", "web")]
    assert tryit.creates_of("docker run -d --name=web nginx") == [("container", "web")]
    assert tryit.creates_of("docker volume create my-data") == [("volume", "my-data")]
    assert tryit.creates_of("docker network create --driver bridge my-net") == [("network", "my-net")]
    assert tryit.creates_of("docker ps") == []


def test_setup_comes_from_the_section_then_stand_ins() -> None:
    """A need is created by the section's own earlier command (with its needs first), else by a stand-in."""
    section = ["docker network create app", "docker run -d --name api --network app my-api:1"]
    assert tryit.setup_for("container", "api", [section]) == (
        "docker network create app",
        "docker run -d --name api --network app my-api:1",
    )
    assert tryit.setup_for("container", "web", [section]) == ("docker run -d --name web nginx",)
    assert tryit.setup_for("volume", "data", []) == ("docker volume create data",)
    assert tryit.setup_for("network", "net", []) == ("docker network create net",)


def test_annotate_blocks_marks_commands_files_and_uses_the_section() -> None:
    """Each try-able block gets data-dnp-try; setup looks back within the section only."""
    page = (
        '<h2 id="run">Run</h2>'
        + block("bash", "# start it\ndocker run -d --name my-nginx nginx\ndocker ps")
        + block("bash", "docker stop my-nginx")
        + '<h2 id="other">Other</h2>'
        + block("bash", "docker stop my-nginx")
        + block("bash", "npm test")
        + block("dockerfile", "FROM node:18\nCMD [\"node\"]")
        + block("yaml", "services:\n  web:\n    image: nginx", "docker-compose.yml")
        + block("text", "docker ps")
    )
    marked, count = tryit.annotate_blocks(page)
    assert count == 5
    found = specs(marked)
    assert [spec["kind"] for spec in found] == ["command", "command", "command", "dockerfile", "compose"]
    assert [item["line"] for item in found[0]["lines"]] == ["docker run -d --name my-nginx nginx", "docker ps"]
    assert found[1]["lines"][0]["needs"] == [
        {"kind": "container", "name": "my-nginx", "setup": ["docker run -d --name my-nginx nginx"]}
    ]
    assert found[2]["lines"][0]["needs"][0]["setup"] == ["docker run -d --name my-nginx nginx"]
    build = [{"line": "docker build -t lesson .", "needs": []}]
    assert found[3] == {"kind": "dockerfile", "file": "Dockerfile", "lines": build}
    assert found[4]["file"] == "docker-compose.yml"
    assert [item["line"] for item in found[4]["lines"]] == ["docker compose up -d", "docker compose ps"]
    assert tryit.annotate_blocks(marked) == (marked, 0)


def test_annotation_is_escaped_html() -> None:
    """Quotes and angle brackets of a command cannot break out of the attribute."""
    marked, _ = tryit.annotate_blocks(block("bash", "docker run --name '\"><img src=x onerror=alert(1)>' nginx"))
    assert "<img" not in marked.replace("&lt;img", "")
    assert specs(marked)[0]["lines"][0]["line"] == "docker run --name '\"><img src=x onerror=alert(1)>' nginx"


def test_annotate_slots_fills_the_cheat_sheet() -> None:
    """Command, Dockerfile and Compose slots get a spec; .dockerignore and usage lines do not."""
    page = (
        '<div class="cheatsheet-try" data-kind="command" data-text="docker stop web" data-entry="a"></div>'
        '<div class="cheatsheet-try" data-kind="command" data-text="docker run [OPTIONS] IMAGE" data-entry="b"></div>'
        '<div class="cheatsheet-try" data-kind="dockerfile" data-text="FROM alpine&#10;RUN true" data-entry="c"></div>'
        '<div class="cheatsheet-try" data-kind="dockerignore" data-text="node_modules" data-entry="d"></div>'
        '<div class="cheatsheet-try" data-kind="command" data-text="docker rm X" data-usage="true"></div>'
    )
    assert tryit.has_slots(page)
    marked, count = tryit.annotate_slots(page)
    assert count == 2
    found = specs(marked)
    assert found[0]["lines"][0]["needs"][0]["name"] == "web"
    assert found[1]["kind"] == "dockerfile"


def test_memoized_lexing_hands_out_fresh_lists() -> None:
    """Lines are lexed once per build (memoized), yet a caller changing a result cannot change the next answer."""
    line = "docker stop web && docker run -d --name web nginx"
    first = tryit.words(line)
    assert first is not None
    first.append("tampered")
    assert tryit.words(line) == ["docker", "stop", "web", "&&", "docker", "run", "-d", "--name", "web", "nginx"]
    needs = tryit.needs_of(line)
    needs.clear()
    assert tryit.needs_of(line) == [("container", "web")]
    assert tryit.creates_of(line) == [("container", "web")]
