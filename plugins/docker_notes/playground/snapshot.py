"""A Pyodide memory snapshot with ``dockersim`` imported, made at site build under Node (``snapshot.mjs``).

The worker loads it with ``loadPyodide({_loadSnapshot})`` and so skips Python's start-up and the
simulator's imports; it falls back to the normal start when the snapshot is missing or fails. Snapshots
are cached under ``cache_dir`` keyed by the Pyodide version and the wheel's source hash. Any failure here
(no Node, an API change) only logs a warning: the site builds and the playground starts the normal way.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

SCRIPT = Path(__file__).with_name("snapshot.mjs")
NAME = "dockersim.snapshot.gz"
BUILDER = "snapshot 1"
"""Part of the cache key: bump it when snapshot.mjs changes what it imports."""
TIMEOUT_S = 180


def pyodide_version(node_modules: Path) -> str:
    """The installed npm ``pyodide`` version ("" when unknown)."""
    try:
        return str(json.loads((node_modules / "pyodide" / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return ""


def snapshot_key(version: str, wheel_digest: str) -> str:
    """The cache key: Pyodide version, the simulator's source hash and the builder version."""
    import hashlib

    return hashlib.sha256(f"{BUILDER}\0{version}\0{wheel_digest}".encode()).hexdigest()


def build_snapshot(node_modules: Path, wheel: Path, wheel_digest: str, cache_dir: Path) -> tuple[Path, str] | None:
    """(the gzip snapshot, its key), built once per key; None (with a warning) when it cannot be made."""
    version = pyodide_version(node_modules)
    node = shutil.which("node")
    if not version or node is None:
        log.warning("playground: no snapshot (node or node_modules/pyodide missing); the worker starts normally")
        return None
    key = snapshot_key(version, wheel_digest)
    folder = cache_dir / "snapshots" / key[:16]
    out = folder / NAME
    if out.is_file():
        return out, key
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / (NAME + ".part")
    try:
        result = subprocess.run(
            [node, str(SCRIPT), str(node_modules / "pyodide"), str(wheel), str(partial)],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        result = None
        error = str(exc)
    else:
        error = (result.stderr or "").strip()[-500:]
    if result is None or result.returncode != 0 or not partial.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        log.warning("playground: could not make the Pyodide snapshot (%s); the worker starts normally", error)
        return None
    partial.replace(out)
    log.info("playground: made a Pyodide snapshot (%d bytes gzip)", out.stat().st_size)
    for other in folder.parent.iterdir():
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    return out, key
