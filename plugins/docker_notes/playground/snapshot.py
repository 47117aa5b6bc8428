"""A Pyodide memory snapshot with ``dockersim`` imported, made at site build under Node (``snapshot.mjs``).

The worker loads it with ``loadPyodide({_loadSnapshot})`` and so skips Python's start-up, the simulator's
imports and the downloads of the standard library, the lock file and the wheel: every module the simulator
can import (:func:`imported_modules`) is imported in the snapshot, and what it never uses (docstrings, line
detail, annotations, some packages) is dropped first (``snapshot_prepare.py``). The file format (memory
XOR the wasm's data segments) is ``playground/web/snapshot-codec.mjs``, shared by the builder and the
worker. The file is published beside its ``.gz``, which is what the worker downloads and inflates (any
host sends it as it is, and it reads back from the service worker's cache four times faster than the raw
file); the raw file is its fallback. The worker falls back to the normal start when the snapshot is
missing or fails. Snapshots are cached under ``cache_dir`` keyed by the Pyodide version, the wheel's
source hash and the builder's own sources. Any failure here (no Node, an API change) only logs a warning:
the site builds and the playground starts the normal way.
"""

from __future__ import annotations

import ast
import contextlib
import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

SCRIPT = Path(__file__).with_name("snapshot.mjs")
PREPARE = Path(__file__).with_name("snapshot_prepare.py")
"""The script's Python half: what is imported, and what is dropped, before the snapshot."""
CODEC = Path(__file__).resolve().parents[3] / "playground" / "web" / "snapshot-codec.mjs"
"""The snapshot format module (the worker reads what it writes); plugin.py passes the configured one."""
NAME = "dockersim.snapshot"
GZIP_NAME = NAME + ".gz"
"""The gzip sibling: what the worker downloads (the raw file is its fallback)."""
BUILDER = "snapshot 3"
"""Part of the cache key (with the scripts' own bytes): bump it when the key's meaning changes."""
TIMEOUT_S = 180
LAZY_STDLIB = ("_strptime", "encodings.ascii", "encodings.latin_1", "encodings.utf_8_sig", "encodings.idna")
"""Standard-library modules the standard library itself imports lazily on paths the simulator reaches
(``datetime.strptime``, codec look-ups)."""


def pyodide_version(node_modules: Path) -> str:
    """The installed npm ``pyodide`` version ("" when unknown)."""
    try:
        return str(json.loads((node_modules / "pyodide" / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return ""


def snapshot_key(version: str, wheel_digest: str, codec: Path = CODEC) -> str:
    """The cache key: Pyodide version, the simulator's source hash, the builder and its scripts."""
    digest = hashlib.sha256(f"{BUILDER}\0{version}\0{wheel_digest}".encode())
    for script in (SCRIPT, PREPARE, codec):
        digest.update(script.read_bytes() if script.is_file() else b"-")
    return digest.hexdigest()


def imported_modules(wheel: Path) -> list[str]:
    """Every module the wheel's Python sources import, anywhere (functions too), plus :data:`LAZY_STDLIB`.

    ``from x import y`` lists both ``x`` and ``x.y`` (``y`` may be a submodule); the snapshot builder skips
    names that are not modules. Only absolute imports outside the wheel's own package and in the standard
    library matter; the list keeps them all, sorted.
    """
    names: set[str] = set(LAZY_STDLIB)
    with zipfile.ZipFile(wheel) as archive:
        for entry in archive.namelist():
            if not entry.endswith(".py"):
                continue
            tree = ast.parse(archive.read(entry), filename=entry)
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module)
                    names.update(f"{node.module}.{alias.name}" for alias in node.names)
    stdlib = sys.stdlib_module_names
    return sorted(name for name in names if name.split(".")[0] in stdlib)


def build_snapshot(
    node_modules: Path, wheel: Path, wheel_digest: str, cache_dir: Path, codec: Path = CODEC
) -> tuple[Path, str] | None:
    """(the raw snapshot, its key), built once per key with its :data:`GZIP_NAME` beside it; None (with a
    warning) when it cannot be made."""
    version = pyodide_version(node_modules)
    node = shutil.which("node")
    if not version or node is None:
        log.warning("playground: no snapshot (node or node_modules/pyodide missing); the worker starts normally")
        return None
    key = snapshot_key(version, wheel_digest, codec)
    folder = cache_dir / "snapshots" / key[:16]
    out = folder / NAME
    if out.is_file() and (folder / GZIP_NAME).is_file():
        return out, key
    folder.mkdir(parents=True, exist_ok=True)
    # A name of its own: builds running at once each write their own file, then rename it into place
    # (identical bytes; a site that hard-linked the previous file keeps it).
    partial = folder / f"{NAME}.{os.getpid()}.{os.urandom(4).hex()}.part"
    try:
        modules = ",".join(imported_modules(wheel))
        result = subprocess.run(
            [node, str(SCRIPT), str(node_modules / "pyodide"), str(wheel), str(codec), str(partial), modules],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )
    except (OSError, SyntaxError, zipfile.BadZipFile, subprocess.TimeoutExpired) as exc:
        result = None
        error = str(exc)
    else:
        error = (result.stderr or "").strip()[-500:]
    if result is None or result.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: a build running alongside may have made the snapshot meanwhile
        log.warning("playground: could not make the Pyodide snapshot (%s); the worker starts normally", error)
        return None
    packed = partial.with_name(partial.name + ".gz")
    packed.write_bytes(gzip.compress(partial.read_bytes(), compresslevel=9, mtime=0))
    packed.replace(folder / GZIP_NAME)
    partial.replace(out)
    sizes = out.stat().st_size, (folder / GZIP_NAME).stat().st_size
    log.info("playground: made a Pyodide snapshot (%d bytes, %d gzip)", *sizes)
    for other in folder.parent.iterdir():
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    return out, key
