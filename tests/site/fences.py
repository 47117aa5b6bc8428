"""An independent reader of fenced code blocks in Markdown, for checks against the built site."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE_OPEN = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


@dataclass(frozen=True)
class Fence:
    """A fenced block: its page, first line number, language and body text."""

    page: str
    line: int
    lang: str
    body: str


def read_fences(path: Path) -> list[Fence]:
    """Every fenced block of one Markdown file."""
    fences: list[Fence] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        match = FENCE_OPEN.match(lines[index])
        if not match:
            index += 1
            continue
        start, marker, indent = index, match.group("fence"), match.group("indent")
        lang = (match.group("info").split() or [""])[0]
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip() != marker:
            # A fence inside an admonition is indented with it; Markdown drops that indent from its lines.
            line = lines[index]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip(" "))
            index += 1
        fences.append(Fence(path.name, start + 1, lang, "\n".join(body)))
        index += 1
    return fences
