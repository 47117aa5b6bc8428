"""The Playground page's early start: an inline script in ``<head>`` that creates the simulator's worker.

The page's own modules run only after Material's bundle has been parsed and run; every download the
simulator needs starts inside its worker, so the worker is created by a tiny classic script placed right
after the Content-Security-Policy meta (before any stylesheet: a script after a pending stylesheet waits
for it). It keeps every message and error the worker sends until ``client.js`` adopts the worker on its
first start (``window.__dockerNotesEarlyWorker``). The worker's URL is built from :class:`WorkerFiles`,
the same values ``config.js`` gives ``client.js``, so both make the same URL (``client.js`` checks it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

CSP_META_RE = re.compile(r"<meta\s+http-equiv=[\"']?Content-Security-Policy[\"']?[^>]*>", re.I)
HEAD_RE = re.compile(r"<head(\s[^>]*)?>", re.I)

# Runs before the CSP hook hashes it (plugins/docker_notes/csp.py); `files` is filled in per build.
SCRIPT = """(() => {
  // The simulator's worker, created while the page arrives; client.js adopts it (and what it sent).
  const files = %s;
  const w = window;
  if (typeof Worker !== "function" || typeof WebAssembly !== "object") return;
  if (w.__dockerNotesEarlyWorker !== undefined || w.__dockerNotesPlayground) return;
  try {
    const base = new URL(files.base, document.baseURI);
    const url = new URL(files.worker, base);
    for (const name of ["pyodide", "wheel", "snapshot"]) {
      if (files[name]) url.searchParams.set(name, new URL(files[name], base).href);
    }
    const at = performance.now();
    // A slow link (client.js's slowLink(), the same test): the worker lets the wasm go ahead of the snapshot.
    const nav = performance.getEntriesByType("navigation")[0];
    const slow = nav && nav.responseStart > 0 && nav.responseStart - nav.requestStart >= 100;
    if (slow) url.searchParams.set("link", "slow");
    const worker = new Worker(url, { type: "module", name: "docker-playground" });
    const events = [];
    worker.onmessage = worker.onmessageerror = worker.onerror = (event) => {
      if (event.type === "error") event.preventDefault();
      events.push(event);
    };
    w.__dockerNotesEarlyWorker = { worker, url: url.href, events, at };
  } catch (error) {
    console.warn("playground: no early start, the page starts the simulator itself", error);
  }
})();"""


@dataclass(frozen=True)
class WorkerFiles:
    """What the simulator's worker is started with: URLs relative to the playground's assets folder.

    ``config.js`` carries them for ``client.js``; the early script embeds the same values.
    """

    worker: str
    pyodide: str
    wheel: str
    snapshot: str = ""

    def params(self) -> dict[str, str]:
        """The worker URL's parts, in the order ``client.js`` sets its query parameters (empty ones left out)."""
        parts = {"worker": self.worker, "pyodide": self.pyodide, "wheel": self.wheel, "snapshot": self.snapshot}
        return {key: value for key, value in parts.items() if value}


def early_script(files: WorkerFiles, assets_from_page: str) -> str:
    """The inline ``<script>`` element; ``assets_from_page`` is the assets folder relative to the page."""
    base = assets_from_page if assets_from_page.endswith("/") else assets_from_page + "/"
    data = json.dumps({"base": base, **files.params()}, separators=(", ", ": "))
    # JSON inside a script element: "<" escaped so no "</script>" can end it early.
    return "<script>" + SCRIPT % data.replace("<", "\\u003c") + "</script>"


def inject_early_script(html: str, script: str) -> str:
    """``html`` with ``script`` right after its CSP meta (else first in ``<head>``; unchanged without a head)."""
    anchor = CSP_META_RE.search(html) or HEAD_RE.search(html)
    if anchor is None:
        return html
    return html[: anchor.end()] + script + html[anchor.end() :]
