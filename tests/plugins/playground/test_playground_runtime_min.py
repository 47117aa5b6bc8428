"""Pyodide's Emscripten module minified for the snapshot start (runtime_min.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docker_notes.playground.runtime_min import NAME, minified_runtime

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "node_modules"
SOURCE = NODE_MODULES / "pyodide" / "pyodide.asm.mjs"

pytestmark = pytest.mark.skipif(
    not (NODE_MODULES / ".bin" / "esbuild").exists() or not SOURCE.is_file(), reason="npm ci not run"
)

#: The module's default export: Pyodide's factory, under its own name (esbuild's --keep-names).
PROBE = """
import create from %s;
console.log(JSON.stringify({ type: typeof create, name: create.name }));
"""


def test_it_is_smaller_made_once_and_keeps_its_export_and_names(tmp_path: Path) -> None:
    """Smaller than Pyodide's own, made once per content (the second call runs no esbuild), and still an ES
    module whose default export is Pyodide's factory under its own name (names are kept: Pyodide compares
    ``constructor.name``). That a runtime made from it answers everything: the snapshot corpus test."""
    first = minified_runtime(SOURCE, node_modules=NODE_MODULES, cache_dir=tmp_path)
    assert first.name == NAME
    assert first.stat().st_size < 0.95 * SOURCE.stat().st_size
    stamp = first.stat().st_mtime_ns
    assert minified_runtime(SOURCE, node_modules=NODE_MODULES, cache_dir=tmp_path) == first
    assert first.stat().st_mtime_ns == stamp
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = PROBE % repr(first.as_uri())
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == '{"type":"function","name":"_createPyodideModule"}'


def test_the_site_publishes_it_beside_pyodides_files(built_site: Path) -> None:
    """The worker imports it by name from Pyodide's folder; Pyodide's own module stays for a normal start."""
    folder = built_site / "assets" / "pyodide"
    assert (folder / NAME).is_file() and (folder / "pyodide.asm.mjs").is_file()
    assert (folder / NAME).stat().st_size < (folder / "pyodide.asm.mjs").stat().st_size
    assert f'"{NAME}"' in (built_site / "assets" / "playground" / "worker.js").read_text("utf-8")
