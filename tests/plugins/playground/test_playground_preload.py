"""The Playground page preloads every module its code will import (plugins/docker_notes/playground/preload.py)."""

from __future__ import annotations

import re
from pathlib import Path

from docker_notes.playground.preload import module_closure, static_imports

ROOT = Path(__file__).resolve().parents[3]


def test_static_imports_reads_import_and_export_forms() -> None:
    """Named, namespace, default, bare and multi-line imports and re-exports; never dynamic or bare-name ones."""
    source = """import config from "./config.js";
import * as store from './store.js';
import {
  a,
  b,
} from "./multi.js";
import "./side-effect.js";
export { h } from "../dom.js";
const later = import("./lazy.js");
import { x } from "pyodide";
// import { y } from "./commented.js";  (a comment is not at the start of a line)
"""
    assert static_imports(source) == ["./config.js", "./store.js", "./multi.js", "./side-effect.js", "../dom.js"]


def test_module_closure_follows_imports_once_and_lists_generated_modules(tmp_path: Path) -> None:
    """Transitive, each module once (cycles end), in the order found; a missing (generated) module is listed."""
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nimport c from "./sub/c.js";\n', encoding="utf-8")
    (tmp_path / "b.js").write_text('import { a } from "./a.js";\nimport config from "./config.js";\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.js").write_text('import { b } from "../b.js";\n', encoding="utf-8")
    assert module_closure(tmp_path, ["a.js"]) == ["a.js", "b.js", "sub/c.js", "config.js"]


def test_the_front_end_closure_covers_the_page_and_never_the_workbench() -> None:
    """The real modules: the terminal and its panels are in; the workbench and Try it stay lazy."""
    found = module_closure(ROOT / "playground" / "web", ["start.js", "load.js", "playground-page.js"])
    assert {"client.js", "config.js", "store.js", "terminal.js", "engine-view.js", "explain-panel.js"} <= set(found)
    assert not any(name.startswith("workbench/") or name.startswith("tryit") for name in found)


def test_the_built_page_preloads_its_modules_and_style(built_site: Path) -> None:
    """Every module of the closure has a modulepreload on the Playground page, the stylesheet a preload, and
    each preloaded file exists; the notes pages preload none of them. What the early start imports (the
    client) is preloaded first at the browser's priority, the modules that draw the page at low priority (the
    worker's runtime requests go before them on a host's six connections)."""
    html = (built_site / "playground" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="modulepreload" href="([^"]+)"( fetchpriority="low")?>', html)
    modules = [url for url, _ in links]
    found = module_closure(ROOT / "playground" / "web", ["start.js", "load.js", "playground-page.js"])
    assert sorted(Path(url).name for url in modules) == sorted(Path(name).name for name in found if name != "start.js")
    early = [name for name in module_closure(ROOT / "playground" / "web", ["start.js"]) if name != "start.js"]
    assert {"client.js", "store.js"} <= set(early)
    assert [Path(url).name for url, low in links if not low] == early
    assert {Path(url).name for url, low in links if low} == {name for name in found if name not in early} - {"start.js"}
    for url in modules:
        assert (built_site / "playground" / url).resolve().is_file(), url
    assert '<link rel="preload" as="style" href="../assets/playground/playground.css">' in html
    notes = (built_site / "beginner" / "index.html").read_text(encoding="utf-8")
    assert "modulepreload" not in notes
