"""Reading and writing the reader's own files (``--env-file``, ``load -i``, ``save -o``, a compose file…) without
trusting what they are.

A read never waits and never runs without bound: the file is opened without blocking (a FIFO with no writer
opens at once and reads as empty, as it reads in Go once nobody holds it open for writing; one fed by a
writer, ``--env-file <(…)``, reads what the writer sends) and is read once up to a limit, so ``/dev/zero``
or a 10 GB file ends in ``file too large``. A write docker makes with moby's ``atomicwriter`` (``save -o``,
``export -o``) refuses what it refuses (a FIFO, a device, a link) in its words and goes through a temporary
file renamed into place. Failures are :class:`OSError` with the file's name, for the caller to word as Go's ``open``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import posixpath
import stat
import tempfile
from pathlib import Path

#: The most bytes read from one of the reader's files.
MAX_READ = 64 * 1024 * 1024


def read_bytes(path: Path | str, limit: int = MAX_READ) -> bytes:
    """The bytes of the file at ``path``; :class:`OSError` (``EISDIR``, ``EFBIG``, the OS's own) otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if stat.S_ISFIFO(mode) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # with no writer the read sees end-of-file at once
        return read_open(fd, limit, path)
    finally:
        os.close(fd)


def read_open(fd: int, limit: int, path: Path | str) -> bytes:
    """What the open descriptor ``fd`` holds, read once up to ``limit`` bytes; past it :class:`OSError`
    ``EFBIG`` naming ``path`` (the descriptor stays open: its opener closes it)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG), str(path))
    return b"".join(chunks)


def read_text(path: Path | str, limit: int = MAX_READ, errors: str = "replace") -> str:
    """:func:`read_bytes` decoded as UTF-8 (``errors`` as :meth:`bytes.decode` takes it)."""
    return read_bytes(path, limit).decode("utf-8", errors)


class OutputPathError(Exception):
    """An output path docker's atomic writer refuses, in its words (``cannot write to a named pipe (FIFO)``)."""


_REFUSED = (
    (stat.S_ISDIR, "cannot write to a directory"),
    (stat.S_ISLNK, "cannot write to a symbolic link directly"),
    (stat.S_ISFIFO, "cannot write to a named pipe (FIFO)"),
    (stat.S_ISSOCK, "cannot write to a socket"),
    (stat.S_ISCHR, "cannot write to a character device file"),
    (stat.S_ISBLK, "cannot write to a block device file"),
)


def _go_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def check_output_path(name: str, cwd: Path) -> None:
    """moby's ``atomicwriter`` destination check, which ``save -o`` and ``export -o`` run before anything is
    sent: the folder must exist, and the target must be missing or a plain regular file. Messages name the
    path as the reader wrote it (``name``, relative to ``cwd``)."""
    if not name:
        raise OutputPathError("file name is empty")
    folder = posixpath.dirname(name.rstrip("/")) if name.rstrip("/") else "/"
    if folder not in ("", ".", ".."):
        try:
            is_dir = stat.S_ISDIR((cwd / folder).stat().st_mode)
        except OSError as exc:
            raise OutputPathError(f"invalid output path: stat {folder}: {_go_reason(exc)}") from None
        if not is_dir:
            raise OutputPathError(f"invalid output path: stat {folder}: not a directory")
    try:
        mode = (cwd / name).lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputPathError(f"failed to stat output path: lstat {name}: {_go_reason(exc)}") from None
    if stat.S_ISREG(mode) and not mode & (stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX):
        return
    for test, words in _REFUSED:
        if test(mode):
            raise OutputPathError(words)
    bit = "setuid" if mode & stat.S_ISUID else "setgid" if mode & stat.S_ISGID else "sticky bit"
    raise OutputPathError(f"cannot write to a {bit} file")


def write_atomic(name: str, cwd: Path, data: bytes) -> None:
    """``atomicwriter.New(name, 0o600)``, write, close: the destination is checked (:func:`check_output_path`),
    ``data`` goes to a temporary file beside it which is renamed over it; :class:`OutputPathError` in Go's
    words when that fails."""
    check_output_path(name, cwd)
    target = cwd / name
    try:
        fd, temp = tempfile.mkstemp(prefix=f".tmp-{target.name}", dir=target.parent)
    except OSError as exc:
        raise OutputPathError(f"open {name}: {_go_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(temp).replace(target)
    except OSError as exc:
        raise OutputPathError(f"write {name}: {_go_reason(exc)}") from None
    finally:
        with contextlib.suppress(OSError):
            Path(temp).unlink()


def make_dirs(path: Path) -> None:
    """``mkdir -p``: the missing folders from the top down, without recursion (pathlib's ``mkdir(parents=True)``
    and ``os.makedirs`` recurse once per level: a folder 1,100 deep ended in RecursionError)."""
    missing: list[Path] = []
    here = path
    while not here.is_dir() and here != here.parent:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)


def remove_tree(path: Path) -> None:
    """``rm -r``: a folder and all it holds, without recursion (``shutil.rmtree`` recurses once per level);
    links are removed, never followed."""
    stack: list[tuple[Path, bool]] = [(path, False)]
    while stack:
        folder, emptied = stack.pop()
        if emptied:
            folder.rmdir()
            continue
        stack.append((folder, True))
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((Path(entry.path), False))
                else:
                    Path(entry.path).unlink()
