"""Workbench rebuild: click Rebuild after editing server.js → build log and layers rendered, p95.

On the Playground page's workbench with the notes' cache-friendly Node example (the starter lesson a
fresh browser gets). Each round writes a new ``server.js`` through the client's ``write_file`` (what the
editor's save does; the workbench re-reads its files on ``changed``), then clicks Rebuild; the end point is
the ``.dnw`` element's ``data-builds`` attribute moving on, written after the log and the layer diagram
were rendered (the round counts only when layers are present). Budget: 100 ms absolute. The baseline
column shows Rebuild with nothing edited (every step cached), measured in the same run.
"""

from __future__ import annotations

from typing import Any

from bench import interaction
from bench.latency import open_ready_playground
from bench.report import Figure, p95

ROUNDS = 20
ROOT = ".dnw"
REBUILD = ".dnw__buttons button[type=button]"
BUILD = ".dnw__buttons button[type=submit]"


def _builds(page: Any) -> int:
    return int(page.evaluate("() => Number(document.querySelector('.dnw').dataset.builds || 0)"))


def _click(page: Any, selector: str, *, rebuilt: bool | None = None) -> float:
    before = interaction.count(page)
    page.evaluate("(selector) => window.__benchTimer.click(selector)", selector)
    if not interaction.wait_for_sample(page, before, timeout_s=30):
        raise RuntimeError("the workbench did not finish a build within 30 s")
    if not page.evaluate("() => document.querySelectorAll('.dnw__layer').length > 0"):
        raise RuntimeError("a build finished without layers in the diagram")
    steps = int(page.evaluate("() => document.querySelectorAll('.dnw__step--rebuilt').length"))
    if rebuilt is not None and (steps > 0) != rebuilt:
        log = page.evaluate("() => document.querySelector('.dnw__raw').textContent")
        wanted = "some" if rebuilt else "no"
        raise RuntimeError(f"expected {wanted} rebuilt steps, the log shows {steps}:\n{log[-600:]}")
    return interaction.samples(page)[-1]


def _edit(page: Any, number: int) -> None:
    page.evaluate(
        """async (n) => {
          const client = window.__dockerNotesPlayground;
          const content = `const http = require("http");\\n// edit ${n}\\n`
            + `http.createServer((q, s) => s.end("hi ${n}")).listen(3000);\\n`;
          await client.request("write_file", {path: "server.js", content});
        }""",
        number,
    )
    page.wait_for_timeout(150)  # the workbench re-reads its files on "changed"


def measure(browser: Any, site_url: str, rounds: int = ROUNDS) -> list[Figure]:
    """p95 of Rebuild after an edit over ``rounds`` rounds; baseline: Rebuild with nothing edited."""
    context, page = open_ready_playground(browser, site_url)
    try:
        interaction.wait_until(page, "document.querySelector('.dnw') && document.querySelector('.dnw__buttons')")
        has_server = "[...document.querySelectorAll('.dnw button')].some((b) => b.textContent.trim() === 'server.js')"
        interaction.wait_until(page, has_server, 30)
        interaction.install(page)
        interaction.arm(page, ROOT, {"attributes": True, "attributeFilter": ["data-builds"]})
        _click(page, BUILD)
        edited: list[float] = []
        cached: list[float] = []
        for number in range(rounds + 2):
            _edit(page, number)
            sample = _click(page, REBUILD, rebuilt=True)
            if number >= 2:  # two rounds to warm up
                edited.append(sample)
            cached_sample = _click(page, REBUILD, rebuilt=False)
            if number >= 2:
                cached.append(cached_sample)
    finally:
        context.close()
    return [
        Figure("workbench rebuild p95 (after an edit)", "ms", p95(edited), p95(cached), "Rebuild, nothing edited, p95",
               100.0, edited, cached, "click → log and layers rendered (data-builds)", absolute=True)
    ]
