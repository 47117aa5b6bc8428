"""What a build stage's filesystem is known to hold, for ``COPY --from=<stage>``.

BuildKit fails a ``COPY --from=stage /path`` whose path the stage does not have
(``failed to compute cache key: … "/app/dist": not found``). The simulator knows a stage's files only
partly, so a path counts as present when the stage (or a stage it is built on) has it for certain:
a file a step placed (COPY, or a RUN the simulation models), a WORKDIR it created, a path a RUN
script names (``mkdir -p /out``, ``go build -o /out/app``, ``> /etc/motd``; relative ones under the
step's working directory), or a system directory every image base has (``/usr``, ``/etc``, …) and
the directories its configuration names (its working directory, ``PATH`` entries, ``GOPATH``-like
values). Anything else is absent, as in BuildKit.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

#: Top-level directories of every Linux image base (debian, alpine, distroless alike).
SYSTEM_DIRS = ("/bin", "/sbin", "/usr", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/var", "/opt", "/root")
SYSTEM_DIRS += ("/home", "/tmp", "/run", "/srv", "/mnt", "/media", "/dev", "/proc", "/sys")
_WORD = re.compile(r"[^\s;&|<>()'\"`=,]+")


def norm(path: str) -> str:
    """An absolute, cleaned path (``/`` for the root)."""
    return posixpath.normpath("/" + path.strip()).replace("//", "/") or "/"


@dataclass
class StageFiles:
    """Paths known to exist in a stage: exact paths (files or directories) and whole trees."""

    paths: set[str] = field(default_factory=set)
    trees: set[str] = field(default_factory=set)

    def copy(self) -> StageFiles:
        """An independent copy (a child stage starts from its parent's)."""
        return StageFiles(set(self.paths), set(self.trees))

    def add(self, path: str) -> None:
        """A path that exists (and, implicitly, its parent directories)."""
        self.paths.add(norm(path))

    def add_tree(self, path: str) -> None:
        """A directory whose whole content is assumed present (a base image's system directory)."""
        self.trees.add(norm(path))

    def from_image(self, env: Iterable[str], workdir: str) -> None:
        """What an image base brings: system directories, its working directory and configured paths."""
        for directory in SYSTEM_DIRS:
            self.add_tree(directory)
        if workdir:
            self.add_tree(workdir)
        for item in env:
            for value in item.partition("=")[2].split(":"):
                if value.startswith("/"):
                    self.add_tree(value)

    def from_script(self, script: str, workdir: str) -> None:
        """Paths a RUN script names: absolute ones as written, relative ones under the working directory."""
        for word in _WORD.findall(script):
            if word.startswith("-") or "$" in word:
                continue
            if word.startswith("/"):
                self.add(word)
            elif "/" in word or "." in word:
                self.add(posixpath.join(workdir or "/", word))

    def has(self, path: str) -> bool:
        """Whether ``path`` (possibly with ``*``/``?``/``[…]`` wildcards) is known to exist."""
        target = norm(path)
        if target == "/":
            return True
        if any(target == t or target.startswith(t.rstrip("/") + "/") for t in self.trees):
            return True
        if any(ch in target for ch in "*?["):
            return any(fnmatchcase(p, target) for p in self._all()) or self.has(posixpath.dirname(target))
        prefix = target + "/"
        return any(p == target or p.startswith(prefix) for p in self._all())

    def _all(self) -> Iterable[str]:
        for path in self.paths:
            yield path
            parent = posixpath.dirname(path)
            while parent not in ("/", ""):
                yield parent
                parent = posixpath.dirname(parent)
