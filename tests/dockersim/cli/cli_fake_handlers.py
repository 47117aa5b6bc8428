"""Handlers used by the dispatcher tests (importable because pytest puts this folder on sys.path)."""

from __future__ import annotations

from typing import Any

from dockersim.context import CommandContext, EngineError, SimulatorError

CALLS: list[tuple[Any, list[str]]] = []


def run_ok(ctx: CommandContext, opts: Any, args: list[str]) -> int:
    """Record the call and print the parsed values."""
    CALLS.append((opts, args))
    ctx.out.write(f"ok {sorted(k for k in opts if opts.changed(k))} {args}\n")
    return 0


def run_engine_error(ctx: CommandContext, opts: Any, args: list[str]) -> int:
    """Fail like dockerd would."""
    raise EngineError("No such container: web")


def run_client_error(ctx: CommandContext, opts: Any, args: list[str]) -> int:
    """Fail like the client would, with exit code 3."""
    raise SimulatorError("Error: something client-side", 3)


def run_crash(ctx: CommandContext, opts: Any, args: list[str]) -> int:
    """A handler bug."""
    raise KeyError("boom\nsecond line")
