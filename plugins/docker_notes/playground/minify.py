"""Publish the front end's ES modules minified with esbuild, the worker bundled with its snapshot codec.

The sources in ``playground/web`` stay readable ES modules (tests and Node import them as they are); the
site gets each module minified (the same imports and exports, comments and long names gone: the Playground
page's modules are ~40 % smaller on the wire) with a source map beside it, and ``worker.js`` as one file with
``snapshot-codec.mjs``, its one static import, inside (a round trip less before the worker asks for the
runtime). Results are cached by a hash of the sources, the npm lock file and the esbuild arguments.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

ARGS = ("--minify", "--sourcemap", "--log-level=error")
"""Every module: minified (no bundling: imports stay imports, so the page shares its module instances)."""
WORKER_ARGS = ("--bundle", "--format=esm", *ARGS)
"""The worker: its static imports bundled in (the runtime's own modules are imported by URL at run time)."""
SUFFIXES = {".js", ".mjs"}
PRUNE_AFTER_S = 24 * 3600
"""Results of other sources are kept this long (another build may be about to link them)."""


def digest_of(web: Path, names: Iterable[str], worker: str, lock_file: Path) -> str:
    """A hash of the modules' names and bytes, the worker's name, the lock file (esbuild's version) and the
    arguments."""
    digest = hashlib.sha256(" ".join((*ARGS, "|", *WORKER_ARGS, "|", worker)).encode())
    for name in sorted(names):
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256((web / name).read_bytes()).digest())
    if lock_file.is_file():
        digest.update(hashlib.sha256(lock_file.read_bytes()).digest())
    return digest.hexdigest()


def run_esbuild(esbuild: Path, arguments: list[str], cwd: Path, what: str = "the front end") -> None:
    """Run esbuild with ``arguments`` in ``cwd``; a PluginError naming ``what`` when it fails."""
    result = subprocess.run([str(esbuild), *arguments], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"playground: esbuild could not minify {what}:\n{result.stderr.strip()}")


def minify(
    web: Path, names: list[str], *, worker: str, root: Path, node_modules: Path, cache_dir: Path
) -> dict[str, Path]:
    """Minify the modules ``names`` (paths relative to ``web``; ``worker`` bundled with its imports); returns
    each published name (and its ``.map``) → the built file."""
    names = [name for name in names if Path(name).suffix in SUFFIXES]
    esbuild = node_modules / ".bin" / "esbuild"
    if not esbuild.exists():
        raise PluginError(f"playground: {esbuild} is missing; run 'npm ci' (the front end is minified with it)")
    digest = digest_of(web, names, worker, root / "package-lock.json")
    folder = cache_dir / "frontend" / digest[:16]
    wanted = [*names, *(f"{name}.map" for name in names)]
    if not all((folder / name).is_file() for name in wanted):
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Built in a folder of its own and moved into place whole: a build running alongside may be minifying
        # too, and sites link the files (a file a site may hold is never rewritten).
        partial = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{digest[:16]}.", suffix=".part"))
        try:
            for suffix in sorted(SUFFIXES):  # esbuild names its output .js unless told
                group = [name for name in names if name != worker and Path(name).suffix == suffix]
                if group:
                    out = [f"--outdir={partial}", "--outbase=.", f"--out-extension:.js={suffix}"]
                    run_esbuild(esbuild, [*group, *ARGS, *out], web)
            if worker in names:
                run_esbuild(esbuild, [worker, *WORKER_ARGS, f"--outfile={partial / worker}"], web)
            missing = [name for name in wanted if not (partial / name).is_file()]
            if missing:
                raise PluginError(f"playground: esbuild did not write {', '.join(missing)}")
            partial.chmod(0o755)
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)  # a failed build's leftovers
            try:
                partial.replace(folder)
            except OSError:
                if not all((folder / name).is_file() for name in wanted):  # not another build's result in the way
                    raise
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        log.info("playground: minified %d front-end modules", len(names))
        # Older results go once a day has passed: builds running side by side (tests, benchmarks, edits in
        # between) each link the files of their own sources' folder until their copy step.
        now = time.time()
        for other in folder.parent.iterdir():
            if other != folder and not other.name.startswith(".") and now - other.stat().st_mtime > PRUNE_AFTER_S:
                shutil.rmtree(other, ignore_errors=True)
    return {name: folder / name for name in wanted}
