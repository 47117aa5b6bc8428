"""A table of engine records that remembers which records a command may have changed.

The playground's worker sends the page what changed after every command. Turning the whole engine into data
to find out costs time in proportion to the engine's size (10,000 containers: seconds). A :class:`Table` is
the engine's dict of records (containers, images, volumes, networks) that notes, as the command runs:

- every record *handed out* (``table[key]``, ``get``, ``values``, ``items``, :meth:`select`): whoever holds
  it may change it, so it is *touched*;
- every record stored (``table[key] = record``): touched too;
- every key removed (``pop``, ``del``): *removed*.

:meth:`take` gives those and starts afresh, so the worker converts and compares only the touched records.
The derived indexes (``engine/facts.py``) read the same notes through :meth:`changed_since`: the records
noted by the command running now (it may still change them) and those noted by commands that ended
(:meth:`settle`, after each docker command), each once, so a line of N commands costs in proportion to N.
Code that only reads (a listing, a name check, an address search) walks the records with :meth:`peek`,
which hands nothing out and so touches nothing; ``values()`` touches every record, which is always correct,
only slower. The records themselves are ordinary mutable dataclasses: nothing else changes for the code that
uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, ValuesView
from typing import Any, TypeVar

R = TypeVar("R")
_MISSING: Any = object()


class Table(dict[str, R]):
    """A dict of records keyed by id (or name) that tracks touched and removed keys (module docstring)."""

    __slots__ = ("_all", "_fresh", "_fresh_all", "_log", "_removed", "_start", "_touched")

    def __init__(self, items: Iterable[tuple[str, R]] = ()) -> None:
        super().__init__(items)
        self._touched: dict[str, None] = dict.fromkeys(dict.keys(self))  # ordered: new keys in table order
        self._removed: set[str] = set()
        self._all = False
        #: Keys noted since the last :meth:`settle` (the command running now), for the derived indexes.
        self._fresh: dict[str, None] = dict(self._touched)
        self._fresh_all = False
        #: Keys noted by commands that ended (:meth:`settle`), for the derived indexes (:meth:`changed_since`).
        self._log: list[str] = []
        self._start = 0  # the position in the log of ``_log[0]``

    # handing records out -------------------------------------------------------------------------

    def __getitem__(self, key: str) -> R:
        value = dict.__getitem__(self, key)
        self._touched[key] = self._fresh[key] = None
        return value

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        """``dict.get``; a record found is touched."""
        value = dict.get(self, key, _MISSING)
        if value is _MISSING:
            return default
        self._touched[key] = self._fresh[key] = None
        return value

    def values(self) -> ValuesView[R]:  # type: ignore[override]
        """Every record, each of which is touched (use :meth:`peek` to only read)."""
        self._all = self._fresh_all = True
        return dict.values(self)

    def items(self) -> Any:  # type: ignore[override]
        """Every (key, record), each record touched."""
        self._all = self._fresh_all = True
        return dict.items(self)

    def select(self, keep: Callable[[R], bool]) -> list[R]:
        """The records for which ``keep`` (which must only read) is true; only those are touched."""
        found = [(key, value) for key, value in dict.items(self) if keep(value)]
        self._note(key for key, _ in found)
        return [value for _, value in found]

    def touch(self, record_key: str) -> None:
        """Note that the record under ``record_key`` changed (for code that changed one found by :meth:`peek`)."""
        if dict.__contains__(self, record_key):
            self._touched[record_key] = self._fresh[record_key] = None

    def peek(self) -> ValuesView[R]:
        """Every record, to read only: nothing is touched."""
        return dict.values(self)

    def peek_get(self, key: str) -> R | None:
        """The record under ``key`` (or None), to read only: nothing is touched."""
        return dict.get(self, key)

    # storing and removing -------------------------------------------------------------------------

    def __setitem__(self, key: str, value: R) -> None:
        dict.__setitem__(self, key, value)
        self._touched[key] = self._fresh[key] = None
        self._removed.discard(key)

    def __delitem__(self, key: str) -> None:
        dict.__delitem__(self, key)
        self._gone(key)

    def pop(self, key: str, default: Any = _MISSING) -> Any:  # type: ignore[override]
        """``dict.pop``; the key is removed."""
        if dict.__contains__(self, key):
            self._gone(key)
            return dict.pop(self, key)
        if default is _MISSING:
            raise KeyError(key)
        return default

    def popitem(self) -> tuple[str, R]:
        """``dict.popitem``; the key is removed."""
        key, value = dict.popitem(self)
        self._gone(key)
        return key, value

    def setdefault(self, key: str, default: Any = None) -> Any:
        """``dict.setdefault``; the record is touched."""
        self._touched[key] = self._fresh[key] = None
        self._removed.discard(key)
        return dict.setdefault(self, key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """``dict.update``; every record stored is touched."""
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self) -> None:
        """``dict.clear``; every key is removed."""
        for key in list(dict.keys(self)):
            self._gone(key)
        dict.clear(self)

    def _note(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._touched[key] = self._fresh[key] = None

    def _gone(self, key: str) -> None:
        self._touched.pop(key, None)
        self._fresh.pop(key, None)
        self._removed.add(key)
        self._log.append(key)  # for the indexes at once: a removal is final (a key stored again is touched)
        self._bound_log()

    def _bound_log(self) -> None:
        if len(self._log) > 4 * len(self) + 1000:  # no index read it for long: such an index reads all again
            self.trim_log(self._start + len(self._log))

    # what changed ---------------------------------------------------------------------------------

    def take(self) -> tuple[list[str], list[str]]:
        """(touched keys still present, in the table's order when every record was touched; removed keys),
        and start noting afresh."""
        keys = dict.keys(self) if self._all else [key for key in self._touched if dict.__contains__(self, key)]
        touched = list(keys)
        removed = [key for key in self._removed if not dict.__contains__(self, key)]
        self.settle()
        self._touched, self._removed, self._all = {}, set(), False
        return touched, removed

    def settle(self) -> None:
        """The command that was handed the records noted since the last call ended: the derived indexes
        read them once more (:meth:`changed_since`), not at every question of every later command. Called
        after each docker command (``Session.run``) and by :meth:`take`; keeps a line of N commands linear."""
        if self._fresh_all:  # every record may have changed: every index reads all again, even one up to date
            self._start += len(self._log) + 1
            self._log.clear()
        else:
            self._log.extend(self._fresh)
            self._bound_log()
        self._fresh, self._fresh_all = {}, False

    # for derived indexes -------------------------------------------------------------------------

    def changed_since(self, position: int) -> tuple[list[str] | None, int]:
        """(keys whose records may differ from what an index read at ``position``, or None when it must read
        every record; the new position). The keys noted since the last :meth:`settle` are always included:
        their records may still change while the command that was handed them runs."""
        end = self._start + len(self._log)
        if self._fresh_all or position < self._start:
            return None, end
        return [*self._log[position - self._start :], *self._fresh], end

    def trim_log(self, position: int) -> None:
        """Forget the log before ``position`` (every index has read past it)."""
        if position > self._start:
            del self._log[: position - self._start]
            self._start = position

    def __reduce__(self) -> Any:
        return (type(self), (list(dict.items(self)),))

    def __copy__(self) -> Table[R]:
        return type(self)(dict.items(self))

    def __deepcopy__(self, memo: dict[int, Any]) -> Table[R]:
        import copy

        return type(self)((key, copy.deepcopy(value, memo)) for key, value in dict.items(self))
