"""The host side of a bind mount: what the reader's files hold at a bind's source path.

A container reads a bind-mounted path live from the host (an edit on the host shows at once, as with docker);
what a container wrote through a bind is kept in the engine's ``host_files`` and read first.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Largest host file a container reads through a bind mount (characters), so no read fills the memory.
MAX_BIND_READ = 2_000_000
#: Most entries listed from one host directory.
MAX_BIND_ENTRIES = 5000


def read(host_files: dict[str, str], path: str) -> str | None:
    """A host file's text, or None when ``path`` is missing or a directory."""
    if path in host_files:
        return host_files[path]
    host = Path(path)
    if not host.is_file():
        return None
    try:
        with host.open("rb") as handle:
            return handle.read(MAX_BIND_READ).decode("utf-8", "replace")
    except OSError:
        return None


def is_dir(host_files: dict[str, str], path: str) -> bool:
    """Whether ``path`` is a directory on the host (or holds files a container wrote)."""
    if path in host_files:
        return False
    prefix = path.rstrip("/") + "/"
    return Path(path).is_dir() or any(key.startswith(prefix) for key in host_files)


def listing(host_files: dict[str, str], path: str) -> list[str]:
    """Names in the host directory ``path`` (with what containers wrote there)."""
    names: set[str] = set()
    try:
        with os.scandir(path) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_BIND_ENTRIES:
                    break
                names.add(entry.name)
    except OSError:
        pass
    prefix = path.rstrip("/") + "/"
    names.update(key[len(prefix) :].split("/")[0] for key in host_files if key.startswith(prefix))
    return sorted(n for n in names if n)
