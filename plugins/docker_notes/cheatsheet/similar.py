"""When two lines or files of the notes are one cheat-sheet entry.

Two keys per item: :func:`spelling_key` (the same line spelled differently: blanks, quotes, ``docker-compose``
or ``docker compose``, ``docker ps`` or ``docker container ls``, an implicit ``:latest``; a file's comments
and blank lines) and :func:`shape_key` (a command line of the same shape: the same commands with the same
flags and as many arguments, that the notes describe in the same words, such as ``docker pull node:18-alpine``
and ``docker pull postgres:15.2`` under "Pull specific version by tag").
"""

from __future__ import annotations

from typing import Any

from docker_notes.cheatsheet.commands import MANAGEMENT, SHORTCUTS
from docker_notes.cheatsheet.shell import split_commands, unquote, words

LATEST = ":latest"


def _normal_word(word: str) -> str:
    """A word as the command receives it, without a redundant ``:latest`` tag."""
    value = unquote(word) if " " not in word else word
    if value.endswith(LATEST) and "/" not in value[: -len(LATEST)].split(":")[-1]:
        value = value[: -len(LATEST)]
    return value


def _segment_key(segment: str) -> str:
    """One simple command, normalised: docker commands in their management form."""
    items = [_normal_word(word) for word in words(segment)]
    if items and items[0] == "docker-compose":
        items = ["docker", "compose", *items[1:]]
    if len(items) > 1 and items[0] == "docker":
        if items[1] in SHORTCUTS:
            items = ["docker", *SHORTCUTS[items[1]], *items[2:]]
        elif items[1] in MANAGEMENT and len(items) > 2 and items[2] in {"list", "ps"}:
            items = ["docker", items[1], "ls", *items[3:]]
    return " ".join(items)


def spelling_key(kind: str, text: str) -> str:
    """What stays of an item once spelling is set aside: lines that share it say the same thing."""
    if kind == "command":
        segments, _ = split_commands(text)
        operators = [part for part in text.split() if part in {"|", "&&", "||", ";", "&"}]
        return " ; ".join(_segment_key(segment) for segment in segments) + " " + " ".join(operators)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line and not line.startswith("#"))


def shape_key(meta: dict[str, Any], text: str) -> tuple[Any, ...] | None:
    """The shape of a command line: its commands, their flags and argument counts, the other programs."""
    commands = meta.get("commands") or []
    if not commands or any(command.get("usage") for command in commands):
        return None
    segments, _ = split_commands(text)
    programs = [words(segment)[0] for segment in segments]
    others = tuple(program for program in programs if program not in {"docker", "docker-compose"})
    return (
        tuple((c["canonical"], tuple(sorted(c["flags"])), len(c["args"])) for c in commands),
        others,
    )
