"""The swarm family (``swarm``, ``node``, ``service``, ``stack``, ``secret``, ``config``) on the playground's
single engine, which is not a swarm manager: every command answers as docker 28 does there.

The client-side steps docker takes first stay (reading a secret's file, checking a scale specifier, loading
a stack's Compose file); then the daemon refuses with its "not a swarm manager" error.
"""

from __future__ import annotations

from pathlib import Path

from dockersim.cli import clientchecks
from dockersim.cli.spec import Options
from dockersim.cli.unit import command, declare
from dockersim.context import CommandContext, EngineError, SimulatorError

NOT_MANAGER = (
    'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to '
    "swarm and try again."
)
NOT_IN_SWARM = "This node is not part of a swarm"


def not_manager(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """The daemon's answer to every swarm-manager API call on this engine."""
    raise EngineError(NOT_MANAGER)


# Every manager-only command: the daemon refuses it.
declare(
    not_manager,
    *("node demote", "node inspect", "node ls", "node promote", "node ps", "node rm", "node update"),
    *("service inspect", "service logs", "service ls", "service ps", "service rm"),
    *("secret inspect", "secret ls", "secret rm", "config inspect", "config ls", "config rm"),
    *("stack ls", "stack ps", "stack rm", "stack services", "swarm ca"),
)
#: the service commands' value checks while parsing (docker/cli's opts types)
_SERVICE_VALIDATORS = {"dns": "ip", "dns-add": "ip", "generic-resource": "generic-resource"}
command("service create", validators=_SERVICE_VALIDATORS)(not_manager)
command("service update", validators=_SERVICE_VALIDATORS)(not_manager)
command("service rollback", check=clientchecks.service_names)(not_manager)


@command("swarm update")
def run_swarm_update(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``swarm update``: without a setting the client prints its help; with one, the daemon refuses."""
    from dockersim.cli.dispatch import node_help
    from dockersim.cli.registry import get_tree

    if not any(opts.changed(f.key) for f in opts.spec.flags) if opts.spec else True:
        node = get_tree().find("swarm")
        update = node.find("update") if node else None
        if update is not None:
            ctx.out.write(node_help(update, dict(ctx.env)))
            return 0
    raise EngineError(NOT_MANAGER)


@command("swarm init", check=clientchecks.availability)
def run_swarm_init(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``swarm init``: the playground's engine stays a single, non-swarm engine (said plainly)."""
    raise SimulatorError(
        "dockersim: the playground runs one engine outside swarm mode, so 'docker swarm init' does not turn it into "
        "a manager; swarm commands answer as on an engine that is not a swarm manager"
    )


@command("swarm join", check=clientchecks.availability)
def run_swarm_join(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``swarm join HOST:PORT``: no other engine exists for this one to reach."""
    raise SimulatorError(
        f"dockersim: the playground has no swarm manager at {args[0]} to join: it runs a single engine outside "
        "swarm mode"
    )


@command("swarm join-token", check=clientchecks.join_token)
def run_swarm_join_token(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``swarm join-token worker|manager``: the role was checked client-side; the daemon refuses."""
    raise EngineError(NOT_MANAGER)


@command("swarm leave")
def run_swarm_leave(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``swarm leave``: this node is in no swarm."""
    raise EngineError(NOT_IN_SWARM, 1)


@command("swarm unlock")
def run_swarm_unlock(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``swarm unlock``: the client reads the swarm state first."""
    raise SimulatorError("Error: This node is not part of a swarm")


@command("swarm unlock-key")
def run_swarm_unlock_key(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``swarm unlock-key``: the key cannot be fetched from a non-manager."""
    raise SimulatorError(f"could not fetch unlock key: Error response from daemon: {NOT_MANAGER}")


@command("secret create", check=clientchecks.secret_create)
def run_secret_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``secret create NAME [FILE|-]``: the client read the file (``cli/clientchecks``); the daemon refuses."""
    raise EngineError(NOT_MANAGER)


@command("config create", check=clientchecks.config_create)
def run_config_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``config create NAME FILE|-``: the client read the file; the daemon refuses."""
    raise EngineError(NOT_MANAGER)


@command("service scale", check=clientchecks.service_scale)
def run_service_scale(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``service scale SERVICE=REPLICAS…``: the specifiers were checked client-side; the daemon refuses."""
    raise EngineError(NOT_MANAGER)


@command("stack deploy", check=clientchecks.compose_file)
def run_stack_deploy(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``stack deploy -c FILE STACK``: the Compose files were read; then the client checks for a manager."""
    raise SimulatorError(
        'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to '
        "swarm and try again"
    )


def _read_compose(ctx: CommandContext, name: str) -> str:
    if name == "-":
        return ctx.stdin
    path = Path(name) if Path(name).is_absolute() else Path(ctx.cwd) / name
    from dockersim.hostfile import read_text

    try:
        return read_text(path)  # never waits on a FIFO, never reads /dev/zero for ever
    except OSError:
        raise SimulatorError(f"open {name}: no such file or directory") from None


@command("stack config", check=clientchecks.compose_file)
def run_stack_config(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``stack config -c FILE``: client-side; prints the file as the loader reads it."""
    for name in opts.compose_file or []:
        ctx.out.write(_read_compose(ctx, name))
    return 0
