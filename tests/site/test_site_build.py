"""The built site: strict build, code blocks intact, no mojibake, every internal link and anchor resolves."""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from fences import read_fences
from htmlscan import scan

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MOJIBAKE = ["‚Ä", "üê", "‚úÖ", "‚ùå", "‚ö†", "Ã©", "â€"]
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".mjs"}


def _pages(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*.html")}


def test_strict_build_has_no_warnings(built_site: Path) -> None:
    """`mkdocs build --strict` succeeded (the fixture fails otherwise) and logged no warning at all."""
    log = (built_site / ".build-log.txt").read_text(encoding="utf-8")
    assert "WARNING" not in log, log


def test_every_code_block_appears_intact(built_site: Path) -> None:
    """Each fenced block in docs/ is in its page's HTML with the same text, character for character."""
    missing = []
    for markdown in sorted(DOCS.glob("*.md")):
        page = "index.html" if markdown.stem == "index" else f"{markdown.stem}/index.html"
        rendered = scan((built_site / page).read_text(encoding="utf-8")).code_blocks
        normalised = ["\n".join(line.rstrip() for line in block.split("\n")).strip("\n") for block in rendered]
        for fence in read_fences(markdown):
            body = "\n".join(line.rstrip() for line in fence.body.split("\n")).strip("\n")
            if not any(body in block for block in normalised):
                missing.append(f"{fence.page}:{fence.line}")
    assert not missing, f"code blocks not found intact in the HTML: {missing}"


def test_code_blocks_carry_their_language(built_site: Path) -> None:
    """bash, dockerfile and yaml blocks are highlighted as such (Pygments language classes)."""
    text = "".join(path.read_text(encoding="utf-8") for path in _pages(built_site).values())
    for lang in ("bash", "dockerfile", "yaml"):
        assert f'class="language-{lang} highlight"' in text or f"language-{lang}" in text, lang
    for fence in (fence for path in DOCS.glob("*.md") for fence in read_fences(path)):
        assert fence.lang, f"{fence.page}:{fence.line} has no language"


def test_no_mojibake_anywhere_in_the_site(built_site: Path) -> None:
    """The Mac Roman misreading is fully undone: no tell-tale sequence survives in any text file."""
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(built_site)}: {seq!r}" for seq in MOJIBAKE if seq in text]
    assert not offenders, offenders


def test_emoji_of_the_notes_survive(built_site: Path) -> None:
    """The decoded characters (🐳, ✅, ❌, 📚, 🎓) reach the pages."""
    text = "".join(path.read_text(encoding="utf-8") for path in _pages(built_site).values())
    for char in "🐳✅❌📚🎓":
        assert char in text, char


def resolve_href(page: str, href: str) -> tuple[str, str] | None:
    """The site file and fragment a local href of ``page`` points at; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(joined)
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    """Every local href of every page points at an existing file, and its #fragment at an existing id."""
    pages = _pages(built_site)
    scans = {name: scan(path.read_text(encoding="utf-8")) for name, path in pages.items()}
    broken = []
    for name, page in scans.items():
        for href in page.links:
            resolved = resolve_href(name, href)
            if resolved is None:
                continue
            target, fragment = resolved
            if not (built_site / target).exists():
                broken.append(f"{name}: {href} (no file {target})")
            elif fragment and target in scans and html.unescape(unquote(fragment)) not in scans[target].ids:
                broken.append(f"{name}: {href} (no id #{fragment} in {target})")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("beginner/index.html", "Beginner: Core Concepts"),
        ("intermediate/index.html", "Intermediate: Image &amp; Container Management"),
        ("advanced/index.html", "Advanced: Orchestration &amp; Optimization"),
        ("summary/index.html", "📚 Summary &amp; Quick Reference"),
    ],
)
def test_each_part_is_its_own_page(built_site: Path, page: str, title: str) -> None:
    """The notes are split into one page per part, each titled by its part heading."""
    text = (built_site / page).read_text(encoding="utf-8")
    assert f">{title}<" in text


def test_home_table_of_contents_links_to_the_parts(built_site: Path) -> None:
    """The notes' own table of contents now points at the part pages."""
    links = scan((built_site / "index.html").read_text(encoding="utf-8")).links
    for part in ("beginner/", "intermediate/", "advanced/"):
        assert part in links, links
