"""From the Markdown of the notes to cheat-sheet entries: commands, Dockerfiles, Compose files, .dockerignore.

:func:`extract_page` reads one page into :class:`Item` s (one per occurrence); :func:`merge` turns the
items of every page into :class:`Entry` s, one per distinct text, each listing all its places.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from docker_notes.cheatsheet.commands import TOPICS, parse_command, topic_for
from docker_notes.cheatsheet.files import compose_info, dockerfile_info
from docker_notes.cheatsheet.scan import Scan, Slugify, default_slugify
from docker_notes.cheatsheet.shell import (
    LogicalLine,
    clean_description,
    find_commands,
    is_description,
    logical_lines,
)
from docker_notes.cheatsheet.similar import shape_key, spelling_key
from docker_notes.lessons.model import NoteBlock, read_page

KINDS = ("command", "dockerfile", "compose", "dockerignore")
KIND_TITLES = {
    "command": "Commands",
    "dockerfile": "Dockerfiles",
    "compose": "Compose files",
    "dockerignore": ".dockerignore",
}
FILE_TOPICS = {"dockerfile": "build", "compose": "compose", "dockerignore": "build"}


@dataclass
class Place:
    """Where an entry appears: page, source line, section heading and its anchor."""

    page: str
    line: int
    heading: str
    anchor: str
    description: str = ""
    heading_index: int | None = None
    text: str = ""
    """The line or file as written at this place (an entry may gather differently written ones)."""

    def to_json(self, url: str = "") -> dict[str, Any]:
        """The place as exported (``url`` is the page's URL relative to the site root)."""
        href = f"{url}#{self.anchor}" if self.anchor else url
        return {
            "page": self.page,
            "url": url,
            "href": href,
            "line": self.line,
            "heading": self.heading,
            "anchor": self.anchor,
            "description": self.description,
            "text": self.text,
        }


@dataclass
class Item:
    """One occurrence of a command or file on a page."""

    kind: str
    text: str
    display: str
    description: str
    explicit: bool
    """Whether the description came from a comment (not from the section heading)."""
    place: Place
    meta: dict[str, Any]
    comment: str = ""


@dataclass
class Entry:
    """One distinct command or file of the cheat sheet and every place it appears."""

    id: str
    kind: str
    topic: str
    text: str
    display: str
    description: str
    places: list[Place]
    meta: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    """What the entry is called: a command's description, a file's distinct title (see :mod:`.titles`)."""

    @property
    def topics(self) -> list[str]:
        """The topics of every docker command of the line (its own topic first); a file's one topic."""
        found = [self.topic]
        for command in self.meta.get("commands", []):
            topic = topic_for(command["path"])
            if topic not in found:
                found.append(topic)
        return found

    def sections(self) -> list[Place]:
        """The places of the entry, one per section (a section using the command twice is linked once)."""
        unique: dict[tuple[str, str], Place] = {}
        for place in self.places:
            unique.setdefault((place.page, place.anchor), place)
        return list(unique.values())

    def to_json(self, urls: dict[str, str] | None = None) -> dict[str, Any]:
        """The entry as exported in ``cheatsheet.json`` (``urls`` maps a page's source path to its URL)."""
        urls = urls or {}
        return {
            "id": self.id,
            "kind": self.kind,
            "topic": self.topic,
            "topics": self.topics,
            "title": self.title,
            "text": self.text,
            "display": self.display,
            "description": self.description,
            **self.meta,
            "places": [place.to_json(urls.get(place.page, "")) for place in self.places],
        }


def extract_page(
    markdown: str, page: str = "page.md", *, slugify: Slugify = default_slugify, separator: str = "-"
) -> tuple[list[Item], Scan]:
    """Every command and file of one page, in order, with the page's scan (headings, problems).

    The page's blocks come from the one model of the notes' blocks (:func:`docker_notes.lessons.model.read_page`),
    which Try it and the lesson tests read too."""
    model = read_page(page, markdown, slugify=slugify, separator=separator)
    items: list[Item] = []
    for block in model.blocks:
        items.extend(extract_block(block, page))
    return items, model.scan


def extract_block(block: NoteBlock, page: str) -> list[Item]:
    """The items of one fenced block (nothing for a kind of block the cheat sheet does not collect)."""
    heading = block.heading
    title, anchor = (heading.title, heading.anchor) if heading else ("", "")
    heading_index = block.section

    def place(line: int, description: str) -> Place:
        return Place(page, line, title, anchor, description, heading_index)

    kind = block.content
    if kind == "command":
        return [
            Item("command", text, display, description or title, bool(description), place(line, description or title),
                 meta, comment)
            for text, display, description, comment, line, meta in extract_commands(
                block.text, block.line, console=block.lang in {"console", "shell-session"}
            )
        ]  # fmt: skip
    text = block.text.strip("\n")
    if not text.strip():
        return []
    if kind == "dockerfile":
        meta: dict[str, Any] = {"dockerfile": dockerfile_info(text)}
    elif kind == "dockerignore":
        meta = {}
    elif kind == "compose":
        meta = {"compose": compose_info(text)}
    else:
        return []
    description = block.title or title
    return [Item(kind, text, text, description, bool(block.title), place(block.line, description), meta)]


def extract_commands(
    text: str, first_line: int = 1, *, console: bool = False
) -> list[tuple[str, str, str, str, int, dict[str, Any]]]:
    """The docker command lines of a shell block: ``(text, display, description, comment, line, meta)``.

    A line is kept whole, as written (a pipeline, an ``&&`` chain, a ``$(…)`` substitution), once per
    line; ``meta["commands"]`` reads each docker command in it (outer ones first, then the nested ones)
    and ``meta["command"]`` is the first of them. ``description`` is the line's own trailing comment,
    else the nearest descriptive comment above it in its paragraph, else empty (the caller falls back
    to the section heading).
    """
    lines = logical_lines(text, first_line, console=console)
    found = []
    for position, line in enumerate(lines):
        if line.kind != "code":
            continue
        commands = find_commands(line.code)
        if not commands:
            continue
        parts = [part.strip() for part in line.parts if part.strip()]
        display = " \\\n  ".join(parts) if len(parts) > 1 else line.code
        meta = {"command": {}, "commands": [command_meta(words, line.comment) for words, _ in commands]}
        meta["command"] = meta["commands"][0]
        found.append((line.code, display, _description(lines, position), line.comment, line.line, meta))
    return found


def command_meta(words: list[str], comment: str = "") -> dict[str, Any]:
    """What one docker command of a line is, as exported: its words, canonical form, flags, arguments."""
    info = parse_command(words)
    return {
        "text": " ".join(words),
        "program": info.program,
        "canonical": info.canonical,
        "path": info.path,
        "flags": info.flags,
        "args": info.args,
        "usage": info.usage,
        "comment": comment,
    }


def _description(lines: list[LogicalLine], position: int) -> str:
    """Own trailing comment (two words or more), else the nearest descriptive comment above in the paragraph."""
    own = lines[position].comment
    if is_description(own) and len(own.split()) >= 2:
        return clean_description(own)
    paragraph = lines[position].paragraph
    for back in range(position - 1, -1, -1):
        candidate = lines[back]
        if candidate.paragraph != paragraph:
            break
        if candidate.kind == "comment" and is_description(candidate.comment):
            text = candidate.comment
            above = lines[back - 1] if back else None
            if (
                above is not None
                and above.kind == "comment"
                and above.paragraph == paragraph
                and is_description(above.comment)
                and (text[:1] == "(" or text[:1].islower())
            ):
                text = f"{above.comment} {text}"
            return clean_description(text)
    return ""


def entry_id(kind: str, text: str) -> str:
    """A stable id for an entry: its kind and a short digest of its text."""
    return f"{kind}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"


def merge(items: list[Item]) -> list[Entry]:
    """One entry per command or file, in order of first appearance, listing every place once.

    Items with the same :func:`~.similar.spelling_key` are one entry; so are command lines of the same
    :func:`~.similar.shape_key` that the notes describe in the same words. The entry shows the first
    line; the others are kept as written in its ``variants`` (and each place says which line it holds).
    """
    entries: list[Entry] = []
    by_spelling: dict[tuple[str, str], Entry] = {}
    by_shape: dict[tuple[Any, ...], Entry] = {}
    explicit: set[int] = set()
    for item in items:
        spelling = (item.kind, spelling_key(item.kind, item.text))
        shape = None
        if item.kind == "command" and item.explicit:
            found = shape_key(item.meta, item.text)
            shape = (found, item.description.lower().rstrip(".")) if found is not None else None
        entry = by_spelling.get(spelling) or (by_shape.get(shape) if shape else None)
        if entry is None:
            entry = Entry(
                entry_id(item.kind, spelling[1]),
                item.kind,
                _topic(item),
                item.text,
                item.display,
                item.description,
                [],
                dict(item.meta),
            )
            entries.append(entry)
        elif item.explicit and id(entry) not in explicit:
            entry.description = item.description
        by_spelling.setdefault(spelling, entry)
        if shape:
            by_shape.setdefault(shape, entry)
        if item.explicit:
            explicit.add(id(entry))
        shown = [entry.text, *(variant["text"] for variant in entry.meta.get("variants", []))]
        if all(_blanks(text) != _blanks(item.text) for text in shown):
            entry.meta.setdefault("variants", []).append({"text": item.text, "display": item.display})
        if not any(p.page == item.place.page and p.line == item.place.line for p in entry.places):
            item.place.text = item.text
            entry.places.append(item.place)
    return entries


def _blanks(text: str) -> str:
    """A text with its runs of blanks made one space (how far two lines are "the same line")."""
    return " ".join(text.split())


def _topic(item: Item) -> str:
    """The topic of an item: from its canonical command, or by kind for files."""
    if item.kind == "command":
        return topic_for(item.meta["command"]["path"])
    return FILE_TOPICS[item.kind]


def counts(entries: list[Entry]) -> dict[str, int]:
    """How many entries of each kind."""
    return {kind: sum(entry.kind == kind for entry in entries) for kind in KINDS}


def group_by_topic(entries: list[Entry]) -> list[tuple[str, str, list[Entry]]]:
    """Entries grouped by topic in :data:`TOPICS` order.

    Within a topic: commands first, variants of one canonical command together, in the order the notes
    introduce them (``entries`` come in order of first appearance).
    """
    order = {kind: position for position, kind in enumerate(KINDS)}
    first: dict[str, int] = {}
    for position, entry in enumerate(entries):
        first.setdefault(entry.meta.get("command", {}).get("canonical", entry.kind), position)
    position_of = {id(entry): position for position, entry in enumerate(entries)}
    groups = []
    for topic, title in TOPICS.items():
        members = [entry for entry in entries if entry.topic == topic]
        members.sort(
            key=lambda e: (
                order[e.kind],
                first[e.meta.get("command", {}).get("canonical", e.kind)],
                position_of[id(e)],
            )
        )
        if members:
            groups.append((topic, title, members))
    return groups
