"""Human-readable sizes and durations exactly as go-units prints them."""

from __future__ import annotations

import math

_DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
_BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]


def _go_g(value: float, precision: int) -> str:
    """Go's ``%.<precision>g`` (same as C's for the values sizes take)."""
    return f"{value:.{precision}g}"


def _size_and_unit(size: float, base: float, units: list[str]) -> tuple[float, str]:
    """go-units ``getSizeAndUnit``: divide by ``base`` until below it (or out of units)."""
    i = 0
    while size >= base and i < len(units) - 1:
        size /= base
        i += 1
    return size, units[i]


def human_size(size: float, precision: int = 3) -> str:
    """go-units ``HumanSizeWithPrecision``: ``187MB``, ``1.09GB``, ``13.3kB``, ``0B``."""
    size, unit = _size_and_unit(size, 1000.0, _DECIMAL_UNITS)
    return f"{_go_g(size, precision)}{unit}"


def bytes_size(size: float) -> str:
    """go-units ``BytesSize`` (binary units, 4 significant digits): ``1.5GiB``."""
    size, unit = _size_and_unit(size, 1024.0, _BINARY_UNITS)
    return f"{_go_g(size, 4)}{unit}"


def human_duration(seconds: float) -> str:
    """go-units ``HumanDuration``: ``Less than a second``, ``About a minute``, ``3 hours``, ``2 weeks``."""
    secs = int(seconds)
    if secs < 1:
        return "Less than a second"
    if secs == 1:
        return "1 second"
    if secs < 60:
        return f"{secs} seconds"
    minutes = int(seconds // 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = math.floor(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds // 3600) // 24 // 365} years"


def ago(seconds: float) -> str:
    """``HumanDuration`` followed by `` ago``."""
    return f"{human_duration(seconds)} ago"
