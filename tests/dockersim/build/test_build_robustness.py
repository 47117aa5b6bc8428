"""No Dockerfile text makes the frontend raise anything but DockerfileError, or take long."""

from __future__ import annotations

import contextlib

import pytest
from dockersim.build.builder import build
from dockersim.build.context import from_files
from dockersim.build.instructions import parse_dockerfile
from dockersim.build.lint import lint_text
from dockersim.build.parser import DockerfileError
from dockersim.engine.engine import Engine
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.dockersim.cpu_budget import cpu_seconds

WORDS = st.sampled_from([
    "FROM", "from", "RUN", "COPY", "ADD", "ENV", "ARG", "LABEL", "CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD",
    "SHELL", "WORKDIR", "USER", "EXPOSE", "VOLUME", "STOPSIGNAL", "MAINTAINER", "AS", "--from=a", "--chown=1",
    "--mount=type=cache,target=/x", "alpine:3.19", "scratch", "NONE", "CMD", "[", "]", '"', "'", "\\", "`", "<<EOF",
    "<<-EOT", "EOF", "EOT", "$A", "${A:-x}", "${", "}", "#", "# escape=`", "# syntax=x", "=", "a=b", "\n", "\n", " ",
    "\t", "\x00", "é", "\u2028", "\ufeff", "\r\n", ".", "/app", "&&", "apt-get", "install", "-y", "npm", "ci",
])  # fmt: skip


def _check(text: str) -> None:
    with contextlib.suppress(DockerfileError):
        parse_dockerfile(text)
    lint_text(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_token_soup_never_raises(text: str) -> None:
    """Random instruction-shaped text parses or gives a DockerfileError; lint never raises."""
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_never_raises(text: str) -> None:
    """Arbitrary unicode (NUL, surrogates excluded by encoding, BOMs, line separators) never escapes as a crash."""
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_builds_never_raise(text: str) -> None:
    """A whole build of random text returns a result (ok or error), never an exception."""
    result = build(Engine(seed=3), from_files({"a": "x"}), "FROM alpine:3.19\n" + text)
    assert result.ok or result.error


def test_ten_thousand_lines_parse_quickly() -> None:
    """A 10,000-line Dockerfile parses and lints in bounded time (a guard against quadratic blow-ups, not a
    benchmark: the machine running the suite may be shared, so the bound is loose)."""
    text = "FROM alpine:3.19\n" + "".join(f"RUN echo {i} && \\\n    true\nENV V{i}=x\n" for i in range(3400))
    with cpu_seconds() as spent:
        dockerfile = parse_dockerfile(text)
        lint_text(text)
    assert len(dockerfile.stages[0].instructions) == 6800
    assert spent() < 30


def test_megabyte_line_and_nul_bytes() -> None:
    """A 1 MB line is BuildKit's size error; NUL bytes parse; pathological JSON and substitutions stay bounded."""
    with cpu_seconds() as spent:
        with pytest.raises(DockerfileError, match="line greater than max allowed size of 65535"):
            parse_dockerfile("FROM alpine:3.19\nRUN echo " + "a" * 1_000_000 + "\n")
        big = parse_dockerfile("FROM alpine:3.19\nRUN echo " + "a" * 65_000 + "\n")
        parse_dockerfile("FROM alpine:3.19\nRUN echo \x00 \x00\n")
        deep = parse_dockerfile("FROM alpine:3.19\nCMD " + "[" * 60_000 + "\n")
        lint_text("FROM alpine:3.19\nCOPY " + "${A:-" * 13_000 + " /x\n")
    assert len(big.stages[0].instructions[0].original) > 65_000
    assert deep.stages[0].instructions[0].json is False
    assert spent() < 10
