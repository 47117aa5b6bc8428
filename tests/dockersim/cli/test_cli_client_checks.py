"""Client-side checks docker runs before it reaches a daemon (verified against docker 28.2.2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.session import Session

PARSE_ERROR = "template parsing error: template: :1: unclosed action\n"
CIDR = "invalid CIDR block notation\n"
MASKED = "it should be 10.0.0.0/24\n"
SUBNET = "Error response from daemon: invalid network config:\ninvalid subnet "


def _run(tmp_path: Path, *argv: str) -> tuple[str, str, int]:
    res = Session(seed=1, cwd=tmp_path, env={"HOME": "/root"}).run(list(argv))
    return res.stdout, res.stderr, res.exit_code


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["ps", "--format", "{{.Bogus}}"],
            (
                "",
                'failed to execute template: template: :1:2: executing "" at <.Bogus>: can\'t evaluate field Bogus '
                "in type *formatter.ContainerContext\n",
                1,
            ),
        ),
        (["ps", "--format", "{{"], ("", "failed to parse template: template: :1: unclosed action\n", 1)),
        (["inspect", "--format", "{{", "nope"], ("", PARSE_ERROR, 64)),
        (["container", "inspect", "-f", "{{", "x"], ("", PARSE_ERROR, 64)),
        (["network", "create", "--subnet=10.0.0.1", "n"], ("", SUBNET + "10.0.0.1: " + CIDR, 1)),
        (["network", "create", "--subnet=10.0.0.1/24", "n"], ("", SUBNET + "10.0.0.1/24: " + MASKED, 1)),
        (["commit", "web", "--help"], ("", "invalid reference format\n", 1)),
        (["events", "--since", "x"], ("", 'failed to parse value as time or duration: "x"\n', 1)),
        (["swarm", "join-token", "x"], ("", "unknown role x\n", 1)),
    ],
)
def test_checks_before_the_daemon(tmp_path: Path, argv: list[str], expected: tuple[str, str, int]) -> None:
    """Templates are parsed (and ps's run on an empty row) before any lookup; bad subnets fail, no traceback."""
    assert _run(tmp_path, *argv) == expected


def test_env_file_errors_name_the_file(tmp_path: Path) -> None:
    """docker 28 wraps env-file problems as 'invalid env file (NAME): …'; a missing file is Go's open error."""
    (tmp_path / "bad.env").write_text("A B=1\n")
    (tmp_path / "dir").mkdir()
    hint = "\n\nRun 'docker run --help' for more information\n"
    assert _run(tmp_path, "run", "--env-file", "bad.env", "alpine")[1:] == (
        "docker: invalid env file (bad.env): variable 'A B' contains whitespaces" + hint,
        125,
    )
    assert _run(tmp_path, "run", "--env-file", "dir", "alpine")[1] == (
        "docker: invalid env file (dir): read dir: is a directory" + hint
    )
    assert _run(tmp_path, "run", "--env-file", "nofile", "alpine")[1] == (
        "docker: open nofile: no such file or directory" + hint
    )


def test_build_with_a_huge_path_is_not_found(tmp_path: Path) -> None:
    """A 5,000-character context path is 'not found', never an OSError."""
    _out, err, code = _run(tmp_path, "build", "a" * 5000)
    assert code == 1 and err.startswith('ERROR: unable to prepare context: path "aaaa') and "internal" not in err


def test_help_topics_of_every_command(tmp_path: Path) -> None:
    """'docker help swarm join' and other deep topics print that command's help."""
    out, _err, code = _run(tmp_path, "help", "swarm", "join-token")
    assert code == 0 and out.startswith("Usage:  docker swarm join-token [OPTIONS] (worker|manager)\n")
    out, _, code = _run(tmp_path, "help", "trust", "key", "generate")
    assert code == 0 and out.startswith("Usage:  docker trust key generate NAME")
