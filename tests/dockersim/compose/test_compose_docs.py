"""Every YAML block of the notes reads, and every compose file among them loads as compose loads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dockersim.compose.loader import ComposeError, load_project
from dockersim.compose.yaml import load

DOCS = Path(__file__).resolve().parents[3] / "docs"
FENCE = re.compile(r"^```ya?ml[^\n]*\n(.*?)^```", re.S | re.M)


def _blocks() -> list[tuple[str, int, str]]:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((page.name, line, match.group(1)))
    return found


BLOCKS = _blocks()


def test_docs_have_compose_blocks() -> None:
    """The scan finds the notes' compose files (guards against a silently empty parametrization)."""
    assert sum("services:" in body for _, _, body in BLOCKS) >= 3


@pytest.mark.parametrize(("page", "line", "body"), BLOCKS, ids=[f"{p}:{n}" for p, n, _ in BLOCKS])
def test_yaml_block_reads(page: str, line: int, body: str) -> None:
    """Each ```yaml fence of the notes is valid YAML for the simulator's reader."""
    load(body)


COMPOSE_BLOCKS = [(p, n, b) for p, n, b in BLOCKS if isinstance(load(b), dict) and "services" in load(b)]


@pytest.mark.parametrize(("page", "line", "body"), COMPOSE_BLOCKS, ids=[f"{p}:{n}" for p, n, _ in COMPOSE_BLOCKS])
def test_compose_block_loads(page: str, line: int, body: str, tmp_path: Path) -> None:
    """Each compose file in the notes loads and validates; the structure skeleton (services with only
    comments, so neither image nor build) fails exactly as compose fails on it."""
    (tmp_path / "docker-compose.yml").write_text(body, encoding="utf-8")
    services = load(body)["services"]
    if all(value is None for value in services.values()):
        with pytest.raises(ComposeError, match="has neither an image nor a build context specified"):
            load_project(tmp_path, {"HOME": "/root"})
        return
    project = load_project(tmp_path, {"HOME": "/root"})
    assert project.services
    assert any("attribute `version` is obsolete" in w for w in project.warnings) == ("version" in load(body))
