"""Pyodide's Emscripten module (``pyodide.asm.mjs``) minified by esbuild, for the worker's snapshot start.

Pyodide ships that module with its whitespace gone but its long local names kept: 1.25 MB of JavaScript that
every cold start downloads and compiles before the runtime can be made. esbuild shortens the names it can
(it leaves those of every scope a direct ``eval`` can see, as Emscripten's ``EM_ASM`` code needs; names of
functions and classes stay, as ``--keep-names`` keeps them: Pyodide tests ``constructor.name``): 1.11 MB,
~18 KB less Brotli. The snapshot start imports this copy (``worker.js``); a normal start, and a page that
loads Pyodide itself, get Pyodide's own file. Cached by the source's bytes and the arguments.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from docker_notes.playground.minify import run_esbuild

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

NAME = "pyodide.asm.min.mjs"
"""The minified copy's name, beside Pyodide's own files (``worker.js`` imports it by this name)."""
ARGS = ("--minify", "--keep-names", "--format=esm", "--log-level=error")


def minified_runtime(source: Path, *, node_modules: Path, cache_dir: Path) -> Path:
    """``source`` (Pyodide's ``pyodide.asm.mjs``) minified, made once per content under ``cache_dir``."""
    esbuild = node_modules / ".bin" / "esbuild"
    if not esbuild.exists():
        raise PluginError(f"playground: {esbuild} is missing; run 'npm ci' (Pyodide's module is minified with it)")
    digest = hashlib.sha256(" ".join(ARGS).encode() + b"\0" + source.read_bytes()).hexdigest()
    out = cache_dir / "runtime" / digest[:16] / NAME
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own, renamed into place: builds running at once each write their own file.
    partial = out.with_name(f"{NAME}.{os.getpid()}.{os.urandom(4).hex()}.part.mjs")
    try:
        run_esbuild(esbuild, [str(source), *ARGS, f"--outfile={partial}"], source.parent, "Pyodide's module")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    log.info("playground: minified Pyodide's module (%d -> %d bytes)", source.stat().st_size, out.stat().st_size)
    return out
