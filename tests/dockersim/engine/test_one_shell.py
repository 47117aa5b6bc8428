"""One shell everywhere: ``docker exec … sh -c`` quotes, pipes and expands exactly as the terminal does."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.session import Session
from dockersim.shell import Shell


@pytest.fixture
def terminal(tmp_path: Path) -> Shell:
    session = Session(seed=4, cwd=tmp_path)
    shell = Shell(session, tmp_path)
    assert shell.run("docker run -d --name box alpine sleep 1000").exit_code == 0
    return shell


@pytest.mark.parametrize(
    ("script", "stdout", "code"),
    [
        ("echo a b | wc -w", "2\n", 0),
        ("echo '$HOME'", "$HOME\n", 0),
        ('echo "$HOME"', "/root\n", 0),
        ("false; echo $?", "1\n", 0),
        ("printf '%s-%s\\n' a b c", "a-b\nc-\n", 0),
        ("for x in 1 2 3; do echo $x; done | tail -n 1", "3\n", 0),
        ("if [ -d /etc ]; then echo dir; else echo no; fi", "dir\n", 0),
        ("echo hi > /tmp/f && cat < /tmp/f", "hi\n", 0),
        ("exit 3", "", 3),
        ("cat /nope 2>&1", "cat: can't open '/nope': No such file or directory\n", 1),
    ],
)
def test_container_shell_matches_the_terminal_grammar(terminal: Shell, script: str, stdout: str, code: int) -> None:
    """The container's ``sh -c`` runs the same parser and interpreter as the terminal."""
    quoted = script.replace("'", "'\"'\"'")
    result = terminal.run(f"docker exec box sh -c '{quoted}'")
    assert (result.stdout, result.exit_code) == (stdout, code)


def test_same_line_same_answer_in_both_places(terminal: Shell) -> None:
    """A pipe of utilities prints the same in the terminal and inside a container."""
    line = "printf 'b\\na\\nb\\n' | sort | uniq -c | wc -l"
    inside = terminal.run(f'docker exec box sh -c "{line}"')
    assert terminal.run(line).stdout == inside.stdout == "2\n"


def test_dash_and_busybox_word_not_found_as_they_do(terminal: Shell) -> None:
    """BusyBox ash says ``sh: x: not found``, Debian's dash ``sh: 1: x: not found``; both exit 127."""
    assert terminal.run("docker run -d --name deb debian sleep 1000").exit_code == 0
    busybox = terminal.run("docker exec box sh -c frobnicate")
    dash = terminal.run("docker exec deb sh -c frobnicate")
    assert (busybox.stderr, busybox.exit_code) == ("sh: frobnicate: not found\n", 127)
    assert (dash.stderr, dash.exit_code) == ("sh: 1: frobnicate: not found\n", 127)
