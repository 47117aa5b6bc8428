"""The seam to the simulator's parser: annotate command entries with what ``dockersim.cli.explain`` says.

Without the simulator installed, :func:`load_explain` returns ``None`` and :func:`annotate` does nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docker_notes.cheatsheet.extract import Entry

Explain = Callable[[str], dict[str, Any]]


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


def annotate(entries: list[Entry], explain: Explain | None = None) -> list[Rejection]:
    """Attach the parser's breakdown to each runnable command; return the commands it rejects.

    A usage synopsis (``docker run [OPTIONS] IMAGE``) is not a command and is not checked.
    """
    explain = explain or load_explain()
    if explain is None:
        return []
    rejections: list[Rejection] = []
    for entry in entries:
        command = entry.meta.get("command")
        if entry.kind != "command" or not command or command.get("usage"):
            continue
        result = explain(entry.text)
        error = result.get("error") if isinstance(result, dict) else None
        if error:
            rejections.extend(Rejection(place.page, place.line, entry.text, str(error)) for place in entry.places[:1])
            continue
        if isinstance(result, dict):
            command["explain"] = result
    return rejections
