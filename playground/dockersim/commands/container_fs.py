"""A container's files as one tree (image files, its own layer, its mounts), for ``cp``, ``diff`` and ``export``,
and the playground's own files on the other side of ``docker cp``."""

from __future__ import annotations

import io
import os
import posixpath
import stat
import tarfile
from pathlib import Path
from typing import Any

from dockersim.context import CommandContext, SimulatorError
from dockersim.engine.state import ContainerRecord


def side(engine: Any, c: ContainerRecord) -> Any:
    """The engine's file view of ``c`` as root (read_raw, write_raw, listing, is_dir, base_files)."""
    from dockersim.engine.shell import ContainerSide

    return ContainerSide(engine, c, "root", "/", {})


def walk(view: Any, root: str) -> list[tuple[str, str | None]]:
    """``(path, content)`` under ``root`` (content None for a directory), parents before children."""
    out: list[tuple[str, str | None]] = []
    stack = [root]
    seen: set[str] = set()
    while stack and len(out) < 5000:
        path = stack.pop()
        if path in seen:
            continue
        seen.add(path)
        if view.is_dir(path):
            out.append((path, None))
            for name in reversed(view.listing(path) or []):
                stack.append(posixpath.join(path, name))
        else:
            content = view.read_raw(path)
            if content is not None:
                out.append((path, content))
    return out


def tar_size(entries: list[tuple[str, str | None]]) -> int:
    """Bytes of the tar stream docker copies for ``entries`` (512-byte headers and blocks, 1 KiB trailer)."""
    total = 1024
    for _, content in entries:
        total += 512
        if content is not None:
            total += -(-len(content.encode("utf-8")) // 512) * 512
    return total


def tar_bytes(entries: list[tuple[str, str | None]], strip: str) -> bytes:
    """A tar archive of ``entries`` with ``strip`` removed from the front of every name."""
    buf = io.BytesIO()
    # PAX as Go's archive/tar writes a name longer than USTAR holds (a tree 2,000 folders deep); a short
    # ASCII name still gets a plain USTAR header
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, content in entries:
            name = path[len(strip) :].lstrip("/") if strip else path.lstrip("/")
            info = tarfile.TarInfo(name or ".")
            if content is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                data = content.encode("utf-8")
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def clear_special(path: Path) -> None:
    """Remove a FIFO or socket where ``docker cp`` writes a file: the client's untar removes what is not a
    directory before it creates the file (opening a FIFO to write would wait for a reader for ever)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        path.unlink()


def host_path(ctx: CommandContext, name: str) -> Path:
    """A path among the playground's files (relative to the working directory)."""
    path = Path(name)
    return path if path.is_absolute() else Path(ctx.cwd) / path


#: Entries ``docker cp`` takes from the playground's files, and the bytes it reads of one file (a container's
#: layer keeps at most the last 64 KiB of a file anyway).
MAX_HOST_ENTRIES = 5000
MAX_HOST_READ = 1 << 20


def read_host_tree(path: Path) -> list[tuple[str, str | None]]:
    """``(relative path, content)`` of a playground file or folder (folder entries have content None).

    The first :data:`MAX_HOST_ENTRIES` entries in name order, walked with a stack (a tree 2,000 folders deep
    is no recursion) without following links and stopping at the bound (``docker cp / c:/x`` never walks
    the whole disk). Only regular files are opened: a FIFO, socket or device is copied empty, never read
    (a FIFO would wait for a writer for ever, ``/dev/zero`` never ends)."""
    if not path.is_dir():
        return [("", _read(path))]
    out: list[tuple[str, str | None]] = [("", None)]
    stack: list[tuple[str, bool]] = [("", True)]
    while stack and len(out) <= MAX_HOST_ENTRIES:
        rel, is_dir = stack.pop()
        if rel:
            out.append((rel, None if is_dir else _read_member(path / rel)))
        if not is_dir:
            continue
        try:
            with os.scandir(path / rel if rel else path) as found:
                children = sorted((entry.name, _is_dir(entry)) for entry in found)
        except OSError:
            continue
        stack.extend((f"{rel}/{name}" if rel else name, child_dir) for name, child_dir in reversed(children))
    return out[: MAX_HOST_ENTRIES + 1]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _read_member(path: Path) -> str:
    """A file inside a copied folder: a link that leads nowhere (dangling, a loop) is copied empty."""
    try:
        return _read(path)
    except SimulatorError:
        if path.is_symlink():
            return ""
        raise


def _read(path: Path) -> str:
    """A regular file's text (at most :data:`MAX_HOST_READ` bytes, opened without blocking); ``""`` for
    any other kind of file."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # /dev/tty cannot even be opened without a terminal
            return ""
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return ""
            chunks: list[bytes] = []
            size = 0
            while size < MAX_HOST_READ and (chunk := os.read(fd, min(1 << 16, MAX_HOST_READ - size))):
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SimulatorError(f"open {path}: {exc.strerror.lower() if exc.strerror else exc}") from None
    return b"".join(chunks).decode("utf-8", "replace")
