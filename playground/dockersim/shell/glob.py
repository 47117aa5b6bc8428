"""Pathname expansion (``*.txt``, ``/var/lib/apt/lists/*``, ``file?.log``, ``[ab]*``) on a shell's files."""

from __future__ import annotations

import fnmatch

from dockersim.shell.files import FileError, Files

GLOB_CHARS = frozenset("*?[")
#: Most paths one pattern may expand to.
MAX_MATCHES = 10_000


def has_magic(text: str) -> bool:
    """Whether unquoted ``text`` holds a glob character."""
    return any(char in GLOB_CHARS for char in text)


def expand(pattern: str, files: Files) -> list[str]:
    """The sorted paths matching ``pattern``; ``[]`` when none does (the shell then keeps the word as is)."""
    absolute = pattern.startswith("/")
    parts = [part for part in pattern.split("/") if part]
    found = ["/" if absolute else ""]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        following: list[str] = []
        for base in found:
            if not has_magic(part):
                candidate = _join(base, part)
                if last and not files.exists(candidate):
                    continue
                following.append(candidate)
                continue
            try:
                entries = files.listdir(base or ".")
            except FileError:
                continue
            for entry in entries:
                if entry.name.startswith(".") and not part.startswith("."):
                    continue
                if fnmatch.fnmatchcase(entry.name, part) and (last or entry.is_dir):
                    following.append(_join(base, entry.name))
                    if len(following) > MAX_MATCHES:
                        return []
        found = following
        if not found:
            return []
    if pattern.endswith("/"):
        found = [path + "/" for path in found if files.is_dir(path)]
    return sorted(found)


def _join(base: str, name: str) -> str:
    if not base:
        return name
    return base + name if base.endswith("/") else f"{base}/{name}"
