"""The host side of a bind mount: what the reader's files hold at a bind's source path.

A container reads a bind-mounted path live from the host (an edit on the host shows at once, as with docker).
The host is one file system for the terminal and the containers: inside the reader's folder (the engine's
``host_root``, the session's working directory) what a container writes, makes or removes through a bind is
done to the reader's files, and a missing ``-v`` source there is the directory docker creates; elsewhere
(``-v /var/log:/x``, which the terminal cannot reach) writes are kept in the engine's ``host_files``.
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


#: Largest file a container writes to the host through a bind (characters).
MAX_BIND_WRITE = 65_536


def inside(root: str, path: str) -> bool:
    """Whether the host ``path`` is in the reader's folder ``root`` (never when there is none)."""
    if not root:
        return False
    normal = os.path.normpath(path)
    return normal == root or normal.startswith(root.rstrip("/") + "/")


def write(host_files: dict[str, str], root: str, path: str, text: str, *, append: bool = False) -> str:
    """A container writes a host file through a bind; "" or the failure's reason."""
    if not inside(root, path):
        old = host_files.get(path, "") if append else ""
        host_files[path] = (old + text)[-MAX_BIND_WRITE:]
        return ""
    host_files.pop(path, None)
    try:
        old = (read(host_files, path) or "") if append else ""
        Path(path).write_text((old + text)[-MAX_BIND_WRITE:], encoding="utf-8")
    except IsADirectoryError:
        return "Is a directory"
    except OSError:
        return "No such file or directory"
    return ""


def make_dir(root: str, path: str, *, parents: bool = False) -> bool:
    """A container (or docker, for a missing ``-v`` source) makes a host directory; False when it cannot be
    made there (outside the reader's folder, or its parent missing without ``parents``)."""
    if not inside(root, path):
        return False
    try:
        Path(path).mkdir(parents=parents, exist_ok=True)
    except OSError:
        return False
    return True


def remove(host_files: dict[str, str], root: str, path: str) -> bool:
    """A container removes a host file or directory tree through a bind; False when nothing was there."""
    prefix = path.rstrip("/") + "/"
    kept = [key for key in host_files if key == path or key.startswith(prefix)]
    for key in kept:
        del host_files[key]
    if not inside(root, path) or os.path.normpath(path) == root:
        return bool(kept)
    host = Path(path)
    try:
        if host.is_dir() and not host.is_symlink():
            import shutil

            shutil.rmtree(host)
        elif host.exists() or host.is_symlink():
            host.unlink()
        else:
            return bool(kept)
    except OSError:
        return bool(kept)
    return True


def create_sources(host_files: dict[str, str], root: str, mounts: list[dict[str, object]]) -> None:
    """docker creates a ``-v`` bind's missing host path as a directory when the container starts."""
    for m in mounts:
        source = str(m.get("Source", ""))
        if m.get("Type") != "bind" or not source or read(host_files, source) is not None:
            continue
        if not is_dir(host_files, source):
            make_dir(root, source, parents=True)
