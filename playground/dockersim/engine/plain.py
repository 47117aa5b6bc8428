"""Deep copies of the engine's records as plain JSON-able data, fast enough to run after every command.

``dataclasses.asdict`` does the same job, but it checks every value for being a dataclass and falls back
to ``copy.deepcopy`` for the rest: the playground's worker turns the whole state into data after each
command, and there that was two thirds of a no-op command's time. Here the record types' field names are
looked up once, and JSON's own types are copied by type.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import fields, is_dataclass
from typing import Any

_ATOMS: frozenset[type] = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


#: A float a saved state may hold lies strictly between minus and plus this (``state.TIME_LIMIT``).
FLOAT_LIMIT = 1e11


def bounded(value: float) -> float:
    """``value`` held within what a saved state can load back: NaN is 0, ±inf and beyond are the bound."""
    if -FLOAT_LIMIT < value < FLOAT_LIMIT:
        return value
    if value != value:  # NaN
        return 0.0
    return FLOAT_LIMIT - 1 if value > 0 else 1 - FLOAT_LIMIT


def to_plain(value: Any) -> Any:
    """``value`` with every dataclass turned into a dict and every list, tuple and dict copied, like
    ``dataclasses.asdict``; nothing in the result is shared with ``value``. A dataclass field's float is
    :func:`bounded`, so what is saved can always be loaded back."""
    kind = type(value)
    if kind is float:
        return bounded(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return [item if type(item) in _ATOMS else to_plain(item) for item in value]
    if kind is dict:
        return {key: item if type(item) in _ATOMS else to_plain(item) for key, item in value.items()}
    if kind is tuple:
        return tuple(to_plain(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return {name: to_plain(getattr(value, name)) for name in _field_names(kind)}
    return copy.deepcopy(value)
