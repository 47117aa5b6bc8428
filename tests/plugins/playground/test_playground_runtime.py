"""Which Pyodide files the site publishes: the five a module worker needs, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from docker_notes.playground.runtime import PYODIDE_FILES, runtime_files
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[3]


def test_runtime_files_are_the_loader_binary_stdlib_and_lock() -> None:
    """Exactly pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip and pyodide-lock.json."""
    files = runtime_files(ROOT / "node_modules", "assets/pyodide/")
    assert [item.dest_uri for item in files] == [f"assets/pyodide/{name}" for name in PYODIDE_FILES]
    assert {item.source.name for item in files} == {
        "pyodide.mjs",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "python_stdlib.zip",
        "pyodide-lock.json",
    }
    assert all(item.source.is_file() for item in files)


def test_missing_runtime_file_fails_the_build(tmp_path: Path) -> None:
    """A node_modules without Pyodide's binary is a build error naming the file, not a broken site."""
    (tmp_path / "pyodide").mkdir()
    for name in PYODIDE_FILES:
        if name != "pyodide.asm.wasm":
            (tmp_path / "pyodide" / name).write_text("x", encoding="utf-8")
    with pytest.raises(PluginError, match=r"pyodide\.asm\.wasm"):
        runtime_files(tmp_path, "assets/pyodide")
