"""The file system a shell works on, as a protocol: the terminal's working directory or a container's files.

Utilities only ever touch files through :class:`Files`; a failure is a :class:`FileError` whose ``reason``
is the ``strerror`` a real system call would give ("No such file or directory", "Permission denied"…),
so each utility words the message as the real tool does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class FileError(Exception):
    """A file operation failed; ``reason`` reads like ``strerror``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Entry:
    """What ``ls -l`` shows about one file."""

    name: str
    is_dir: bool
    size: int


class Files(Protocol):
    """Paths are strings as the shell's user types them; relative ones resolve against :attr:`cwd`."""

    @property
    def cwd(self) -> str:
        """The working directory, as ``pwd`` prints it."""
        ...

    def chdir(self, name: str) -> None:
        """Change the working directory (FileError when it is not a directory)."""
        ...

    def read(self, name: str) -> str:
        """A file's text."""
        ...

    def write(self, name: str, text: str, *, append: bool = False) -> None:
        """Create, replace or append to a file (its folder must exist)."""
        ...

    def exists(self, name: str) -> bool:
        """Whether anything is at ``name``."""
        ...

    def is_dir(self, name: str) -> bool:
        """Whether ``name`` is a directory."""
        ...

    def listdir(self, name: str) -> list[Entry]:
        """A directory's entries, sorted by name (FileError when it is not one)."""
        ...

    def size(self, name: str) -> int:
        """A file's size in bytes."""
        ...

    def mkdir(self, name: str, *, parents: bool = False) -> None:
        """Create a directory (``parents``: ``mkdir -p``)."""
        ...

    def remove(self, name: str, *, recursive: bool = False) -> None:
        """Remove a file, or a directory with ``recursive``."""
        ...
