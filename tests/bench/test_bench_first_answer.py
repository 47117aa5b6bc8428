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


@READS_PROC
def test_wait_browser_idle_returns_once_nothing_runs_and_gives_up_at_its_limit(tmp_path: Path) -> None:
    """Idle at once: one window. Busy for ever: the limit, never longer."""
    started = time.monotonic()
    first_answer.wait_browser_idle(tmp_path, window_s=0.05, limit_s=2)
    assert time.monotonic() - started < 1
    marker = f"--user-data-dir={tmp_path}"
    child = subprocess.Popen([sys.executable, "-c", "while True: pass", marker])
    try:
        # On a loaded machine the child may not be scheduled at once: measure only once it is burning CPU.
        deadline = time.monotonic() + 20
        while (first_answer._cpu_ms(marker) or 0) < 50 and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        first_answer.wait_browser_idle(tmp_path, quiet_ms=1, window_s=0.05, limit_s=0.5)
        assert 0.5 <= time.monotonic() - started < 2
    finally:
        child.kill()
        child.wait()


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
