"""What changed in the playground's saved state since the page last heard: revisions and small diffs.

The worker keeps the state; the page keeps a mirror of it (to save in ``localStorage`` without asking the
worker, even while the tab closes). Instead of the whole state after every command, a reply carries the
*sections* of the state that changed, keyed by their path in the state::

    {"base": 41, "revision": 42, "set": [[["session", "engine", "containers"], [...]]], "unset": []}

A section is one entry of the dicts listed in :data:`SPLIT` (one engine table, one file, the shell
variables…); anything deeper travels whole. ``base`` is the revision the diff applies to: a page whose
mirror is at another revision asks for the full state instead (``playground/WORKER.md``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

#: Dicts of the state that are split into their entries; every other value is one section.
SPLIT: frozenset[tuple[str, ...]] = frozenset({(), ("session",), ("session", "engine"), ("files",)})

Section = tuple[str, ...]


def sections(state: dict[str, Any], prefix: Section = ()) -> Iterator[tuple[Section, Any]]:
    """Every section of ``state`` with its path, in the state's own order."""
    for key, value in state.items():
        path = (*prefix, str(key))
        if path in SPLIT and isinstance(value, dict):
            yield from sections(value, path)
        else:
            yield path, value


def _fingerprint(value: Any) -> str:
    """What a section looks like to the page (files are compared as the text they are)."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


class StateTracker:
    """The revision of the state and the sections the page holds at that revision."""

    def __init__(self) -> None:
        self.revision = 0
        self._known: dict[Section, str] = {}

    def baseline(self, state: dict[str, Any]) -> int:
        """The page receives ``state`` whole: a new revision that later diffs build on."""
        self._known = {path: _fingerprint(value) for path, value in sections(state)}
        self.revision += 1
        return self.revision

    def changes(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """The diff from the page's revision to ``state`` (a new revision), or None when nothing changed."""
        current = {path: (value, _fingerprint(value)) for path, value in sections(state)}
        changed = [[list(path), value] for path, (value, text) in current.items() if self._known.get(path) != text]
        removed = [list(path) for path in self._known if path not in current]
        if not changed and not removed:
            return None
        self._known = {path: text for path, (_, text) in current.items()}
        base, self.revision = self.revision, self.revision + 1
        return {"base": base, "revision": self.revision, "set": changed, "unset": removed}
