"""Bundle the Dockerfile workbench (``playground/web/workbench/``, CodeMirror imports) with esbuild.

The rest of the front end is plain ES modules, each minified on its own (``minify.py``); the workbench
imports npm packages by name, which browsers cannot resolve, so it ships as one esbuild bundle. Bundles are cached by a
hash of the workbench sources, the lock file and the esbuild arguments; nothing built is committed.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

ARGS = ("--bundle", "--format=esm", "--target=es2020", "--minify", "--sourcemap", "--log-level=warning")
SOURCE_SUFFIXES = {".js", ".mjs", ".css", ".json"}


def bundle_digest(entry_dir: Path, lock_file: Path) -> str:
    """A hash of the workbench's sources, the npm lock file and the esbuild arguments."""
    digest = hashlib.sha256(" ".join(ARGS).encode())
    for path in sorted(p for p in entry_dir.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES):
        digest.update(path.relative_to(entry_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    if lock_file.is_file():
        digest.update(hashlib.sha256(lock_file.read_bytes()).digest())
    return digest.hexdigest()


def bundle(entry: Path, *, root: Path, node_modules: Path, cache_dir: Path) -> list[Path]:
    """Bundle ``entry`` (cached); returns ``index.js`` and its source map."""
    esbuild = node_modules / ".bin" / "esbuild"
    if not esbuild.exists():
        raise PluginError(f"playground: {esbuild} is missing; run 'npm ci' (the workbench needs bundling)")
    digest = bundle_digest(entry.parent, root / "package-lock.json")
    folder = cache_dir / "workbench" / digest[:16]
    out = folder / "index.js"
    if not out.is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        # esbuild writes into a folder of its own, moved into place whole: a build running alongside may be
        # bundling too, and sites link the files (never rewrite a file a site may hold).
        partial = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{digest[:16]}.", suffix=".part"))
        try:
            result = subprocess.run(
                [str(esbuild), str(entry), *ARGS, f"--outfile={partial / out.name}"],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise PluginError(f"playground: esbuild could not bundle {entry}:\n{result.stderr.strip()}")
            partial.chmod(0o755)
            if folder.is_dir() and not out.is_file():
                shutil.rmtree(folder, ignore_errors=True)  # a failed build's leftovers
            try:
                partial.replace(folder)
            except OSError:
                if not out.is_file():  # not another build's finished bundle in the way: a real failure
                    raise
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        log.info("playground: bundled %s (%d bytes)", entry.relative_to(root), out.stat().st_size)
        for other in folder.parent.iterdir():
            if other != folder and not other.name.startswith("."):
                shutil.rmtree(other, ignore_errors=True)
    return [path for path in (out, folder / "index.js.map") if path.is_file()]
