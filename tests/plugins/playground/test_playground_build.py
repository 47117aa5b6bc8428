"""What the built site carries for the playground: the page, the runtime, the wheel, the Try it marks."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docker_notes.playground.runtime import PYODIDE_FILES
from docker_notes.playground.runtime_min import NAME as RUNTIME_MIN


def test_playground_page_is_generated_with_its_mount_points(built_site: Path) -> None:
    """The Playground page exists only in the build, with the playground and the workbench containers."""
    root = Path(__file__).resolve().parents[3]
    assert not (root / "docs" / "playground.md").exists()
    page = (built_site / "playground" / "index.html").read_text(encoding="utf-8")
    assert "data-dnp-playground" in page
    assert re.search(r'<section id="workbench"[^>]*data-dnp-workbench', page)
    assert '<script src="../assets/playground/playground.js" type="module">' in page
    # The loader and the Try it buttons' styles are on every page; playground.css loads with the page's code.
    assert "assets/playground/tryit.css" in page
    assert (built_site / "assets" / "playground" / "playground.css").is_file()


def test_only_the_needed_pyodide_files_are_published(built_site: Path) -> None:
    """assets/pyodide holds the five runtime files and the snapshot start's minified copy of Pyodide's module
    (runtime_min.py), nothing else (no maps, no classic loader); their precompressed .br/.gz siblings are
    encodings of the same files (tests/plugins/assets)."""
    folder = built_site / "assets" / "pyodide"
    published = sorted(path.name for path in folder.iterdir() if path.suffix not in {".br", ".gz"})
    assert published == sorted([*PYODIDE_FILES, RUNTIME_MIN])


def test_one_wheel_is_published_and_config_points_at_it(built_site: Path) -> None:
    """config.js names the one wheel and the runtime folder, relative to the front end."""
    wheels = list((built_site / "assets" / "playground" / "wheels").rglob("*.whl"))
    assert len(wheels) == 1
    config = (built_site / "assets" / "playground" / "config.js").read_text(encoding="utf-8")
    data = json.loads(config[config.index("{") : config.rindex("}") + 1])
    assert (built_site / "assets" / "playground" / data["wheel"]).resolve() == wheels[0].resolve()
    assert (built_site / "assets" / "playground" / data["pyodide"] / "pyodide.mjs").is_file()
    assert data["page"] == "playground/"


def test_notes_blocks_and_cheat_sheet_slots_are_marked(built_site: Path) -> None:
    """Docker command blocks of the notes and the cheat sheet's slots carry a Try it spec."""
    beginner = (built_site / "beginner" / "index.html").read_text(encoding="utf-8")
    specs = [json.loads(html.unescape(m)) for m in re.findall(r'data-dnp-try="([^"]*)"', beginner)]
    lines = [item["line"] for spec in specs for item in spec["lines"]]
    assert "docker run -d --name my-nginx nginx" in lines
    assert not [line for line in lines if "[OPTIONS]" in line]
    cheatsheet = (built_site / "cheatsheet" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="cheatsheet-try"[^>]*data-dnp-try=', cheatsheet)
    assert not re.search(r'<div class="language-[^"]*highlight"[^>]*data-dnp-try=', cheatsheet)


def test_workbench_is_published_as_one_bundle(built_site: Path) -> None:
    """When playground/web/workbench/ exists it ships as one esbuild bundle, never as raw npm imports."""
    root = Path(__file__).resolve().parents[3]
    folder = built_site / "assets" / "playground" / "workbench"
    if not (root / "playground" / "web" / "workbench" / "index.js").is_file():
        assert not folder.exists()
        return
    files = sorted(path.name for path in folder.iterdir() if path.suffix not in {".br", ".gz"})  # siblings
    assert files == ["index.js", "index.js.map"]
    bundle = (folder / "index.js").read_text(encoding="utf-8")
    assert "mountWorkbench" in bundle
    assert not re.search(r"""from\s*["']@codemirror/""", bundle)
    config = (built_site / "assets" / "playground" / "config.js").read_text(encoding="utf-8")
    assert '"workbench": true' in config


def test_pages_with_try_it_name_the_panel_modules_to_preload(built_site: Path) -> None:
    """A notes page names every module a Try it press imports, so tryit.js preloads them in one round trip."""
    beginner = (built_site / "beginner" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<meta name="dnp-panel-modules" content="([^"]*)">', beginner)
    assert match, "no dnp-panel-modules meta on a page with Try it"
    names = match.group(1).split()
    assert {"tryit-panel.js", "client.js", "terminal.js", "lesson-client.js"} <= set(names)
    assert all((built_site / "assets" / "playground" / name).is_file() for name in names)
    # Largest first: the first wave of a host's six connections carries the big modules.
    sizes = [(built_site / "assets" / "playground" / name).stat().st_size for name in names if name != "config.js"]
    assert sizes == sorted(sizes, reverse=True) and names[0] == "terminal.js"
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert "dnp-panel-modules" not in index or "data-dnp-try" in index
