"""Every ``docker …`` line in the notes runs through the simulator without an internal error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dockersim.session import Session
from dockersim.shell import Shell

DOCS = Path(__file__).resolve().parents[3] / "docs"
#: Owned and tested by other packages (the builder and compose), or placeholders that are not commands.
_SKIP = (
    "docker build",
    "docker compose",
    "docker-compose",
    "docker run [",
    "docker ps [",
    "docker pull [",
    "docker rm [",
    "docker stop [",
)


def _blocks(text: str) -> list[str]:
    """Shell code blocks (``bash``/``sh``/``console``/unlabelled) of one page."""
    blocks, current, lang = [], None, ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            if current is None:
                lang = stripped[3:].split()[0] if stripped[3:].split() else ""
                current = []
            else:
                if lang in ("bash", "sh", "shell", "console", ""):
                    blocks.append("\n".join(current))
                current = None
            continue
        if current is not None:
            current.append(line)
    return blocks


def _doc_lines() -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for page in sorted(DOCS.glob("*.md")):
        for block in _blocks(page.read_text(encoding="utf-8")):
            joined = re.sub(r"\\\n\s*", " ", block)
            for raw in joined.splitlines():
                line = raw.strip()
                if not line.startswith("docker ") or line.startswith(_SKIP):
                    continue
                line = re.sub(r"\s+#.*$", "", line)
                if "<" in line and ">" in line.split("<", 1)[1]:
                    continue
                lines.append((page.name, line))
    return lines


DOC_LINES = _doc_lines()


def test_the_notes_have_docker_lines() -> None:
    """The extraction finds the notes' commands (guards against a silent empty replay)."""
    assert len(DOC_LINES) > 100


@pytest.mark.parametrize("page", sorted({page for page, _ in DOC_LINES}))
def test_replay_page(page: str) -> None:
    """Each page's docker lines, replayed in order in one session, never crash the simulator."""
    session = Session(seed=99, cwd="/work", env={"HOME": "/root"})
    shell = Shell(session, Path("/work"))
    failures = []
    for _, line in (item for item in DOC_LINES if item[0] == page):
        result = shell.run(line)
        text = result.stdout + result.stderr
        if "internal error" in text or "Traceback" in text:
            failures.append(f"{line}\n{result.stderr}")
    assert not failures, "\n".join(failures)
