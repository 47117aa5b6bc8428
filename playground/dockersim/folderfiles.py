"""The files of the playground's folder, kept up to date from what Python itself changed there.

The worker saves the folder's files after every command. Walking the folder each time costs what the folder
holds, and in the browser much more: Emscripten's filesystem looks a path up component by component, rebuilding
the path string at each step, so one lookup at depth *d* costs about *d*², a walk of a folder 1,050 deep about
*d*³ (a ``mkdir -p`` of 1,050 levels made every later command take ~100 s). Instead :class:`FolderFiles` walks
once, then learns what changed from CPython's audit events (:pep:`578`), which every file operation of Python's
raises before it runs (``open`` with its flags, ``os.remove``, ``os.rename``, ``shutil.rmtree``…), and reads
back only the files named there: a command that writes nothing reads nothing.

What the events do to the files kept (each checked against the folder when the files are next asked for):

- an ``open`` for writing, ``os.remove``, ``os.truncate``, ``os.link``/``os.symlink``: that one file is read
  again (or dropped when it is no longer a file);
- ``os.rename``: once it has run (at the next event), the files under the old name move to the new one; a
  folder renamed in from elsewhere is walked;
- ``shutil.rmtree``: that folder is walked again (it is normally gone);
- ``os.mkdir`` and ``os.rmdir`` change no file; an operation relative to a folder descriptor that no
  ``shutil.rmtree`` explains makes the next look a whole walk.

Only Python's own operations are seen: nothing else writes to the folder (in the browser, JavaScript never
does). A link is read again at every look: its target may change unseen.
"""

from __future__ import annotations

import os
import posixpath
import sys
import weakref
from pathlib import Path

#: ``open`` flags that may change a file.
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
#: Events that change at most one file: the index of its path among the event's arguments.
_ONE_FILE = {"os.remove": 0, "os.truncate": 0, "os.link": 1, "os.symlink": 1}
#: Every watcher alive (the reader's playground, the Try it blocks' scratch playgrounds, tests').
#: (Kept across a reload of this module: the hook it installed, which cannot be removed, reads them.)
_WATCHERS: weakref.WeakSet[FolderFiles] = globals().get("_WATCHERS") or weakref.WeakSet()
_HOOKED: bool = globals().get("_HOOKED", False)


def _absolute(path: object) -> str | None:
    """An event's path as an absolute, normalised string (None for a descriptor or anything else)."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    elif isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        return None
    return posixpath.abspath(path)  # joined to the working directory, normalised


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event != "open" and not event.startswith(("os.", "shutil.rmtree")):
        return
    for watcher in list(_WATCHERS):
        watcher._event(event, args)


class FolderFiles:
    """The regular files under one folder (by relative path, ``/``-separated) and their text."""

    def __init__(self, root: Path) -> None:
        global _HOOKED
        self.root = root
        self._roots = tuple(dict.fromkeys((posixpath.abspath(root), posixpath.realpath(root))))
        #: Each file's text, None until asked for (or changed since); the whole dict None: walk at the next look.
        self._files: dict[str, str | None] | None = None
        self._links: set[str] = set()  # links (even dangling): their target may change unseen
        self._reread: set[str] = set()
        self._trees: set[str] = set()
        self._rename: tuple[str | None, str | None, str, str] | None = None  # waiting for the next event
        self._rmtree = False  # a shutil.rmtree since the last look explains descriptor-relative removals
        self._busy = False
        self._last: tuple[object, ...] | None = None
        _WATCHERS.add(self)
        if not _HOOKED:  # one hook for the process: audit hooks cannot be removed
            sys.addaudithook(_hook)
            _HOOKED = True

    # the events -------------------------------------------------------------------------------

    def _relative(self, path: str | None) -> str | None:
        """``path`` relative to the root (``""`` for the root itself), None when outside it."""
        if path is None:
            return None
        for root in self._roots:
            if path == root:
                return ""
            if path.startswith(root) and path[len(root)] == "/":
                return path[len(root) + 1 :]
        return None

    def _event(self, event: str, args: tuple[object, ...]) -> None:
        if self._busy or args is self._last:  # the same event twice (a second hook, after a module reload)
            return
        self._last = args
        self._busy = True
        try:
            if self._rename is not None:
                self._settle_rename()
            if self._files is None:
                return
            if event == "open":
                flags = args[2]
                if isinstance(flags, int) and flags & _WRITING:
                    self._note_file(_absolute(args[0]))
            elif event in _ONE_FILE:
                if event == "os.remove" and args[1] not in (None, -1):
                    self._relative_to_descriptor()
                else:
                    self._note_file(_absolute(args[_ONE_FILE[event]]))
            elif event == "os.rename":
                if args[2] not in (None, -1) or args[3] not in (None, -1):
                    self._relative_to_descriptor()
                    return
                source, target = _absolute(args[0]), _absolute(args[1])
                if source is not None and target is not None:
                    old, new = self._relative(source), self._relative(target)
                    if old is not None or new is not None:
                        self._rename = (old, new, source, target)
            elif event == "shutil.rmtree":
                self._rmtree = True
                rel = self._relative(_absolute(args[0]))
                if rel is not None:
                    self._trees.add(rel)
            elif event in ("os.mkdir", "os.rmdir") and args[-1] not in (None, -1):
                self._relative_to_descriptor()
        finally:
            self._busy = False

    def _note_file(self, path: str | None) -> None:
        rel = self._relative(path)
        if rel is not None:
            self._reread.add(rel)

    def _relative_to_descriptor(self) -> None:
        if not self._rmtree:
            self._files = None

    def _settle_rename(self) -> None:
        """Apply the rename seen at the last event, now that it has run (or failed)."""
        assert self._rename is not None
        old, new, source, target = self._rename
        self._rename = None
        if self._files is None or posixpath.lexists(source) or not posixpath.lexists(target):
            return  # it failed (or renamed a name onto itself): nothing moved
        if new is not None:
            self._drop(new)
        if old is None:
            assert new is not None
            self._trees.add(new)  # came in from outside: what it holds is unknown
            return
        moved = {name: text for name, text in self._files.items() if _under(name, old)}
        marks = [
            (kept, [name for name in kept if _under(name, old)]) for kept in (self._reread, self._trees, self._links)
        ]
        self._drop(old)
        for kept, names in marks:
            kept.difference_update(names)
        if new is None:
            return
        for name, text in moved.items():
            self._files[new + name[len(old) :]] = text
        for kept, names in marks:
            kept.update(new + name[len(old) :] for name in names)

    def _drop(self, rel: str) -> None:
        """Forget ``rel`` and everything under it."""
        assert self._files is not None
        for kept in (self._files, self._reread, self._links):
            for name in [name for name in kept if _under(name, rel)]:
                if isinstance(kept, dict):
                    del kept[name]
                else:
                    kept.discard(name)

    def rewritten(self, names: list[str]) -> None:
        """The caller has just emptied the folder and written exactly ``names``: no walk is needed."""
        self._files, self._links, self._reread = {}, set(), set(names)
        self._trees.clear()
        self._rename = None
        self._rmtree = False

    # the files --------------------------------------------------------------------------------

    def files(self, limit: int | None = None) -> dict[str, str]:
        """The regular files under the root (the first ``limit`` in path order, folder by folder) and their
        text (UTF-8, undecodable bytes replaced), as they are now; only those are read."""
        self._busy = True  # this watcher's own reads and walks are no events of its
        try:
            if self._rename is not None:
                self._settle_rename()
            if self._files is None:
                self._files, self._links = {}, set()
                self._walk("")
            else:
                self._refresh()
            self._reread.clear()
            self._trees.clear()
            self._rmtree = False
            files = self._files
            names = sorted(files, key=lambda name: name.split("/"))[:limit]
            for name in names:
                if files[name] is None:
                    files[name] = (self.root / name).read_text(encoding="utf-8", errors="replace")
            return {name: files[name] or "" for name in names}
        finally:
            self._busy = False

    def _refresh(self) -> None:
        assert self._files is not None
        trees: list[str] = []
        for rel in sorted(self._trees, key=lambda name: name.split("/")):
            if not trees or not _under(rel, trees[-1]):
                trees.append(rel)
        for rel in trees:
            self._drop(rel)
            self._walk(rel)
        for rel in self._reread | self._links:
            if rel and not any(_under(rel, tree) for tree in trees):
                self._read(rel)

    def _read(self, rel: str) -> None:
        assert self._files is not None
        path = self.root / rel
        if path.is_symlink():  # even dangling or a folder's: its target may become a file unseen
            self._links.add(rel)
        else:
            self._links.discard(rel)
        if path.is_file():
            self._files[rel] = None  # read when asked for
        else:
            self._files.pop(rel, None)

    def _walk(self, top: str) -> None:
        """Add every file under ``top`` (a loop, not recursion: a folder may be 1,000 deep)."""
        assert self._files is not None
        path = self.root / top if top else self.root
        if not path.is_dir() or path.is_symlink():
            if top:
                self._read(top)
            return
        folders = [top]
        while folders:
            folder = folders.pop()
            with os.scandir(self.root / folder if folder else self.root) as entries:
                for entry in entries:
                    name = f"{folder}/{entry.name}" if folder else entry.name
                    if entry.is_symlink():
                        self._links.add(name)
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(name)
                    elif entry.is_file():
                        self._files[name] = None


def _under(name: str, rel: str) -> bool:
    """``name`` is ``rel`` or inside it (``rel`` ``""`` is the root: everything)."""
    return not rel or name == rel or name.startswith(rel + "/")
