"""A small YAML emitter shaped like go-yaml v3 with ``SetIndent(2)`` (what ``docker compose config`` prints).

Mappings keep the order they are given in (the loader orders keys as compose does); sequences are
indented under their key; strings are plain when go-yaml would leave them plain, double-quoted when
they would read back as another type (``"80"``, ``"true"``, ``"yes"``), single-quoted when plain is
not allowed, and literal blocks when they hold line breaks.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from dockersim.compose.yaml import resolve_plain

_OLD_BOOLS = frozenset(
    [
        "y",
        "Y",
        "yes",
        "Yes",
        "YES",
        "n",
        "N",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
    ]
)
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_NONPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def go_float(value: float) -> str:
    """``strconv.FormatFloat(v, 'g', -1, 64)`` as go-yaml writes floats (``.inf``/``.nan`` for specials)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(str(d) for d in digits)
    exp10 = len(text) + int(exponent) - 1
    prefix = "-" if sign else ""
    if exp10 < -4 or exp10 >= 6:  # strconv: shortest form switches to %e at 1e6
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'+' if exp10 >= 0 else '-'}{abs(exp10):02d}"
    if exp10 >= len(text) - 1:
        return prefix + text + "0" * (exp10 - len(text) + 1)
    if exp10 >= 0:
        return prefix + text[: exp10 + 1] + "." + text[exp10 + 1 :]
    return prefix + "0." + "0" * (-exp10 - 1) + text


def _plain_allowed(text: str) -> bool:
    if not text or text != text.strip(" \t") or "\t" in text:
        return False
    first = text[0]
    if first in _INDICATORS:
        if first in "-?:" and len(text) > 1 and text[1] not in " \t":
            pass  # "-f", ":x" and "?x" are plain
        else:
            return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return not text.startswith(("---", "..."))


def scalar(value: Any) -> str:
    """One scalar as go-yaml v3 writes it (strings with line breaks are handled by the caller)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    text = str(value)
    if _NONPRINTABLE.search(text):
        return _double(text)
    resolved = resolve_plain(text) if text else None
    if not text or not isinstance(resolved, str) or text in _OLD_BOOLS or _BASE60.match(text):
        return _double(text)
    if _plain_allowed(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def _double(text: str) -> str:
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _NONPRINTABLE.match(ch):
            out.append(f"\\x{ord(ch):02X}" if ord(ch) < 0x100 else f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _block(text: str, indent: int) -> str:
    chomp = "" if text.endswith("\n") and not text.endswith("\n\n") else ("+" if text.endswith("\n") else "-")
    body = text[:-1] if text.endswith("\n") else text
    pad = " " * indent
    lines = [pad + line if line else "" for line in body.split("\n")]
    lead = "2" if body.startswith(" ") else ""
    return f"|{lead}{chomp}\n" + "\n".join(lines)


def _key(key: Any) -> str:
    text = scalar(key)
    return text if "\n" not in text else _double(str(key))


def dump(value: Any, indent: int = 2) -> str:
    """``value`` as a YAML document (ends with a newline)."""
    lines: list[str] = []
    _emit(value, 0, lines, indent)
    return "\n".join(lines) + "\n"


def _emit(value: Any, level: int, lines: list[str], step: int) -> None:
    pad = " " * level
    if isinstance(value, dict):
        if not value:
            lines.append(pad + "{}")
            return
        for key, item in value.items():
            head = f"{pad}{_key(key)}:"
            _emit_item(head, item, level, lines, step, in_seq=False)
    elif isinstance(value, list):
        if not value:
            lines.append(pad + "[]")
            return
        for item in value:
            _emit_item(f"{pad}-", item, level, lines, step, in_seq=True)
    else:
        lines.append(pad + _inline(value, level))


def _inline(value: Any, level: int) -> str:
    if isinstance(value, str) and "\n" in value and not _NONPRINTABLE.search(value):
        return _block(value, level + 2)
    return scalar(value)


def _emit_item(head: str, item: Any, level: int, lines: list[str], step: int, *, in_seq: bool) -> None:
    if isinstance(item, dict) and item:
        if in_seq:
            sub: list[str] = []
            _emit(item, level + step, sub, step)
            first = sub[0]
            lines.append(f"{head} {first[level + step :]}")
            lines.extend(sub[1:])
        else:
            lines.append(head)
            _emit(item, level + step, lines, step)
    elif isinstance(item, list) and item:
        if in_seq:
            sub = []
            _emit(item, level + step, sub, step)
            lines.append(f"{head} {sub[0][level + step :]}")
            lines.extend(sub[1:])
        else:
            lines.append(head)
            _emit(item, level + step, lines, step)
    elif isinstance(item, dict):
        lines.append(f"{head} {{}}")
    elif isinstance(item, list):
        lines.append(f"{head} []")
    else:
        lines.append(f"{head} {_inline(item, level + (step if not in_seq else 0))}")
