"""Helpers shared by the handlers: filters, ``--format`` output, prompts, option access."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from typing import Any

from dockersim.context import CommandContext, EngineError, SimulatorError
from dockersim.formatting.inspect import dumps
from dockersim.formatting.table import tabwrite
from dockersim.formatting.template import Ctx, Template, TemplateError, prepare_format, render_rows
from dockersim.formatting.units import human_size


def opt(opts: Mapping[str, Any], name: str, default: Any = None) -> Any:
    """``opts[name]`` with a default (works with the CLI's Options and a plain dict)."""
    try:
        value = opts[name]
    except KeyError:
        return default
    return default if value is None else value


def changed(opts: Mapping[str, Any], name: str) -> bool:
    """``opts.changed(name)`` when available, else whether the key is present and truthy."""
    check = getattr(opts, "changed", None)
    if callable(check):
        return bool(check(name))
    return bool(opts.get(name))


def parse_filters(opts: Mapping[str, Any], allowed: set[str], flag: str = "filter") -> dict[str, list[str]]:
    """``--filter key=value`` (repeatable) into a dict; unknown keys fail as the daemon says."""
    out: dict[str, list[str]] = {}
    for item in opt(opts, flag, []) or []:
        key, sep, value = str(item).partition("=")
        key = key.strip().lower()
        if not sep:
            raise SimulatorError(f"bad format of filter (expected name=value): {item}")
        if key not in allowed:
            raise EngineError(f"invalid filter '{key}'")
        out.setdefault(key, []).append(value)
    return out


def glob_match(pattern: str, value: str) -> bool:
    """Go's ``path.Match`` as docker uses it for reference filters."""
    return fnmatch.fnmatchcase(value, pattern)


def label_match(labels: dict[str, str], wanted: list[str]) -> bool:
    """``label=key`` / ``label=key=value`` (all must match)."""
    for w in wanted:
        key, sep, value = w.partition("=")
        if key not in labels or (sep and labels[key] != value):
            return False
    return True


def write_list(ctx: CommandContext, fmt: str, default: str, rows: list[Ctx], header: dict[str, str]) -> None:
    """Print list output: the default table, a ``--format`` template, ``table …`` or ``json``."""
    chosen = fmt or default
    try:
        ctx.out.write(render_rows(chosen, rows, header))
    except TemplateError as exc:
        raise SimulatorError(exc.message) from None


def write_listing(
    ctx: CommandContext,
    opts: Mapping[str, Any],
    rows: list[Ctx],
    header: dict[str, str],
    default: str,
    *,
    quiet_field: str,
) -> None:
    """An ``ls`` command's output: ``-q`` prints ``quiet_field`` per row (``--format`` wins over it)."""
    fmt = opt(opts, "format", "") or ""
    if opt(opts, "quiet") and not fmt:
        ctx.out.write("".join(r.get(quiet_field) + "\n" for r in rows))
        return
    write_list(ctx, fmt, default, rows, header)


def render_one(ctx: CommandContext, fmt: str, value: Any) -> None:
    """``--format`` for a single object (inspect, version, info): parse errors exit 64 like docker."""
    _, body = prepare_format(fmt)
    try:
        tmpl = Template(body)
    except TemplateError as exc:
        raise SimulatorError(f"template parsing error: {exc.message}", 64) from None
    try:
        ctx.out.write(tmpl.execute(value) + "\n")
    except TemplateError as exc:
        raise SimulatorError(exc.message) from None


def confirm(ctx: CommandContext, warning: str, proceed: Callable[[CommandContext], int]) -> int:
    """docker's prune prompt: ``warning``, then ``Are you sure you want to continue? [y/N] ``; ``proceed(ctx)``
    runs on ``y``/``Y``. At a terminal the command waits for the reader's answer (:mod:`dockersim.live.confirm`);
    otherwise the piped input's first line answers (none: no, status 0)."""
    from dockersim.live.confirm import CONTINUE, ask

    return ask(ctx, f"{warning}\n{CONTINUE}", proceed)


def prune_confirmed(
    ctx: CommandContext, opts: Mapping[str, Any], warning: str, proceed: Callable[[CommandContext], int]
) -> int:
    """A prune: ``--force`` goes straight to ``proceed(ctx)``, else after a yes at docker's prompt."""
    return proceed(ctx) if opt(opts, "force") else confirm(ctx, warning, proceed)


def write_deleted(ctx: CommandContext, heading: str, items: list[str]) -> None:
    """A prune's ``Deleted Images:`` block (one item a line, then a blank line); nothing when empty."""
    if items:
        ctx.out.write(f"{heading}:\n" + "".join(item + "\n" for item in items) + "\n")


def write_reclaimed(ctx: CommandContext, size: int) -> None:
    """The ``Total reclaimed space:`` line that ends a prune."""
    ctx.out.write(f"Total reclaimed space: {human_size(size)}\n")


def run_prune_with_all(
    ctx: CommandContext,
    opts: Mapping[str, Any],
    *,
    warning: str,
    warning_all: str,
    heading: str,
    prune: Callable[[Any, bool], tuple[list[str], int]],
) -> int:
    """``image prune`` / ``volume prune``: ``-a`` widens what goes; prompt, ``prune(engine, all)``, report."""
    engine = ctx.engine
    engine.tick()
    every = bool(opt(opts, "all"))

    def proceed(ctx: CommandContext) -> int:
        removed, reclaimed = prune(ctx.engine, every)
        write_deleted(ctx, heading, removed)
        write_reclaimed(ctx, reclaimed)
        return 0

    return prune_confirmed(ctx, opts, warning_all if every else warning, proceed)


def table(rows: list[list[str]]) -> str:
    """Tab-join rows and align them like docker's tabwriter."""
    return tabwrite("".join("\t".join(r) + "\n" for r in rows))


def daemon_error(ctx: CommandContext, exc: SimulatorError) -> None:
    """Print one per-item error the way the client does."""
    prefix = "Error response from daemon: " if isinstance(exc, EngineError) and exc.from_daemon else ""
    ctx.err.write(f"{prefix}{exc.message}\n")


def echo_each(
    ctx: CommandContext,
    args: list[str],
    action: Callable[[str], object],
    *,
    forgive: Callable[[SimulatorError], bool] | None = None,
) -> list[str]:
    """Apply ``action`` to each argument as rm/stop/kill do: echo the argument when it succeeds, print
    the error and go on when it fails. Returns the failed arguments (``forgive``-n errors are printed
    but not counted)."""
    failed: list[str] = []
    for name in args:
        try:
            action(name)
        except SimulatorError as exc:
            daemon_error(ctx, exc)
            if forgive is None or not forgive(exc):
                failed.append(name)
            continue
        ctx.out.write(name + "\n")
    return failed


def emit_inspect(ctx: CommandContext, fmt: str, items: list[dict[str, Any]]) -> None:
    """Print inspect results as JSON or through a template per item."""
    if fmt:
        if fmt == "json":
            ctx.out.write(dumps(items) + "\n")
            return
        for item in items:
            render_one(ctx, fmt, item)
        return
    ctx.out.write(dumps(items) + "\n")


def inspect_each(
    ctx: CommandContext, opts: Mapping[str, Any], args: list[str], lookup: Callable[[str], dict[str, Any]]
) -> int:
    """``… inspect NAME…``: JSON (or ``--format``) for the objects found; each lookup error is printed as
    the client prints daemon errors and makes the exit status 1."""
    found: list[dict[str, Any]] = []
    code = 0
    for name in args:
        try:
            found.append(lookup(name))
        except SimulatorError as exc:
            daemon_error(ctx, exc)
            code = 1
    emit_inspect(ctx, opt(opts, "format", "") or "", found)
    return code


def bool_filter(value: str) -> bool:
    """``true``/``1`` and ``false``/``0`` as docker's filters accept them."""
    lowered = value.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise EngineError(f"Invalid filter value '{value}'")
