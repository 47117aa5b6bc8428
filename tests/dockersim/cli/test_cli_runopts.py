"""run/create option validation → ContainerSpec."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.cli import Prepared, parse_cli
from dockersim.cli.runopts import ClientError, container_spec, validate_platform
from dockersim.context import CommandContext, EngineError
from dockersim.runspec import MountSpec, PortBinding, RestartPolicy


def _prepare(argv: list[str], cwd: Path) -> Prepared:
    ctx = CommandContext(engine=None, cwd=cwd, env={"HOME": "/root", "FROM_HOST": "yes"})  # type: ignore[arg-type]
    res = parse_cli(argv, ctx)
    assert isinstance(res, Prepared), ctx.err.getvalue()
    return res


def test_full_run_spec(tmp_path: Path) -> None:
    """Every commonly used run flag lands in the ContainerSpec field the engine reads."""
    (tmp_path / ".env").write_text("A=1\n# c\nFROM_HOST\n")
    p = _prepare(
        [
            "run",
            "-d",
            "--rm",
            "-it",
            "--name",
            "web",
            "-p",
            "8080:80",
            "-P",
            "-e",
            "B=2",
            "--env-file",
            ".env",
            "-v",
            "data:/data",
            "-v",
            "./src:/app:ro",
            "--mount",
            "type=tmpfs,target=/t",
            "--network",
            "net1",
            "--network-alias",
            "w",
            "-l",
            "k=v",
            "-w",
            "/app",
            "-u",
            "1000",
            "--entrypoint",
            "",
            "-h",
            "box",
            "-m",
            "512m",
            "--cpus",
            "1.5",
            "--read-only",
            "--health-cmd",
            "true",
            "--health-interval",
            "10s",
            "nginx:1.27",
            "sh",
            "-c",
            "echo hi",
        ],
        tmp_path,
    )
    spec = container_spec(p.opts, p.args)
    assert spec.image == "nginx:1.27" and spec.command == ["sh", "-c", "echo hi"]
    assert (spec.name, spec.detach, spec.auto_remove, spec.interactive, spec.tty) == ("web", True, True, True, True)
    assert spec.ports == [PortBinding(80, host_port="8080")] and spec.publish_all
    assert spec.env == ["A=1", "FROM_HOST=yes", "B=2"]
    assert spec.mounts == [
        MountSpec("volume", "/data", "data"),
        MountSpec("bind", "/app", str(tmp_path / "src"), True),
        MountSpec("tmpfs", "/t"),
    ]
    assert (spec.network, spec.network_aliases, spec.labels) == ("net1", ["w"], {"k": "v"})
    assert (spec.workdir, spec.user, spec.entrypoint, spec.hostname) == ("/app", "1000", [], "box")
    assert (spec.memory, spec.cpus, spec.read_only) == (512 * 1024 * 1024, 1.5, True)
    assert spec.healthcheck and spec.healthcheck["test"] == ["CMD-SHELL", "true"] and spec.healthcheck["interval"] == 10
    assert spec.restart == RestartPolicy()
    assert spec.extra["pull"] == "missing"


def test_defaults(tmp_path: Path) -> None:
    """A bare 'run nginx' gives an attached, unnamed container with no entrypoint override."""
    p = _prepare(["run", "nginx"], tmp_path)
    spec = container_spec(p.opts, p.args)
    assert spec.entrypoint is None and spec.detach is False and spec.healthcheck is None and spec.command == []


def test_daemon_side_volume_error_is_engine_error(tmp_path: Path) -> None:
    """'-v a::b' passes the client but the engine-side spec build raises EngineError."""
    p = _prepare(["run", "-v", "a::b", "nginx"], tmp_path)
    with pytest.raises(EngineError, match="invalid volume specification: 'a::b'"):
        container_spec(p.opts, p.args)


def test_create_reference_error_is_bare(tmp_path: Path) -> None:
    """create reports a bad image reference without the docker: prefix, exit 1 (as the real client)."""
    ctx = CommandContext(engine=None, cwd=tmp_path, env={})  # type: ignore[arg-type]
    assert parse_cli(["create", "NGINX"], ctx) == 1
    assert ctx.err.getvalue() == "invalid reference format: repository name (library/NGINX) must be lowercase\n"


def test_restart_and_health_conflicts(tmp_path: Path) -> None:
    """Client-side conflicts raise ClientError with the docker: prefix and the help hint."""
    p = _prepare(["run", "nginx"], tmp_path)
    opts = p.opts
    opts._values.update({"rm": True, "restart": "always"})
    with pytest.raises(ClientError) as info:
        container_spec(opts, ["nginx"])
    assert info.value.exit_code == 125
    assert info.value.message.endswith("\n\nRun 'docker run --help' for more information")


def test_platform_validation() -> None:
    """containerd-style platform strings."""
    validate_platform("linux/amd64")
    validate_platform("linux/arm64/v8")
    validate_platform("linux")
    with pytest.raises(ValueError, match='"foo": unknown operating system or architecture'):
        validate_platform("foo")


def test_tty_check_only_when_stdin_is_not_a_terminal(tmp_path: Path) -> None:
    """'run -it' plays a terminal by default; with DOCKERSIM_STDIN_TTY=0 it fails like docker without one."""
    ctx = CommandContext(engine=None, cwd=tmp_path, env={})  # type: ignore[arg-type]
    assert isinstance(parse_cli(["run", "-it", "ubuntu"], ctx), Prepared)
    ctx = CommandContext(engine=None, cwd=tmp_path, env={"DOCKERSIM_STDIN_TTY": "0"})  # type: ignore[arg-type]
    assert parse_cli(["run", "-it", "ubuntu"], ctx) == 1
    assert ctx.err.getvalue() == "the input device is not a TTY\n"
    ctx = CommandContext(engine=None, cwd=tmp_path, env={"DOCKERSIM_STDIN_TTY": "0"})  # type: ignore[arg-type]
    assert isinstance(parse_cli(["run", "-itd", "ubuntu"], ctx), Prepared)
