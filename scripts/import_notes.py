"""Import the study notes from ``shared/seed`` into ``docs/`` as one page per part.

The seed is UTF-8 that was once decoded as Mac Roman; ``encode("mac_roman")``
followed by ``decode("utf-8")`` recovers every character. The notes are split
at their level-2 headings into a home page and one page per part, headings are
promoted one level so each part starts with its own ``#`` title, list and
table blocks get the blank line Python-Markdown needs, nested lists are
re-indented to four spaces, and unlabeled code fences get a language.

Run once when the seed changes: ``python scripts/import_notes.py SEED DOCS``. The part pages are
rewritten; the home page (``index.md``) is maintained by hand around the notes' title and table of
contents, so it is only written when it does not exist yet.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^```(.*)$")
HEADING = re.compile(r"^(#{1,6}) (.*)$")
LIST_ITEM = re.compile(r"^( *)([-*+]|\d+\.) ")
TABLE_ROW = re.compile(r"^\|")

#: Level-2 headings of the notes and the page each one starts.
PARTS: dict[str, str] = {
    "Beginner: Core Concepts": "beginner.md",
    "Intermediate: Image & Container Management": "intermediate.md",
    "Advanced: Orchestration & Optimization": "advanced.md",
    "📚 Summary & Quick Reference": "summary.md",
}
#: Level-2 headings that stay inside the page before them.
SUBSECTIONS = {"🎓 Additional Learning Resources"}

#: Languages for the notes' unlabeled fences, keyed by the block's first line.
UNLABELED = {
    "┌": 'text title="Architecture"',
    "# .dockerignore file": 'dockerignore title=".dockerignore"',
    "Before optimization:": "text",
    "my-ecommerce/": 'text title="Project structure"',
    "Application Type": "text",
}


def decode_seed(raw: bytes) -> str:
    """Undo the Mac Roman misreading of the seed, losing nothing."""
    return raw.decode("utf-8").encode("mac_roman").decode("utf-8")


@dataclass
class Page:
    """One output page: its file name and its Markdown lines."""

    name: str
    lines: list[str] = field(default_factory=list)


def label_fence(first_line: str) -> str:
    """The info string for an unlabeled fence, chosen from its first line."""
    for prefix, info in UNLABELED.items():
        if first_line.startswith(prefix):
            return info
    raise ValueError(f"unlabeled fence with no known language: {first_line!r}")


def normalise_prose(lines: list[str]) -> list[str]:
    """Give lists and tables the blank line before them and four-space nesting."""
    out: list[str] = []
    previous = ""
    for line in lines:
        item = LIST_ITEM.match(line)
        starts_block = (item and not item.group(1)) or (TABLE_ROW.match(line) and not TABLE_ROW.match(previous))
        if starts_block and previous.strip() and not LIST_ITEM.match(previous) and not previous.startswith("  "):
            out.append("")
        if item and item.group(1):
            depth = (len(item.group(1)) + 1) // 3
            line = "    " * depth + line.lstrip(" ")
        elif line.startswith("   ") and not line.startswith("    ") and out and out[-1].startswith("    "):
            line = "    " + line.lstrip(" ")
        out.append(line)
        previous = line
    return out


def split_notes(text: str) -> list[Page]:
    """Split the decoded notes into the home page and one page per part."""
    pages = [Page("index.md")]
    prose: list[str] = []
    lines = text.split("\n")
    index = 0

    def flush() -> None:
        pages[-1].lines.extend(normalise_prose(prose))
        prose.clear()

    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence:
            flush()
            info = fence.group(1) or label_fence(lines[index + 1])
            block = [f"```{info}"]
            index += 1
            while lines[index] != "```":
                block.append(lines[index])
                index += 1
            block.append("```")
            if pages[-1].lines and pages[-1].lines[-1].strip():
                pages[-1].lines.append("")
            pages[-1].lines.extend(block)
            index += 1
            continue
        heading = HEADING.match(line)
        if heading and len(heading.group(1)) == 2 and heading.group(2) in PARTS:
            flush()
            pages.append(Page(PARTS[heading.group(2)], [f"# {heading.group(2)}"]))
        elif heading and pages[-1].name != "index.md":
            level = len(heading.group(1))
            promoted = max(level - 1, 1) if heading.group(2) not in SUBSECTIONS else 2
            prose.append(f"{'#' * promoted} {heading.group(2)}")
        else:
            prose.append(line)
        index += 1
    flush()
    return pages


def rewrite_home(page: Page) -> Page:
    """Point the table of contents at the part pages instead of in-page anchors."""
    links = {"#" + slug: f"{name}" for slug, name in _toc_slugs().items()}
    body = []
    for line in page.lines:
        for anchor, target in links.items():
            line = line.replace(f"]({anchor})", f"]({target})")
        body.append(line)
    return Page(page.name, body)


def _toc_slugs() -> dict[str, str]:
    """GitHub-style slugs of the part headings, as the notes' own TOC spells them."""
    slugs = {}
    for title, name in PARTS.items():
        slug = re.sub(r"[^\w\- ]", "", title.lower()).strip().replace(" ", "-")
        slugs[slug] = name
    return slugs


def write_pages(pages: list[Page], docs: Path) -> None:
    """Write each page, trimmed of trailing blank lines and rules."""
    for page in pages:
        if page.name == "index.md" and (docs / page.name).exists():
            continue
        lines = list(page.lines)
        while lines and lines[-1].strip() in {"", "---"}:
            lines.pop()
        (docs / page.name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    """Import SEED into the DOCS folder."""
    seed, docs = Path(argv[0]), Path(argv[1])
    pages = split_notes(decode_seed(seed.read_bytes()))
    pages[0] = rewrite_home(pages[0])
    write_pages(pages, docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
