"""Build-time results kept between builds in ``.cache/``, keyed by content so a stale answer is never used.

A :class:`JsonCache` is one JSON file: a ``key`` naming everything its answers depend on besides their
own input (the simulator's source hash, the versions and options of the Markdown extensions…) and
``entries`` mapping a digest of each input to its answer. A file with another key, or one that cannot be
read, counts as empty. :meth:`JsonCache.save` keeps only the entries this build asked for, so the file
follows the notes instead of growing, and writes atomically (concurrent builds may share the folder).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache

log = logging.getLogger("mkdocs.plugins.docker_notes.buildcache")

SKIP_DIRS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache"})
SKIP_SUFFIXES = frozenset({".pyc", ".pyo", ".so", ".swp"})


def digest(*parts: str) -> str:
    """A sha256 hex digest of ``parts`` (separated, so ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return hashed.hexdigest()


def source_files(folder: Path) -> list[Path]:
    """The files of a source tree, sorted by relative path: no caches, hidden or compiled files."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part in SKIP_DIRS or part.startswith(".") for part in relative.parts):
            continue
        if path.suffix in SKIP_SUFFIXES or not path.is_file():
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def tree_digest(folder: Path, files: Iterable[Path], salt: str = "") -> str:
    """A hash of ``salt`` and of each file's path relative to ``folder`` and content."""
    hashed = hashlib.sha256(salt.encode())
    for path in files:
        hashed.update(path.relative_to(folder).as_posix().encode() + b"\0")
        hashed.update(hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


class JsonCache:
    """Answers (JSON values) by input digest, valid for one ``key``; see the module docstring."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key
        self._stored = self._load()
        self._used: dict[str, Any] = {}
        self._added = False

    def _load(self) -> dict[str, Any]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(document, dict) or document.get("key") != self.key:
            return {}
        entries = document.get("entries")
        return entries if isinstance(entries, dict) else {}

    def __contains__(self, name: str) -> bool:
        return name in self._used or name in self._stored

    def get(self, name: str) -> Any:
        """The answer stored for ``name`` (``None`` when absent; test with ``in`` first when None is an answer)."""
        if name in self._used:
            return self._used[name]
        if name in self._stored:
            self._used[name] = self._stored[name]
            return self._used[name]
        return None

    def put(self, name: str, value: Any) -> None:
        """Remember ``value`` (plain JSON data) as the answer for ``name``."""
        self._used[name] = value
        self._added = True

    def save(self) -> None:
        """Write the answers this build used, when they differ from the file's; a failure is only logged."""
        if not self._added and self._used.keys() == self._stored.keys():
            return
        document = {"key": self.key, "entries": self._used}
        partial = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
            Path(partial).replace(self.path)
            partial = None
        except OSError as exc:
            log.debug("build cache: cannot write %s: %s", self.path, exc)
            return
        finally:
            if partial is not None:
                Path(partial).unlink(missing_ok=True)
        self._stored, self._added = dict(self._used), False


@contextmanager
def jinja_bytecode(env: Environment, folder: Path) -> Iterator[None]:
    """Within the block, templates ``env`` compiles are kept as bytecode in ``folder`` (and reused from it).

    Jinja checks each template's source checksum and its own and Python's versions; the folder is also
    keyed by the environment's options that change the compiled code (extensions, autoescape, syntax).
    """
    options = digest(
        jinja2.__version__,
        repr(sorted(env.extensions)),
        repr(env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "")),
        repr([env.block_start_string, env.variable_start_string, env.comment_start_string, env.line_statement_prefix,
              env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline, env.newline_sequence, env.optimized]),
        getattr(env.finalize, "__qualname__", repr(env.finalize)),
    )
    previous = env.bytecode_cache
    target = folder / options[:16]
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        yield
        return
    env.bytecode_cache = FileSystemBytecodeCache(str(target))
    try:
        yield
    finally:
        env.bytecode_cache = previous
