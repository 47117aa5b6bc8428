"""FolderFiles: the playground folder's files follow every change Python makes, reading back only what changed."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dockersim import worker
from dockersim.folderfiles import FolderFiles
from dockersim.hostfile import remove_tree

_COUNTS: dict[str, int] | None = None


def _count(event: str, args: tuple[object, ...]) -> None:
    if _COUNTS is not None and event in ("os.scandir", "open"):
        _COUNTS[event] += 1


sys.addaudithook(_count)


@contextmanager
def counting() -> Iterator[dict[str, int]]:
    """How many folders were listed and files opened meanwhile."""
    global _COUNTS
    _COUNTS = {"os.scandir": 0, "open": 0}
    try:
        yield _COUNTS
    finally:
        _COUNTS = None


def _walked(root: Path) -> dict[str, str]:
    """What a fresh walk finds: the truth the kept files must equal."""
    return dict(FolderFiles(root).files())


def _step(rng: random.Random, root: Path, outside: Path) -> None:
    names = ["a", "b", "c/d", "c/e", "c/f/g", "h i/j"]
    name = rng.choice(names)
    path = root / name
    action = rng.randrange(10)
    if action == 0:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"text {rng.random()}\r\n" if rng.random() < 0.2 else f"text {rng.random()}\n")
    elif action == 1 and path.parent.is_dir():
        with path.open("a") as stream:
            stream.write("more\n")
    elif action == 2 and path.is_file():
        path.unlink()
    elif action == 3:
        target = root / rng.choice([*names, "c", "k", "h i"])
        source = root / rng.choice(["c", "h i", *names])
        inside_itself = source.is_dir() and target.is_relative_to(source)
        if source.exists() and not target.exists() and target.parent.is_dir() and not inside_itself:
            source.rename(target)
    elif action == 4 and (root / "c").is_dir():
        shutil.rmtree(root / "c")
    elif action == 5:
        incoming = outside / f"in{rng.randrange(1000)}"
        (incoming / "deep").mkdir(parents=True)
        (incoming / "deep" / "x").write_text("from outside\n")
        target = root / rng.choice(["m", "n"])
        if not target.exists():
            incoming.replace(target)
    elif action == 6 and path.is_file():
        os.truncate(path, 2)
    elif action == 7:
        (outside / "y").write_text(f"moved file {rng.random()}\n")
        if path.parent.is_dir() and not path.is_dir():
            (outside / "y").replace(path)
    elif action == 8 and path.is_file():
        moved = outside / f"out{rng.randrange(1000)}"
        path.rename(moved)
    elif action == 9 and not (root / "l").is_symlink():
        (root / "l").symlink_to(root / "a")  # a link's text follows its target's


def test_the_kept_files_equal_a_fresh_walk_after_every_change(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    kept = FolderFiles(root)
    rng = random.Random(7)
    for turn in range(400):
        for _ in range(rng.randrange(1, 4)):
            with contextlib.suppress(OSError):  # a failed step (a file where a folder is wanted) is followed too
                _step(rng, root, outside)
        assert kept.files() == _walked(root), turn
    assert kept.files(), "the sequence left no file: it proves little"


def test_a_look_with_nothing_changed_lists_no_folder_and_reads_only_what_changed(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["d"] * 50)
    deep.mkdir(parents=True)
    (deep / "f").write_text("deep\n")
    (tmp_path / "g").write_text("top\n")
    kept = FolderFiles(tmp_path)
    assert kept.files() == {"/".join(["d"] * 50) + "/f": "deep\n", "g": "top\n"}
    with counting() as counts:
        kept.files()
    assert counts == {"os.scandir": 0, "open": 0}
    (tmp_path / "g").write_text("changed\n")
    with counting() as counts:
        assert kept.files()["g"] == "changed\n"
    assert counts == {"os.scandir": 0, "open": 1}


def test_a_command_after_a_folder_1050_deep_walks_nothing_and_the_state_stays_exact(tmp_path: Path) -> None:
    def ask(kind: str, payload: dict[str, object]) -> dict[str, object]:
        reply = json.loads(worker.handle(json.dumps({"id": 1, "type": kind, "payload": payload})))
        assert reply["ok"], reply
        return reply["payload"]

    workdir = tmp_path / "w"
    deep = "/".join(["d"] * 1050)
    try:
        ask("init", {"workdir": str(workdir), "seed": 1})
        ask("run", {"line": f"mkdir -p {deep} && echo hi > {deep}/f && echo top > t"})
        with counting() as counts:
            ask("run", {"line": "echo more >> t"})
        assert counts["os.scandir"] == 0, counts
        state = ask("state", {})["state"]
        assert isinstance(state, dict)
        assert state["files"] == {f"{deep}/f": "hi\n", "t": "top\nmore\n"} == _walked(workdir)
    finally:
        remove_tree(workdir)
