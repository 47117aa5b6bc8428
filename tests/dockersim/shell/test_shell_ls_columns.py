"""ls prints columns to a terminal (as wide as it is, 80 when unknown) and one name a line into a pipe or a file."""

from __future__ import annotations

from pathlib import Path

from dockersim.context import CommandResult
from dockersim.lessons import Lesson, record
from dockersim.shell import Shell
from dockersim.shell.columns import busybox, gnu

ROOT = sorted(
    [
        "bin",
        "boot",
        "dev",
        "etc",
        "home",
        "lib",
        "lib64",
        "media",
        "mnt",
        "opt",
        "proc",
        "root",
        "run",
        "sbin",
        "srv",
        "sys",
        "tmp",
        "usr",
        "var",
    ]
)


class Runner:
    columns = 40

    def run(self, argv: list[str], stdin: str = "", *, piped: bool = False) -> CommandResult:
        return CommandResult("", "", 0)


def test_gnu_fills_down_then_across_with_the_most_columns_that_fit() -> None:
    assert gnu(ROOT, 80) == (
        "bin   dev  home  lib64  mnt  proc  run   srv  tmp  var\nboot  etc  lib   media  opt  root  sbin  sys  usr\n"
    )
    assert gnu(["a", "b"], 80) == "a  b\n"
    assert gnu(["x" * 90, "y"], 80) == "x" * 90 + "\ny\n"


def test_busybox_uses_one_column_width() -> None:
    assert busybox(ROOT[:5], 80) == "bin   boot  dev   etc   home\n"
    assert busybox(ROOT, 80).splitlines()[0] == "bin    dev    home   lib64  mnt    proc   run    srv    tmp    var"


def test_the_terminal_gets_columns_and_a_pipe_or_file_one_name_a_line(tmp_path: Path) -> None:
    for name in ("alpha", "beta", "gamma", "delta-delta", "epsilon", "zeta"):
        (tmp_path / name).write_text("")
    shell = Shell(Runner(), tmp_path)
    # 40 columns: the session's width
    assert shell.run("ls").stdout == "alpha  delta-delta  gamma\nbeta   epsilon      zeta\n"
    assert shell.run("ls | cat").stdout == "alpha\nbeta\ndelta-delta\nepsilon\ngamma\nzeta\n"
    assert shell.run("echo $(ls)").stdout == "alpha beta delta-delta epsilon gamma zeta\n"
    shell.run("ls > list.txt")
    assert (tmp_path / "list.txt").read_text().splitlines()[:2] == ["alpha", "beta"]
    assert shell.run("ls -1").stdout.count("\n") == 7


def test_a_container_tty_gets_columns_and_docker_exec_without_one_does_not() -> None:
    answers = record(
        Lesson.from_json(
            {"key": "ls-columns", "lines": ["docker run --rm -t alpine ls /", "docker run --rm alpine ls /"]}
        )
    )["answers"]
    rows = answers[0]["stdout"].splitlines()
    assert len(rows) == 2 and len(rows[0].split()) > 5 and all(len(row) < 80 for row in rows)
    assert answers[1]["stdout"].splitlines()[:2] == ["bin", "dev"]


def test_the_root_directory_is_the_distributions() -> None:
    answers = record(
        Lesson.from_json({"key": "ls-root", "lines": ["docker run --rm alpine ls /", "docker run --rm debian ls /"]})
    )["answers"]
    assert "boot" not in answers[0]["stdout"].split() and "lib64" not in answers[0]["stdout"].split()
    assert {"boot", "lib64"} <= set(answers[1]["stdout"].split())


def test_ls_d_lists_the_directory_itself(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "inside").write_text("")
    shell = Shell(Runner(), tmp_path)
    assert shell.run("ls -d data").stdout == "data\n"
    listing = shell.run("ls -ld data").stdout
    assert listing.startswith("drwxr-xr-x ") and listing.endswith(" data\n") and "total" not in listing


def test_docker_exec_columns_follow_the_execs_own_terminal() -> None:
    answers = record(
        Lesson.from_json(
            {
                "key": "ls-exec",
                "lines": [
                    "docker run -d -t --name box alpine sleep 1000",
                    "docker exec box ls /",
                    "docker exec -t box ls /",
                ],
            }
        )
    )["answers"]
    assert answers[1]["stdout"].splitlines()[:2] == ["bin", "dev"]
    assert len(answers[2]["stdout"].splitlines()) == 2


def test_a_container_tty_is_as_wide_as_the_readers_terminal(tmp_path: Path) -> None:
    """docker sizes a ``-t`` container's terminal from the client's: the page's width reaches ``ls`` inside."""
    from dockersim.session import Session

    session = Session(seed=1, cwd=tmp_path)
    shell = Shell(session, tmp_path)
    shell.run("docker pull -q ubuntu")
    assert shell.run("docker run --rm -t ubuntu ls /").stdout.splitlines()[0] == gnu(ROOT, 80).splitlines()[0]
    session.columns = 40
    assert shell.run("docker run --rm -t ubuntu ls /").stdout == gnu(ROOT, 40)
    assert shell.run("docker run --rm ubuntu ls -C /").stdout == gnu(ROOT, 80)
