"""A distinct, descriptive title for each Dockerfile and Compose file of the cheat sheet.

From the section that shows the file, its base images and stages (``Node.js Application, multi-stage:
node:18 → node:18-alpine``) or its services; files that would still share a title are told apart by their
leading comment, then by the instructions only they use, then by
a line only they have, then by a number. A command's title is its
description.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from docker_notes.cheatsheet.extract import Entry

SECTION_PREFIX = re.compile(r"^(\d+[.)]\s*|example\s+\d+\s*:\s*)", re.IGNORECASE)
COMMENT = re.compile(r"^#\s*(.+)$")
DECORATION = re.compile(r"^[^\w(]+")
MAX_COMMENT = 48
MAX_SERVICES = 4


def section_name(entry: Entry) -> str:
    """The section the file is shown in, without its numbering (``3. Reducing Image Size``, ``Example 1:``)."""
    place = entry.places[0]
    name = place.description if place.description and place.description != place.heading else place.heading
    return SECTION_PREFIX.sub("", name or entry.description).strip() or entry.kind.capitalize()


def shape(entry: Entry) -> str:
    """What the file is: ``multi-stage: a → b``, ``node:18-alpine``, ``RUN snippet``, ``services: web, db``."""
    if entry.kind == "dockerfile":
        info = entry.meta["dockerfile"]
        bases = [image for image in info["base_images"] if "<" not in image]
        if info["stages"] or info["copy_from"]:
            return "multi-stage: " + " → ".join(bases) if bases else "multi-stage"
        if len(bases) > 1:
            return "FROM " + ", ".join(bases)
        if bases:
            return bases[0]
        return ", ".join(info["instructions"][:3]) + (" syntax" if "<" in entry.text else " snippet")
    if entry.kind == "compose":
        services = entry.meta["compose"]["services"]
        more = f" +{len(services) - MAX_SERVICES} more" if len(services) > MAX_SERVICES else ""
        return "services: " + ", ".join(services[:MAX_SERVICES]) + more
    return ""


def leading_comment(entry: Entry) -> str:
    """The file's first comment line, as words (``❌ Bad: Copying all files…`` → ``Bad: Copying all files…``)."""
    for line in entry.text.split("\n"):
        match = COMMENT.match(line.strip())
        if match and not line.strip().startswith("#!") and "=" not in line.split()[0]:
            text = DECORATION.sub("", match.group(1)).strip()
            if len(text) > MAX_COMMENT:
                text = text[: MAX_COMMENT - 1].rsplit(" ", 1)[0] + "…"
            return text
        if line.strip() and not line.strip().startswith("#"):
            break
    return ""


def _only_theirs(entry: Entry, others: list[Entry]) -> str:
    """The instructions this Dockerfile uses and none of ``others`` does (``with USER, EXPOSE``)."""
    mine = entry.meta.get("dockerfile", {}).get("instructions", [])
    theirs = {name for other in others for name in other.meta.get("dockerfile", {}).get("instructions", [])}
    own = [name for name in mine if name not in theirs]
    return "with " + ", ".join(own) if own else ""


def _own_line(entry: Entry, others: list[Entry]) -> str:
    """The first instruction line of this file that none of ``others`` has (``COPY --chown=node:node . .``)."""
    theirs = {" ".join(line.split()) for other in others for line in other.text.split("\n")}
    for line in entry.text.split("\n"):
        line = " ".join(line.split())
        line = line.rstrip("\\ ")
        if line and not line.startswith("#") and line not in theirs:
            return line if len(line) <= MAX_COMMENT else line[: MAX_COMMENT - 1] + "…"
    return ""


def set_titles(entries: list[Entry]) -> None:
    """Give every entry its ``title``: distinct ones for Dockerfiles and Compose files."""
    files = [entry for entry in entries if entry.kind in {"dockerfile", "compose"}]
    for entry in entries:
        entry.title = entry.description if entry.kind not in {"dockerfile", "compose"} else ""
    for entry in files:
        kind_shape = shape(entry)
        entry.title = f"{section_name(entry)}, {kind_shape}" if kind_shape else section_name(entry)
    steps: list[Callable[[Entry, list[Entry]], str]] = [
        lambda entry, _: leading_comment(entry),
        _only_theirs,
        _own_line,
    ]
    for step in steps:
        for group in _collisions(files):
            for entry in group:
                extra = step(entry, [other for other in group if other is not entry])
                if extra:
                    entry.title = f"{entry.title} ({extra})"
    for group in _collisions(files):
        for number, entry in enumerate(group[1:], start=2):
            entry.title = f"{entry.title} #{number}"


def _collisions(entries: list[Entry]) -> list[list[Entry]]:
    """Groups of entries that share a title (in page order)."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.title].append(entry)
    return [group for group in groups.values() if len(group) > 1]
