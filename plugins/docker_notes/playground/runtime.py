"""Which Pyodide files the site publishes: only what a module worker needs to start offline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
"""The loader (ES module), the Emscripten module, the WebAssembly binary, the standard library and the
lock file ``loadPyodide`` reads at start. No ``pyodide.js`` (classic script), source maps, type
declarations or console pages."""


@dataclass(frozen=True)
class RuntimeFile:
    """One Pyodide file: where it lies in ``node_modules`` and its path inside the site."""

    source: Path
    dest_uri: str


def runtime_files(node_modules: Path, dest_dir: str) -> list[RuntimeFile]:
    """The Pyodide files to copy under ``dest_dir``; a missing one fails the build."""
    root = node_modules / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (root / name).is_file()]
    if missing:
        raise PluginError(f"playground: {', '.join(missing)} missing from {root}; run 'npm ci'")
    return [RuntimeFile(root / name, f"{dest_dir.strip('/')}/{name}") for name in PYODIDE_FILES]
