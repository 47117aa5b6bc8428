"""What changed in the playground's saved state since the page last heard: revisions and small diffs.

The worker keeps the state; the page keeps a mirror of it (to save in ``localStorage`` without asking the
worker, even while the tab closes). Instead of the whole state after every command, a reply carries the
*sections* of the state that changed, keyed by their path in the state::

    {"base": 41, "revision": 42, "set": [[["session", "engine", "containers"], [...]]], "unset": []}

A section is one entry of the dicts listed in :data:`SPLIT` (one engine record, one file, the shell
variables…); anything deeper travels whole. ``base`` is the revision the diff applies to: a page whose
mirror is at another revision asks for the full state instead (``playground/WORKER.md``).

The engine keeps its tables (containers, images, volumes, networks) as lists; the page receives them
*keyed* (:func:`pack`): ``{"#<id>": record}`` in the list's order, so one changed container is one small
section, not the whole table (10,000 containers are megabytes), and the page can save record by record.
:func:`unpack` turns a keyed state back into lists (a state saved before keying has lists: left as they are).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

Section = tuple[str, ...]

#: The engine's tables the page receives keyed, with the field each record is keyed by.
KEYED: dict[Section, str] = {
    ("session", "engine", "containers"): "id",
    ("session", "engine", "images"): "id",
    ("session", "engine", "volumes"): "name",
    ("session", "engine", "networks"): "id",
}
#: Dicts of the state that are split into their entries; every other value is one section.
SPLIT: frozenset[Section] = frozenset({(), ("session",), ("session", "engine"), ("files",), *KEYED})
#: A keyed table's keys begin with this (never an array index in JavaScript, so objects keep their order).
KEY_MARK = "#"


def _rebuilt(state: dict[str, Any], convert: Any) -> dict[str, Any]:
    """``state`` with each :data:`KEYED` table replaced by ``convert(table, field)``; dicts along the way are
    copied (the records themselves are shared, not copied)."""
    out = dict(state)
    for path, key_field in KEYED.items():
        node: dict[str, Any] = out
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                break
            node[part] = node = dict(child)
        else:
            if path[-1] in node:
                node[path[-1]] = convert(node[path[-1]], key_field)
    return out


def _keyed(table: Any, key_field: str) -> Any:
    if not isinstance(table, list) or not all(
        isinstance(row, dict) and isinstance(row.get(key_field), str) for row in table
    ):
        return table
    keyed = {KEY_MARK + row[key_field]: row for row in table}
    return keyed if len(keyed) == len(table) else table  # duplicate keys: send the list whole, as before


def _listed(table: Any, _: str) -> Any:
    return list(table.values()) if isinstance(table, dict) else table


def pack(state: dict[str, Any]) -> dict[str, Any]:
    """The state as the page holds it: the engine's tables keyed by id (see the module's docstring)."""
    return _rebuilt(state, _keyed)


def unpack(state: Any) -> Any:
    """A state from the page (keyed or not) with the engine's tables as the lists the engine reads."""
    return _rebuilt(state, _listed) if isinstance(state, dict) else state


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
        """The page receives ``state`` (keyed, :func:`pack`) whole: a new revision that later diffs build on."""
        self._known = {path: _fingerprint(value) for path, value in sections(pack(state))}
        self.revision += 1
        return self.revision

    def changes(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """The diff from the page's revision to ``state`` (a new revision), or None when nothing changed; its
        paths and values are those of the keyed state (:func:`pack`)."""
        current = {path: (value, _fingerprint(value)) for path, value in sections(pack(state))}
        changed = [[list(path), value] for path, (value, text) in current.items() if self._known.get(path) != text]
        removed = [list(path) for path in self._known if path not in current]
        if not changed and not removed:
            return None
        self._known = {path: text for path, (_, text) in current.items()}
        base, self.revision = self.revision, self.revision + 1
        return {"base": base, "revision": self.revision, "set": changed, "unset": removed}
