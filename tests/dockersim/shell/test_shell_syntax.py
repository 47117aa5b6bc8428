"""The one parser's public readers: compound commands, single-command lines, segments for the plugins."""

from __future__ import annotations

import pytest
from dockersim.shell.syntax import (
    ForClause,
    IfClause,
    LoopClause,
    ShellSyntaxError,
    parse_script,
    segments,
    simple_commands,
    single_command_words,
)


def test_compound_commands_parse() -> None:
    """``if``, ``while`` and ``for`` become clauses whose simple commands keep their source text."""
    lists = parse_script(
        "if [ -f a ]; then echo yes; else echo no; fi\nwhile true; do sleep 1; done\nfor x in 1 2; do :; done"
    )
    kinds = [type(item.first.commands[0]) for item in lists]
    assert kinds == [IfClause, LoopClause, ForClause]
    assert [c.text for c in simple_commands(lists)] == ["[ -f a ]", "echo yes", "echo no", "true", "sleep 1", ":"]


@pytest.mark.parametrize("script", ["if true; then echo", "for 1x in a; do :; done", "done", "echo a |", "fi"])
def test_broken_compound_commands_are_syntax_errors(script: str) -> None:
    """Unfinished or misplaced reserved words are bash-like syntax errors, never exceptions of other kinds."""
    with pytest.raises(ShellSyntaxError):
        parse_script(script)


def test_single_command_words_keep_expansions_as_written() -> None:
    """What ``Session.run_line`` runs: quotes removed, ``$X`` kept, comments dropped; lists refused."""
    assert single_command_words("docker run -e 'A=$B' \"x y\" $HOME # note") == [
        "docker",
        "run",
        "-e",
        "A=$B",
        "x y",
        "$HOME",
    ]
    assert single_command_words("  # only a comment") == []
    with pytest.raises(ShellSyntaxError):
        single_command_words("docker ps | grep web")


def test_segments_for_the_plugins() -> None:
    """Each simple command with its words and the scripts of its substitutions."""
    found = segments("docker stop $(docker ps -q) && echo 'a && b'")
    assert [(s.text, s.words, s.substitutions) for s in found] == [
        ("docker stop $(docker ps -q)", ["docker", "stop", "$(docker ps -q)"], ["docker ps -q"]),
        ("echo 'a && b'", ["echo", "a && b"], []),
    ]


def test_unicode_digits_are_not_positional_parameters() -> None:
    """``$²`` is a literal dollar then ``²`` (as in bash), never an int() failure."""
    from pathlib import Path

    from dockersim.session import Session
    from dockersim.shell import Shell

    shell = Shell(Session(seed=1, cwd=Path.cwd()), Path.cwd())
    assert shell.run("echo $² ${1}x").stdout == "$² x\n"


@pytest.mark.parametrize(
    ("script", "stdout"),
    [
        ("echo $((1 + 2 * 3))", "7\n"),
        ("i=5; echo $((i - 7)) $(( $i / 2 )) $((-7 / 2)) $((-7 % 3))", "-2 2 -3 -1\n"),
        ("echo $((3 > 2 && 1 == 1)) $((!0))", "1 1\n"),
        ("n=0; while [ $n -lt 3 ]; do n=$((n + 1)); done; echo $n", "3\n"),
        ("echo ~ ~/x '~'", "/root /root/x ~\n"),
    ],
)
def test_arithmetic_and_tilde(script: str, stdout: str) -> None:
    """``$((…))`` truncates toward zero as bash does; ``~`` is ``$HOME`` only unquoted at a word's start."""
    from pathlib import Path

    from dockersim.session import Session
    from dockersim.shell import Shell

    shell = Shell(Session(seed=1, cwd=Path.cwd()), Path.cwd(), {"HOME": "/root"})
    assert shell.run(script).stdout == stdout


def test_arithmetic_errors_are_bash_like() -> None:
    """Division by zero and junk are expansion errors (status 1), never exceptions."""
    from pathlib import Path

    from dockersim.session import Session
    from dockersim.shell import Shell

    shell = Shell(Session(seed=1, cwd=Path.cwd()), Path.cwd())
    zero = shell.run("echo $((1 / 0))")
    assert zero.exit_code == 1 and "division by 0" in zero.stderr
    assert shell.run("echo $((2 ** 3)) $((2 ** 64)) $((7 ** 99999999999))").stdout.split()[:2] == ["8", "0"]
    assert shell.run("echo $((__import__('os')))").exit_code == 1
