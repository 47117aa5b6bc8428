"""The shell's files: a working directory it may read and write, and nothing outside it."""

from __future__ import annotations

import os
from pathlib import Path

#: Largest file the shell writes (characters), so no redirect can fill the disk or the browser's memory.
MAX_FILE_CHARS = 2_000_000
#: Linux's limits, in UTF-8 bytes: one name (NAME_MAX) and a whole path (PATH_MAX). The browser's in-memory
#: filesystem has none, so they are checked here: a longer name would be saved and then fail elsewhere.
NAME_MAX = 255
PATH_MAX = 4096


def too_long(name: str) -> bool:
    """Whether a path (or one of its names) is longer than Linux allows (``File name too long``)."""
    encoded = name.encode("utf-8", "surrogatepass")
    return len(encoded) >= PATH_MAX or any(len(part) > NAME_MAX for part in encoded.split(b"/"))


class WorkspaceError(Exception):
    """A file operation the shell refuses or cannot do; the message reads like a shell's."""


class Workspace:
    """Path handling confined to ``root``: relative paths resolve against ``cwd``, never above ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.cwd = self.root

    def resolve(self, name: str, command: str = "bash") -> Path:
        """The real path for ``name``; an escape from the working directory is refused."""
        if not name:
            raise WorkspaceError(f"{command}: : No such file or directory")
        if too_long(name):
            raise WorkspaceError(f"{command}: {name}: File name too long")
        path = Path(os.path.normpath(self.cwd / name))
        if path != self.root and self.root not in path.parents:
            raise WorkspaceError(
                f"{command}: {name}: Permission denied (the simulator only uses files inside {self.root})"
            )
        return path

    def read(self, name: str, command: str = "bash") -> str:
        """Text of a file."""
        path = self.resolve(name, command)
        if path.is_dir():
            raise WorkspaceError(f"{command}: {name}: Is a directory")
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError as error:
            raise WorkspaceError(f"{command}: {name}: No such file or directory") from error
        except OSError as error:
            raise WorkspaceError(f"{command}: {name}: {error.strerror or 'cannot read'}") from error

    def write(self, name: str, text: str, command: str = "bash") -> None:
        """Create or replace a file (its folder must exist, as in a real shell)."""
        self._store(name, text, "w", command)

    def append(self, name: str, text: str, command: str = "bash") -> None:
        """Append to a file, creating it."""
        self._store(name, text, "a", command)

    def _store(self, name: str, text: str, mode: str, command: str) -> None:
        path = self.resolve(name, command)
        if path.is_dir():
            raise WorkspaceError(f"{command}: {name}: Is a directory")
        if not path.parent.is_dir():
            raise WorkspaceError(f"{command}: {name}: No such file or directory")
        size = path.stat().st_size if mode == "a" and path.exists() else 0
        if size + len(text) > MAX_FILE_CHARS:
            raise WorkspaceError(f"{command}: {name}: File too large for the simulator")
        try:
            with path.open(mode, encoding="utf-8", errors="replace") as handle:
                handle.write(text)
        except OSError as error:
            raise WorkspaceError(f"{command}: {name}: {error.strerror or 'cannot write'}") from error

    def display(self, path: Path) -> str:
        """How ``pwd`` shows a path."""
        return str(path)
