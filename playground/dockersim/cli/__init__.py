"""Cobra/pflag-faithful parsing of docker command lines and the dispatcher to handlers.

Public API::

    from dockersim.cli import run_cli, Options, CommandSpec, FlagSpec, Arity, register_subtree
    code = run_cli(["run", "-d", "-p", "8080:80", "nginx"], ctx)      # argv without "docker"
    code = run_cli(["up", "-d"], ctx, prog="docker-compose")           # same as docker compose up -d

Handlers (``dockersim.commands.<group>:run_<sub>``) receive ``(ctx, opts: Options, args)``;
``dockersim.cli.runopts.container_spec(opts, args)`` turns run/create options into a
``ContainerSpec``; ``dockersim.cli.values`` holds the reusable value parsers (ports, mounts,
``-v``, restart policies, env files, image references).

Registering the compose subtree: ``dockersim.compose.specs`` may define ``COMPOSE_SPECS`` (a
sequence of :class:`CommandSpec` with paths ``"compose up"``, ``"compose down"`` …, handlers
``"dockersim.compose.commands:run_up"`` …) and optionally ``COMPOSE_GROUP`` (a ``CommandSpec`` with
path ``"compose"`` whose ``persistent`` flags — ``-f``, ``-p``, ``--profile`` … — every subcommand
inherits, and whose ``short`` describes the group). The tree loads that module lazily the first
time it is built; any other package can call ``register_subtree("compose", specs, group)``
explicitly instead. ``docker-compose <sub>`` (``prog="docker-compose"``) dispatches to the same
subtree.
"""

from __future__ import annotations

from dockersim.cli.dispatch import format_engine_error, resolve_handler
from dockersim.cli.registry import all_specs, find_spec, get_tree, register_subtree
from dockersim.cli.spec import Arity, CommandSpec, FlagSpec, GlobalOptions, Options
from dockersim.context import CommandContext, EngineError, SimulatorError

__all__ = [
    "Arity",
    "CommandSpec",
    "FlagSpec",
    "GlobalOptions",
    "Options",
    "all_specs",
    "find_spec",
    "get_tree",
    "register_subtree",
    "resolve_handler",
    "run_cli",
]


def run_cli(argv: list[str], ctx: CommandContext, prog: str = "docker") -> int:
    """Parse and run one docker command line; everything goes to ``ctx.out``/``ctx.err``; returns the exit code.

    Never raises: engine errors are printed as the docker client prints them, anything unexpected
    as a one-line ``dockersim: internal error: …``.
    """
    from dockersim.cli.dispatch import dispatch

    args = [a if isinstance(a, str) else str(a) for a in argv]
    if prog.endswith("docker-compose"):
        args = ["compose", *args]
    command = ""
    try:
        from dockersim.cli.registry import get_tree as _tree

        node = _tree()
        for word in args:
            nxt = node.find(word)
            if nxt is None:
                break
            node = nxt
        command = node.spec.path if node.spec is not None else ""
    except Exception:
        command = ""
    try:
        return dispatch(args, ctx)
    except SimulatorError as exc:
        code = exc.exit_code
        if isinstance(exc, EngineError) and command in ("container run", "container create") and code == 1:
            code = 125
        ctx.err.write(format_engine_error(exc, command).rstrip("\n") + "\n")
        return code
    except RecursionError:
        ctx.err.write("dockersim: internal error: recursion too deep\n")
        return 1
    except Exception as exc:
        text = str(exc).replace("\n", " ")[:300]
        ctx.err.write(f"dockersim: internal error: {type(exc).__name__}: {text}\n")
        return 1
