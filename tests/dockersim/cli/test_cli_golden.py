"""Golden outputs that need no docker binary: error texts and help texts (update with DOCKERSIM_UPDATE_GOLDEN=1)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from cli_oracle_support import SIM_ENV
from dockersim.cli import all_specs, run_cli
from dockersim.context import CommandContext

GOLDEN = Path(__file__).parent / "golden" / "help"
UPDATE = os.environ.get("DOCKERSIM_UPDATE_GOLDEN") == "1"

USAGE_RUN = (
    "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n"
)
USAGE_PS = "\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n"
USAGE_ROOT = "\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n"
HINT_RUN = "\n\nRun 'docker run --help' for more information\n"

#: (command line, expected stderr, exit code) — verified against docker 28.2.2.
ERRORS = [
    ("run --bogus nginx", "unknown flag: --bogus" + USAGE_RUN, 125),
    ("run -Z nginx", "unknown shorthand flag: 'Z' in -Z" + USAGE_RUN, 125),
    ("run -dx nginx", "unknown shorthand flag: 'x' in -x" + USAGE_RUN, 125),
    ("run -é nginx", "unknown shorthand flag: 'Ã' in -é" + USAGE_RUN, 125),
    ("run --name", "flag needs an argument: --name" + USAGE_RUN, 125),
    ("run -p", "flag needs an argument: 'p' in -p" + USAGE_RUN, 125),
    ("run -dp", "flag needs an argument: 'p' in -p" + USAGE_RUN, 125),
    ("run --=x nginx", "bad flag syntax: --=x" + USAGE_RUN, 125),
    ("run ---rm nginx", "bad flag syntax: ---rm" + USAGE_RUN, 125),
    ("run -m abc nginx", 'invalid argument "abc" for "-m, --memory" flag: invalid size: \'abc\'' + USAGE_RUN, 125),
    ("run -my-image", 'invalid argument "y-image" for "-m, --memory" flag: invalid size: \'y-image\'' + USAGE_RUN, 125),
    ("run -m 512x nginx", 'invalid argument "512x" for "-m, --memory" flag: invalid suffix: \'x\'' + USAGE_RUN, 125),
    (
        "run --cpus abc nginx",
        'invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number' + USAGE_RUN,
        125,
    ),
    (
        "run --rm=maybe nginx",
        'invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax' + USAGE_RUN,
        125,
    ),
    (
        "run --health-interval 5 nginx",
        'invalid argument "5" for "--health-interval" flag: time: missing unit in duration "5"' + USAGE_RUN,
        125,
    ),
    (
        "ps -na",
        'invalid argument "a" for "-n, --last" flag: strconv.ParseInt: parsing "a": invalid syntax' + USAGE_PS,
        125,
    ),
    ("ps -D", "unknown shorthand flag: 'D' in -D" + USAGE_PS, 125),
    ("--bogus", "unknown flag: --bogus" + USAGE_ROOT, 125),
    ("compose up -d", None, None),
    ("run -pit 80", "docker: invalid containerPort: it" + HINT_RUN, 125),
    ("run -p 99999:80 nginx", "docker: invalid hostPort: 99999" + HINT_RUN, 125),
    ("run -- -d nginx", "docker: invalid reference format" + HINT_RUN, 125),
    (
        "run --restart always --rm nginx",
        "docker: conflicting options: cannot specify both --restart and --rm" + HINT_RUN,
        125,
    ),
    ("run -a stdin -d nginx", "conflicting options: cannot specify both --attach and --detach\n", 1),
    (
        "ps x",
        "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\n"
        "Run 'docker ps --help' for more information\n",
        1,
    ),
    (
        "run",
        "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]"
        "\n\nSee 'docker run --help' for more information\n",
        1,
    ),
    (
        "images a b",
        "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] "
        "[REPOSITORY[:TAG]]\n\nSRun 'docker images --help' for more information\n",
        1,
    ),
    (
        "port",
        "docker: 'docker port' requires at least 1 and at most 2 arguments\n\nUsage:  docker port CONTAINER "
        "[PRIVATE_PORT[/PROTO]]\n\nRun 'docker port --help' for more information\n",
        1,
    ),
    (
        "container ps x",
        "docker: 'docker container ls' accepts no arguments\n\nUsage:  docker container ls [OPTIONS]\n\n"
        "Run 'docker container ls --help' for more information\n",
        1,
    ),
    ("foo", "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n", 1),
    (
        "volume lss",
        "docker: unknown command: docker volume lss\n\nUsage:  docker volume COMMAND\n\n"
        "Run 'docker volume --help' for more information\n",
        1,
    ),
    ("pull NGINX", "invalid reference format: repository name (library/NGINX) must be lowercase\n", 1),
    (
        "tag nginx NGINX",
        'Error parsing reference: "NGINX" is not a valid repository/tag: invalid reference format: '
        "repository name (library/NGINX) must be lowercase\n",
        1,
    ),
    ("-l bogus ps", "Unable to parse logging level: bogus\n", 1),
    ("help bogus", "unknown help topic: bogus\n", 1),
]


def _run(line: str) -> tuple[str, str, int]:
    ctx = CommandContext(engine=None, cwd=Path("/nonexistent"), env=dict(SIM_ENV))  # type: ignore[arg-type]
    code = run_cli(shlex.split(line), ctx)
    return ctx.out.getvalue(), ctx.err.getvalue(), code


@pytest.mark.parametrize(("line", "stderr", "code"), [e for e in ERRORS if e[1] is not None])
def test_error_golden(line: str, stderr: str, code: int) -> None:
    """Parse and client-validation errors print docker's exact text on stderr with docker's exit code."""
    out, err, got = _run(line)
    assert (err, got, out) == (stderr, code, "")


def test_root_flag_error_wins_for_unknown_plugin() -> None:
    """'docker compose up -d' without a compose subtree is a root flag error; with it, it parses."""
    from dockersim.cli import find_spec

    _, err, code = _run("compose up -d")
    if find_spec("compose up") is None:
        assert (err, code) == ("unknown shorthand flag: 'd' in -d" + USAGE_ROOT, 125)
    else:
        assert "unknown shorthand" not in err


def _help_cases() -> list[tuple[str, Path]]:
    cases = []
    for spec in all_specs():
        if spec.hidden or spec.path.startswith("compose"):
            continue
        for path in (spec.path, *spec.aliases):
            cases.append((path, GOLDEN / (path.replace(" ", "_") + ".txt")))
    for group in ("", "container", "image", "volume", "network", "system", "builder"):
        cases.append((group, GOLDEN / ((group or "docker") + ".txt")))
    return sorted(set(cases))


@pytest.mark.parametrize(("path", "golden"), _help_cases(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_help_golden(path: str, golden: Path) -> None:
    """'docker <cmd> --help' prints the real help text (stdout, exit 0), generated from the spec table."""
    out, err, code = _run(f"{path} --help")
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert golden.exists(), f"missing golden {golden.name}: run with DOCKERSIM_UPDATE_GOLDEN=1 and read the diff"
    assert (out, err, code) == (golden.read_text(encoding="utf-8"), "", 0)


def test_dash_h_prints_deprecation_then_help() -> None:
    """'docker ps -h' prints pflag's deprecation notice on stdout right before the help."""
    out, err, code = _run("ps -h")
    assert out == "Flag shorthand -h has been deprecated, use --help\n" + (GOLDEN / "ps.txt").read_text()
    assert (err, code) == ("", 0)


def test_group_without_subcommand_prints_help_on_stderr() -> None:
    """'docker volume' prints the group's help on stderr and exits 0."""
    out, err, code = _run("volume")
    assert (out, err, code) == ("", (GOLDEN / "volume.txt").read_text(), 0)


def test_root_help_uses_home_for_config_defaults() -> None:
    """Global option defaults in 'docker --help' follow the config directory (DOCKER_CONFIG or ~/.docker)."""
    ctx = CommandContext(engine=None, cwd=Path("/"), env={"DOCKER_CONFIG": "/cfg"})  # type: ignore[arg-type]
    assert run_cli(["--help"], ctx) == 0
    assert '(default "/cfg")' in ctx.out.getvalue()
    assert '"/cfg/ca.pem"' in ctx.out.getvalue()
