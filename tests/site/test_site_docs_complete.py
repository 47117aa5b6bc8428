"""docs/ holds the whole study notes, decoded: nothing of the seed is lost in the import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "docker-study-notes.original.txt"
HEADING = re.compile(r"^#{1,6} ")
TOC_LINK = re.compile(r"^\d+\. \[.*\]\(#.*\)$")


def _normalise(line: str) -> str:
    """Compare lines without heading markers or indentation, which the split into pages changes."""
    line = line.strip()
    return HEADING.sub("", line) if HEADING.match(line) else line


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip(f"seed not found at {SEED}")
    text = SEED.read_bytes().decode("utf-8").encode("mac_roman").decode("utf-8")
    return text.split("\n")


def test_seed_decodes_without_mojibake(seed_lines: list[str]) -> None:
    """The recovery recipe gives clean text: the emoji are back and no Mac Roman artefact remains."""
    text = "\n".join(seed_lines)
    assert "🐳" in text and "✅" in text and "‚Ä" not in text


def _kept(line: str, docs: set[str]) -> bool:
    """A line is kept when docs/ has it, or has its code and its trailing comment on separate lines.

    Dockerfiles only take ``#`` comments at the start of a line: ``COPY . .  # note`` copies a file
    named ``#``. Those notes lines were corrected by moving the comment onto the line above.
    """
    if _normalise(line) in docs:
        return True
    code, hash_, comment = line.partition("  #")
    return bool(hash_) and _normalise(code) in docs and _normalise(f"#{comment}") in docs


def test_every_line_of_the_notes_is_in_docs(seed_lines: list[str]) -> None:
    """Every heading, paragraph, list item, table row and code line of the seed is somewhere in docs/."""
    docs = {_normalise(line) for path in (ROOT / "docs").glob("*.md") for line in path.read_text("utf-8").split("\n")}
    lost = [
        line
        for line in seed_lines
        if line.strip() and line.strip() != "---" and not TOC_LINK.match(line.strip()) and not _kept(line, docs)
    ]
    assert not lost, f"{len(lost)} lines of the notes are missing from docs/: {lost[:10]}"
