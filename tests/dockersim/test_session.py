"""dockersim.session.Session: runs docker lines on one engine; state round-trips through JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dockersim.context import SimulatorError
from dockersim.session import Session, write_json_atomic

pytest.importorskip("dockersim.engine")


def test_run_returns_command_result(tmp_path: Path) -> None:
    """Session.run gives stdout/stderr/exit code of one command; parse errors are docker's."""
    session = Session(seed=1, cwd=tmp_path)
    res = session.run(["ps", "--bogus"])
    assert res.exit_code == 125 and res.stderr.startswith("unknown flag: --bogus")
    assert session.run(["--version"]).stdout == "Docker version 28.2.2, build e6534b4\n"


def test_run_line_splits_docker_lines_only(tmp_path: Path) -> None:
    """run_line takes 'docker …' / 'docker-compose …' lines (shlex), refuses other programs and bad quoting."""
    session = Session(seed=1, cwd=tmp_path)
    assert session.run_line("docker ps --format '{{.Names}}' --bogus").exit_code == 125
    assert session.run_line("ls -la").exit_code == 127
    assert session.run_line("docker 'unterminated").exit_code == 2
    assert session.run_line("   ").exit_code == 0
    assert session.run_line("docker ps  # a comment").exit_code in (0, 1)


def test_save_load_round_trip(tmp_path: Path) -> None:
    """save() then load() gives the same engine state, cwd and env."""
    session = Session(seed=7, cwd=tmp_path, env={"HOME": "/root", "X": "1"})
    session.run(["volume", "create", "data"])
    path = tmp_path / "state.json"
    session.save(path)
    again = Session.load(path)
    assert again.engine.to_dict() == session.engine.to_dict()
    assert again.cwd == tmp_path and again.env["X"] == "1"
    assert json.loads(path.read_text())["session_version"] == 1


def test_corrupt_state_is_a_clear_error(tmp_path: Path) -> None:
    """A corrupt state file raises SimulatorError naming the file and is left untouched."""
    path = tmp_path / "state.json"
    path.write_text("{nope")
    with pytest.raises(SimulatorError, match="is corrupt"):
        Session.load(path)
    assert path.read_text() == "{nope"
    path.write_text('{"session_version": 1, "engine": {"version": -5}}')
    with pytest.raises(SimulatorError):
        Session.load(path)


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    """write_json_atomic replaces the file in one step and cleans up its temp file."""
    path = tmp_path / "s.json"
    write_json_atomic(path, {"a": 1})
    write_json_atomic(path, {"a": 2})
    assert json.loads(path.read_text()) == {"a": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_run_line_uses_the_shell_parser(tmp_path: Path) -> None:
    """run_line splits with the one shell parser: quotes and comments as sh reads them; lists need the Shell."""
    session = Session(seed=1, cwd=tmp_path)
    assert session.run_line("docker ps --format '{{.Names}}' # list").exit_code == 0
    piped = session.run_line("docker ps | grep web")
    assert piped.exit_code == 2 and "pipes" in piped.stderr
