"""Reader questions against the cheat sheet of the notes: a fitting entry must come in the first three.

The entries are the notes' own (docs/*.md through the plugin's extraction, merge, titles and the simulator's
explanations), ranked in Node by the page's own search module (assets/cheatsheet-search.js) with MiniSearch,
exactly as the page ranks them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docker_notes.cheatsheet.annotate import annotate
from docker_notes.cheatsheet.extract import Entry, extract_page, merge
from docker_notes.cheatsheet.render import search_documents
from docker_notes.cheatsheet.titles import set_titles

ROOT = Path(__file__).resolve().parents[3]
ASSETS = ROOT / "plugins" / "docker_notes" / "cheatsheet" / "assets"
MINISEARCH = ROOT / "node_modules" / "minisearch" / "dist" / "cjs" / "index.cjs"
RANK = Path(__file__).with_name("rank.js")
PAGES = ("index.md", "beginner.md", "intermediate.md", "advanced.md", "summary.md")

# (question, what a fitting entry's title, line or written variants must contain: a regex, multi-line)
QUESTIONS: list[tuple[str, str]] = [
    ("remove all stopped containers", r"container prune|docker rm \$\(docker ps -aq -f status=exited\)"),
    ("build with tag", r"^docker build -t "),
    ("copy files into container", r"^COPY |docker cp "),
    ("volume mount read only", r":ro\b"),
    ("volume ls", r"^docker volume ls$"),
    ("ip address", r"docker inspect \S+ \| grep IPAddress"),
    ("port mapping", r"docker run .*-p \d+:\d+|docker port "),
    ("run in background", r"^docker run -d |up -d"),
    ("follow logs", r"logs -f"),
    ("set environment variable", r"docker run .*-e [A-Z_]+=|^ENV "),
    ("restart policy", r"--restart"),
    ("clean up unused images", r"docker image prune|system prune -a"),
    ("shell into container", r"docker exec -it \S+ (sh|bash)"),
    ("open a terminal inside a running container", r"docker exec -it \S+ (sh|bash)"),
    ("list running containers", r"^docker ps$"),
    ("list all containers", r"^docker ps -a$"),
    ("delete an image", r"docker rmi |docker image rm "),
    ("stop a container", r"^docker stop "),
    ("how do I see container logs", r"^docker logs "),
    ("create a network", r"^docker network create "),
    ("connect container to network", r"docker network connect |--network "),
    ("multi-stage build", r"multi-stage"),
    ("pull a specific version", r"^docker pull \S+:\S+"),
    ("push image to registry", r"^docker push "),
    ("login to docker hub", r"^docker login"),
    ("start compose services in background", r"docker-compose up -d|docker compose up -d"),
    ("stop and remove compose services", r"compose down"),
    ("scale a service", r"--scale"),
    ("remove volumes with compose down", r"compose down -v"),
    ("free disk space", r"system prune"),
    ("interactive terminal ubuntu", r"docker run -it ubuntu"),
    ("inspect volume", r"^docker volume inspect "),
    ("bind mount current directory", r"-v \$\(pwd\)"),
    ("environment file", r"--env-file"),
    ("publish all ports random", r"-P "),
    ("non root user dockerfile", r"^USER "),
    ("build argument", r"--build-arg|^ARG "),
    ("stop all running containers", r"docker stop \$\(docker ps -q\)"),
    ("find image on docker hub", r"^docker search "),
    ("remove container automatically when it exits", r"docker run --rm "),
    ("tag an image for a registry", r"^docker tag "),
    ("containers removing", r"docker rm |container prune"),
    ("stopped containers", r"status=exited|container prune"),
    ("remvoe volume", r"docker volume rm |volume prune"),
    ("check which port is mapped", r"^docker port "),
    ("delete everything unused", r"system prune"),
    ("docker-compose logs", r"compose logs"),
    ("check if an image exists locally", r"docker images \| grep|^docker images$"),
]


def _page_title(markdown: str) -> str:
    first = re.search(r"^# (.+)$", markdown, re.MULTILINE)
    return first.group(1).strip() if first else ""


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Entry], Path]:
    """The notes' entries, and the documents the page indexes, written to a file for Node."""
    items, titles = [], {}
    for page in PAGES:
        markdown = (ROOT / "docs" / page).read_text(encoding="utf-8")
        titles[page] = _page_title(markdown)
        items += extract_page(markdown, page)[0]
    entries = merge(items)
    set_titles(entries)
    assert annotate(entries) == []
    path = tmp_path_factory.mktemp("questions") / "documents.json"
    path.write_text(json.dumps(search_documents(entries, titles)), encoding="utf-8")
    return entries, path


def rank(documents: Path, questions: list[str], top: int = 3) -> dict[str, Any]:
    """The first ``top`` entry ids per question, as the page ranks them."""
    node = shutil.which("node")
    if node is None or not MINISEARCH.is_file():
        pytest.skip("node and node_modules/minisearch are needed to rank as the page does")
    asked = documents.with_name("questions.json")
    asked.write_text(json.dumps(questions), encoding="utf-8")
    command = [node, str(RANK), str(ASSETS / "cheatsheet-search.js"), str(MINISEARCH), str(documents), str(asked)]
    result = subprocess.run([*command, str(top)], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def shown(entry: Entry) -> str:
    """What the reader sees of an entry: its title, its line (or file) and its other written forms."""
    return "\n".join([entry.title, entry.text, *(variant["text"] for variant in entry.meta.get("variants", []))])


def test_every_question_finds_a_fitting_entry_in_the_first_three(notes: tuple[list[Entry], Path]) -> None:
    """Each reader question has an entry that answers it among the first three results."""
    entries, documents = notes
    by_id = {entry.id: entry for entry in entries}
    answers = rank(documents, [question for question, _ in QUESTIONS])
    missed = []
    for question, fitting in QUESTIONS:
        top = [by_id[identifier] for identifier in answers[question] or []]
        if not any(re.search(fitting, shown(entry), re.MULTILINE) for entry in top):
            missed.append((question, [entry.text.split("\n")[0] for entry in top]))
    assert not missed, f"{len(missed)} of {len(QUESTIONS)} questions missed: {missed}"


def test_a_question_of_only_stop_words_is_no_query(notes: tuple[list[Entry], Path]) -> None:
    """"how do I" filters nothing (the list stays whole) rather than matching nothing."""
    assert rank(notes[1], ["how do I", "the"]) == {"how do I": None, "the": None}


def test_no_two_entries_show_the_same_line(notes: tuple[list[Entry], Path]) -> None:
    """One entry per command: no line or file is shown by two entries, written alike or differently spaced."""
    entries, _ = notes
    seen: dict[str, str] = {}
    for entry in entries:
        for text in [entry.text, *(variant["text"] for variant in entry.meta.get("variants", []))]:
            key = " ".join(text.split())
            assert seen.setdefault(key, entry.id) == entry.id, f"{text!r} is shown twice"


def test_every_file_has_a_distinct_title(notes: tuple[list[Entry], Path]) -> None:
    """Dockerfiles and Compose files are told apart by their titles, never by a bare section name."""
    files = [entry for entry in notes[0] if entry.kind in {"dockerfile", "compose"}]
    titles = [entry.title for entry in files]
    assert len(set(titles)) == len(titles)
    react = next(entry for entry in files if "FROM nginx:alpine" in entry.text and "AS builder" in entry.text)
    assert react.title == "React Application, multi-stage: node:18-alpine → nginx:alpine"


def test_a_command_name_lists_that_command_first(notes: tuple[list[Entry], Path]) -> None:
    """A question that is a command's words lists that command first, the exact command before its variants;
    an instruction typed in capitals (RUN) still finds the Dockerfiles first."""
    entries, documents = notes
    by_id = {entry.id: entry for entry in entries}
    answers = rank(documents, ["run", "compose up", "docker compose up", "RUN"], top=4)
    assert by_id[answers["run"][0]].text.startswith("docker run ")
    for question in ("compose up", "docker compose up"):
        lines = [by_id[identifier].text for identifier in answers[question]]
        assert lines[0] == "docker-compose up", lines
        assert all(line.startswith("docker-compose up ") for line in lines[1:]), lines
    assert by_id[answers["RUN"][0]].kind == "dockerfile"
