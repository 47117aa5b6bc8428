"""Build the pure-Python ``dockersim`` wheel with the standard library, cached by a hash of its sources.

Pyodide installs it with ``pyodide.loadPackage(url)``; ``pyodide build`` cannot run here and the
project's own ``pyproject.toml`` also packages the MkDocs plugins, so the wheel is written directly:
only the ``dockersim`` package plus ``METADATA``, ``WHEEL`` and ``RECORD`` (PEP 427 / PEP 376).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docker_notes.buildcache import source_files, tree_digest

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

DIST = "dockersim"
TAG = "py3-none-any"
BUILDER = "docker-notes-playground 1"
"""Part of the cache key: bump it when the wheel layout changes."""
EPOCH = (1980, 1, 1, 0, 0, 0)
_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@dataclass(frozen=True)
class Wheel:
    """A built wheel: its file on disk, its file name and the source hash it was built from."""

    path: Path
    filename: str
    digest: str


def package_files(package: Path) -> list[Path]:
    """The files that go into the wheel, sorted: sources and data, no caches or compiled files."""
    return source_files(package)


def version_of(package: Path) -> str:
    """``__version__`` from the package's ``__init__.py`` (``0.0.0`` when absent)."""
    init = package / "__init__.py"
    match = _VERSION.search(init.read_text(encoding="utf-8")) if init.is_file() else None
    return match.group(1) if match else "0.0.0"


def source_digest(package: Path) -> str:
    """A hash of every file's relative path and content, and of the builder's layout version."""
    return tree_digest(package, package_files(package), salt=BUILDER)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def metadata(version: str) -> str:
    """The ``METADATA`` file (core metadata 2.1)."""
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST}\n"
        f"Version: {version}\n"
        "Summary: A pure-Python simulator of the docker CLI, a docker engine and docker build.\n"
        "License: MIT\n"
        "Requires-Python: >=3.11\n"
    )


def wheel_file() -> str:
    """The ``WHEEL`` file."""
    return f"Wheel-Version: 1.0\nGenerator: {BUILDER}\nRoot-Is-Purelib: true\nTag: {TAG}\n"


def write_wheel(package: Path, target_dir: Path) -> Path:
    """Write ``dockersim-<version>-py3-none-any.whl`` into ``target_dir`` (deterministic bytes)."""
    version = version_of(package)
    filename = f"{DIST}-{version}-{TAG}.whl"
    dist_info = f"{DIST}-{version}.dist-info"
    entries: list[tuple[str, bytes]] = [
        (f"{DIST}/{path.relative_to(package).as_posix()}", path.read_bytes()) for path in package_files(package)
    ]
    entries.append((f"{dist_info}/METADATA", metadata(version).encode()))
    entries.append((f"{dist_info}/WHEEL", wheel_file().encode()))
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / filename
    # A name of its own: a build running alongside may be writing the same wheel, and sites link the result.
    handle, temp = tempfile.mkstemp(dir=target_dir, prefix=f".{filename}.", suffix=".part")
    os.close(handle)
    partial = Path(temp)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        partial.chmod(0o644)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def build_wheel(package: Path, cache_dir: Path) -> Wheel:
    """The wheel for the current sources: reused from ``cache_dir/<hash>/`` or built there (older ones removed)."""
    if not (package / "__init__.py").is_file():
        raise FileNotFoundError(f"{package} is not a Python package (no __init__.py)")
    digest = source_digest(package)
    folder = cache_dir / digest[:16]
    existing = sorted(folder.glob(f"{DIST}-*.whl")) if folder.is_dir() else []
    if existing:
        path = existing[0]
    else:
        path = write_wheel(package, folder)
        log.info("playground: built %s (%d bytes)", path.name, path.stat().st_size)
        prune_others(cache_dir, folder)
    return Wheel(path=path, filename=path.name, digest=digest)


PRUNE_AFTER_S = 3600
"""Other cache folders go only once this old: a build running alongside (another checkout state, another
helper) may still be linking the one it made a moment ago."""


def prune_others(cache_dir: Path, keep: Path, older_than_s: float = PRUNE_AFTER_S) -> None:
    """Remove the folders of ``cache_dir`` other than ``keep`` that were last changed ``older_than_s`` ago."""
    now = time.time()
    for other in cache_dir.iterdir():
        try:
            stale = other.is_dir() and other != keep and now - other.stat().st_mtime > older_than_s
        except OSError:
            continue  # removed meanwhile by a build alongside
        if stale:
            shutil.rmtree(other, ignore_errors=True)
