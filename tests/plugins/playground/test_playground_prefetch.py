"""Prefetch when cheap (playground/web/prefetch.js): the runtime downloads in the background only on a
connection the browser calls cheap, and the first Try it panel can say what came and how much."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

MODULE = "../assets/playground/prefetch.js"  # from /beginner/


def test_only_a_fast_unmetered_connection_is_cheap(page: object, site_url: str) -> None:
    """Save-Data, a slower effective type, a cellular or metered link, or no information at all: never."""
    page.goto(site_url + "beginner/")  # type: ignore[attr-defined]
    verdicts = page.evaluate(  # type: ignore[attr-defined]
        """async (module) => {
          const { cheapConnection } = await import(new URL(module, document.baseURI).href);
          return [
            { effectiveType: "4g", saveData: false },
            { effectiveType: "4g", saveData: false, type: "wifi" },
            { effectiveType: "4g", saveData: true },
            { effectiveType: "3g", saveData: false },
            { effectiveType: "4g", saveData: false, type: "cellular" },
            { effectiveType: "4g", saveData: false, metered: true },
            undefined,
          ].map((connection) => cheapConnection(connection ?? null));
        }""",
        MODULE,
    )
    assert verdicts == [True, True, False, False, False, False, False]


def test_a_cheap_connection_downloads_the_snapshot_start_and_reports_it(page: object, site_url: str) -> None:
    """On a cheap connection the runtime a snapshot start needs is downloaded (no simulator is started), each
    file is reported with its bytes on the wire, and the panel's sentence names them once."""
    page.add_init_script(  # type: ignore[attr-defined]
        "Object.defineProperty(Navigator.prototype, 'connection', "
        "{ get: () => ({ effectiveType: '4g', saveData: false }), configurable: true });"
    )
    page.goto(site_url + "beginner/")  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        """async (module) => {
          const prefetch = await import(new URL(module, document.baseURI).href);
          const events = [];
          addEventListener("dnp:prefetch", (event) => events.push(event.detail));
          const finished = new Promise((resolve) => addEventListener("dnp:prefetch", (event) => {
            if (event.detail.done) resolve();
          }));
          prefetch.prefetchWhenCheap({ visibleMs: 0 });
          await finished;
          const report = prefetch.prefetchReport();
          return {
            report,
            events: events.length,
            note: prefetch.takePrefetchNote(),
            again: prefetch.takePrefetchNote(),
            started: window.__dockerNotesPlayground?.status ?? "idle",
          };
        }""",
        MODULE,
    )
    report = result["report"]
    names = [file["name"] for file in report["files"]]
    wanted = {"worker.js", "pyodide.asm.wasm", "pyodide.asm.min.mjs", "dockersim.snapshot", "dockersim.rest.zip"}
    assert wanted <= set(names)
    assert "pyodide.asm.mjs" not in names  # the snapshot start's runtime is the minified copy
    assert "python_stdlib.zip" not in names  # a snapshot start needs no standard library
    assert report["done"] and report["bytes"] == sum(file["bytes"] for file in report["files"]) > 1_000_000
    assert result["events"] == len(names) + 1
    assert "pyodide.asm.wasm" in result["note"] and "in all" in result["note"]
    assert result["again"] is None
    assert result["started"] == "idle"


def test_a_slow_connection_downloads_nothing(page: object, site_url: str) -> None:
    """Effective type 3g: nothing is fetched and there is nothing to report."""
    page.add_init_script(  # type: ignore[attr-defined]
        "Object.defineProperty(Navigator.prototype, 'connection', "
        "{ get: () => ({ effectiveType: '3g', saveData: false }), configurable: true });"
    )
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))  # type: ignore[attr-defined]
    page.goto(site_url + "beginner/")  # type: ignore[attr-defined]
    report = page.evaluate(  # type: ignore[attr-defined]
        """async (module) => {
          const prefetch = await import(new URL(module, document.baseURI).href);
          prefetch.prefetchWhenCheap({ visibleMs: 0 });
          await new Promise((resolve) => setTimeout(resolve, 500));
          return prefetch.prefetchReport();
        }""",
        MODULE,
    )
    assert report is None
    assert not [url for url in asked if "/assets/pyodide/" in url or "/snapshots/" in url]
