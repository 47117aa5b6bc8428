"""Which blocks can be tried, the command lines they hold, and the rendered blocks and slots."""

from __future__ import annotations

import pytest
from docker_notes.playground import tryit


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


def test_slots_are_found() -> None:
    """The cheat sheet's slots are what the playground plugin fills (docker_notes.lessons.annotate)."""
    assert tryit.has_slots('<div class="cheatsheet-try" data-kind="command" data-text="docker ps"></div>')
    assert not tryit.has_slots('<div class="language-bash highlight"></div>')


def test_memoized_lexing_hands_out_fresh_lists() -> None:
    """Lines are lexed once per build (memoized), yet a caller changing a result cannot change the next answer."""
    line = "docker stop web && docker run -d --name web nginx"
    first = tryit.words(line)
    assert first is not None
    first.append("tampered")
    assert tryit.words(line) == ["docker", "stop", "web", "&&", "docker", "run", "-d", "--name", "web", "nginx"]
    assert tryit.docker_calls(line) == (("stop", "web"), ("run", "-d", "--name", "web", "nginx"))
