"""Interactive sessions in containers: prompts, commands inside the container, exit, Ctrl+D, detach."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.live import Job
from dockersim.session import Session


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(seed=11, cwd=tmp_path)
    s.live = True
    return s


def start(session: Session, line: str) -> Job:
    result = session.run_line(line)
    assert result.exit_code == 0, result.stderr
    job = session.take_job()
    assert job is not None and not job.done
    return job


def out(chunks: list[tuple[str, str]]) -> str:
    return "".join(text for _, text in chunks)


def containers(session: Session, *extra: str) -> str:
    return session.run_line("docker ps -a --format '{{.Image}} {{.Status}}' " + " ".join(extra)).stdout


def test_ubuntu_bash_prompt_runs_inside_and_exit_stops_the_container(session: Session) -> None:
    """`run -it ubuntu bash`: bash's prompt with the container's hostname; commands see its file system;
    `exit 3` stops the container with status 3."""
    job = start(session, "docker run -it ubuntu bash")
    c = next(iter(session.engine.containers.values()))
    assert job.prompt == f"root@{c.id[:12]}:/# "
    assert "etc" in out(job.feed("ls /\n")).split()
    job.feed("cd /tmp\n")
    assert job.prompt == f"root@{c.id[:12]}:/tmp# "
    assert out(job.feed("echo hi > note; cat note\n")) == "hi\n"
    assert out(job.feed("exit 3\n")) == "exit\n"
    assert job.exit_code == 3 and job.prompt is None
    assert containers(session).startswith("ubuntu Exited (3)")


@pytest.mark.parametrize(
    ("line", "errors"),
    [
        (
            "docker run -it ubuntu bash",
            ("bash: ll: command not found", "bash: cd: /nope: No such file or directory", "bash"),
        ),
        ("docker run -it debian sh", ("sh: 1: ll: not found", "sh: 1: cd: can't cd to /nope", "sh")),
        ("docker run -it alpine", ("sh: ll: not found", "sh: cd: can't cd to /nope: No such file or directory", "sh")),
    ],
)
def test_a_session_speaks_as_its_shell(session: Session, line: str, errors: tuple[str, str, str]) -> None:
    """bash, dash and BusyBox ash each word a missing command and a failed cd their own way, and name
    themselves in `$0`: `docker run -it ubuntu bash` is bash, not the image's sh."""
    job = start(session, line)
    typed = [out(job.feed(text + "\n")).strip() for text in ("ll", "cd /nope", "echo $0")]
    assert tuple(typed) == errors


def test_alpine_sh_prompt_and_ctrl_d_with_rm(session: Session) -> None:
    """BusyBox sh prints `/ # `; Ctrl+D ends the shell and `--rm` removes the container."""
    job = start(session, "docker run -it --rm alpine sh")
    assert job.prompt == "/ # "
    assert out(job.signal("EOF")) == ""
    assert job.exit_code == 0
    assert containers(session) == ""


def test_ctrl_c_at_the_prompt_keeps_the_shell(session: Session) -> None:
    """Ctrl+C at an interactive prompt cancels the line; the shell and its container go on."""
    job = start(session, "docker run -it ubuntu")
    job.signal("INT")
    assert not job.done and job.prompt is not None
    assert "Up" in containers(session)


def test_ctrl_p_ctrl_q_detaches_and_leaves_it_running(session: Session) -> None:
    """The escape sequence detaches (TTY only): docker's message, the container keeps running."""
    job = start(session, "docker run -it --name box alpine sh")
    assert job.signal("DETACH") == [("stderr", "read escape sequence\n")]
    assert job.exit_code == 0
    assert containers(session).startswith("alpine Up")


def test_exec_shell_leaves_the_container_running(session: Session) -> None:
    """`exec -it web sh` on a Debian image: dash's `# ` prompt; `exit` ends only the exec."""
    session.run_line("docker run -d --name web nginx")
    job = start(session, "docker exec -it web sh")
    assert job.prompt == "# "
    assert out(job.feed("cat /usr/share/nginx/html/index.html\n")).startswith("<!DOCTYPE html>")
    job.feed("exit\n")
    assert job.exit_code == 0
    assert containers(session).startswith("nginx Up")


def test_exec_bash_on_alpine_is_not_found(session: Session) -> None:
    """Alpine has no bash: docker's OCI error, status 127, no session."""
    session.run_line("docker run -d --name box alpine sleep 1000")
    result = session.run_line("docker exec -it box bash")
    assert result.exit_code == 127 and "executable file not found" in result.stderr
    assert session.take_job() is None


def test_piped_input_without_a_tty_runs_to_the_end(tmp_path: Path) -> None:
    """`-i` without a TTY reads commands from stdin, prints no prompt, and ends at the end of input."""
    session = Session(seed=3, cwd=tmp_path)
    result = session.run_line("docker run -i --rm alpine sh", stdin="echo hi\nexit\n")
    assert (result.stdout, result.exit_code) == ("hi\n", 0)
    assert containers(session) == ""


def test_python_prompt_evaluates_honestly(session: Session) -> None:
    """`run -it python:3.11 python`: the image's banner, a note of what evaluates the lines, values echoed,
    blocks continued with `...`, tracebacks, the host kept out, exit() ends the container."""
    result = session.run_line("docker run -it python:3.11 python")
    job = session.take_job()
    assert job is not None
    assert "Python 3.11" in result.stdout and "simulator's own Python" in result.stderr
    assert job.prompt == ">>> "
    assert out(job.feed("6 * 7\n")) == "42\n"
    job.feed("def double(x):\n")
    assert job.prompt == "... "
    job.feed("    return 2 * x\n")
    job.feed("\n")
    assert out(job.feed("double(21)\n")) == "42\n"
    assert out(job.feed("1/0\n")).endswith("ZeroDivisionError: division by zero\n")
    assert "not available" in out(job.feed("import os\n"))
    assert "NameError" in out(job.feed("open\n"))
    job.feed("exit(4)\n")
    assert job.exit_code == 4
    assert containers(session).startswith("python:3.11 Exited (4)")


def test_python_script_on_stdin(tmp_path: Path) -> None:
    """Without a TTY Python runs its whole input as a script: no values echoed, errors end it with 1."""
    session = Session(seed=3, cwd=tmp_path)
    result = session.run_line("docker run -i --rm python:3.11 python", stdin="x = 6 * 7\nprint(x)\nx / 0\n")
    assert result.stdout == "42\n" and result.exit_code == 1
    assert 'File "<stdin>", line 3' in result.stderr


def test_node_prompt_says_nothing_is_evaluated(session: Session) -> None:
    """`run -it node`: Node's banner, a plain note that no JavaScript runs; .exit leaves."""
    result = session.run_line("docker run -it node")
    job = session.take_job()
    assert job is not None and job.prompt == "> "
    assert "Welcome to Node.js" in result.stdout and "no JavaScript engine" in result.stderr
    assert "not evaluated" in out(job.feed("1 + 1\n"))
    job.feed(".exit\n")
    assert job.exit_code == 0


def test_attach_to_a_detached_interactive_shell(session: Session) -> None:
    """`run -dit` then `attach`: the main shell's session; `exit` stops the container."""
    session.run_line("docker run -dit --name box alpine sh")
    job = start(session, "docker attach box")
    assert job.prompt == "/ # "
    job.feed("exit 7\n")
    assert job.exit_code == 7
    assert containers(session).startswith("alpine Exited (7)")


def test_hang_up_ends_a_main_shell_and_leaves_a_stream_s_container(session: Session) -> None:
    """The terminal going away (HUP): a main shell sees the end of its input and its container stops;
    a foreground run's stream just ends and nginx keeps running."""
    shell = start(session, "docker run -it --name box alpine sh")
    shell.signal("HUP")
    assert shell.exit_code == 0  # the shell's own status at the end of its input
    stream = start(session, "docker run --name web nginx")
    stream.signal("HUP")
    assert stream.exit_code == 129
    states = session.run_line("docker ps -a --format '{{.Names}} {{.State}}'").stdout.split("\n")
    assert "web running" in states and "box exited" in states


def test_piped_input_to_run_it_is_not_a_tty(tmp_path: Path) -> None:
    """`echo ls | docker run -it ubuntu bash` fails as the client does before it creates anything;
    with -i only, the piped line runs."""
    session = Session(seed=3, cwd=tmp_path)
    refused = session.run_line("docker run -it ubuntu bash", stdin="ls\n")
    assert (refused.stderr, refused.exit_code) == ("the input device is not a TTY\n", 1)
    assert containers(session) == ""
    assert "etc" in session.run_line("docker run -i --rm ubuntu bash", stdin="ls\n").stdout.split()


@pytest.mark.parametrize(
    ("line", "install"),
    [("docker run -it ubuntu bash", "apt-get update >/dev/null && apt-get install -y curl >/dev/null"),
     ("docker run -it alpine", "apk add curl >/dev/null")],
)  # fmt: skip
def test_a_program_installed_at_the_prompt_runs_at_the_next_line(session: Session, line: str, install: str) -> None:
    """`apt-get install -y curl` (or `apk add curl`) in a session: the same shell finds curl right after."""
    job = start(session, line)
    assert "not found" in out(job.feed("curl --version\n"))
    job.feed(install + "\n")
    assert out(job.feed("which curl\n")) == "/usr/bin/curl\n"
