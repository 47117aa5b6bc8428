"""The dispatcher: handler resolution, not-modelled answers, error printing, subtree registration, bounds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cli_fake_handlers
import pytest
from dockersim.cli import Arity, CommandSpec, FlagSpec, Options, find_spec, register_subtree, run_cli
from dockersim.cli.registry import unregister_subtree
from dockersim.context import CommandContext


def _ctx() -> CommandContext:
    return CommandContext(engine=None, cwd=Path("/nonexistent"), env={"HOME": "/root"})  # type: ignore[arg-type]


def _run(argv: list[str], prog: str = "docker") -> tuple[str, str, int]:
    ctx = _ctx()
    code = run_cli(argv, ctx, prog=prog)
    return ctx.out.getvalue(), ctx.err.getvalue(), code


@pytest.fixture
def fake_tree() -> Iterator[None]:
    """Mount a 'fake' subtree whose handlers live in cli_fake_handlers."""
    mod = "cli_fake_handlers"
    specs = [
        CommandSpec("fake", short="Fake group", persistent=(FlagSpec("file", "f", "stringArray", help="File"),)),
        CommandSpec(
            "fake ok",
            use="[OPTIONS] [X...]",
            short="ok",
            handler=f"{mod}:run_ok",
            flags=(FlagSpec("detach", "d", help="Detach"), FlagSpec("scale", type="list", help="Scale")),
        ),
        CommandSpec("fake engine", handler=f"{mod}:run_engine_error", arity=Arity.none()),
        CommandSpec("fake client", handler=f"{mod}:run_client_error"),
        CommandSpec("fake crash", handler=f"{mod}:run_crash"),
        CommandSpec("fake missing-mod", handler="dockersim.no_such_module:run_x"),
        CommandSpec("fake missing-fn", handler=f"{mod}:run_nope"),
    ]
    register_subtree("fake", specs)
    cli_fake_handlers.CALLS.clear()
    yield
    unregister_subtree("fake")


def test_handler_receives_typed_options_and_args(fake_tree: None) -> None:
    """A registered subtree dispatches with group (persistent) and own flags parsed into Options."""
    _out, err, code = _run(["fake", "-f", "a.yml", "ok", "-d", "x", "--scale", "web=3", "y"])
    assert (err, code) == ("", 0)
    opts, args = cli_fake_handlers.CALLS[-1]
    assert isinstance(opts, Options)
    assert opts["file"] == ["a.yml"] and opts.detach is True and opts["scale"] == ["web=3"]
    assert opts.changed("detach") and not opts.changed("help")
    assert args == ["x", "y"]
    assert opts.command_path == "docker fake ok"


def test_missing_handler_is_not_modelled(fake_tree: None) -> None:
    """A spec whose module or function does not exist answers 'not modelled', exit 1, never success."""
    tail = " is not modelled by the simulator\n"
    assert _run(["fake", "missing-mod"]) == ("", "dockersim: 'docker fake missing-mod'" + tail, 1)
    assert _run(["fake", "missing-fn"]) == ("", "dockersim: 'docker fake missing-fn'" + tail, 1)


def test_engine_error_printed_as_daemon_error(fake_tree: None) -> None:
    """EngineError → 'Error response from daemon: …' on stderr with its exit code."""
    assert _run(["fake", "engine"]) == ("", "Error response from daemon: No such container: web\n", 1)


def test_simulator_error_printed_verbatim(fake_tree: None) -> None:
    """A non-daemon SimulatorError is printed as is with its exit code."""
    assert _run(["fake", "client"]) == ("", "Error: something client-side\n", 3)


def test_unexpected_exception_is_one_line(fake_tree: None) -> None:
    """A handler bug becomes one 'dockersim: internal error' line, never a traceback."""
    _out, err, code = _run(["fake", "crash"])
    assert code == 1 and err.startswith("dockersim: internal error: KeyError:") and err.count("\n") == 1


def test_arity_checked_before_handler(fake_tree: None) -> None:
    """Arity errors use the typed path and stop before the handler."""
    _out, err, code = _run(["fake", "engine", "x"])
    assert code == 1 and err.startswith("docker: 'docker fake engine' accepts no arguments")


def test_docker_compose_prog_uses_the_same_subtree() -> None:
    """'docker-compose <sub>' dispatches to the 'compose' subtree exactly as 'docker compose <sub>'."""
    if find_spec("compose up") is None:
        pytest.skip("compose specs not registered yet")
    assert _run(["up", "--bogus"], prog="docker-compose") == _run(["compose", "up", "--bogus"])


def test_listed_commands_are_never_unmodelled() -> None:
    """Every command docker lists parses as docker does (``attach`` needs exactly one argument)."""
    _out, err, code = _run(["attach"])
    assert code == 1 and err.startswith("docker: 'docker attach' requires 1 argument") and "not modelled" not in err


def test_version_and_help_command() -> None:
    """'--version' prints the client version; 'help run' prints run's help."""
    assert _run(["--version"]) == ("Docker version 28.2.2, build e6534b4\n", "", 0)
    out, _err, code = _run(["help", "run"])
    assert code == 0 and out.startswith("Usage:  docker run [OPTIONS] IMAGE")


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "x" * 1_000_000],
        ["run", "-e", "A=" + "\x00" * 1000, "nginx"],
        ["\x00", "\x00"],
        ["ps", "--format", "é" * 10000],
        ["run", *(["-e", "A=1"] * 50_000), "nginx"],
        ["ps", *(["-a"] * 100_000)],
        ["-" + "d" * 100_000],
        ["run", "-" + "i" * 100_000, "nginx"],
        [""] * 100_000,
    ],
)
def test_bounded_inputs_never_raise(argv: list[str]) -> None:
    """Huge arguments, NUL bytes, unicode and 100k arguments on a real engine: docker's answer, never an
    exception, a traceback or an internal error (with no engine, ``["ps", "-a", …]`` fails this test)."""
    from dockersim.engine import Engine

    ctx = CommandContext(engine=Engine(seed=1), cwd=Path("/nonexistent"), env={"HOME": "/root"})
    code = run_cli(argv, ctx)
    err = ctx.err.getvalue()
    assert isinstance(code, int)
    assert "Traceback" not in err and "internal error" not in err, err[-300:]


def test_options_from_spec_defaults() -> None:
    """Options.from_spec fills docker's defaults (ps --last -1, run --pull missing, build --rm true)."""
    ps, run, build = find_spec("ps"), find_spec("run"), find_spec("build")
    assert ps and run and build
    assert Options.from_spec(ps)["last"] == -1
    assert Options.from_spec(run)["pull"] == "missing"
    assert Options.from_spec(run)["publish"] == []
    assert Options.from_spec(build)["rm"] is True
    assert Options.from_spec(build, {"tag": ["a"]}).changed("tag")
