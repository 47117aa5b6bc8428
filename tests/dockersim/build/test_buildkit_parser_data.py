"""BuildKit's parser test files, judged as ``TestParseCases`` / ``TestParseErrorCases`` judge them."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildkit_data import case_dirs
from dockersim.build.instructions import parse_dockerfile
from dockersim.build.parser import MAX_LINE, DockerfileError, dump_ast, go_quote, parse


@pytest.mark.parametrize("folder", case_dirs("testfiles"))
def test_dump_matches_result(folder: Path) -> None:
    """Parsing each test file gives BuildKit's ``AST.Dump()`` plus a newline, byte for byte."""
    text = (folder / "Dockerfile").read_bytes().decode("utf-8")
    assert dump_ast(parse(text)) + "\n" == (folder / "result").read_bytes().decode("utf-8")


@pytest.mark.parametrize("folder", case_dirs("testfiles-negative"))
def test_parser_rejects(folder: Path) -> None:
    """The parser itself (not a later stage) rejects each negative file."""
    with pytest.raises(DockerfileError):
        parse((folder / "Dockerfile").read_bytes().decode("utf-8"))


def test_escaped_escape_token_is_not_a_continuation() -> None:
    """``a\\\\`` at the end of a line is an escaped backslash; the next line is its own instruction."""
    assert dump_ast(parse("FROM a\nENV C x\\\\\nENV D y\n")).splitlines()[1:] == [
        '(env "C" "x\\\\\\\\" "")',
        '(env "D" "y" "")',
    ]
    assert len(parse("FROM a\nRUN a \\\n\\\nb\n").nodes) == 2


def test_line_size_limit() -> None:
    """A line of 65,535 bytes parses; one byte more is BuildKit's scanner error."""
    assert len(parse("FROM a\nRUN " + "x" * (MAX_LINE - 4) + "\n").nodes) == 2
    with pytest.raises(DockerfileError, match=r"^dockerfile line greater than max allowed size of 65535$"):
        parse("FROM a\nRUN " + "é" * (MAX_LINE // 2) + "\n")


@pytest.mark.parametrize("text", ["", "\n\n", "# only\n#comments\n"])
def test_no_instructions(text: str) -> None:
    """The parser rejects a file without instructions; the frontend says so in BuildKit's words."""
    with pytest.raises(DockerfileError, match=r"^file with no instructions$"):
        parse(text)
    with pytest.raises(DockerfileError, match=r"^(file with no instructions|the Dockerfile cannot be empty)$"):
        parse_dockerfile(text)


def test_go_quote() -> None:
    """strconv.Quote: Go escapes, \\x for other controls, printable Unicode kept."""
    assert go_quote('a"b\\\x00\t\u2028é☃') == '"a\\"b\\\\\\x00\\t\\u2028é☃"'
