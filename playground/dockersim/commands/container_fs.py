"""A container's files as one tree (image files, its own layer, its mounts), for ``cp``, ``diff`` and ``export``,
and the playground's own files on the other side of ``docker cp``."""

from __future__ import annotations

import io
import posixpath
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
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
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


def host_path(ctx: CommandContext, name: str) -> Path:
    """A path among the playground's files (relative to the working directory)."""
    path = Path(name)
    return path if path.is_absolute() else Path(ctx.cwd) / path


def read_host_tree(path: Path) -> list[tuple[str, str | None]]:
    """``(relative path, content)`` of a playground file or folder (folder entries have content None)."""
    if path.is_file():
        return [("", _read(path))]
    out: list[tuple[str, str | None]] = [("", None)]
    for child in sorted(path.rglob("*"))[:5000]:
        rel = child.relative_to(path).as_posix()
        out.append((rel, None if child.is_dir() else _read(child)))
    return out


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        raise SimulatorError(f"open {path}: {exc.strerror.lower() if exc.strerror else exc}") from None
