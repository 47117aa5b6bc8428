"""Property tests: no input makes the CLI raise, print a traceback or run unbounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.cli import run_cli
from dockersim.cli.explain import explain
from dockersim.context import CommandContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.dockersim.cpu_budget import cpu_seconds

WORDS = [
    "run",
    "ps",
    "-d",
    "-it",
    "-p",
    "8080:80",
    "--rm",
    "--name",
    "-e",
    "A=1",
    "--",
    "-",
    "",
    "nginx",
    "container",
    "volume",
    "network",
    "compose",
    "--help",
    "-h",
    "-m",
    "1g",
    "--cpus",
    "x",
    "=",
    "--=",
    "-é",
    "\x00",
    "build",
    ".",
    "-t",
    "NGINX",
    "exec",
    "--mount",
    "type=bind",
    "images",
    "help",
    "-v",
]
ARG = st.one_of(st.sampled_from(WORDS), st.text(max_size=40))


CRASH_SIGNS = ("internal error", "Traceback (most recent call last)")


def _run(argv: list[str], engine: object = "real") -> tuple[str, int]:
    """Run ``argv`` on a fresh engine (or the one given); assert the properties every run must have."""
    from dockersim.engine import Engine

    real = Engine(seed=1) if engine == "real" else engine
    ctx = CommandContext(engine=real, cwd=Path("/nonexistent"), env={"HOME": "/root"})  # type: ignore[arg-type]
    with cpu_seconds() as spent:
        code = run_cli(argv, ctx)
    assert spent() < 5
    out, err = ctx.out.getvalue(), ctx.err.getvalue()
    assert not any(sign in out + err for sign in CRASH_SIGNS), (argv, err[-300:])
    assert isinstance(code, int) and 0 <= code <= 255
    return err, code


def test_the_property_fails_without_an_engine() -> None:
    """The check above is not vacuous: with no engine, a command that reaches it is an internal error."""
    with pytest.raises(AssertionError, match="internal error"):
        _run(["ps"], engine=None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARG, max_size=12))
def test_random_argv_never_raises(argv: list[str]) -> None:
    """Any argv gives an exit code and docker's own answer: never an exception, a traceback or an internal error."""
    _run(argv)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=50, alphabet=st.characters(codec="utf-8")), st.integers(1_000, 20_000))
def test_huge_single_argument(chunk: str, repeat: int) -> None:
    """A very long argument (any code points, NUL included, up to 1 MB) is handled in bounded time."""
    text = chunk * repeat
    _run(["run", "-e", text, "nginx"])
    _run(["run", text])
    _run([text])
    _run(["-" + text])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_explain_never_raises(line: str) -> None:
    """explain() returns data for any text."""
    data = explain("docker " + line)
    assert isinstance(data, dict) and "ok" in data
