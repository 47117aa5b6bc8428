"""The first-answer benchmark's helpers (bench/first_answer.py): waiting for a launched browser to go idle,
and the script that types the first command into the Playground page."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from bench import first_answer

READS_PROC = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads /proc (Linux)")


@READS_PROC
def test_cpu_ms_counts_only_the_processes_whose_command_line_holds_the_marker(tmp_path: Path) -> None:
    """A busy child with the marker in its arguments adds CPU time; an unknown marker counts nothing."""
    marker = f"--user-data-dir={tmp_path}"
    busy = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\ntime.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", busy, marker])
    try:
        # The child burns its 0.3 s of CPU whenever the machine lets it (a loaded machine takes longer).
        deadline = time.monotonic() + 20
        while (first_answer._cpu_ms(marker) or 0) < 250 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (first_answer._cpu_ms(marker) or 0) >= 250
        assert first_answer._cpu_ms(f"--user-data-dir={tmp_path}/nobody") == 0
    finally:
        child.kill()
        child.wait()


class _Clock:
    """``time`` for bench.first_answer on a clock of the test's own: a sleep moves it on at once, and is noted."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        assert sum(self.sleeps) < 60, "still waiting after 60 s"


def test_wait_browser_idle_returns_once_nothing_runs_and_gives_up_at_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Idle at once: one window. Busy, then quiet: the windows until it is quiet. Busy for ever: the limit,
    never longer. Counted in windows on a clock of the test's own, so a loaded machine changes nothing (the
    CPU reading itself is the test above's)."""
    clock = _Clock()
    readings: list[float] = []  # the browser's CPU ms added before each reading (0 once it runs out)

    def cpu_ms(marker: str) -> float:
        assert marker == f"--user-data-dir={tmp_path}"
        cpu_ms.total += readings.pop(0) if readings else 0.0  # type: ignore[attr-defined]
        return cpu_ms.total  # type: ignore[attr-defined]

    cpu_ms.total = 0.0  # type: ignore[attr-defined]
    monkeypatch.setattr(first_answer, "time", clock)
    monkeypatch.setattr(first_answer, "_cpu_ms", cpu_ms)
    first_answer.wait_browser_idle(tmp_path, window_s=0.125, limit_s=2)
    assert clock.sleeps == [0.125]

    clock.sleeps.clear()
    readings[:] = [0, 40, 30, 5]  # 40 and 30 ms in the first two windows, then under the 25 ms quiet mark
    first_answer.wait_browser_idle(tmp_path, window_s=0.125, limit_s=2)
    assert clock.sleeps == [0.125] * 3

    clock.sleeps.clear()
    readings[:] = [0] + [10] * 1000  # 10 ms in every window: busy for ever at quiet_ms=1
    first_answer.wait_browser_idle(tmp_path, quiet_ms=1, window_s=0.125, limit_s=0.5)
    assert clock.sleeps == [0.125] * 4


@pytest.mark.browser
def test_the_first_command_is_typed_into_the_terminal_and_answered(page: Any, site_url: str) -> None:
    """The benchmark's typist: the command goes through the terminal's own form as soon as it shows (the
    reader's line is echoed and kept in the history), and the answer it records is the container's id."""
    page.context.add_init_script(first_answer.WATCH)
    page.context.add_init_script(first_answer.TYPE_FIRST_COMMAND)
    page.goto(site_url + "playground/", wait_until="commit")
    answered = page.evaluate("() => window.__benchAnswered")
    assert 0 < answered < 120_000
    output = page.locator("[data-dnp-terminal=main] .dnp-term__output")
    expect(output).to_contain_text(first_answer.FIRST_COMMAND)
    assert len(output.locator(".dnp-out").first.inner_text().strip()) == 64
    assert page.locator("[data-dnp-terminal=main] .dnp-term__input").input_value() == ""
