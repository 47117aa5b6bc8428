"""The dockersim console command and python -m dockersim: state file, seed, corrupt state."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from dockersim.cli.main import main

pytest.importorskip("dockersim.engine")


def test_main_in_memory_without_state(tmp_path: Path) -> None:
    """Without DOCKERSIM_STATE nothing is written; parse errors come back as docker prints them."""
    out, err, code = main(["ps", "--bogus"], env={"HOME": "/root"}, cwd=tmp_path)
    assert code == 125 and err.startswith("unknown flag: --bogus") and out == ""
    assert list(tmp_path.iterdir()) == []


def test_state_file_written_and_reused(tmp_path: Path) -> None:
    """With DOCKERSIM_STATE the engine is loaded before and saved after each command."""
    state = tmp_path / "state.json"
    env = {"HOME": "/root", "DOCKERSIM_STATE": str(state), "DOCKERSIM_SEED": "3"}
    main(["volume", "create", "keep"], env=env, cwd=tmp_path)
    assert state.exists()
    first = state.read_text()
    main(["--version"], env=env, cwd=tmp_path)
    assert state.exists() and '"version"' in first


def test_corrupt_state_file_not_overwritten(tmp_path: Path) -> None:
    """A corrupt state file gives a clear message, exit 1, and keeps its content."""
    state = tmp_path / "state.json"
    state.write_text("garbage{")
    _out, err, code = main(["ps"], env={"DOCKERSIM_STATE": str(state)}, cwd=tmp_path)
    assert code == 1 and "corrupt" in err and str(state) in err
    assert state.read_text() == "garbage{"


def test_bad_seed_is_reported(tmp_path: Path) -> None:
    """A non-integer DOCKERSIM_SEED is a usage error."""
    _, err, code = main(["ps"], env={"DOCKERSIM_SEED": "abc"}, cwd=tmp_path)
    assert code == 2 and "DOCKERSIM_SEED" in err


def test_python_dash_m(tmp_path: Path) -> None:
    """'python -m dockersim --version' behaves as 'docker --version'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKERSIM_")}
    res = subprocess.run(
        [sys.executable, "-m", "dockersim", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert (res.stdout, res.returncode) == ("Docker version 28.2.2, build e6534b4\n", 0)
    res = subprocess.run(
        [sys.executable, "-m", "dockersim", "run", "--bogus"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert res.returncode == 125 and res.stderr.startswith("unknown flag: --bogus")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_console_pull_progress_asks_whether_stdout_is_a_terminal(tmp_path: Path) -> None:
    """`dockersim pull` into a pipe prints every pull event; on a terminal only what docker's in-place display
    leaves (one line per layer)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKERSIM_")}
    argv = [sys.executable, "-m", "dockersim", "pull", "alpine"]
    piped = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=False)
    assert "Pulling fs layer" in piped.stdout and ": Pull complete\n" in piped.stdout
    leader, follower = os.openpty()
    try:
        subprocess.run(argv, stdout=follower, stderr=subprocess.DEVNULL, cwd=tmp_path, env=env, timeout=60, check=True)
        shown = os.read(leader, 65536).decode().replace("\r\n", "\n")
    finally:
        os.close(leader)
        os.close(follower)
    assert "Pulling fs layer" not in shown and ": Pull complete \n" in shown
