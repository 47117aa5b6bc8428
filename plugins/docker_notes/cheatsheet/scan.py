"""Read a Markdown page into its headings (with toc-style anchors) and its fenced code blocks."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify as default_slugify
from markdown.extensions.toc import unique

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*)$")
ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
ATTR_ID = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
INLINE_MARKUP = (
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"(\*\*|__|\*|`|~~|==|\^\^)"), ""),
    (re.compile(r"(?<!\w)_(?=\w)|(?<=\w)_(?!\w)"), ""),
    (re.compile(r":[a-z0-9_+-]+:"), ""),
)
INFO_TITLE = re.compile(r"""title=(?:"([^"]*)"|'([^']*)'|(\S+))""")

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class Heading:
    """A heading of the page: level, plain title, the anchor the toc extension gives it, source line."""

    level: int
    title: str
    anchor: str
    line: int


@dataclass
class Block:
    """A fenced code block: language, title option, body (dedented) and where it sits."""

    lang: str
    title: str
    text: str
    line: int
    """Line of the first body line."""
    fence_line: int
    heading: int | None
    """Index of the nearest heading above it in :attr:`Scan.headings`."""


@dataclass
class Scan:
    """The headings and fenced blocks of one page, and what could not be read (line, message)."""

    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def plain_title(markdown_title: str) -> str:
    """The text of a heading once rendered: inline markup, links, HTML, emoji shortcodes and attr lists gone."""
    text = ATTR_ID.sub("", markdown_title)
    for pattern, replacement in INLINE_MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(html.unescape(text).split())


def heading_anchor(
    markdown_title: str, seen: set[str], slugify: Slugify = default_slugify, separator: str = "-"
) -> str:
    """The id Python-Markdown's toc gives a heading: an attr-list ``#id`` or the slug, ``_1``… when taken."""
    attrs = ATTR_ID.search(markdown_title)
    explicit = next((part[1:] for part in attrs.group(1).split() if part.startswith("#")), "") if attrs else ""
    anchor = explicit or unique(slugify(plain_title(markdown_title), separator), seen)
    seen.add(anchor)
    return anchor


def parse_info(info: str) -> tuple[str, str]:
    """The language and the ``title=`` option of a fence's info string (``bash``, ``{.bash}``, ``x title=…``)."""
    info = info.strip().strip("{}").strip()
    first = info.split(None, 1)[0] if info else ""
    lang = first.lstrip(".") if "=" not in first else ""
    match = INFO_TITLE.search(info)
    title = next((group for group in match.groups() if group is not None), "") if match else ""
    return lang.lower(), title


def scan_markdown(markdown: str, *, slugify: Slugify = default_slugify, separator: str = "-") -> Scan:
    """Find the headings and the fenced code blocks of ``markdown``; an unclosed fence is a problem."""
    scan = Scan()
    seen: set[str] = set()
    lines = markdown.split("\n")
    index = 0
    previous_text = False
    while index < len(lines):
        line = lines[index]
        opening = FENCE_OPEN.match(line)
        if opening:
            fence, indent = opening.group("fence"), opening.group("indent")
            closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            end = next((j for j in range(index + 1, len(lines)) if closing.match(lines[j])), None)
            lang, title = parse_info(opening.group("info"))
            if end is None:
                scan.problems.append((index + 1, f"unclosed code fence {fence}{lang}"))
                end = len(lines)
            body = [_dedent(text, indent) for text in lines[index + 1 : end]]
            heading = len(scan.headings) - 1 if scan.headings else None
            scan.blocks.append(Block(lang, title, "\n".join(body), index + 2, index + 1, heading))
            index = end + 1
            previous_text = False
            continue
        atx = ATX.match(line)
        setext = SETEXT.match(line) if previous_text else None
        if atx:
            level, raw = len(atx.group(1)), atx.group(2)
            scan.headings.append(
                Heading(level, plain_title(raw), heading_anchor(raw, seen, slugify, separator), index + 1)
            )
            previous_text = False
        elif setext and not lines[index - 1].lstrip().startswith(("-", "*", "+", ">", "|")):
            raw = lines[index - 1].strip()
            level = 1 if setext.group(1)[0] == "=" else 2
            scan.headings.append(Heading(level, plain_title(raw), heading_anchor(raw, seen, slugify, separator), index))
            previous_text = False
        else:
            previous_text = bool(line.strip()) and not line.startswith(("    ", "\t"))
        index += 1
    return scan


def _dedent(line: str, indent: str) -> str:
    """Remove the fence's own indentation from a body line."""
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")
