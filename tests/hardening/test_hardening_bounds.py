"""Every value has a bound: over-large widths, times and names end in docker's (or Linux's) own answer."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from dockersim.engine.ids import CLOCK_LIMIT, SimClock
from dockersim.engine.plain import bounded
from dockersim.engine.state import TIME_LIMIT
from dockersim.formatting.template import _printf
from dockersim.shell.workspace import too_long


@pytest.mark.parametrize(
    ("fmt", "args", "expected"),
    [
        ("%999999999d", (1,), "%!(NOVERB)%!(EXTRA int=1)"),
        ("%2147483647d tail", (1,), "%!(NOVERB)%!(EXTRA int=1)"),
        ("%.2147483647f", (1.5, "x"), "%!(NOVERB)%!(EXTRA float64=1.5, string=x)"),
        ("a%99999999d", (), "a%!(NOVERB)"),
        ("%5d|", (42,), "   42|"),
    ],
)
def test_printf_gives_up_on_huge_numbers_as_go_does(fmt: str, args: tuple[object, ...], expected: str) -> None:
    """Go's fmt stops reading a width or precision past a million: ``%!(NOVERB)``, never a 2 GB string."""
    assert _printf(fmt, *args) == expected


def test_printf_keeps_go_widths_up_to_the_limit() -> None:
    """Widths Go accepts (up to seven digits read before giving up) still pad."""
    assert len(_printf("%1000000d", 1)) == 1_000_000


@pytest.mark.parametrize("seconds", [1e11, 1e20, 1e308, math.inf])
def test_clock_stops_before_the_saved_time_limit(seconds: float) -> None:
    """However long a sleep, the clock stays where a saved state can hold it."""
    clock = SimClock()
    clock.advance(seconds)
    assert clock.now() == CLOCK_LIMIT < TIME_LIMIT


def test_clock_ignores_nan_and_negative() -> None:
    clock = SimClock(100.0)
    clock.advance(math.nan)
    clock.advance(-5)
    assert clock.now() == 100.0


@pytest.mark.parametrize(
    ("value", "expected"), [(1.5, 1.5), (math.nan, 0.0), (math.inf, TIME_LIMIT - 1), (-1e300, 1 - TIME_LIMIT)]
)
def test_saved_floats_are_bounded(value: float, expected: float) -> None:
    assert bounded(value) == expected


@pytest.mark.parametrize(
    ("name", "long"),
    [
        ("b" * 255, False),
        ("b" * 256, True),
        ("é" * 127, False),
        ("é" * 128, True),
        ("d/" * 2047 + "x", False),
        ("d/" * 2048 + "x", True),
    ],
)
def test_name_limits_are_linux_bytes(name: str, long: bool) -> None:
    """NAME_MAX and PATH_MAX count UTF-8 bytes: 200 × é is 400 bytes, too long though under 255 characters."""
    assert too_long(name) is long


def test_the_workbench_cannot_write_a_name_linux_would_refuse(tmp_path: Path) -> None:
    """write_file with a 300-character or 200 × é name is refused (it would break saving, build and lint)."""
    from dockersim import worker

    playground = worker.Playground(tmp_path / "p", seed=1)
    for name in ("b" * 300, "é" * 200, "d/" + "x" * 256):
        with pytest.raises(worker.BadRequestError, match="File name too long"):
            playground.write_file(name, "hi")
    playground.write_file("é" * 127, "fits")
    assert playground.files() == {"é" * 127: "fits"}


def test_headers_file_gives_each_worker_the_worker_policy(tmp_path: Path) -> None:
    """_headers names every worker.js and the service worker, under the site's path, with the worker policy."""
    from docker_notes.csp import WORKER_POLICY, headers_file

    (tmp_path / "assets" / "playground").mkdir(parents=True)
    (tmp_path / "assets" / "playground" / "worker.js").write_text("")
    text = headers_file(tmp_path, "/notes/", ("sw.js",))
    lines = text.splitlines()
    for path in ("/notes/assets/playground/worker.js", "/notes/sw.js"):
        assert lines[lines.index(path) + 1] == f"  Content-Security-Policy: {WORKER_POLICY}"
    assert WORKER_POLICY == "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"
