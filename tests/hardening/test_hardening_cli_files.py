"""The ``dockersim`` command with hostile files: special files in a build context, state files that are
FIFOs, devices, directories, deeply nested or too large, and an ``--iidfile`` it cannot write. Each ends
with a clear message (docker's where docker has one), never a hang, a traceback or an internal error."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from dockersim.cli.main import main
from dockersim.cli.statefile import read_state
from dockersim.context import SimulatorError

CRASH = ("internal error", "Traceback")


def _run(argv: list[str], tmp_path: Path, state: Path | str | None = None) -> tuple[str, str, int]:
    env = {"HOME": str(tmp_path), "DOCKERSIM_SEED": "1"}
    if state is not None:
        env["DOCKERSIM_STATE"] = str(state)
    out, err, code = main(argv, env=env, cwd=tmp_path)
    assert not any(sign in out + err for sign in CRASH), err
    return out, err, code


@pytest.fixture
def context(tmp_path: Path) -> Iterator[Path]:
    """A build context holding a FIFO and a Unix socket beside its Dockerfile."""
    root = tmp_path / "ctx"
    root.mkdir()
    (root / "Dockerfile").write_text("FROM alpine\nCOPY . /app\n")
    (root / "file.txt").write_text("hello\n")
    os.mkfifo(root / "pipe")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock"))
    yield root
    server.close()


@pytest.mark.timeout(30)
def test_fifo_and_socket_in_a_build_context_are_never_opened(context: Path, tmp_path: Path) -> None:
    """BuildKit's sender sends a FIFO as its type alone and skips a socket: the build succeeds."""
    out, err, code = _run(["build", "-q", str(context)], tmp_path)
    assert code == 0, err
    assert out.startswith("sha256:")


@pytest.mark.timeout(30)
def test_iidfile_in_a_missing_folder_is_buildx_error(context: Path, tmp_path: Path) -> None:
    """The build succeeds, then writing the ID fails as os.WriteFile's error (exit 1)."""
    target = tmp_path / "missing" / "iid"
    _, err, code = _run(["build", "-q", "--iidfile", str(target), str(context)], tmp_path)
    assert code == 1
    assert err.strip().endswith(f"ERROR: open {target}: no such file or directory")


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: os.mkfifo(p), "is a FIFO"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.symlink_to("/dev/zero"), "is a character device"),
        (lambda p: p.write_text("[" * 200_000 + "]" * 200_000), "nested too deeply"),
        (lambda p: p.write_text('{"engine":' * 20_000 + "1" + "}" * 20_000), "nested too deeply"),
        (lambda p: p.write_bytes(b"\xff\xfe"), "not UTF-8"),
        (lambda p: p.write_text("{"), "corrupt"),
        (lambda p: p.write_text('{"version": 1, "clock": 1e300}'), "is damaged"),
    ],
    ids=["fifo", "directory", "dev-zero", "deep-list", "deep-object", "binary", "corrupt", "huge-clock"],
)
def test_unusable_state_files_are_refused_and_left_alone(make, kind: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A clear refusal naming the problem, exit 1, and the file untouched."""
    state = tmp_path / "state.json"
    make(state)
    before = os.lstat(state)
    _, err, code = _run(["ps"], tmp_path, state)
    assert code == 1
    assert kind in err, err
    after = os.lstat(state)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_state_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    """The bound holds for what is read, not only for what stat says."""
    state = tmp_path / "state.json"
    state.write_text("[" + "0," * 600 + "0]")
    with pytest.raises(SimulatorError, match="larger than 1000 bytes"):
        read_state(state, limit=1000)


def test_socket_state_file_is_refused(context: Path, tmp_path: Path) -> None:
    _, err, code = _run(["ps"], tmp_path, context / "sock")
    assert code == 1 and "is a socket" in err


def test_newer_session_state_is_refused_and_left_alone(tmp_path: Path) -> None:
    """A state written by a newer dockersim is never loaded and rewritten as this version's (losing its news)."""
    state = tmp_path / "state.json"
    _run(["volume", "create", "kept"], tmp_path, state)
    data = json.loads(state.read_text())
    data["session_version"] = 999
    state.write_text(json.dumps(data))
    before = state.read_bytes()
    _, err, code = _run(["volume", "create", "other"], tmp_path, state)
    assert code == 1 and "written by a newer dockersim (session version 999" in err, err
    assert state.read_bytes() == before


def test_state_that_cannot_be_written_back_says_why_in_plain_words(tmp_path: Path) -> None:
    """/proc/self/fd/N reads, but no temporary file can be made beside it: the OS's words, not Python's."""
    source = tmp_path / "state.json"
    _run(["volume", "create", "kept"], tmp_path, source)
    with source.open() as handle:
        state = f"/proc/self/fd/{handle.fileno()}"
        out, err, code = _run(["volume", "ls", "-q"], tmp_path, state)
    assert out == "kept\n"
    assert code == 1 and err == f"dockersim: cannot write state file {state}: No such file or directory\n", err


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a" * 300, ": file name too long\n"), ("a\x00b", "invalid argument: a file name holds a NUL byte\n")],
    ids=["too-long", "nul"],
)
def test_host_paths_the_os_refuses_get_its_words(tmp_path: Path, name: str, expected: str) -> None:
    """A host path Linux refuses (NAME_MAX, an embedded NUL) ends as Go's open error, never an internal error."""
    state = tmp_path / "state.json"
    _run(["run", "-d", "--name", "web", "alpine", "sleep", "100"], tmp_path, state)
    _, err, code = _run(["cp", "web:/etc/hostname", str(tmp_path / name)], tmp_path, state)
    assert code == 1 and err.endswith(expected), err
    _, err, code = _run(["build", "-q", "--iidfile", str(tmp_path / name), str(tmp_path)], tmp_path, state)
    assert code != 0 and "internal error" not in err, err


@pytest.mark.parametrize("field", ["created", "finished_at"])
def test_a_huge_integer_time_in_the_state_is_refused_at_load(tmp_path: Path, field: str) -> None:
    """An int where the state holds a time obeys the same bound as a float (2**70 overflows time_t later)."""
    state = tmp_path / "state.json"
    _run(["run", "-d", "--name", "web", "alpine", "sleep", "100"], tmp_path, state)
    data = json.loads(state.read_text())
    data["engine"]["containers"][0][field] = 2**70
    state.write_text(json.dumps(data))
    _, err, code = _run(["inspect", "web"], tmp_path, state)
    assert code == 1 and "damaged" in err, err
