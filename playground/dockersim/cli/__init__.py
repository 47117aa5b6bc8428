"""Cobra/pflag-faithful parsing of docker command lines and the dispatcher to handlers.

Public API::

    from dockersim.cli import run_cli, Options, CommandSpec, FlagSpec, Arity, register_subtree
    code = run_cli(["run", "-d", "-p", "8080:80", "nginx"], ctx)      # argv without "docker"
    code = run_cli(["up", "-d"], ctx, prog="docker-compose")           # same as docker compose up -d
    res = parse_cli(argv, ctx)     # Prepared(node, spec, opts, args), or the exit code after docker's output

Handlers (``dockersim.commands.<group>:run_<sub>``) receive ``(ctx, opts: Options, args)``;
``dockersim.cli.runopts.container_spec(opts, args)`` turns run/create options into a
``ContainerSpec``; ``dockersim.cli.values`` holds the reusable value parsers (ports, mounts,
``-v``, restart policies, env files, image references). ``dockersim.cli.explain.explain(line)``
breaks a line into explained parts. Module map: ``pflag`` (flag syntax and typed values),
``spec``/``specs``/``registry`` (the command table and tree), ``dispatch`` (docker's processing
order), ``clientchecks``/``runopts`` (client-side validation), ``help``, ``main`` (console script).

Environment read from ``ctx.env``: ``HOME``/``DOCKER_CONFIG`` (help defaults) and
``DOCKERSIM_STDIN_TTY=0`` (stdin is not a terminal: ``run -it`` fails as docker does; the
simulator otherwise plays a terminal), ``DOCKERSIM_STDOUT_TTY=0``/``DOCKERSIM_STDERR_TTY=0`` (that
output stream is not a terminal: pull progress prints every event, not the final frame; see
``dockersim.context.is_terminal``). The console command sets all three from ``isatty()``.

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

from collections.abc import Callable
from typing import TypeVar

from dockersim.cli.dispatch import Prepared, dispatch, format_engine_error, prepare, resolve_handler
from dockersim.cli.registry import all_specs, find_spec, get_tree, register_subtree
from dockersim.cli.spec import Arity, CommandSpec, FlagSpec, GlobalOptions, Options
from dockersim.context import CommandContext, EngineError, SimulatorError

_T = TypeVar("_T")

__all__ = [
    "Arity",
    "CommandSpec",
    "FlagSpec",
    "GlobalOptions",
    "Options",
    "Prepared",
    "all_specs",
    "find_spec",
    "get_tree",
    "parse_cli",
    "register_subtree",
    "resolve_handler",
    "run_cli",
]


def _command_of(args: list[str]) -> str:
    node = get_tree()
    for word in args:
        nxt = node.find(word)
        if nxt is None:
            break
        node = nxt
    return node.spec.path if node.spec is not None else ""


def _guarded(args: list[str], ctx: CommandContext, step: Callable[[list[str], CommandContext], _T]) -> _T | int:
    try:
        return step(args, ctx)
    except SimulatorError as exc:
        try:
            command = _command_of(args)
        except Exception:
            command = ""
        code = exc.exit_code
        before = getattr(exc, "stdout", "")
        if isinstance(before, str) and before:
            ctx.out.write(before)
        if isinstance(exc, EngineError) and command in ("container run", "container create") and code == 1:
            code = 125
        ctx.err.write(format_engine_error(exc, command).rstrip("\n") + "\n")
        return code
    except RecursionError:
        ctx.err.write("dockersim: internal error: recursion too deep\n")
        return 1
    except OSError as exc:  # a host file the command reached: Go's words ("open /x: file name too long")
        reason = exc.strerror or str(exc)
        reason = reason[:1].lower() + reason[1:]
        ctx.err.write(f"open {exc.filename}: {reason}\n" if exc.filename else f"{reason}\n")
        return 1
    except ValueError as exc:
        if "null byte" not in str(exc):
            ctx.err.write(f"dockersim: internal error: ValueError: {str(exc).replace(chr(10), ' ')[:300]}\n")
            return 1
        ctx.err.write("invalid argument: a file name holds a NUL byte\n")  # Go's open gives EINVAL
        return 1
    except Exception as exc:
        text = str(exc).replace("\n", " ")[:300]
        ctx.err.write(f"dockersim: internal error: {type(exc).__name__}: {text}\n")
        return 1


def _normalise(argv: list[str], prog: str) -> list[str]:
    args = [a if isinstance(a, str) else str(a) for a in argv]
    if prog.rsplit("/", 1)[-1] == "docker-compose":
        args = ["compose", *args]
    return args


def run_cli(argv: list[str], ctx: CommandContext, prog: str = "docker") -> int:
    """Parse and run one docker command line; everything goes to ``ctx.out``/``ctx.err``; returns the exit code.

    Never raises: engine errors are printed as the docker client prints them, anything unexpected
    as a one-line ``dockersim: internal error: …``.
    """
    return int(_guarded(_normalise(argv, prog), ctx, dispatch))


def parse_cli(argv: list[str], ctx: CommandContext, prog: str = "docker") -> Prepared | int:
    """Parse and client-validate without running the handler.

    Returns :class:`Prepared` (node, spec, typed ``opts``, positionals) when docker would go on to
    contact the daemon, else the exit code after writing docker's output (help, errors) to ``ctx``.
    """
    return _guarded(_normalise(argv, prog), ctx, prepare)
