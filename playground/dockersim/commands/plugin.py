"""``docker plugin`` on an engine with no managed plugins installed (the playground has no plugin store)."""

from __future__ import annotations

from dockersim.cli import clientchecks
from dockersim.cli.spec import Options
from dockersim.cli.unit import command, declare
from dockersim.commands._common import write_listing
from dockersim.context import CommandContext, EngineError, SimulatorError
from dockersim.engine.reference import familiar


def _full(name: str) -> str:
    """A plugin reference as the daemon names it (``vieux/sshfs`` → ``vieux/sshfs:latest``)."""
    return familiar(name)


@command("plugin ls")
def run_plugin_ls(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``plugin ls``: no plugin is installed."""
    header = {"ID": "ID", "Name": "NAME", "Description": "DESCRIPTION", "Enabled": "ENABLED"}
    write_listing(ctx, opts, [], header, "table {{.ID}}\t{{.Name}}\t{{.Description}}\t{{.Enabled}}", quiet_field="ID")
    return 0


def _missing(name: str) -> EngineError:
    return EngineError(f'plugin "{_full(name)}" not found')


@command("plugin inspect")
def run_plugin_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``plugin inspect``: none exists."""
    ctx.out.write("[]\n")
    raise SimulatorError("\n".join(f"Error: No such plugin: {name}" for name in args))


@command("plugin rm")
def run_plugin_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``plugin rm``: each missing plugin is reported."""
    raise SimulatorError("\n".join(f"Error response from daemon: {_missing(n).message}" for n in args))


@command("plugin enable")
def run_plugin_enable(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``plugin enable``."""
    raise _missing(args[0])


declare(run_plugin_enable, "plugin disable", "plugin set", "plugin push")


@command("plugin upgrade")
def run_plugin_upgrade(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``plugin upgrade``."""
    raise _missing(args[0])


@command("plugin install")
def run_plugin_install(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``plugin install``: the playground's registry holds no plugin images."""
    repo = familiar(args[0]).rsplit(":", 1)[0]
    raise EngineError(
        f"pull access denied for {repo}, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied"
    )


@command("plugin create", check=clientchecks.plugin_create)
def run_plugin_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``plugin create NAME DIR``: the client checks the directory first."""
    from pathlib import Path

    path = Path(ctx.cwd) / args[1]
    if not path.is_dir():
        raise SimulatorError(f"lstat {path}: no such file or directory")
    if not (path / "config.json").is_file():
        raise SimulatorError(f"open {path / 'config.json'}: no such file or directory")
    raise SimulatorError(f"stat {path / 'rootfs'}: no such file or directory")
