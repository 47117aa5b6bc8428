"""A page's Markdown → its :class:`NoteBlock` s: kind, runnable lines, section, anchor and directives.

Read once per page at ``on_page_markdown``; the cheat sheet, Try it and the tests all consume this model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from docker_notes.cheatsheet.scan import Heading, Scan, Slugify, default_slugify, scan_markdown
from docker_notes.lessons.directives import TRY_COMMENT, Directives, parse
from docker_notes.playground.tryit import classify, content_kind, is_docker_line, is_usage, logical_lines, words

_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(?P<word>[A-Za-z_]\w*)\1")
_PLACEHOLDER = re.compile(r"<[a-z][a-z0-9_-]*>|\.\.\.$|\[[a-z_]+(:[a-z_]+)*\]")
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=\S")
#: Shell commands of the notes' command blocks that run in the playground's terminal besides docker.
SHELL_WORDS = frozenset({"curl", "cat", "echo", "export", "mkdir", "ls", "touch", "cd", "rm", "pwd", "sleep"})


@dataclass
class NoteBlock:
    """One fenced block of a page and what the notes say about it."""

    page: str
    """The page's source path (``beginner.md``)."""
    index: int
    """Its position among the page's fences (0-based)."""
    lang: str
    title: str
    text: str
    line: int
    heading: Heading | None
    section: int | None
    """Index of the nearest heading above it (the block's section)."""
    directives: Directives = field(default_factory=Directives)
    content: str | None = None
    """What the block holds (:func:`~docker_notes.playground.tryit.content_kind`): ``command``,
    ``dockerfile``, ``dockerignore``, ``compose`` or None; the cheat sheet collects these."""
    kind: str | None = None
    """What a reader can try: ``command``, ``dockerfile``, ``compose`` or None (nothing to try)."""
    lines: list[str] = field(default_factory=list)
    """A command block's runnable lines, one per logical line (heredocs kept whole)."""

    @property
    def key(self) -> str:
        """The block's stable name: its ``id`` directive, else page and position."""
        return self.directives.get("id") or f"{self.page.removesuffix('.md').replace('/', '-')}-{self.index}"

    @property
    def anchor(self) -> str:
        """The anchor of its section ('' above the first heading)."""
        return self.heading.anchor if self.heading else ""

    @property
    def tryable(self) -> bool:
        """Whether the reader gets a Try it on it."""
        return self.kind is not None


@dataclass
class PageModel:
    """The blocks of one page, with the scan they come from."""

    page: str
    blocks: list[NoteBlock]
    scan: Scan

    def tryable(self) -> list[NoteBlock]:
        """The blocks a reader can try, in page order."""
        return [block for block in self.blocks if block.tryable]

    def by_key(self, key: str) -> NoteBlock | None:
        """The block named ``key`` (its ``id`` directive or page-position key)."""
        return next((block for block in self.blocks if block.key == key), None)


def directives_above(lines: list[str], fence_line: int) -> Directives:
    """The ``try:`` comments directly above the fence on 1-based line ``fence_line`` (blank lines allowed)."""
    found: list[str] = []
    index = fence_line - 2
    while index >= 0:
        text = lines[index]
        match = TRY_COMMENT.match(text)
        if match:
            found.append(match.group("body"))
        elif text.strip():
            break
        index -= 1
    directives = Directives()
    for body in reversed(found):
        parse(body, directives)
    return directives


def command_lines(text: str) -> list[str]:
    """The lines of a command block a reader can run: docker lines and the terminal's shell lines.

    A heredoc (``cat > .env << EOF`` … ``EOF``) stays one line with its body; usage templates
    (``docker run [OPTIONS] IMAGE``) and placeholders (``<web2-ip>``) are left out.
    """
    found: list[str] = []
    raw = text.split("\n")
    index = 0
    pending: list[str] = []
    while index < len(raw):
        line = raw[index]
        heredoc = _HEREDOC.search(line)
        if heredoc and not line.lstrip().startswith("#"):
            word = heredoc.group("word")
            body = [line]
            index += 1
            while index < len(raw) and raw[index].strip() != word:
                body.append(raw[index])
                index += 1
            body.append(word)
            found.extend(_runnable(logical_lines("\n".join(pending))))
            pending = []
            found.append("\n".join(body))
            index += 1
            continue
        pending.append(line)
        index += 1
    found.extend(_runnable(logical_lines("\n".join(pending))))
    return found


def _runnable(lines: list[str]) -> list[str]:
    kept = []
    for line in lines:
        if is_usage(line) or _PLACEHOLDER.search(line):
            continue
        if line.startswith(">>> "):
            continue
        first = (words(line) or [""])[0]
        if is_docker_line(line) or first in SHELL_WORDS or _ASSIGNMENT.match(line):
            kept.append(line)
    return kept


@lru_cache(maxsize=64)
def read_page(page: str, markdown: str, *, slugify: Slugify = default_slugify, separator: str = "-") -> PageModel:
    """Every fenced block of ``markdown`` with its kind, lines, section and directives.

    Read once per page and build: the cheat sheet and the playground plugins ask for the same page's model
    (treat it as read-only)."""
    scan = scan_markdown(markdown, slugify=slugify, separator=separator)
    source = markdown.split("\n")
    blocks: list[NoteBlock] = []
    for index, found in enumerate(scan.blocks):
        heading = scan.headings[found.heading] if found.heading is not None else None
        block = NoteBlock(
            page=page,
            index=index,
            lang=found.lang,
            title=found.title,
            text=found.text,
            line=found.line,
            heading=heading,
            section=found.heading,
            directives=directives_above(source, found.fence_line),
        )
        block.content = content_kind(found.lang, found.text, found.title)
        kind = classify(found.lang, found.text, found.title)
        if kind == "command":
            block.lines = command_lines(found.text)
            kind = kind if block.lines else None
        elif kind == "dockerfile" and _PLACEHOLDER.search(found.text):
            kind = None  # a syntax template such as FROM <image>:<tag>
        if "none" in block.directives.flags:
            kind = None
        block.kind = kind
        blocks.append(block)
    return PageModel(page, blocks, scan)
