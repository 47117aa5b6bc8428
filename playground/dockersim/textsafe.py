"""Text the simulator can always encode: a lone UTF-16 surrogate becomes U+FFFD where text comes in.

A command line with bytes that are not UTF-8 (CPython hands them over as surrogates, ``\\udcff``), a browser
line or saved state holding a lone ``\\ud800`` (JSON escapes it; ``json.loads`` gives it back) would reach a
container's files and end every later ``ls`` or ``wc`` there in ``UnicodeEncodeError``. The simulator's text
is UTF-8, so such a character is replaced where text enters: the console's arguments and standard input, the
worker's requests, the state file.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
#: A JSON escape of a surrogate (a well-formed pair is joined by ``json.loads``; a lone one is kept).
_ESCAPED = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def scrub(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def may_hold_surrogates(json_text: str) -> bool:
    """Whether data parsed from ``json_text`` can hold a lone surrogate (it escapes one)."""
    return _ESCAPED.search(json_text) is not None


def scrub_data(data: Any) -> Any:
    """JSON-shaped ``data`` with every string (keys too) scrubbed; walked with a stack, not recursion."""
    root = [data]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        holder, key = stack.pop()
        value = holder[key]
        if isinstance(value, str):
            holder[key] = scrub(value)
        elif isinstance(value, list):
            stack.extend((value, index) for index in range(len(value)))
        elif isinstance(value, dict):
            for name in list(value):
                clean = scrub(name) if isinstance(name, str) else name
                if clean is not name:
                    value[clean] = value.pop(name)
                stack.append((value, clean))
    return root[0]
