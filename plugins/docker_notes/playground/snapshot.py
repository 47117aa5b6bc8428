"""A Pyodide memory snapshot with ``dockersim`` imported, made at site build under Node (``snapshot.mjs``).

The worker loads it with ``loadPyodide({_loadSnapshot})`` and so skips Python's start-up, the simulator's
imports and the downloads of the standard library, the lock file and the wheel. The snapshot holds only what
the first commands need (``dockersim.worker`` and what the build's warm-up imports), without what the worker
never uses (docstrings, line detail, annotations, some packages: ``snapshot_prepare.py``); everything else
the simulator can import (its other modules, and the standard library modules only they import, found under
Node from :func:`imported_modules`) is :data:`REST_NAME`, an archive beside it that the first command needing
it downloads (``snapshot_lazy.py``). The file format (memory XOR the wasm's data segments, stretches of zeros
left out) is ``playground/web/snapshot-codec.mjs``, shared by the builder and the worker. The worker asks for the file
itself, so a host with precompressed siblings (``docker-notes/assets``' ``precompress`` adds the ``.br``)
sends its Brotli or gzip; from a host that sends it as it is, it takes the :data:`GZIP_NAME` sibling,
written here with the file, instead. The worker falls back to the
normal start when the snapshot is missing or fails. Snapshots are cached under ``cache_dir`` keyed by the
Pyodide version, the wheel's source hash and the builder's own sources. Any failure here (no Node, an API
change) only logs a warning: the site builds and the playground starts the normal way.
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

from docker_notes.playground.wheel import prune_others

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

SCRIPT = Path(__file__).with_name("snapshot.mjs")
PREPARE = Path(__file__).with_name("snapshot_prepare.py")
"""The script's Python half: what is imported, and what is dropped, before the snapshot."""
LAZY = Path(__file__).with_name("snapshot_lazy.py")
"""The finder, inside the snapshot, that loads the rest archive on first use."""
CODEC = Path(__file__).resolve().parents[3] / "playground" / "web" / "snapshot-codec.mjs"
"""The snapshot format module (the worker reads what it writes); plugin.py passes the configured one."""
NAME = "dockersim.snapshot"
GZIP_NAME = NAME + ".gz"
"""The gzip sibling, written with it: what the worker downloads from a host that sends the file as it is."""
REST_NAME = "dockersim.rest.zip"
"""The rest archive, beside the snapshot: the ``dockersim`` modules and standard library files it lacks."""
BUILDER = "snapshot 4"
"""Part of the cache key (with the scripts' own bytes): bump it when the key's meaning changes."""
TIMEOUT_S = 900
"""The snapshot takes 20–60 s on an idle machine; a build beside a busy test run (two CPU-bound workers on
two cores) took over 180 s, and a missing snapshot fails a strict build."""
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
    for script in (SCRIPT, PREPARE, LAZY, codec):
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


def write_rest(out: Path, wheel: Path, stdlib: Path, held: set[str], stdlib_files: list[str]) -> None:
    """The rest archive at ``out``: the wheel's ``dockersim`` modules the snapshot does not hold (``held``:
    module names) and ``stdlib_files`` from Pyodide's standard library zip, each at its own path inside (the
    archive is written where the standard library zip was, so imported packages find their submodules).
    Deterministic: sorted, a fixed date, deflated."""
    entries: dict[str, bytes] = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if not (name.startswith("dockersim/") and name.endswith(".py")):
                continue
            module = name[: -len(".py")].replace("/", ".").removesuffix(".__init__")
            if module not in held:
                entries[name] = archive.read(name)
    with zipfile.ZipFile(stdlib) as archive:
        for name in stdlib_files:
            entries[name] = archive.read(name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])


def build_snapshot(
    node_modules: Path, wheel: Path, wheel_digest: str, cache_dir: Path, codec: Path = CODEC
) -> tuple[Path, str] | None:
    """(the raw snapshot, its key), built once per key with its :data:`GZIP_NAME` and :data:`REST_NAME`
    beside it; None (with a warning) when it cannot be made."""
    version = pyodide_version(node_modules)
    node = shutil.which("node")
    if not version or node is None:
        log.warning("playground: no snapshot (node or node_modules/pyodide missing); the worker starts normally")
        return None
    key = snapshot_key(version, wheel_digest, codec)
    folder = cache_dir / "snapshots" / key[:16]
    out = folder / NAME
    if out.is_file() and (folder / GZIP_NAME).is_file() and (folder / REST_NAME).is_file():
        return out, key
    folder.mkdir(parents=True, exist_ok=True)
    # A name of its own: builds running at once each write their own file, then rename it into place
    # (identical bytes; a site that hard-linked the previous file keeps it).
    partial = folder / f"{NAME}.{os.getpid()}.{os.urandom(4).hex()}.part"
    rest = partial.with_name(partial.name + ".zip")
    try:
        modules = ",".join(imported_modules(wheel))
        result = subprocess.run(
            [node, str(SCRIPT), str(node_modules / "pyodide"), str(wheel), str(codec), str(partial), modules],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )
        if result.returncode == 0:
            report = json.loads(result.stdout.strip().splitlines()[-1])
            stdlib = node_modules / "pyodide" / "python_stdlib.zip"
            write_rest(rest, wheel, stdlib, set(report["held"]), list(report["stdlib"]))
    except (OSError, SyntaxError, ValueError, LookupError, zipfile.BadZipFile, subprocess.TimeoutExpired) as exc:
        result = None
        error = str(exc)
    else:
        error = (result.stderr or "").strip()[-500:]
    if result is None or result.returncode != 0 or not partial.is_file() or not rest.is_file():
        partial.unlink(missing_ok=True)
        rest.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: a build running alongside may have made the snapshot meanwhile
        log.warning("playground: could not make the Pyodide snapshot (%s); the worker starts normally", error)
        return None
    packed = partial.with_name(partial.name + ".gz")
    packed.write_bytes(gzip.compress(partial.read_bytes(), compresslevel=9, mtime=0))
    packed.replace(folder / GZIP_NAME)
    rest.replace(folder / REST_NAME)
    partial.replace(out)
    sizes = out.stat().st_size, (folder / GZIP_NAME).stat().st_size, (folder / REST_NAME).stat().st_size
    log.info("playground: made a Pyodide snapshot (%d bytes, %d gzip) and the archive of the rest (%d bytes)", *sizes)
    prune_others(folder.parent, folder)
    return out, key
