"""A docker command in the reader's terminal whose stdout the shell sends to a pipe or a file knows it is not
writing to a terminal (shell/programs.py ``docker``, ``Session.run(piped=…)``), as docker asks its own stdout:
``save``/``export`` refuse only a terminal, ``pull`` prints every event, ``cp`` drops its summary."""

from __future__ import annotations

from pathlib import Path

from dockersim.session import Session
from dockersim.shell import Shell


def _shell(tmp_path: Path) -> Shell:
    return Shell(Session(seed=1, cwd=tmp_path), tmp_path)


def test_save_refuses_the_terminal_but_writes_into_a_redirect(tmp_path: Path) -> None:
    """``docker save IMAGE`` alone refuses; ``> file`` is what the refusal itself tells the reader to do."""
    shell = _shell(tmp_path)
    assert shell.run("docker pull -q alpine").exit_code == 0
    refused = shell.run("docker save alpine")
    assert refused.exit_code == 1 and refused.stderr.startswith("cowardly refusing to save to a terminal")
    saved = shell.run("docker save alpine > alpine.tar")
    assert (saved.exit_code, saved.stderr) == (0, "")
    assert (tmp_path / "alpine.tar").stat().st_size > 0
    assert shell.run("docker rmi alpine").exit_code == 0
    assert shell.run("docker load -i alpine.tar").stdout == "Loaded image: alpine:latest\n"


def test_export_into_a_pipe_is_not_refused(tmp_path: Path) -> None:
    """``docker export box | wc -c``: the archive goes down the pipe."""
    shell = _shell(tmp_path)
    assert shell.run("docker create --name box alpine").exit_code == 0
    assert shell.run("docker export box").stderr.startswith("cowardly refusing to save to a terminal")
    counted = shell.run("docker export box | wc -c")
    assert counted.exit_code == 0 and int(counted.stdout.split()[0]) > 0


def test_pull_shows_the_terminal_frame_only_on_the_terminal(tmp_path: Path) -> None:
    """On the terminal one final line per layer stays; into a pipe, every event has its own line."""
    shell = _shell(tmp_path)
    shown = shell.run("docker pull alpine").stdout
    assert ": Pull complete \n" in shown and "Verifying Checksum" not in shown
    piped = shell.run("docker pull nginx | cat").stdout
    assert "Verifying Checksum" in piped and ": Pull complete\n" in piped


def test_cp_summary_only_on_the_terminal(tmp_path: Path) -> None:
    """``docker cp``'s "Successfully copied" line (on stderr) is printed only when stdout is a terminal."""
    shell = _shell(tmp_path)
    assert shell.run("docker run -d --name web nginx").exit_code == 0
    shown = shell.run("docker cp web:/etc/nginx/nginx.conf nginx.conf")
    assert shown.stderr.startswith("Successfully copied")
    quiet = shell.run("docker cp web:/etc/nginx/nginx.conf again.conf > /dev/null")
    assert (quiet.exit_code, quiet.stderr) == (0, "") and (tmp_path / "again.conf").exists()
