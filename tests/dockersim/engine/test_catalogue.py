"""The catalogue's note under a pull error: docker's text stays; a ``dockersim:`` line says what the simulator lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.engine.catalogue import missing_note
from dockersim.engine.catalogue_data import REPOS
from dockersim.engine.reference import parse_reference
from dockersim.session import Session

DENIED = (
    "pull access denied for {0}, repository does not exist or may require 'docker login': "
    "denied: requested access to the resource is denied"
)


def _run(line: str, stdin: str = "") -> tuple[list[str], int]:
    result = Session(seed=3, cwd="/work", env={"HOME": "/root"}).run_line(line, stdin)
    return result.stderr.splitlines(), result.exit_code


def test_note_names_every_image_the_catalogue_holds() -> None:
    """A repository the catalogue lacks: the note says the simulator cannot reach Docker Hub and lists its images."""
    note = missing_note(parse_reference("docker/getting-started"), "docker/getting-started")
    head, _, listed = note.partition("; its images: ")
    assert head == "dockersim: the simulator cannot reach Docker Hub and its catalogue has no docker/getting-started"
    assert sorted(listed.split(", ")) == sorted(REPOS)


def test_note_for_a_missing_tag_lists_the_repository_tags() -> None:
    """A tag the catalogue lacks (nginx:1.25.3 is real, nginx:nosuch is not): the note names the tags it has."""
    note = missing_note(parse_reference("nginx:1.25.3"), "nginx:1.25.3")
    assert note.startswith("dockersim: the simulator cannot reach Docker Hub and its catalogue has no nginx:1.25.3; ")
    assert note.endswith(
        "its nginx tags: latest, 1, 1.27, 1.27.3, mainline, bookworm, alpine, 1-alpine, 1.27-alpine, 1.27.3-alpine, "
        "mainline-alpine, alpine3.20, stable, 1.26, 1.26.2, stable-alpine, 1.26-alpine, 1.26.2-alpine, 1.25, 1.25.5, "
        "1.21, 1.21.6"
    )


def test_no_note_for_hosts_the_simulated_world_answers_itself() -> None:
    """A host that does not resolve or a loopback registry is the simulated world's own answer: no note."""
    assert missing_note(parse_reference("myregistry.example:5000/app"), "myregistry.example:5000/app") == ""
    assert missing_note(parse_reference("localhost:5000/app"), "localhost:5000/app") == ""
    assert "cannot reach ghcr.io and its catalogue has no ghcr.io/o/i;" in missing_note(
        parse_reference("ghcr.io/o/i"), "ghcr.io/o/i"
    )


@pytest.mark.parametrize(
    ("line", "docker_text"),
    [
        ("docker pull ngnix", [f"Error response from daemon: {DENIED.format('ngnix')}"]),
        (
            "docker run -d -p 80:80 docker/getting-started",
            [
                "Unable to find image 'docker/getting-started:latest' locally",
                f"docker: Error response from daemon: {DENIED.format('docker/getting-started')}",
                "",
                "Run 'docker run --help' for more information",
            ],
        ),
        (
            "docker pull nginx:nosuch",
            ["Error response from daemon: manifest for nginx:nosuch not found: manifest unknown: manifest unknown"],
        ),
    ],
)
def test_cli_keeps_docker_text_and_adds_the_note_last(line: str, docker_text: list[str]) -> None:
    """docker's own lines are unchanged (a misspelt name gets exactly them); the simulator's line comes last."""
    lines, code = _run(line)
    assert code == (125 if line.startswith("docker run") else 1)
    assert lines[:-1] == docker_text
    assert lines[-1].startswith("dockersim: the simulator cannot reach Docker Hub and its catalogue has no ")


def test_build_from_a_missing_image_ends_with_the_note(tmp_path: Path) -> None:
    """``FROM ngnix``: buildx's ERROR line, then the simulator's note."""
    lines, code = _run(f"docker build -q -f - {tmp_path}", "FROM ngnix\n")
    assert code == 1
    assert lines[-2].startswith("ERROR: failed to build: failed to solve: ngnix:latest: failed to resolve source")
    assert lines[-1].startswith("dockersim: the simulator cannot reach Docker Hub and its catalogue has no ngnix; ")


def test_a_repository_pushed_to_the_simulated_registry_gets_no_note() -> None:
    """The simulated registry holds every tag pushed to it: a missing tag there is docker's answer alone."""
    session = Session(seed=3, cwd="/work", env={"HOME": "/root"})
    for line in (
        "docker login -u me -p pw",
        "docker pull alpine",
        "docker tag alpine me/app:1",
        "docker push me/app:1",
    ):
        assert session.run_line(line).exit_code == 0, line
    result = session.run_line("docker pull me/app:2")
    assert result.stderr.splitlines() == [
        "Error response from daemon: manifest for me/app:2 not found: manifest unknown: manifest unknown"
    ]
