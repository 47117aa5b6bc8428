"""Folders a thousand deep in the browser's playground: ``mkdir -p`` of 1,050 levels, then a file
written at the bottom. pathlib's ``mkdir(parents=True)``, ``rglob`` and ``shutil.rmtree``
recurse once per level: the command answered ``internal: RecursionError`` and, worse, the saved playground
could not be restored at the next reload. Now every walk is a loop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dockersim import worker
from dockersim.hostfile import remove_tree


def _ask(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(worker.handle(json.dumps({"id": 1, "type": kind, "payload": payload})))
    assert reply["ok"], reply
    return reply["payload"]


@pytest.fixture
def folders(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    first, second = tmp_path / "first", tmp_path / "second"
    yield first, second
    for folder in (first, second):  # pytest's own clean-up uses shutil.rmtree, which would recurse
        if folder.exists():
            remove_tree(folder)


@pytest.mark.timeout(120)
def test_a_thousand_folders_deep_runs_saves_and_restores(folders: tuple[Path, Path]) -> None:
    first, second = folders
    _ask("init", {"workdir": str(first), "seed": 1})
    _ask("run", {"line": "docker volume create kept"})
    made = _ask("run", {"line": "mkdir -p " + "/".join(["d"] * 1050) + " && echo made"})
    assert made["stdout"] == "made\n", made
    removed = _ask("run", {"line": "rm -r d && echo removed"})
    assert removed["stdout"] == "removed\n", removed
    deep = "/".join(["a"] * 1050)
    _ask("run", {"line": f"mkdir -p {deep} && echo deep > {deep}/f"})
    state = _ask("state", {})["state"]
    restored = _ask("init", {"workdir": str(second), "seed": 1, "state": state})
    assert restored["restored"], restored
    assert _ask("run", {"line": "docker volume ls -q"})["stdout"] == "kept\n"
    assert (second / Path(*["a"] * 1050) / "f").read_text() == "deep\n"
