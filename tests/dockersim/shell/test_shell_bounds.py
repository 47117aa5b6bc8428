"""Hostile scripts end in bounded time and memory: output, commands per line, loops, nested shells."""

from __future__ import annotations

from pathlib import Path

from dockersim.session import Session
from dockersim.shell import Shell
from dockersim.shell.interpreter import MAX_OUTPUT_CHARS, MAX_STEPS


def _shell(tmp_path: Path) -> Shell:
    return Shell(Session(seed=3, cwd=tmp_path), tmp_path)


def test_output_is_bounded_and_says_so(tmp_path: Path) -> None:
    """A loop printing megabytes stops at the bound with one note."""
    result = _shell(tmp_path).run('x=$(seq 1 100000); for i in $(seq 1 5000); do echo "$x"; done')
    assert len(result.stdout) == MAX_OUTPUT_CHARS
    assert result.stderr.endswith(f"dockersim: output stopped after {MAX_OUTPUT_CHARS} characters\n")


def test_nested_loops_stop_at_the_step_budget(tmp_path: Path) -> None:
    """Loops inside loops (and inside sh -c) share one budget of commands per line."""
    result = _shell(tmp_path).run("for a in $(seq 1 1000); do for b in $(seq 1 1000); do :; done; done; echo after")
    assert result.exit_code == 1 and f"stopped after {MAX_STEPS} commands" in result.stderr
    assert "after" not in result.stdout
    nested = _shell(tmp_path).run("while true; do sh -c 'while true; do :; done'; done")
    assert nested.stderr.count("stopped after") == 1


def test_the_next_line_has_a_fresh_budget(tmp_path: Path) -> None:
    """The budget is per line: after a stopped line the shell works as before."""
    shell = _shell(tmp_path)
    shell.run("while true; do :; done")
    assert shell.run("echo ok").stdout == "ok\n"
