"""The seam to the simulator's parser: annotate commands with what ``dockersim.cli.explain`` says of them.

:func:`load_explain` finds ``dockersim.cli.explain.explain(line) -> dict``; without the simulator it returns
``None`` and :func:`annotate` does nothing. Shell substitutions are replaced by sample values first
(``$(pwd)`` → a path, ``$(docker ps -q)`` → a container ID, ``${VERSION}`` → ``1.0``), so that what is
checked is the docker command line as the shell would hand it over.

What the parser said of each line can be kept in a :class:`~docker_notes.buildcache.JsonCache` keyed by
:func:`simulator_digest` (a hash of the simulator's sources): a warm build then neither imports the
simulator nor parses, and a cached rejection is reported again like a fresh one.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docker_notes.buildcache import JsonCache, digest, source_files, tree_digest
from docker_notes.cheatsheet.commands import parse_command
from docker_notes.cheatsheet.extract import Entry
from docker_notes.cheatsheet.shell import find_commands, words

Explain = Callable[[str], dict[str, Any]]

SUBSTITUTION = re.compile(r"\$\(([^()]*(?:\([^()]*\)[^()]*)*)\)|`([^`]*)`")
VARIABLE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*")
SAMPLE_PATH = "/home/learner/project"
SAMPLE_ID = "3f4e1a2b9c8d"
SAMPLE_VALUE = "1.0"
SIMULATOR = "dockersim"
READER = "explain 1"
"""Part of the cache key: bump it when :func:`reading` keeps something else of the parser's answer."""


@dataclass(frozen=True)
class Rejection:
    """A command of the notes that the docker CLI would reject, and where it is."""

    page: str
    line: int
    text: str
    message: str


def load_explain() -> Explain | None:
    """``dockersim.cli.explain.explain`` if the simulator provides it, else ``None``."""
    try:
        module = importlib.import_module(f"{SIMULATOR}.cli.explain")
    except ImportError:
        return None
    explain = getattr(module, "explain", None)
    return explain if callable(explain) else None


def simulator_digest(name: str = SIMULATOR) -> str | None:
    """A hash of the sources of the importable package ``name``, found without importing it (None: not found)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        return None
    folders = [Path(location) for location in locations]
    parts = [tree_digest(folder, source_files(folder)) for folder in folders if folder.is_dir()]
    return digest(READER, *parts) if parts else None


def explain_cache(path: Path) -> JsonCache | None:
    """The parser's answers kept at ``path`` for the simulator as its sources are now (None: no simulator)."""
    key = simulator_digest()
    return JsonCache(path, key) if key else None


def as_run(text: str) -> str:
    """The command line as the shell would pass it to docker: substitutions and variables replaced by samples."""

    def substitute(match: re.Match[str]) -> str:
        inner = (match.group(1) or match.group(2) or "").strip()
        if inner == "pwd":
            return SAMPLE_PATH
        return SAMPLE_ID if inner.startswith("docker") else SAMPLE_VALUE

    return VARIABLE.sub(SAMPLE_VALUE, SUBSTITUTION.sub(substitute, text))


def flag_meanings(result: dict[str, Any]) -> list[dict[str, str]]:
    """One ``{flag, long, meaning, link}`` per flag the parser recognised, in order, each once."""
    found: dict[str, dict[str, str]] = {}
    for part in result.get("parts") or []:
        if part.get("kind") != "flag":
            continue
        flag = part.get("short") or part.get("flag") or ""
        if flag and flag not in found:
            found[flag] = {
                "flag": flag,
                "long": str(part.get("flag") or flag),
                "meaning": str(part.get("meaning") or ""),
                "link": str(part.get("link") or ""),
            }
    return list(found.values())


def reading(result: Any) -> dict[str, Any] | None:
    """What :func:`annotate` keeps of the parser's answer (plain data, cacheable): the first line of its
    error (``{"error": …}``) or the command's meaning and flags; ``None`` for an answer it cannot read."""
    if not isinstance(result, dict):
        return None
    error = result.get("error")
    if error or result.get("ok") is False:
        stderr = error.get("stderr", "") if isinstance(error, dict) else str(error or "rejected")
        return {"error": next((line for line in str(stderr).splitlines() if line.strip()), "rejected")}
    meaning = (result.get("command") or {}).get("meaning", "")
    return {"meaning": str(meaning), "flags": flag_meanings(result)}


def commands_of(entry: Entry) -> list[tuple[str, dict[str, Any] | None]]:
    """Every docker command the entry's lines run, as ``(command, meta)``: the shown line's commands with
    their meta (which receives the reading), then those of its other written forms (checked only)."""
    found: list[tuple[str, dict[str, Any] | None]] = [(c["text"], c) for c in entry.meta.get("commands", [])]
    for variant in entry.meta.get("variants", []):
        found.extend((" ".join(words), None) for words, _ in find_commands(variant["text"]))
    return found


def annotate(entries: list[Entry], explain: Explain | None = None, cache: JsonCache | None = None) -> list[Rejection]:
    """Attach the parser's reading (command meaning, flag meanings) to each runnable docker command.

    Every docker command of every line is read on its own (``docker images | grep redis`` reads
    ``docker images``). Returns the commands the parser rejects, at the first place whose line holds
    them. A command with placeholders (``docker run [OPTIONS] IMAGE``) is not runnable as written and is
    not checked. With a ``cache`` (which must belong to the parser in use), lines it knows are not parsed again.
    """
    checked = [
        (entry, text, meta, as_run(text))
        for entry in entries
        if entry.kind == "command"
        for text, meta in commands_of(entry)
        if not parse_command(words(text)).usage
    ]
    readings: dict[str, dict[str, Any] | None] = {}
    for *_, line in checked:
        key = digest(line)
        if cache is not None and key in cache:
            readings[line] = cache.get(key)
    if len(readings) < len({line for *_, line in checked}):
        explain = explain or load_explain()
        if explain is None:
            return []
        for *_, line in checked:
            if line not in readings:
                readings[line] = reading(explain(line))
                if cache is not None:
                    cache.put(digest(line), readings[line])
    rejections: list[Rejection] = []
    for entry, text, meta, line in checked:
        found = readings[line]
        if found is None:
            continue
        if "error" in found:
            where = next((p for p in entry.places if text in p.text), entry.places[0])
            if not any(r.text == text for r in rejections):
                rejections.append(Rejection(where.page, where.line, text, found["error"]))
            continue
        if meta is not None:
            meta["explain"] = {"meaning": found["meaning"], "flags": found["flags"]}
    return rejections
