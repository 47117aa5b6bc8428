"""The layer cache: pure digests chained with the parent's key, and the plain-words reason of each hit or miss.

A step's key is the digest of its operation with irrelevant fields stripped (see :mod:`.plan` for what
goes in) combined with its parent's key; for COPY/ADD it also covers the name, mode and content digest of
every selected file (never mtimes). The store lives in ``engine.build_cache`` as plain JSON data, capped
at :data:`MAX_ENTRIES` entries with least-recently-used eviction. Besides the keys it remembers, per
"slot" (same build identity, stage and step number), which entry was built there last, so a miss can be
explained against what was there before.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

CACHE_VERSION = 1
MAX_ENTRIES = 400
MAX_SLOTS = 800
MAX_FILES_PER_ENTRY = 400
MAX_LINES = 40


def digest(value: Any) -> str:
    """``sha256:`` of the canonical JSON of ``value``."""
    data = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return "sha256:" + hashlib.sha256(data.encode("ascii")).hexdigest()


def chain(parent: str, own: str) -> str:
    """A step's key: its own digest combined with its parent's key."""
    return digest([parent, own])


class LayerCache:
    """The build cache stored in ``engine.build_cache`` (a JSON-able dict this module owns)."""

    def __init__(self, store: dict[str, Any]) -> None:
        if store.get("version") != CACHE_VERSION or not isinstance(store.get("entries"), dict):
            store.clear()
            store.update({"version": CACHE_VERSION, "builds": 0, "tick": 0, "entries": {}, "slots": {}})
        store.setdefault("slots", {})
        self.store = store

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        """Cached steps by key."""
        return self.store["entries"]  # type: ignore[no-any-return]

    def begin_build(self) -> int:
        """Number this build (1, 2, …) for the reasons that name it."""
        self.store["builds"] = int(self.store.get("builds", 0)) + 1
        return int(self.store["builds"])

    def _tick(self) -> int:
        self.store["tick"] = int(self.store.get("tick", 0)) + 1
        return int(self.store["tick"])

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry for ``key`` (marked as used), or None."""
        entry = self.entries.get(key)
        if entry is not None:
            entry["used"] = self._tick()
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store ``entry`` under ``key``; evict the least recently used beyond the cap."""
        entry = dict(entry)
        entry["used"] = self._tick()
        entry["lines"] = list(entry.get("lines", []))[:MAX_LINES]
        summary = entry.get("summary", {})
        files = summary.get("files")
        if isinstance(files, dict) and len(files) > MAX_FILES_PER_ENTRY:
            summary["files"] = dict(sorted(files.items())[:MAX_FILES_PER_ENTRY])
            summary["files_truncated"] = True
        self.entries[key] = entry
        if len(self.entries) == MAX_ENTRIES + 1:  # the usual case: one out, found without sorting every step
            del self.entries[min(self.entries, key=lambda k: self.entries[k].get("used", 0))]
        elif len(self.entries) > MAX_ENTRIES:
            for old in sorted(self.entries, key=lambda k: self.entries[k].get("used", 0))[
                : len(self.entries) - MAX_ENTRIES
            ]:
                del self.entries[old]

    def slot(self, slot: str) -> dict[str, Any] | None:
        """The entry last built in ``slot`` (if it is still cached)."""
        key = self.store["slots"].get(slot)
        return self.entries.get(key) if key else None

    def set_slot(self, slot: str, key: str) -> None:
        """Remember that ``key`` was built (or reused) in ``slot``."""
        slots = self.store["slots"]
        slots.pop(slot, None)
        slots[slot] = key
        while len(slots) > MAX_SLOTS:
            del slots[next(iter(slots))]

    def siblings(self, parent: str) -> list[dict[str, Any]]:
        """Entries built on the same parent, most recently used first."""
        found = [e for e in self.entries.values() if e.get("parent") == parent]
        return sorted(found, key=lambda e: -int(e.get("used", 0)))

    # -- reasons ----------------------------------------------------------------------------------------

    def why_hit(self, entry: dict[str, Any]) -> str:
        """What a cached step was cached against."""
        build = entry.get("build", "?")
        kind = entry.get("summary", {}).get("kind")
        if kind == "from":
            return f"same base image as build {build}"
        if kind in ("copy", "add"):
            return f"same instruction and same files as build {build}"
        return f"same instruction, environment and parent as build {build}"

    def why_miss(self, summary: dict[str, Any], parent: str, slot: str, *, no_cache: bool, parent_rebuilt: bool) -> str:
        """One line in plain words saying why a step had to run."""
        if no_cache:
            return "--no-cache"
        previous = self.slot(slot)
        if parent_rebuilt:
            return "parent step rebuilt" if previous is not None else "no earlier build of this step"
        if summary.get("kind") == "from":
            same_ref = [
                e
                for e in self.entries.values()
                if e.get("summary", {}).get("kind") == "from" and e["summary"].get("ref") == summary.get("ref")
            ]
            if same_ref:
                return f"base image {summary.get('ref')} resolved to a different image"
            if previous is not None and previous.get("summary", {}).get("kind") == "from":
                return f"base image changed from {previous['summary'].get('ref')} to {summary.get('ref')}"
            return "no earlier build of this step"
        candidates = self.siblings(parent)
        if previous is not None and previous.get("parent") == parent:
            candidates.insert(0, previous)
        if not candidates and previous is not None:
            return "an earlier step changed"
        if not candidates:
            return "no earlier build of this step"
        same_kind = [c for c in candidates if c.get("summary", {}).get("kind") == summary.get("kind")]
        best = same_kind[0] if same_kind else candidates[0]
        return diff(best.get("summary", {}), summary, best.get("text", ""))


def _dict_diff(label: str, old: dict[str, str], new: dict[str, str]) -> str:
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if before is None:
            return f"{label} {name} set to {after}"
        if after is None:
            return f"{label} {name} no longer set (was {before})"
        return f"{label} {name} changed from {before or '(empty)'} to {after or '(empty)'}"
    return ""


def _env(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, _, value = item.partition("=")
        out[key] = value
    return out


def _files_diff(old: dict[str, list[Any]], new: dict[str, list[Any]]) -> str:
    changes: list[str] = []
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before == after:
            continue
        if before is None:
            changes.append(f"{path} was added")
        elif after is None:
            changes.append(f"{path} was removed")
        elif before[0] != after[0]:
            changes.append(f"{path} changed content")
        else:
            changes.append(f"{path} changed mode")
    if not changes:
        return ""
    more = f" (and {len(changes) - 2} more)" if len(changes) > 2 else ""
    return "; ".join(changes[:2]) + more


def diff(old: dict[str, Any], new: dict[str, Any], old_text: str = "") -> str:
    """What differs between the summary of the previous build of a step and this one."""
    kind = new.get("kind")
    if old.get("kind") != kind:
        return f"the instruction changed (was {old_text})" if old_text else "the instruction changed"
    if kind == "run":
        if old.get("argv") != new.get("argv") or old.get("heredoc") != new.get("heredoc"):
            return "the RUN text changed"
        for reason in (
            _dict_diff("build arg", old.get("args", {}), new.get("args", {})),
            _dict_diff("ENV", _env(old.get("env", [])), _env(new.get("env", []))),
        ):
            if reason:
                return reason
        for field, label in (("user", "USER"), ("workdir", "WORKDIR")):
            if old.get(field) != new.get(field):
                return f"{label} changed from {old.get(field) or '(default)'} to {new.get(field) or '(default)'}"
        if old.get("flags") != new.get("flags"):
            return "the RUN flags changed"
    elif kind in ("copy", "add"):
        if old.get("sources") != new.get("sources") or old.get("dest") != new.get("dest"):
            return f"the {str(kind).upper()} sources or destination changed"
        old_flags, new_flags = old.get("flags", {}), new.get("flags", {})
        for name in sorted(set(old_flags) | set(new_flags)):
            if old_flags.get(name) != new_flags.get(name):
                return f"--{name} changed from {old_flags.get(name) or '(none)'} to {new_flags.get(name) or '(none)'}"
        if old.get("stage_content") != new.get("stage_content"):
            return f"files copied from stage {new.get('from_name', '')} changed"
        reason = _files_diff(old.get("files", {}), new.get("files", {}))
        if reason:
            return reason
        if old.get("files_digest") != new.get("files_digest"):
            return "the copied files changed"
    elif kind == "workdir" and old.get("path") != new.get("path"):
        return "the WORKDIR path changed"
    return "an earlier step changed"


def usage(store: dict[str, Any]) -> tuple[int, int]:
    """(entries, bytes) held by the build cache, for ``docker system df``."""
    entries = store.get("entries") if isinstance(store.get("entries"), dict) else {}
    assert isinstance(entries, dict)
    return len(entries), sum(int(e.get("size", 0)) for e in entries.values())


def prune(store: dict[str, Any]) -> tuple[list[str], int]:
    """Empty the build cache: (short IDs of the removed records, bytes reclaimed), for ``docker builder prune``."""
    entries = store.get("entries") if isinstance(store.get("entries"), dict) else {}
    assert isinstance(entries, dict)
    ids = [key.removeprefix("sha256:")[:25] for key in entries]
    _, size = usage(store)
    store.clear()
    LayerCache(store)
    return ids, size
