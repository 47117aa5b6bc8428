"""Go standard-library behaviours the docker client relies on: quoting, strconv, time.ParseDuration.

Each function reproduces the Go result *and* the Go error text, because the docker client prints
those errors verbatim (``strconv.ParseInt: parsing "abc": invalid syntax``).
"""

from __future__ import annotations

import re
import unicodedata


class GoError(ValueError):
    """An error whose ``str()`` is exactly the text Go would print."""


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _printable(ch: str) -> bool:
    """Go's ``strconv.IsPrint`` approximated with Unicode categories."""
    if ch == " ":
        return True
    return unicodedata.category(ch)[0] not in ("C", "Z")


def go_quote(s: str) -> str:
    """``strconv.Quote`` / ``%q`` of a string: double quotes, Go escapes."""
    out = ['"']
    for ch in s:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x80:
                out.append(f"\\x{code:02x}")
            elif 0xD800 <= code <= 0xDFFF:
                out.append("\\ufffd")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def go_quote_byte(b: int) -> str:
    """``%q`` of a Go ``byte``: a rune literal of ``rune(b)`` (``'x'``, ``'Ã'``, ``'\\x00'``)."""
    ch = chr(b)
    if ch == "'":
        return "'\\''"
    if ch == "\\":
        return "'\\\\'"
    if ch in _ESCAPES:
        return f"'{_ESCAPES[ch]}'"
    if _printable(ch):
        return f"'{ch}'"
    if b < 0x80:
        return f"'\\x{b:02x}'"
    return f"'\\u{b:04x}'"


_INT_BODY = {
    0: re.compile(r"^(0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO](_?[0-7])+|0(_?[0-7])*|[1-9](_?[0-9])*)$"),
    10: re.compile(r"^[0-9]+$"),
}


def _parse_uint_text(s: str, base: int, fn: str, orig: str) -> int:
    if not s or not _INT_BODY[base].match(s):
        raise GoError(f"strconv.{fn}: parsing {go_quote(orig)}: invalid syntax")
    body = s.replace("_", "")
    if base == 10 or body[0] != "0":
        digits = body.lstrip("0") or "0"  # past 40 digits it is out of range; Python refuses 4,300 digits
        return 1 << 200 if len(digits) > 40 else int(digits, 10)
    if len(body) > 1 and body[0] == "0" and body[1] in "xXbBoO":
        return int(body, 0)
    return int(body, 8)


def parse_int(s: str, base: int = 0, bits: int = 64) -> int:
    """``strconv.ParseInt(s, base, bits)`` (base 0 or 10)."""
    sign, body = 1, s
    if body[:1] in ("+", "-"):
        sign, body = (-1 if body[0] == "-" else 1), body[1:]
    value = sign * _parse_uint_text(body, base, "ParseInt", s)
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if not lo <= value <= hi:
        raise GoError(f"strconv.ParseInt: parsing {go_quote(s)}: value out of range")
    return value


def parse_uint(s: str, base: int = 0, bits: int = 64) -> int:
    """``strconv.ParseUint(s, base, bits)`` (base 0 or 10)."""
    value = _parse_uint_text(s, base, "ParseUint", s)
    if value >= 1 << bits:
        raise GoError(f"strconv.ParseUint: parsing {go_quote(s)}: value out of range")
    return value


_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def parse_bool(s: str) -> bool:
    """``strconv.ParseBool``."""
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise GoError(f"strconv.ParseBool: parsing {go_quote(s)}: invalid syntax")


_FLOAT_RE = re.compile(
    r"^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+"
    r"|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])$"
)


def parse_float(s: str) -> float:
    """``strconv.ParseFloat(s, 64)`` for the syntaxes Go accepts (decimal, hex, inf, nan)."""
    if not _FLOAT_RE.match(s):
        raise GoError(f"strconv.ParseFloat: parsing {go_quote(s)}: invalid syntax")
    if "x" in s.lower() and "p" in s.lower():
        return float.fromhex(s)
    value = float(s)
    if value in (float("inf"), float("-inf")) and "n" not in s.lower():
        raise GoError(f"strconv.ParseFloat: parsing {go_quote(s)}: value out of range")
    return value


_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_NANOS = {"ns": 1, "us": 1000, "µs": 1000, "μs": 1000, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def _time_quote(s: str) -> str:
    return '"' + s + '"'


def parse_duration(orig: str) -> float:
    """``time.ParseDuration``: returns seconds; errors worded as Go's ``time`` package."""
    s = orig
    neg = False
    if s[:1] in ("-", "+"):
        neg, s = s[0] == "-", s[1:]
    if s == "0":
        return 0.0
    invalid = GoError("time: invalid duration " + _time_quote(orig))
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[0] == "." or (s[0].isascii() and s[0].isdigit())):
            raise invalid
        m = re.match(r"^([0-9]*)(?:\.([0-9]*))?", s)
        assert m is not None
        whole, frac = m.group(1), m.group(2)
        if not whole and not frac:
            raise invalid
        s = s[m.end() :]
        i = 0
        while i < len(s) and not (s[i] == "." or (s[i].isascii() and s[i].isdigit())):
            i += 1
        if i == 0:
            raise GoError("time: missing unit in duration " + _time_quote(orig))
        unit, s = s[:i], s[i:]
        if unit not in _NANOS:
            raise GoError("time: unknown unit " + _time_quote(unit) + " in duration " + _time_quote(orig))
        nanos = int(whole or "0") * _NANOS[unit]
        if frac:
            nanos += int(int(frac) * _NANOS[unit] // 10 ** len(frac))
        total += nanos
        if total > (1 << 63) - 1:
            raise invalid
    return (-total if neg else total) / 1e9


def format_duration(seconds: float) -> str:
    """``time.Duration.String()`` for a number of seconds (``1m30s``, ``500ms``, ``0s``)."""
    nanos = round(seconds * 1e9)
    if nanos == 0:
        return "0s"
    sign = "-" if nanos < 0 else ""
    nanos = abs(nanos)
    if nanos < 10**9:
        for unit, size in (("ms", 10**6), ("µs", 10**3), ("ns", 1)):
            if nanos >= size:
                value = nanos / size
                text = f"{value:.9f}".rstrip("0").rstrip(".")
                return sign + text + unit
    h, rest = divmod(nanos, 3600 * 10**9)
    m, rest = divmod(rest, 60 * 10**9)
    secs = f"{rest / 1e9:.9f}".rstrip("0").rstrip(".")
    out = ""
    if h:
        out += f"{h}h"
    if h or m:
        out += f"{m}m"
    return sign + out + secs + "s"
