"""The build context: the files of a directory (real, or Pyodide's in-memory FS) after ``.dockerignore``.

What the cache sees of a file is what BuildKit's tarsum header sees: relative name, type and
permission bits, size and content digest; never mtimes. ``transferring context`` reports the bytes
of the files that reach the builder.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dockersim.build.ignore import PatternMatcher, clean, read_patterns
from dockersim.context import SimulatorError
from dockersim.hostfile import read_text

MAX_FILES = 20_000
KEEP_CONTENT = 256 * 1024
#: Bytes read from a ``.dockerignore``.
MAX_IGNORE_BYTES = 4 * 1024 * 1024


@dataclass
class FileEntry:
    """One file of the context as the cache sees it."""

    path: str
    size: int
    mode: int
    digest: str
    content: bytes | None = None
    link: str = ""

    def text(self) -> str:
        """The content as text (empty when not kept or not UTF-8)."""
        if self.content is None:
            return ""
        return self.content.decode("utf-8", errors="replace")


@dataclass
class BuildContext:
    """The context's files (ignored ones removed), the ignore patterns and the excluded paths."""

    files: dict[str, FileEntry] = field(default_factory=dict)
    patterns: list[str] = field(default_factory=list)
    has_dockerignore: bool = False
    dockerignore_size: int = 0
    excluded: list[str] = field(default_factory=list)
    root: str = ""

    @property
    def size(self) -> int:
        """Bytes sent to the builder."""
        return sum(f.size for f in self.files.values())

    def read(self, path: str) -> str:
        """A context file's text (``""`` when absent)."""
        entry = self.files.get(path)
        return entry.text() if entry else ""

    def is_excluded(self, source: str) -> bool:
        """Whether a COPY source names something ``.dockerignore`` removed."""
        src = clean(source.lstrip("/")) if source.strip("/") else "."
        return src != "." and PatternMatcher(self.patterns).matches(src)

    def select(self, source: str) -> dict[str, FileEntry] | None:
        """Files a COPY source selects, keyed by their path relative to the copy root; ``None`` if absent.

        A directory selects everything below it; wildcards (``*``, ``?``, ``[...]``) match per path and
        may match nothing (BuildKit allows an empty wildcard).
        """
        src = clean(source.lstrip("/")) if source.strip("/") else "."
        if src == ".":
            return dict(self.files)
        if any(ch in src for ch in "*?["):
            from dockersim.build.ignore import _tokens, match_tokens

            tokens = _tokens(src)
            picked: dict[str, FileEntry] = {}
            for path, entry in self.files.items():
                parts = path.split("/")
                for depth in range(1, len(parts) + 1):
                    head = "/".join(parts[:depth])
                    if match_tokens(tokens, head):
                        rel = posixpath.basename(head) + ("/" + "/".join(parts[depth:]) if depth < len(parts) else "")
                        picked[rel] = entry
                        break
            return picked
        if src in self.files:
            return {posixpath.basename(src): self.files[src]}
        prefix = src + "/"
        below = {p[len(prefix) :]: e for p, e in self.files.items() if p.startswith(prefix)}
        return below if below else None


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def from_files(
    files: dict[str, str | bytes | tuple[str | bytes, int]], dockerignore: str | None = None
) -> BuildContext:
    """A context from a mapping ``path → content`` or ``path → (content, mode)`` (the playground's API).

    ``.dockerignore`` may be one of the files or passed as ``dockerignore``.
    """
    entries: dict[str, FileEntry] = {}
    for raw_path, value in files.items():
        path = clean(raw_path.lstrip("/"))
        content, mode = value if isinstance(value, tuple) else (value, 0o644)
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        entries[path] = FileEntry(path, len(data), stat.S_IFREG | (mode & 0o7777), _digest(data), data)
    ignore_entry = entries.get(".dockerignore")
    text = dockerignore if dockerignore is not None else (ignore_entry.text() if ignore_entry else None)
    return _apply_ignore(entries, text)


def _apply_ignore(entries: dict[str, FileEntry], ignore_text: str | None) -> BuildContext:
    patterns = read_patterns(ignore_text) if ignore_text is not None else []
    matcher = PatternMatcher(patterns)
    kept: dict[str, FileEntry] = {}
    excluded: list[str] = []
    for path in sorted(entries):
        if matcher.matches(path):
            excluded.append(path)
        else:
            kept[path] = entries[path]
    return BuildContext(
        files=kept,
        patterns=patterns,
        has_dockerignore=ignore_text is not None,
        dockerignore_size=len(ignore_text.encode("utf-8")) if ignore_text else 0,
        excluded=excluded,
    )


def from_directory(root: Path, dockerfile: Path | None = None) -> BuildContext:
    """Read a directory (pathlib/os only, so Pyodide's FS works too) and apply its ``.dockerignore``.

    ``<Dockerfile-name>.dockerignore`` next to the Dockerfile takes precedence over ``.dockerignore``.
    """
    ignore_text: str | None = None
    candidates = []
    if dockerfile is not None:
        candidates.append(dockerfile.with_name(dockerfile.name + ".dockerignore"))
    candidates.append(root / ".dockerignore")
    for candidate in candidates:
        if candidate.is_file():
            ignore_text = read_text(candidate, MAX_IGNORE_BYTES)  # read once, bounded
            break
    matcher = PatternMatcher(read_patterns(ignore_text) if ignore_text is not None else [])
    prune = not matcher.has_exclusions
    entries: dict[str, FileEntry] = {}
    for dirpath, dirnames, filenames in _walk(str(root)):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        if prune:
            dirnames[:] = [d for d in dirnames if not matcher.matches(posixpath.join(rel_dir, d) if rel_dir else d)]
        dirnames.sort()
        for name in sorted(filenames):
            if len(entries) >= MAX_FILES:
                break
            full = Path(dirpath) / name
            rel = posixpath.join(rel_dir, name) if rel_dir else name
            entry = _entry(full, rel)
            if entry is not None:
                entries[rel] = entry
    context = _apply_ignore(entries, ignore_text)
    context.root = str(root)
    return context


def _walk(top: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top)`` top-down without following links, with a stack instead of recursion: CPython 3.11's
    walk recurses once per level, so a context 2,000 directories deep would end in RecursionError.
    The caller may prune and sort ``dirnames``; unreadable directories are skipped, as os.walk skips them."""
    stack = [top]
    while stack:
        path = stack.pop()
        dirnames: list[str] = []
        filenames: list[str] = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    (dirnames if is_dir else filenames).append(entry.name)
        except OSError:
            continue
        yield path, dirnames, filenames
        stack.extend(posixpath.join(path, name) for name in reversed(dirnames))


class ContextError(SimulatorError):
    """A context file the sender cannot read: buildx's ``error from sender`` failure."""


def _entry(full: Path, rel: str) -> FileEntry | None:
    """One file as BuildKit's sender sees it; ``None`` for a socket, which the sender skips.

    Only a regular file is opened: a FIFO or a device travels as its type and mode alone (opening a
    FIFO for reading would wait for a writer forever), as fsutil sends it.
    """
    try:
        info = full.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = str(full.readlink())
            return FileEntry(rel, len(target), info.st_mode, _digest(target.encode("utf-8", "replace")), link=target)
        if stat.S_ISSOCK(info.st_mode):
            return None
        if not stat.S_ISREG(info.st_mode):
            return FileEntry(rel, 0, info.st_mode, _digest(b""), b"")
        hasher = hashlib.sha256()
        kept = bytearray()
        size = 0
        with full.open("rb") as handle:
            while chunk := handle.read(65536):
                hasher.update(chunk)
                size += len(chunk)
                if len(kept) < KEEP_CONTENT:
                    kept.extend(chunk[: KEEP_CONTENT - len(kept)])
    except OSError as error:
        reason = (error.strerror or "cannot read").lower()
        raise ContextError(
            f"ERROR: failed to build: failed to solve: error from sender: open {full}: {reason}"
        ) from None
    content = bytes(kept) if size <= KEEP_CONTENT else None
    return FileEntry(rel, size, info.st_mode, "sha256:" + hasher.hexdigest(), content)
