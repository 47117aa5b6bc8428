"""Commands that keep running, in the Playground's terminal in Chromium: an `-it` session at the container's
prompt, a foreground `docker run` stopped with Ctrl+C, `docker logs -f` streaming as real time passes.
Both run on the module's one started Playground page (``ready_term``), reset for each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.plugins.playground.conftest import Term

pytestmark = pytest.mark.browser


def start_live(term: Term, line: str) -> None:
    """Type a line that keeps running; wait until the terminal shows it as running."""
    term.input.fill(line)
    term.input.press("Enter")
    expect(term.root).to_have_class(re.compile(r"\bdnp-term--live\b"), timeout=30_000)


def test_it_session_shows_the_prompt_runs_inside_and_ctrl_d_leaves(ready_term: Term) -> None:
    """`docker run -it --rm alpine sh`: the form's prompt becomes BusyBox's `/ #`, a typed line runs in the
    container and prints there, Ctrl+D ends the session and --rm removes the container."""
    page, term = ready_term.page, ready_term
    before = term.runs()
    start_live(term, "docker run -it --rm --name box alpine sh")
    prompt = term.root.locator(".dnp-term__prompt-text")
    expect(prompt).to_have_text("/ #")
    term.input.fill("cd /etc && cat hostname >/dev/null && pwd")
    term.input.press("Enter")
    expect(term.output).to_contain_text("/etc", timeout=10_000)
    expect(prompt).to_have_text("/etc #")
    term.input.press("Control+d")
    page.wait_for_function("([el, n]) => Number(el.dataset.runs || 0) > n", arg=[term.root.element_handle(), before])
    expect(prompt).to_have_text("$")
    assert "box" not in term.run("docker ps -a")


def test_foreground_run_streams_until_ctrl_c_and_logs_follow(ready_term: Term) -> None:
    """A foreground `docker run nginx` stays attached (Stop shown) until Ctrl+C, which stops nginx as
    SIGINT does; `docker logs -f` of a looping container prints new lines as real seconds pass."""
    page, term = ready_term.page, ready_term
    start_live(term, "docker run --name fg nginx")
    expect(term.output).to_contain_text("Configuration complete", timeout=10_000)
    expect(term.root.get_by_role("button", name="Stop")).to_be_visible()
    term.input.press("Control+c")
    expect(term.output).to_contain_text("signal 2 (SIGINT) received, exiting", timeout=10_000)
    expect(term.root).not_to_have_class(re.compile(r"\bdnp-term--live\b"))
    assert "Exited (0)" in term.run("docker ps -a --filter name=fg")
    term.run("docker run -d --name ticker alpine sh -c 'while true; do echo tick; sleep 1; done'")
    start_live(term, "docker logs -f ticker")
    count = "() => document.querySelector('[data-dnp-terminal] .dnp-term__output').innerText.split('tick').length"
    first = page.evaluate(count)
    page.wait_for_function(f"() => ({count})() >= {first + 2}", timeout=10_000)
    term.input.press("Control+c")
    expect(term.output).to_contain_text("exit status 130", timeout=10_000)
