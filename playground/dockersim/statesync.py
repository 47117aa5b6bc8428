"""What changed in the playground's saved state since the page last heard: revisions and small diffs.

The worker keeps the state; the page keeps a mirror of it (to save in IndexedDB without asking the worker,
even while the tab closes). Instead of the whole state after every command, a reply carries the
*sections* of the state that changed, keyed by their path in the state::

    {"base": 41, "revision": 42, "set": [[["session", "engine", "containers", "#3f4e…"], {...}]], "unset": []}

A section is one entry of the dicts listed in :data:`SPLIT` (one engine record, one file, the shell
variables…); anything deeper travels whole. ``base`` is the revision the diff applies to: a page whose
mirror is at another revision asks for the full state instead (``playground/WORKER.md``).

The engine keeps its tables (containers, images, volumes, networks) as lists; the page receives them
*keyed* (:func:`pack`): ``{"#<id>": record}`` in the list's order, so one changed container is one small
section, not the whole table (10,000 containers are megabytes), and the page can save record by record.
:func:`unpack` turns a keyed state back into lists (a state saved before keying has lists: left as they are).

Finding what changed never reads the engine's records back: :class:`StateTracker` converts and compares only
the records the engine's tables noted as touched or removed (``dockersim.engine.table``), so its work follows
what a command touched, not the engine's size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from dockersim.engine.table import Table

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


class Tables(Protocol):
    """What the tracker needs of an engine: its record tables (``engine/table.py``) by name."""

    def tables(self) -> dict[str, Table[Any]]:
        """The record tables by their name in the state."""
        ...


#: Where the engine's tables sit in the state.
ENGINE: Section = ("session", "engine")


class StateTracker:
    """The revision of the state and what the page holds at that revision.

    The engine's records are not read back after a command: each record table notes the records the
    command was handed or removed (:class:`dockersim.engine.table.Table`), and only those are converted and
    compared, so the work after a command follows what it touched, not the engine's size. The rest of the
    state (clock, files, variables…) is small and compared whole.
    """

    def __init__(self) -> None:
        self.revision = 0
        self._known: dict[Section, str] = {}
        #: Per table: the hash of each record's JSON as the page holds it.
        self._records: dict[str, dict[str, int]] = {}
        #: Records handed out while a command keeps running (a job holds them): compared again each time.
        self._held: dict[str, set[str]] = {}
        #: Records converted and compared by the last :meth:`changes` (what tests count).
        self.compared = 0
        #: Since the last :meth:`changes`: a command was left running (its records are to be held), and one
        #: that was already running ran again (the records held may have changed): :meth:`drove`.
        self._hold = self._again = False

    def drove(self, started: bool = False) -> None:
        """A command that keeps running ran: the worker says so after a live ``run`` (``started``: a new
        one, which ran none of the others) and after a ``poll``, ``input`` or ``signal`` (one already
        running ran on; which one is not told, so every held record is compared again)."""
        self._hold = True
        self._again = self._again or not started

    def baseline(self, state: dict[str, Any], engine: Tables | None = None) -> int:
        """The page receives ``state`` (keyed, :func:`pack`) whole: a new revision that later diffs build on.
        ``engine`` is the engine ``state`` was made from: its tables' notes start afresh."""
        self._known, self._records = {}, {}
        for path, value in sections(state):
            if path in KEYED:
                continue  # a table that could not be keyed: the engine's never are
            if path[:-1] in KEYED:
                self._records.setdefault(path[-2], {})[path[-1][len(KEY_MARK) :]] = hash(_fingerprint(value))
            else:
                self._known[path] = _fingerprint(value)
        for path in KEYED:
            self._records.setdefault(path[-1], {})
        if engine is not None:
            for table in engine.tables().values():
                table.take()
        self._held = {}
        self.revision += 1
        return self.revision

    def changes(
        self, state: dict[str, Any], engine: Tables | None = None, running: bool = False
    ) -> dict[str, Any] | None:
        """The diff from the page's revision to now (a new revision), or None when nothing changed.

        ``state`` is the state without the engine's records (``Playground.state(records=False)``); the
        records come from ``engine``'s tables. ``running``: a command keeps running and may still change
        the records it was handed. Those records are held, until no command runs, and compared again
        after each request that ran a command already running (:meth:`drove`); a request that ran none (a
        line that ran to its end, a file written) neither compares them nor adds to them. Paths and values
        are those of the keyed state (:func:`pack`).
        """
        hold, again = self._hold, self._again or not running
        self._hold = self._again = False
        current = {path: (value, _fingerprint(value)) for path, value in sections(state)}
        changed = [[list(path), value] for path, (value, text) in current.items() if self._known.get(path) != text]
        removed = [list(path) for path in self._known if path not in current]
        self.compared = 0
        for name, table in (engine.tables() if engine is not None else {}).items():
            touched, gone = table.take()
            held = self._held.get(name, set())
            known = self._records.setdefault(name, {})
            path = (*ENGINE, name)
            stale = [key for key in held if key not in touched and key in table] if again else []
            for key in [*touched, *stale]:
                record = table.peek_get(key)
                if record is None:
                    continue
                value = record.to_dict()
                digest = hash(_fingerprint(value))
                self.compared += 1
                if known.get(key) != digest:
                    known[key] = digest
                    changed.append([[*path, KEY_MARK + key], value])
            for key in gone:
                if known.pop(key, None) is not None:
                    removed.append([*path, KEY_MARK + key])
            if not running:
                self._held[name] = set()
            else:
                self._held[name] = ((held | set(touched)) if hold else held) - set(gone)
        if not changed and not removed:
            return None
        self._known = {path: text for path, (_, text) in current.items()}
        base, self.revision = self.revision, self.revision + 1
        return {"base": base, "revision": self.revision, "set": changed, "unset": removed}
