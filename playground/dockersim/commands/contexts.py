"""``docker context``: the client's connection contexts. The playground has one engine, so one context exists:
``default`` (client-side commands answer as docker does; creating another context is refused plainly)."""

from __future__ import annotations

import re
from typing import Any

from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.commands._common import write_listing
from dockersim.context import CommandContext, SimulatorError
from dockersim.formatting.template import Ctx

NAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$")
DEFAULT_HOST = "unix:///var/run/docker.sock"
WARNING = (
    "Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the "
    "global --context flag, or unset DOCKER_HOST environment variable.\n"
)


def _host(ctx: CommandContext) -> str:
    return ctx.env.get("DOCKER_HOST") or DEFAULT_HOST


def _warn(ctx: CommandContext) -> None:
    if ctx.env.get("DOCKER_HOST"):
        ctx.err.write(WARNING)


def _check_name(name: str) -> None:
    if not NAME_RE.match(name):
        raise SimulatorError(
            f'context name "{name}" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"'
        )


def _missing(name: str) -> SimulatorError:
    import hashlib

    digest = hashlib.sha256(name.encode()).hexdigest()
    return SimulatorError(
        f'context "{name}": context not found: open /root/.docker/contexts/meta/{digest}/meta.json: '
        "no such file or directory"
    )


@command("context ls")
def run_context_ls(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context ls``: the default context, marked current."""
    row = Ctx(
        "*context.ClientContext",
        {
            "Name": "default *" if not opts.format else "default",
            "Current": True,
            "Description": "Current DOCKER_HOST based configuration",
            "DockerEndpoint": _host(ctx),
            "Error": "",
        },
    )
    header = {"Name": "NAME", "Description": "DESCRIPTION", "DockerEndpoint": "DOCKER ENDPOINT", "Error": "ERROR"}
    fmt = "table {{.Name}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}"
    if opts.quiet and not opts.format:
        ctx.out.write("default\n")
    else:
        write_listing(ctx, opts, [row], header, fmt, quiet_field="Name")
    _warn(ctx)
    return 0


@command("context show")
def run_context_show(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context show``."""
    ctx.out.write("default\n")
    return 0


def _default_json(ctx: CommandContext) -> dict[str, Any]:
    return {
        "Name": "default",
        "Metadata": {},
        "Endpoints": {"docker": {"Host": _host(ctx), "SkipTLSVerify": False}},
        "TLSMaterial": {},
        "Storage": {"MetadataPath": "<IN MEMORY>", "TLSPath": "<IN MEMORY>"},
    }


@command("context inspect")
def run_context_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context inspect [NAME…]`` (the current one when none is named)."""
    from dockersim.commands._common import emit_inspect
    from dockersim.formatting.inspect import dumps

    names = args or ["default"]
    found = [_default_json(ctx) for n in names if n == "default"]
    errors = [_missing(n).message for n in names if n != "default"]
    fmt = str(opts.format or "")
    if fmt and found:
        emit_inspect(ctx, fmt, found)
    elif fmt:
        ctx.out.write("\n")
    elif not fmt:  # Go's encoder escapes < and > (the in-memory storage paths)
        ctx.out.write(dumps(found).replace("<", "\\u003c").replace(">", "\\u003e") + "\n")
    if errors:
        raise SimulatorError("\n".join(errors))
    return 0


@command("context use")
def run_context_use(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context use NAME``."""
    name = args[0]
    if name != "default":
        _check_name(name)
        raise _missing(name)
    ctx.out.write('default\nCurrent context is now "default"\n')
    _warn(ctx)
    return 0


@command("context rm")
def run_context_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context rm``: the default context cannot go; others do not exist (``--force`` ignores that)."""
    errors = []
    for name in args:
        if name == "default":
            errors.append('context "default" cannot be removed')
        elif opts.force:
            ctx.out.write(name + "\n")
        else:
            errors.append(f'context "{name}" does not exist')
    if errors:
        raise SimulatorError("\n".join(errors))
    return 0


@command("context create")
def run_context_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context create NAME``: names are checked as docker does; the playground keeps its single engine."""
    _check_name(args[0])
    if args[0] == "default":
        raise SimulatorError('"default" is a reserved context name')
    raise SimulatorError(
        f"dockersim: the playground connects to one engine only, so no context '{args[0]}' is created "
        "(docker context ls shows the default one)"
    )


@command("context update")
def run_context_update(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context update NAME``."""
    _check_name(args[0])
    if args[0] == "default":
        raise SimulatorError('context "default" cannot be updated')
    raise _missing(args[0])


@command("context export")
def run_context_export(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context export NAME [FILE]``: the default context is in memory, not exportable."""
    if not args[0]:
        raise SimulatorError("context name cannot be empty")
    _check_name(args[0])
    if args[0] != "default":
        raise _missing(args[0])
    raise SimulatorError('context "default" cannot be exported')


@command("context import")
def run_context_import(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``context import NAME FILE``."""
    _check_name(args[0])
    if args[0] == "default":
        raise SimulatorError('"default" is a reserved context name')
    raise SimulatorError(f"open {args[1]}: no such file or directory")
