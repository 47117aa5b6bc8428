"""BuildKit's instructions-stage cases (``instructions/parse_test.go``, ``parse_heredoc_test.go``) as one-liners."""

from __future__ import annotations

import pytest
from dockersim.build.instructions import CommandInstr, CopyInstr, HealthcheckInstr, instruction_from_node, suggest
from dockersim.build.parser import DockerfileError, parse


def _first(text: str) -> object:
    return instruction_from_node(parse(text).nodes[0])


def _error(text: str) -> str:
    with pytest.raises(DockerfileError) as info:
        _first(text)
    return info.value.detail


@pytest.mark.parametrize("cmd", ["MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL"])
def test_exactly_one_argument(cmd: str) -> None:
    """TestCommandsExactlyOneArgument."""
    assert _error(cmd) == f"{cmd} requires exactly one argument"


@pytest.mark.parametrize("cmd", ["ENV", "LABEL", "ONBUILD", "HEALTHCHECK", "EXPOSE", "VOLUME"])
def test_at_least_one_argument(cmd: str) -> None:
    """TestCommandsAtLeastOneArgument."""
    assert _error(cmd) == f"{cmd} requires at least one argument"


@pytest.mark.parametrize("cmd", ["ADD", "COPY"])
def test_no_destination(cmd: str) -> None:
    """TestCommandsNoDestinationArgument."""
    assert _error(f"{cmd} arg1").startswith(f"{cmd} requires at least two arguments, but only one was provided.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("COPY\t\n\t\tquux \\\n      bar", "COPY requires at least two arguments"),
        ("ONBUILD FROM scratch", "FROM isn't allowed as an ONBUILD trigger"),
        ("MAINTAINER --boo joe@example.com", "unknown flag: --boo"),
        ("ONBUILD ONBUILD RUN touch foobar", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        ("FOO bar", "unknown instruction: FOO"),
        ("foo bar", "unknown instruction: foo"),
        ("COPY /foo <<EOF\nEOF", "COPY cannot accept a heredoc as a destination"),
        ("ADD /foo <<-'EOF'\nEOF", "ADD cannot accept a heredoc as a destination"),
        ("COPY --form=a b /c", "unknown flag: --form (did you mean --from?)"),
        ("runn echo", "unknown instruction: runn (did you mean run?)"),
        ("RUNN echo", "unknown instruction: RUNN (did you mean RUN?)"),
        ("Runn echo", "unknown instruction: Runn (did you mean run?)"),
    ],
)
def test_error_cases(text: str, message: str) -> None:
    """TestErrorCases and TestErrorCasesHeredoc, plus BuildKit's suggestion wording."""
    assert message in _error(text)


def test_healthcheck_cmd_shell_form() -> None:
    """TestHealthCheckCmd: a shell-form command becomes ``CMD-SHELL``."""
    instr = _first("HEALTHCHECK CMD hello world")
    assert isinstance(instr, HealthcheckInstr) and instr.test == ["CMD-SHELL", "hello world"]


@pytest.mark.parametrize(
    ("text", "sources", "heredocs"),
    [
        ("COPY /foo /bar", ["/foo"], []),
        ("COPY <<EOF /bar\nEOF", ["<<EOF"], [("EOF", "", True)]),
        ("COPY <<EOF /bar\nTESTING\nEOF", ["<<EOF"], [("EOF", "TESTING\n", True)]),
        ("COPY <<-EOF /bar\n\tTESTING\nEOF", ["<<-EOF"], [("EOF", "TESTING\n", True)]),
        ("COPY <<'EOF' /bar\nTESTING\nEOF", ["<<'EOF'"], [("EOF", "TESTING\n", False)]),
        (
            "COPY <<EOF1 <<EOF2 /bar\nthis is the first file\nEOF1\nthis is the second file\nEOF2",
            ["<<EOF1", "<<EOF2"],
            [("EOF1", "this is the first file\n", True), ("EOF2", "this is the second file\n", True)],
        ),
        ("COPY <<EOF foo.txt /bar\nthis is inline\nEOF", ["<<EOF", "foo.txt"], [("EOF", "this is inline\n", True)]),
        ('COPY <<EOF /quotes\n"quotes"\nEOF', ["<<EOF"], [("EOF", '"quotes"\n', True)]),
        ('COPY <<"E"OF /x\nb\nEOF', ['<<"E"OF'], [("EOF", "b\n", False)]),
    ],
)
def test_copy_heredoc(text: str, sources: list[str], heredocs: list[tuple[str, str, bool]]) -> None:
    """TestCopyHeredoc: sources, heredoc names, bodies (chomped for ``<<-``) and expansion."""
    instr = _first(text)
    assert isinstance(instr, CopyInstr) and instr.dest in ("/bar", "/quotes", "/x")
    assert instr.sources == sources
    assert [(h.name, h.content, h.expand) for h in instr.heredocs] == heredocs


@pytest.mark.parametrize(
    ("text", "args", "json", "files"),
    [
        ('RUN ["ls", "/"]', ["ls", "/"], True, []),
        ('RUN ["<<EOF"]', ["<<EOF"], True, []),
        ("RUN ls /", ["ls /"], False, []),
        ("RUN <<EOF\nls /\nwhoami\nEOF", ["<<EOF"], False, [("EOF", "ls /\nwhoami\n")]),
        (
            'RUN <<\'EOF\' | python\nprint("hello")\nprint("world")\nEOF',
            ["<<'EOF' | python"],
            False,
            [("EOF", 'print("hello")\nprint("world")\n')],
        ),
        ("RUN <<-EOF\n\techo test\nEOF", ["<<-EOF"], False, [("EOF", "echo test\n")]),
    ],
)
def test_run_heredoc(text: str, args: list[str], json: bool, files: list[tuple[str, str]]) -> None:
    """TestRunHeredoc: command line, shell or exec form, and the inline files."""
    instr = _first(text)
    assert isinstance(instr, CommandInstr)
    assert (instr.args, instr.json, [(h.name, h.content) for h in instr.heredocs]) == (args, json, files)


def test_suggest_is_buildkits() -> None:
    """An exact match gives no hint; ties keep the first option; case follows what was written."""
    assert suggest("run", ["run", "rum"], case_sensitive=False) == ""
    assert suggest("--chwon", ["--chown", "--chmod"]) == "--chown"
    assert suggest("XYZZY", ["run"], case_sensitive=False) == ""
