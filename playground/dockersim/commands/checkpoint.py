"""``docker checkpoint``: an experimental daemon feature the playground's engine (like docker 28's default
daemon) does not enable, so the client refuses every subcommand as docker does."""

from __future__ import annotations

from dockersim.cli.spec import Options
from dockersim.cli.unit import declare
from dockersim.context import CommandContext, SimulatorError


def not_experimental(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """The client's check against a daemon without experimental features."""
    raise SimulatorError(f"{opts.command_path} is only supported on a Docker daemon with experimental features enabled")


declare(not_experimental, "checkpoint create", "checkpoint ls", "checkpoint rm")
