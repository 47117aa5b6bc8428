"""Helpers shared by the handlers: filters, ``--format`` output, prompts, option access."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from dockersim.context import CommandContext, EngineError, SimulatorError
from dockersim.formatting.table import tabwrite
from dockersim.formatting.template import Ctx, Template, TemplateError, prepare_format, render_rows


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


def write_list(
    ctx: CommandContext, fmt: str, default: str, rows: list[Ctx], header: dict[str, str], quiet_field: str = ""
) -> None:
    """Print list output: the default table, a ``--format`` template, ``table …`` or ``json``."""
    chosen = fmt or default
    try:
        ctx.out.write(render_rows(chosen, rows, header))
    except TemplateError as exc:
        raise SimulatorError(exc.message) from None


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


def confirm(ctx: CommandContext, warning: str) -> bool:
    """docker's prune prompt on stdout (no newline); only ``y``/``Y`` on stdin confirms (EOF = no)."""
    ctx.out.write(f"{warning}\nAre you sure you want to continue? [y/N] ")
    answer = ctx.stdin.splitlines()[0].strip() if ctx.stdin.strip() else ""
    return answer.lower() == "y"


def table(rows: list[list[str]]) -> str:
    """Tab-join rows and align them like docker's tabwriter."""
    return tabwrite("".join("\t".join(r) + "\n" for r in rows))


def daemon_error(ctx: CommandContext, exc: SimulatorError) -> None:
    """Print one per-item error the way the client does."""
    prefix = "Error response from daemon: " if isinstance(exc, EngineError) and exc.from_daemon else ""
    ctx.err.write(f"{prefix}{exc.message}\n")


def bool_filter(value: str) -> bool:
    """``true``/``1`` and ``false``/``0`` as docker's filters accept them."""
    lowered = value.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise EngineError(f"Invalid filter value '{value}'")
