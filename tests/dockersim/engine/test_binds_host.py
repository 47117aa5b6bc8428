"""The host is one file system for the terminal and the containers' binds (dockersim.engine.binds)."""

from __future__ import annotations

from pathlib import Path

from dockersim.session import Session
from dockersim.shell import Shell


def _shell(tmp_path: Path) -> Shell:
    return Shell(Session(seed=7, cwd=tmp_path), tmp_path)


def test_a_missing_v_source_is_the_directory_docker_creates_on_the_host(tmp_path: Path) -> None:
    shell = _shell(tmp_path)
    assert shell.run("docker run --rm -v $(pwd)/data:/data alpine ls /data").exit_code == 0
    assert (tmp_path / "data").is_dir()
    assert shell.run("ls").stdout == "data\n"


def test_what_a_container_writes_makes_and_removes_through_a_bind_is_on_the_host(tmp_path: Path) -> None:
    shell = _shell(tmp_path)
    script = "echo hi > /w/note && mkdir -p /w/out/logs && echo x > /w/out/logs/a"
    assert shell.run(f"docker run --rm -v $(pwd):/w alpine sh -c '{script}'").exit_code == 0
    assert shell.run("cat note out/logs/a").stdout == "hi\nx\n"
    assert shell.run("docker run --rm -v $(pwd):/w alpine rm -r /w/out /w/note").exit_code == 0
    assert not (tmp_path / "out").exists() and not (tmp_path / "note").exists()
    failed = shell.run("docker run --rm -v $(pwd):/w alpine rm /w/nope")
    assert failed.exit_code == 1 and "rm: can't remove '/w/nope': No such file or directory" in failed.stderr


def test_a_bind_outside_the_readers_folder_keeps_its_writes_in_the_engine(tmp_path: Path) -> None:
    shell = _shell(tmp_path)
    line = "docker run --rm -v /srv/app:/d alpine sh -c 'echo kept > /d/f && cat /d/f'"
    assert shell.run(line).stdout == "kept\n"
    assert not Path("/srv/app/f").exists()
