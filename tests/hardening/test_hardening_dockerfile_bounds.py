"""Hostile Dockerfiles on the command line: millions of lines, tens of thousands of comments, a file that
cannot be read. Each ends at once with BuildKit-shaped words, never minutes of work or an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.build import command as build_command
from dockersim.build.parser import MAX_INSTRUCTIONS, DockerfileError, parse
from dockersim.cli.main import main

CRASH = ("internal error", "Traceback")


def _build(tmp_path: Path, text: str, *extra: str) -> tuple[str, str, int]:
    (tmp_path / "Dockerfile").write_text(text)
    out, err, code = main(["build", "-q", *extra, str(tmp_path)], env={"HOME": str(tmp_path)}, cwd=tmp_path)
    assert not any(sign in out + err for sign in CRASH), err
    return out, err, code


@pytest.mark.timeout(30)
def test_many_comment_lines_parse_in_linear_time() -> None:
    """Each comment line copied the comments before it: 200,000 lines took minutes."""
    result = parse("# a comment\n" * 200_000 + "FROM alpine\n")
    assert [node.keyword for node in result.nodes] == ["from"]


@pytest.mark.timeout(30)
def test_a_dockerfile_of_millions_of_instructions_ends_in_a_parse_error(tmp_path: Path) -> None:
    """1,000,000 RUN lines ran for most of an hour (every step planned, cached and shown); the bound stops the parse."""
    _, err, code = _build(tmp_path, "FROM alpine\n" + "RUN echo hi\n" * 1_000_000)
    assert code == 1
    line = MAX_INSTRUCTIONS + 1
    assert err.endswith(
        f"dockerfile parse error on line {line}: more than {MAX_INSTRUCTIONS} instructions"
        " (the simulator bounds a Dockerfile)\n"
    ), err[-300:]
    with pytest.raises(DockerfileError):
        parse("FROM alpine\n" + "ENV A=1\n" * MAX_INSTRUCTIONS)
    assert len(parse("FROM alpine\n" + "ENV A=1\n" * (MAX_INSTRUCTIONS - 1)).nodes) == MAX_INSTRUCTIONS


def test_a_dockerfile_over_the_byte_bound_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_command, "MAX_DOCKERFILE_BYTES", 1000)
    _, err, code = _build(tmp_path, "FROM alpine\n" + "# pad\n" * 400)
    assert (code, err) == (
        1,
        "ERROR: failed to build: failed to solve: failed to read dockerfile: Dockerfile is larger than 1000 bytes"
        " (the simulator bounds a Dockerfile)\n",
    )


def test_a_dockerfile_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    """/proc/self/mem is a regular file whose read fails: the OS's words, not a bare 'input/output error'."""
    _, err, code = _build(tmp_path, "FROM alpine\n", "-f", "/proc/self/mem")
    assert (code, err) == (
        1,
        "ERROR: failed to build: failed to solve: failed to read dockerfile: read /proc/self/mem: input/output error\n",
    )
