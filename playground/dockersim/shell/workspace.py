"""The terminal's files: a working directory the shell may read and write, and nothing outside it."""

from __future__ import annotations

import os
from pathlib import Path

from dockersim.hostfile import make_dirs, remove_tree
from dockersim.shell.files import Entry, FileError

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


class Workspace:
    """:class:`dockersim.shell.files.Files` confined to ``root``: paths never resolve above it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.here = self.root

    @property
    def cwd(self) -> str:
        """The working directory, as ``pwd`` prints it."""
        return str(self.here)

    def resolve(self, name: str) -> Path:
        """The real path for ``name``; an escape from the working directory is refused."""
        if not name:
            raise FileError("No such file or directory")
        if too_long(name):
            raise FileError("File name too long")
        path = Path(os.path.normpath(self.here / name))
        if path != self.root and self.root not in path.parents:
            raise FileError(f"Permission denied (the simulator only uses files inside {self.root})")
        return path

    def chdir(self, name: str) -> None:
        """``cd``."""
        path = self.resolve(name)
        if not path.is_dir():
            raise FileError("Not a directory" if path.exists() else "No such file or directory")
        self.here = path

    def read(self, name: str) -> str:
        """Text of a file."""
        path = self.resolve(name)
        if path.is_dir():
            raise FileError("Is a directory")
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError as error:
            raise FileError("No such file or directory") from error
        except OSError as error:
            raise FileError(error.strerror or "cannot read") from error

    def write(self, name: str, text: str, *, append: bool = False) -> None:
        """Create, replace or append to a file (its folder must exist, as in a real shell)."""
        if name == "/dev/null":
            return
        path = self.resolve(name)
        if path.is_dir():
            raise FileError("Is a directory")
        if not path.parent.is_dir():
            raise FileError("No such file or directory")
        size = path.stat().st_size if append and path.exists() else 0
        if size + len(text) > MAX_FILE_CHARS:
            raise FileError("File too large for the simulator")
        try:
            with path.open("a" if append else "w", encoding="utf-8", errors="replace") as handle:
                handle.write(text)
        except OSError as error:
            raise FileError(error.strerror or "cannot write") from error

    def exists(self, name: str) -> bool:
        """Whether anything is at ``name``."""
        try:
            return self.resolve(name).exists()
        except FileError:
            return False

    def is_dir(self, name: str) -> bool:
        """Whether ``name`` is a directory."""
        try:
            return self.resolve(name).is_dir()
        except FileError:
            return False

    def listdir(self, name: str) -> list[Entry]:
        """A directory's entries, sorted."""
        path = self.resolve(name)
        if not path.exists():
            raise FileError("No such file or directory")
        if not path.is_dir():
            raise FileError("Not a directory")
        return [
            Entry(p.name, p.is_dir(), 4096 if p.is_dir() else p.stat().st_size)
            for p in sorted(path.iterdir(), key=lambda p: p.name)
        ]

    def size(self, name: str) -> int:
        """A file's size."""
        path = self.resolve(name)
        if not path.exists():
            raise FileError("No such file or directory")
        return 4096 if path.is_dir() else path.stat().st_size

    def mkdir(self, name: str, *, parents: bool = False) -> None:
        """``mkdir [-p]``."""
        path = self.resolve(name)
        try:
            make_dirs(path) if parents else path.mkdir()  # -p without recursion: a folder may be 1,000 deep
        except FileExistsError as error:
            raise FileError("File exists") from error
        except FileNotFoundError as error:
            raise FileError("No such file or directory") from error
        except OSError as error:
            raise FileError(error.strerror or "cannot create") from error

    def remove(self, name: str, *, recursive: bool = False) -> None:
        """``rm [-r]``; the working directory's root itself is never removed."""
        path = self.resolve(name)
        if path == self.root:
            raise FileError("Device or resource busy")
        if path.is_dir():
            if not recursive:
                raise FileError("Is a directory")
            remove_tree(path)  # without recursion: a folder may be 1,000 deep
        elif path.exists() or path.is_symlink():
            path.unlink()
        else:
            raise FileError("No such file or directory")
