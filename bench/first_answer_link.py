"""First answers over modelled links (issue 20): bare Pyodide, the Playground page, and a first Try it.

Each link of :data:`bench.link.LINKS` (10 Mbps/40 ms, 1.6 Mbps/150 ms) serves the built site as a static host
with precompressed siblings does, through one shared modelled link (:mod:`bench.link`: the page's, its
workers' and the service worker's requests share it). Every sample is cold: a fresh persistent profile, its
browser left to finish its own start-up first (:func:`bench.first_answer.wait_browser_idle`). Interleaved,
in each run:

- **bare Pyodide**: the baseline page of :mod:`bench.first_answer`, navigation → ``runPython("1+1")``'s answer;
- **the Playground page**: navigation → the id a first ``docker run -d nginx`` prints, the command typed and
  sent as soon as the terminal is on screen (:data:`bench.first_answer.TYPE_FIRST_COMMAND`);
- **the first Try it of /beginner/**: once the page has loaded, a click on its first Try it button → the
  first answer the panel shows for the block's first line, Enter pressed (by a script in the page, through
  the terminal's own form) as soon as the panel offers the line. "Answer" is whatever the panel shows first
  for it: output of any stream (recorded or live), an exit status, or the panel moving on to the next line
  (a command that prints nothing).

Bytes are the response bodies the link carried from navigation until the answer reached the DOM (cut at
the answer's moment by the page's clock: what the page fetched while the benchmark heard of it is left out).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.browser import persistent
from bench.first_answer import TYPE_FIRST_COMMAND, WATCH, _answer_ms, wait_browser_idle, write_bare_page
from bench.link import LINKS, Link, Wire, serve_link
from bench.report import Figure, median

TRY_PAGE = "beginner/"
TRY_BUTTON = ".dnp-try-button"
TIMEOUT_MS = 240_000

#: Times the first Try it: click (capture listener) → Enter as soon as the panel offers the line → the first
#: answer drawn for it. ``window.__benchTryAnswered`` resolves with {ms, enterMs} (since the click).
TRY_IT = """
(() => {
  let answered;
  window.__benchTryAnswered = new Promise((resolve) => { answered = resolve; });
  const ANSWER = ".dnp-out, .dnp-err, .dnp-prog, .dnp-exit";
  let clickedAt = null;
  let sent = null;
  addEventListener("click", (event) => {
    if (clickedAt === null && event.target.closest?.("__BUTTON__")) clickedAt = performance.now();
  }, true);
  const shown = (root) => root.querySelectorAll(ANSWER).length;
  const offered = (field) => field.value;
  const observer = new MutationObserver(() => {
    if (clickedAt === null) return;
    const root = document.querySelector(".dnp-try-panel");
    const field = root?.querySelector(".dnp-term__input");
    if (!field || !field.form) return;
    if (sent === null) {
      if (!field.value.trim() || !field.getClientRects().length) return;
      sent = { at: performance.now(), answers: shown(root), line: offered(field) };
      field.focus();
      field.form.requestSubmit();
      return;
    }
    const movedOn = offered(field) !== sent.line && root.querySelector(".dnp-line--cmd");
    if (shown(root) > sent.answers || movedOn) {
      observer.disconnect();
      const now = performance.now();
      answered({ ms: now - clickedAt, enterMs: sent.at - clickedAt, at: now });
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})();
""".replace("__BUTTON__", TRY_BUTTON)


def one_sample(browser_type: Any, url: str, kind: str, wire: Wire) -> tuple[float, float]:
    """(ms, KiB on the link) of one cold sample of ``kind`` ("bare", "playground" or "try")."""
    with tempfile.TemporaryDirectory(prefix="bench-link-") as folder, persistent(Path(folder), browser_type) as context:
        context.add_init_script(WATCH)
        if kind == "playground":
            context.add_init_script(TYPE_FIRST_COMMAND)
        if kind == "try":
            context.add_init_script(TRY_IT)
        page = context.pages[0] if context.pages else context.new_page()
        wait_browser_idle(Path(folder))
        wire.reset()
        if kind != "try":
            page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
            ms = _answer_ms(page, TIMEOUT_MS)
            return ms, _kib_by(page, wire, ms)
        page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
        page.locator(TRY_BUTTON).first.click(timeout=TIMEOUT_MS)
        timing = page.evaluate(
            "(ms) => Promise.race([window.__benchTryAnswered,"
            " new Promise((resolve) => setTimeout(resolve, ms, null))])",
            TIMEOUT_MS,
        )
        if timing is None:
            raise TimeoutError(f"no Try it answer within {TIMEOUT_MS / 1000:.0f} s on {url}")
        return float(timing["ms"]), _kib_by(page, wire, float(timing["at"]))


def _kib_by(page: Any, wire: Wire, page_ms: float) -> float:
    """KiB the link had carried when the page's clock read ``page_ms`` (``performance.now()``)."""
    origin_ms = float(page.evaluate("performance.timeOrigin"))
    return wire.sent_by((origin_ms + page_ms) / 1000) / 1024


def measure_link(browser_type: Any, site: Path, link: Link, runs: int) -> list[Figure]:
    """The three figures of one link, ``runs`` interleaved cold samples of each."""
    samples: dict[str, list[tuple[float, float]]] = {"bare": [], "playground": [], "try": []}
    bare_page = write_bare_page(site)
    with serve_link(site, link) as (url, wire):
        pages = {"bare": url + bare_page, "playground": url + "playground/", "try": url + TRY_PAGE}
        for _ in range(runs):
            for kind, values in samples.items():
                values.append(one_sample(browser_type, pages[kind], kind, wire))
    ms = {kind: [sample[0] for sample in values] for kind, values in samples.items()}
    kib = {kind: [sample[1] for sample in values] for kind, values in samples.items()}
    bare = f"bare Pyodide over {link.name}"
    return [
        Figure(f"first answer over {link.name}", "ms", median(ms["playground"]), median(ms["bare"]), bare,
               link.first_answer_ratio, ms["playground"], ms["bare"],
               "cold; navigation → the id of a first `docker run -d nginx` / runPython('1+1')"),
        Figure(f"first answer bytes over {link.name}", "KiB", median(kib["playground"]), median(kib["bare"]), bare,
               1.0, kib["playground"], kib["bare"], "response bodies on the link from navigation to the answer"),
        Figure(f"first Try it over {link.name}", "ms", median(ms["try"]), median(ms["bare"]), bare,
               link.try_it_ms, ms["try"], ms["bare"],
               f"cold; /{TRY_PAGE} loaded, click on its first Try it → Enter → the first answer shown",
               absolute=True),
    ]


def measure(browser: Any, site: Path, runs: int, links: tuple[Link, ...] = LINKS) -> list[Figure]:
    """Every link's figures."""
    figures: list[Figure] = []
    for link in links:
        figures += measure_link(browser.browser_type, site, link, runs)
    return figures
