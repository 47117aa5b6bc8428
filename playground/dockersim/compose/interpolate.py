"""Variable interpolation as compose-go's ``template`` package does it, and ``.env`` file reading."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from dockersim.context import SimulatorError

_NAME_RE = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
_BRACED_RE = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*(?:(:?[-?+])|$)")
_MAX_NESTING = 20


class InterpolationError(SimulatorError):
    """A value compose cannot interpolate; the message is compose-go's."""


class _InvalidTemplateError(Exception):
    """Internal: the template text compose would call invalid."""

    def __init__(self, template: str) -> None:
        super().__init__(template)
        self.template = template


class _MissingValueError(Exception):
    """Internal: ``${VAR:?msg}`` with VAR unset."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name)
        self.name = name
        self.reason = reason


def substitute(
    template: str, lookup: Callable[[str], str | None], on_unset: Callable[[str], None], depth: int = 0
) -> str:
    """Expand ``$VAR``, ``${VAR}``, ``${VAR:-d}``, ``${VAR-d}``, ``${VAR:?e}``, ``${VAR:+r}`` and ``$$``."""
    if depth > _MAX_NESTING:
        raise _InvalidTemplateError(template)
    out: list[str] = []
    pos = 0
    n = len(template)
    while pos < n:
        dollar = template.find("$", pos)
        if dollar < 0:
            out.append(template[pos:])
            break
        out.append(template[pos:dollar])
        nxt = template[dollar + 1 : dollar + 2]
        if nxt == "$":
            out.append("$")
            pos = dollar + 2
            continue
        if nxt == "{":
            end = _closing_brace(template, dollar + 2)
            if end < 0:
                raise _InvalidTemplateError(template[dollar:])
            body = template[dollar + 2 : end]
            out.append(_expand_braced(body, template[dollar : end + 1], lookup, on_unset, depth))
            pos = end + 1
            continue
        match = _NAME_RE.match(template, dollar + 1)
        if match:
            name = match.group(0)
            value = lookup(name)
            if value is None:
                on_unset(name)
                value = ""
            out.append(value)
            pos = match.end()
            continue
        out.append("$")  # a lone "$" (e.g. "cost: 5$") is kept as is
        pos = dollar + 1
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    level = 1
    pos = start
    while pos < len(text):
        ch = text[pos]
        if ch == "{" and text[pos - 1] == "$":
            level += 1
        elif ch == "}":
            level -= 1
            if level == 0:
                return pos
        pos += 1
    return -1


def _expand_braced(
    body: str, whole: str, lookup: Callable[[str], str | None], on_unset: Callable[[str], None], depth: int
) -> str:
    match = _BRACED_RE.match(body)
    if not match:
        raise _InvalidTemplateError(whole)
    op = match.group(1) or ""
    name = body[: match.end() - len(op)]
    arg = body[match.end() :]
    value = lookup(name)
    if not op:
        if value is None:
            on_unset(name)
            return ""
        return value
    empty_counts = op.startswith(":")
    unset = value is None or (empty_counts and value == "")
    kind = op[-1]
    if kind == "-":
        return substitute(arg, lookup, on_unset, depth + 1) if unset else str(value)
    if kind == "+":
        return "" if unset else substitute(arg, lookup, on_unset, depth + 1)
    if unset:
        raise _MissingValueError(name, substitute(arg, lookup, on_unset, depth + 1))
    return str(value)


def interpolate_tree(node: Any, env: Mapping[str, str], warn: Callable[[str], None], path: str = "") -> Any:
    """Interpolate every string value (not keys) of a loaded compose document."""
    warned: set[str] = set()

    def on_unset(name: str) -> None:
        if name not in warned:
            warned.add(name)
            warn(f'The "{name}" variable is not set. Defaulting to a blank string.')

    def walk(value: Any, where: str) -> Any:
        if isinstance(value, str):
            try:
                return substitute(value, env.get, on_unset)
            except _InvalidTemplateError as exc:
                raise InterpolationError(
                    f"invalid interpolation format for {where}.\nYou may need to escape any $ with another $.\n"
                    f"{exc.template}"
                ) from None
            except _MissingValueError as exc:
                reason = f": {exc.reason}" if exc.reason else ""
                raise InterpolationError(
                    f"error while interpolating {where}: required variable {exc.name} is missing a value{reason}"
                ) from None
        if isinstance(value, dict):
            return {k: walk(v, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, f"{where}.[]") for v in value]
        return value

    return walk(node, path)


def parse_dotenv(text: str, lookup: Callable[[str], str | None] | None = None) -> dict[str, str]:
    """Read a ``.env`` / ``env_file`` body: ``KEY=VALUE`` lines, quotes, ``export``, comments."""
    result: dict[str, str] = {}

    def resolve(name: str) -> str | None:
        if name in result:
            return result[name]
        return lookup(name) if lookup else None

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep:
            found = resolve(key)
            if found is not None:
                result[key] = found
            continue
        value = value.strip()
        if value[:1] in ("'", '"') and value.rfind(value[0]) > 0:
            quote = value[0]
            value = value[1 : value.rfind(quote)]
            if quote == '"':
                value = value.replace("\\n", "\n").replace('\\"', '"')
                value = _quiet_substitute(value, resolve)
        else:
            hash_pos = value.find(" #")
            if hash_pos >= 0:
                value = value[:hash_pos].rstrip()
            value = _quiet_substitute(value, resolve)
        result[key] = value
    return result


def _quiet_substitute(value: str, lookup: Callable[[str], str | None]) -> str:
    try:
        return substitute(value, lookup, lambda _name: None)
    except (_InvalidTemplateError, _MissingValueError):
        return value
