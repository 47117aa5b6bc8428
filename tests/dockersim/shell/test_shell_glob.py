"""Pathname expansion, the same in the terminal's files and in a container's."""

from __future__ import annotations

from pathlib import Path

from dockersim.session import Session
from dockersim.shell import Shell


def test_globs_in_the_working_directory(tmp_path: Path) -> None:
    """``*``, ``?`` and ``[…]`` match names (hidden ones only with a leading dot); no match keeps the word."""
    shell = Shell(Session(seed=1, cwd=tmp_path), tmp_path)
    assert shell.run("mkdir logs && touch a.txt b.txt .hidden.txt c.log logs/x.log").exit_code == 0
    assert shell.run("echo *.txt").stdout == "a.txt b.txt\n"
    assert shell.run("echo ?.log logs/*.log").stdout == "c.log logs/x.log\n"
    assert shell.run("echo [ab].txt '*.txt' none*").stdout == "a.txt b.txt *.txt none*\n"
    assert shell.run("rm *.txt && ls").stdout == "c.log  logs\n"  # a terminal: columns


def test_globs_inside_a_container(tmp_path: Path) -> None:
    """``rm -rf /tmp/cache/*`` empties the folder in the container's files."""
    shell = Shell(Session(seed=1, cwd=tmp_path), tmp_path)
    assert shell.run("docker run -d --name box alpine sleep 1000").exit_code == 0
    script = (
        "mkdir -p /tmp/cache && touch /tmp/cache/a /tmp/cache/b && echo /tmp/cache/* && rm -rf /tmp/cache/* "
        "&& ls /tmp/cache | wc -l"
    )
    assert shell.run(f"docker exec box sh -c '{script}'").stdout == "/tmp/cache/a /tmp/cache/b\n0\n"
