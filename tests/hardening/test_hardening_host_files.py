"""The reader's own files as the ``dockersim`` command meets them: FIFOs, devices, trees 2,000 folders deep,
link loops. Each read is bounded and never waits, each write refused as docker's atomic writer refuses it
(messages compared with the docker 28.2.2 client), and nothing ends in a hang, a traceback or an internal error."""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

import pytest
from dockersim.cli.main import main

CRASH = ("internal error", "Traceback")


def _run(argv: list[str], tmp_path: Path) -> tuple[str, str, int]:
    env = {"HOME": str(tmp_path), "DOCKERSIM_SEED": "1", "DOCKERSIM_STATE": str(tmp_path / "state.json")}
    out, err, code = main(argv, env=env, cwd=tmp_path)
    assert not any(sign in out + err for sign in CRASH), err
    return out, err, code


def _deep(root: Path, levels: int) -> Path:
    """A tree ``levels`` folders deep under ``root`` (made with relative steps: the full path is long)."""
    root.mkdir()
    here = Path.cwd()
    os.chdir(root)
    try:
        for _ in range(levels):
            Path("d").mkdir()
            os.chdir("d")
        Path("leaf").write_text("x\n")
    finally:
        os.chdir(here)
    return root


def _remove_deep(root: Path) -> None:
    """Remove a tree made by :func:`_deep` level by level (shutil.rmtree recurses, so pytest's clean-up of old
    temporary folders would end in RecursionError)."""
    here = Path.cwd()
    os.chdir(root)
    try:
        levels = 0
        while Path("d").is_dir():
            os.chdir("d")
            levels += 1
        for _ in range(levels):
            for entry in Path().iterdir():
                entry.unlink()
            os.chdir("..")
            Path("d").rmdir()
    finally:
        os.chdir(here)


@pytest.mark.timeout(180)
def test_a_context_1100_folders_deep_builds(tmp_path: Path) -> None:
    """CPython 3.11's os.walk recursed once per level: RecursionError, shown as an internal error."""
    root = _deep(tmp_path / "ctx", 1100)
    try:
        (root / "Dockerfile").write_text("FROM alpine\nCOPY . /app\n")
        out, err, code = _run(["build", "-q", str(root)], tmp_path)
    finally:
        _remove_deep(root)
    assert code == 0 and out.startswith("sha256:"), err


@pytest.mark.timeout(60)
def test_a_deep_tree_copied_in_and_exported_ends_cleanly(tmp_path: Path) -> None:
    """cp walked the host tree with a recursive rglob; export's USTAR headers refused names over 256 bytes."""
    _run(["run", "-d", "--name", "web", "alpine", "sleep", "1000"], tmp_path)
    _deep(tmp_path / "deep", 300)
    _, err, code = _run(["cp", str(tmp_path / "deep"), "web:/deep"], tmp_path)
    assert code == 0 or err.startswith("Error processing tar file: open /deep/"), err
    _run(["exec", "web", "sh", "-c", "mkdir -p /a/" + "/".join(["long-folder-name"] * 20)], tmp_path)
    _, err, code = _run(["export", "-o", "out.tar", "web"], tmp_path)
    assert code == 0, err
    with tarfile.open(tmp_path / "out.tar") as tar:
        assert max(len(name) for name in tar.getnames()) > 256


@pytest.mark.timeout(30)
def test_special_files_copied_into_a_container_are_never_read(tmp_path: Path) -> None:
    """A FIFO, a link to /dev/zero and a link loop inside a copied folder arrive empty, at once."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text("hello\n")
    os.mkfifo(tree / "pipe")
    (tree / "zero").symlink_to("/dev/zero")
    (tree / "loop1").symlink_to("loop2")
    (tree / "loop2").symlink_to("loop1")
    _run(["run", "-d", "--name", "web", "alpine", "sleep", "1000"], tmp_path)
    _, err, code = _run(["cp", str(tree), "web:/tree"], tmp_path)
    assert code == 0, err
    out, _, _ = _run(["exec", "web", "cat", "/tree/a.txt", "/tree/pipe", "/tree/zero"], tmp_path)
    assert out == "hello\n"
    _, err, code = _run(["cp", str(tree / "pipe"), "web:/pipe"], tmp_path)
    assert code == 0, err


@pytest.mark.timeout(30)
def test_cp_onto_a_fifo_replaces_it(tmp_path: Path) -> None:
    """The client's untar removes what is not a folder before it writes: never an open that waits for a reader."""
    os.mkfifo(tmp_path / "pipe")
    _run(["run", "-d", "--name", "web", "alpine", "sleep", "1000"], tmp_path)
    _, err, code = _run(["cp", "web:/etc/hostname", str(tmp_path / "pipe")], tmp_path)
    assert code == 0, err
    assert (tmp_path / "pipe").is_file()


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--rm", "--env-file", "{f}", "alpine", "true"],
        ["run", "--rm", "--label-file", "{f}", "alpine", "true"],
        ["load", "-i", "{f}"],
        ["import", "{f}"],
        ["compose", "-f", "{f}", "config"],
        ["stack", "config", "-c", "{f}"],
    ],
    ids=["env-file", "label-file", "load", "import", "compose", "stack"],
)
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_files_read_from_the_host_never_wait_or_run_without_bound(tmp_path: Path, argv: list[str], kind: str) -> None:
    """A FIFO with no writer reads as empty (as Go's read sees end-of-file); /dev/zero stops at the bound."""
    special = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(special)
    else:
        special.symlink_to("/dev/zero")
    _run(["volume", "create", "kept"], tmp_path)
    _, err, _ = _run([word.format(f=special) for word in argv], tmp_path)
    if kind == "dev-zero" and argv[0] in ("load", "import"):
        assert err == f"open {special}: file too large\n", err
    out, _, _ = _run(["volume", "ls", "-q"], tmp_path)
    assert out == "kept\n"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("pipe", "cannot write to a named pipe (FIFO)"),
        ("/dev/null", "cannot write to a character device file"),
        (".", "cannot write to a directory"),
        ("link", "cannot write to a symbolic link directly"),
        ("missing/out.tar", "invalid output path: stat missing: no such file or directory"),
        ("file.txt/out.tar", "invalid output path: stat file.txt: not a directory"),
    ],
    ids=["fifo", "device", "directory", "symlink", "missing-folder", "file-as-folder"],
)
@pytest.mark.timeout(30)
def test_save_and_export_refuse_what_the_atomic_writer_refuses(tmp_path: Path, target: str, expected: str) -> None:
    """docker 28.2.2 checks the output path before it asks the daemon (moby's atomicwriter); it was opened
    for writing, so a FIFO waited for a reader for ever and /dev/null was "no such file or directory"."""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "link").symlink_to("file.txt")
    _run(["run", "-d", "--name", "web", "alpine", "sleep", "1000"], tmp_path)
    _, err, code = _run(["save", "-o", target, "alpine"], tmp_path)
    assert (code, err) == (1, f"failed to save image: {expected}\n")
    _, err, code = _run(["export", "-o", target, "web"], tmp_path)
    assert (code, err) == (1, f"failed to export container: {expected}\n")
    _, err, code = _run(["save", "-o", "out.tar", "alpine"], tmp_path)
    assert code == 0 and tarfile.is_tarfile(tmp_path / "out.tar"), err


def test_folders_copied_in_stay_within_the_layer_bound(tmp_path: Path) -> None:
    """cp kept every folder it copied (a layer keeps at most MAX_FILES): three copies of a 700-folder tree
    grew the saved state by 2,100 folders, and each membership test scanned them all."""
    from dockersim.engine.state import MAX_FILES

    tree = tmp_path / "tree"
    for number in range(700):
        (tree / f"d{number}").mkdir(parents=True)
    _run(["run", "-d", "--name", "web", "alpine", "sleep", "1000"], tmp_path)
    for copy in range(3):
        _, err, code = _run(["cp", str(tree), f"web:/m{copy}"], tmp_path)
        assert code == 0, err
    state = json.loads((tmp_path / "state.json").read_text())
    assert len(state["engine"]["containers"][0]["dirs"]) <= MAX_FILES
