"""Tab completion of image names and tags (dockersim.completion), and of nothing where a flag's value goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.completion import complete
from dockersim.engine.catalogue import all_tags
from dockersim.session import Session


@pytest.fixture
def session(tmp_path: Path) -> Session:
    session = Session(seed=1, cwd=tmp_path)
    assert session.run_line("docker pull alpine:3.19").exit_code == 0
    return session


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("docker run ngi", ["nginx"]),  # from the registry: run pulls what it lacks
        ("docker pull red", ["redis"]),
        ("docker container create ngi", ["nginx"]),
        ("docker run -d --name web ngi", ["nginx"]),  # --name's value is not the image
        ("docker run -dp 8080:80 ngi", ["nginx"]),  # nor is -p's, at the end of a cluster
        ("docker rmi al", ["alpine", "alpine:3.19"]),  # local images only: rmi pulls nothing
        ("docker tag alp", ["alpine", "alpine:3.19"]),
        ("docker rmi ngi", []),
        ("docker run --name ng", []),  # a flag's value: no object names
        ("docker run -d nginx ", []),  # the container's command, not an image
    ],
)
def test_image_names(session: Session, line: str, expected: list[str]) -> None:
    """Image positions complete local images and, for commands that pull, the registry's repositories."""
    assert complete(session, line).candidates == expected


def test_tags_of_a_registry_image(session: Session) -> None:
    """After `repo:` every tag the registry has for it; the candidates start where the word does."""
    result = complete(session, "docker run -d node:18")
    assert result.start == len("docker run -d ")
    assert result.candidates == sorted(f"node:{tag}" for tag in all_tags("node") if tag.startswith("18"))
    assert "node:18-alpine" in result.candidates


def test_containers_still_complete_after_flags(session: Session) -> None:
    """Container commands still offer container names, also after a flag with a value."""
    assert session.run_line("docker run -d --name web nginx").exit_code == 0
    assert complete(session, "docker stop -t 5 w").candidates == ["web"]
    assert complete(session, "docker logs --tail 10 ").candidates == ["web"]
