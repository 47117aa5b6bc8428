"""The seam to the simulator's parser: annotate commands with what ``dockersim.cli.explain`` says of them.

:func:`load_explain` finds ``dockersim.cli.explain.explain(line) -> dict``; without the simulator it returns
``None`` and :func:`annotate` does nothing. Shell substitutions are replaced by sample values first
(``$(pwd)`` → a path, ``$(docker ps -q)`` → a container ID, ``${VERSION}`` → ``1.0``), so that what is
checked is the docker command line as the shell would hand it over.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docker_notes.cheatsheet.extract import Entry

Explain = Callable[[str], dict[str, Any]]

SUBSTITUTION = re.compile(r"\$\(([^()]*(?:\([^()]*\)[^()]*)*)\)|`([^`]*)`")
VARIABLE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*")
SAMPLE_PATH = "/home/learner/project"
SAMPLE_ID = "3f4e1a2b9c8d"
SAMPLE_VALUE = "1.0"


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
        module = importlib.import_module("dockersim.cli.explain")
    except ImportError:
        return None
    explain = getattr(module, "explain", None)
    return explain if callable(explain) else None


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


def annotate(entries: list[Entry], explain: Explain | None = None) -> list[Rejection]:
    """Attach the parser's reading (command meaning, flag meanings) to each runnable command.

    Returns the commands the parser rejects, at their first place. A line with placeholders
    (``docker run [OPTIONS] IMAGE``) is not runnable as written and is not checked.
    """
    explain = explain or load_explain()
    if explain is None:
        return []
    rejections: list[Rejection] = []
    for entry in entries:
        command = entry.meta.get("command")
        if entry.kind != "command" or not command or command.get("usage"):
            continue
        result = explain(as_run(entry.text))
        if not isinstance(result, dict):
            continue
        error = result.get("error")
        if error or result.get("ok") is False:
            stderr = error.get("stderr", "") if isinstance(error, dict) else str(error or "rejected")
            message = next((line for line in str(stderr).splitlines() if line.strip()), "rejected")
            rejections.extend(Rejection(p.page, p.line, entry.text, message) for p in entry.places[:1])
            continue
        meaning = (result.get("command") or {}).get("meaning", "")
        command["explain"] = {"meaning": str(meaning), "flags": flag_meanings(result)}
    return rejections
