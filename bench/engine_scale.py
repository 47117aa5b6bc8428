"""10,000 containers in the browser: the Playground stays responsive, bounded and saved (issue #22).

On the built site's Playground page (Chromium, Pyodide in the worker), the reader's terminal runs the issue's
load: five lines that each chain ~2,000 ``docker run -d nginx``, up to 10,000 containers. Measured:

- **per-command worker time** at 9,990 containers against the same at 10: pairs of ``docker run -d --name
  probe-N nginx`` and ``docker rm -f probe-N`` sent back to back through the page's client (each waits for
  the worker to finish the one before, its state diff included), per command, after three untimed pairs and the
  page's own reads that followed the line before (a sample that held a first import or the engine view's
  read measured those, not the commands); budget 1.3× (the worker's
  state work and the engine's own lookups follow what a command touches, not the engine's size);
- **longest main-thread task** while the lines run (a ``longtask`` PerformanceObserver): budget 100 ms;
- **DOM nodes** and **JS heap** (``performance.memory``) with 10,000 containers, against the page with 10:
  absolute budgets of 5,000 nodes and 300 MB (the terminal keeps a bounded transcript, the engine view draws
  only the rows in view);
- **containers missing after a reload**: budget 0.

One run takes several minutes (10,000 ``docker run`` in Pyodide); ``--runs`` repeats the per-command pairs.
"""

from __future__ import annotations

import time
from typing import Any

from bench.latency import INPUT, TERMINAL, open_ready_playground
from bench.report import Figure, median

LINES = [2_000, 2_000, 2_000, 2_000, 1_980]  # after 10, before 10 more: 10,000 in all
PAIRS = 10  # run + rm pairs per sample

OBSERVE = """() => {
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__benchLongTasks.push(entry.duration);
  }).observe({ type: "longtask" });
}"""
PAIRS_JS = """async ([first, pairs]) => {
  const client = window.__dockerNotesPlayground;
  // Untimed: the page's own reads after the line before (the engine view) and one pair (a first docker rm
  // imports its modules), so that the sample is the commands' time, not a view's read or an import.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await client.whenIdle();
  for (let i = 0; i < 3; i++) {
    await client.request("run", { line: `docker run -d --name probe-w${first}-${i} nginx` }, { quiet: true });
    await client.request("run", { line: `docker rm -f probe-w${first}-${i}` }, { quiet: true });
  }
  await client.request("run", { line: "true" }, { quiet: true });
  const start = performance.now();
  for (let i = first; i < first + pairs; i++) {
    await client.request("run", { line: `docker run -d --name probe-${i} nginx` }, { quiet: true });
    await client.request("run", { line: `docker rm -f probe-${i}` }, { quiet: true });
  }
  await client.request("run", { line: "true" }, { quiet: true });
  return (performance.now() - start) / (2 * pairs);
}"""
SIZES = """() => ({
  nodes: document.getElementsByTagName("*").length,
  heap: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : 0,
  longest: Math.max(0, ...(window.__benchLongTasks || [])),
})"""


def _run_line(page: Any, line: str, timeout_s: float) -> None:
    """Type ``line`` in the Playground's terminal and wait until it has answered."""
    runs = int(page.locator(TERMINAL).get_attribute("data-runs") or 0)
    page.fill(INPUT, line)
    page.press(INPUT, "Enter")
    page.wait_for_function(
        "([sel, n]) => Number(document.querySelector(sel).dataset.runs || 0) > n",
        arg=[TERMINAL, runs],
        timeout=timeout_s * 1000,
    )


def _per_command(page: Any, runs: int, first: int) -> list[float]:
    return [float(page.evaluate(PAIRS_JS, [first + index * PAIRS, PAIRS])) for index in range(runs)]


def _count(page: Any) -> int:
    reply = page.evaluate(
        """async () => (await window.__dockerNotesPlayground.request("run",
             { line: "docker ps -aq | wc -l" }, { quiet: true })).stdout"""
    )
    return int(str(reply).strip() or 0)


def measure(browser: Any, site_url: str, runs: int = 1) -> list[Figure]:
    """The figures of the module's docstring, from one page that grows to 10,000 containers."""
    context, page = open_ready_playground(browser, site_url)
    try:
        _run_line(page, " ; ".join(["docker run -d nginx"] * 10), 300)
        small = _per_command(page, runs, 0)
        before = page.evaluate(SIZES)
        page.evaluate(OBSERVE)
        started = time.monotonic()
        for count in LINES:
            _run_line(page, " ; ".join(["docker run -d nginx"] * count), 3_600)
        fill_s = time.monotonic() - started
        large = _per_command(page, runs, 1_000)
        _run_line(page, " ; ".join(["docker run -d nginx"] * 10), 300)
        after = page.evaluate(SIZES)
        made = _count(page)
        saved = page.evaluate("async () => (await window.__dockerNotesPlayground.save()) ?? null")
        if saved and saved.get("ok") is False:
            raise RuntimeError(f"the playground was not saved: {saved}")
        page.reload()
        page.locator(INPUT).click()
        page.wait_for_function(
            "() => window.__dockerNotesPlayground && window.__dockerNotesPlayground.status === 'ready'", timeout=600_000
        )
        back = _count(page)
    finally:
        context.close()
    note = f"{made:,} containers made in {fill_s:.0f} s (five lines in the terminal); {back:,} back after a reload"
    return [
        Figure(
            "per-command worker time at 9,990 containers",
            "ms",
            median(large),
            median(small),
            "the same at 10 containers",
            1.3,
            large,
            small,
            "run + rm -f pairs through the page's client",
        ),
        Figure(
            "longest main-thread task while 10,000 containers are made",
            "ms",
            float(after["longest"]),
            100.0,
            "budget",
            100.0,
            [float(after["longest"])],
            [],
            note,
            absolute=True,
        ),
        Figure(
            "DOM nodes with 10,000 containers",
            "nodes",
            float(after["nodes"]),
            float(before["nodes"]),
            "with 10 containers",
            5_000.0,
            [float(after["nodes"])],
            [float(before["nodes"])],
            absolute=True,
        ),
        Figure(
            "JS heap with 10,000 containers",
            "MB",
            round(after["heap"], 1),
            round(before["heap"], 1),
            "with 10 containers",
            300.0,
            [after["heap"]],
            [before["heap"]],
            absolute=True,
        ),
        Figure(
            "containers missing after a reload",
            "containers",
            float(made - back),
            0.0,
            "none",
            0.0,
            [float(made - back)],
            [],
            note,
            absolute=True,
        ),
    ]
