"""docker's ``[y/N]`` question (the prunes, ``trust revoke``): at a terminal the command waits for the answer
(dockersim.live.confirm); with piped input, the first line answers, as docker 28.2.2 reads its stdin."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.live import Confirm
from dockersim.session import Session

QUESTION = "Are you sure you want to continue? [y/N] "
WARNING = "WARNING! This will remove all stopped containers.\n"


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(seed=3, cwd=tmp_path)
    s.run_line("docker run --name done alpine true")
    s.live = True
    return s


def names(session: Session) -> list[str]:
    return session.run_line("docker ps -a --format '{{.Names}}'").stdout.split()


def ask(session: Session, line: str = "docker container prune") -> Confirm:
    result = session.run_line(line)
    job = session.take_job()
    assert isinstance(job, Confirm) and not job.done, result.stdout
    return job


def out(chunks: list[tuple[str, str]]) -> str:
    return "".join(text for _, text in chunks)


def test_the_question_waits_and_y_prunes(session: Session) -> None:
    """The warning is printed, the question is the prompt the answer is typed after; `y` goes on."""
    result = session.run_line("docker container prune")
    job = session.take_job()
    assert result.stdout == WARNING and result.exit_code == 0
    assert isinstance(job, Confirm) and job.prompt == QUESTION and job.reads_input and not job.detachable
    assert names(session) == ["done"]  # nothing removed while the question waits
    said = out(job.feed("y\n"))
    assert said.startswith("Deleted Containers:\n") and said.endswith("Total reclaimed space: 0B\n")
    assert job.exit_code == 0 and names(session) == []


@pytest.mark.parametrize("answer", ["Y\n", "  y \n"])
def test_docker_takes_y_in_either_case_trimmed(session: Session, answer: str) -> None:
    job = ask(session)
    job.feed(answer)
    assert job.exit_code == 0 and names(session) == []


@pytest.mark.parametrize("answer", ["n\n", "\n", "yes\n", "y please\n"])
def test_any_other_answer_is_no(session: Session, answer: str) -> None:
    """docker goes on only for `y`/`Y` (even `yes` is a no): nothing printed, status 0, nothing removed."""
    job = ask(session)
    assert job.feed(answer) == [] and job.exit_code == 0
    assert names(session) == ["done"]


@pytest.mark.parametrize("signal", ["EOF", "INT", "HUP"])
def test_ctrl_d_and_ctrl_c_leave_everything(session: Session, signal: str) -> None:
    """Ctrl+D (no answer) is a no; Ctrl+C ends docker with status 0 (its newline is the terminal's line end)."""
    job = ask(session)
    assert job.signal(signal) == []
    assert job.exit_code == (129 if signal == "HUP" else 0)
    assert names(session) == ["done"]


@pytest.mark.parametrize("force", ["-f", "--force"])
def test_force_asks_nothing(session: Session, force: str) -> None:
    result = session.run_line(f"docker container prune {force}")
    assert session.take_job() is None and "Are you sure" not in result.stdout and names(session) == []


@pytest.mark.parametrize(
    ("line", "warning", "question"),
    [
        ("docker volume prune", "WARNING! This will remove anonymous local volumes not used by at least one "
         "container.\n", QUESTION),
        ("docker volume prune -a", "WARNING! This will remove all local volumes not used by at least one "
         "container.\n", QUESTION),
        ("docker image prune", "WARNING! This will remove all dangling images.\n", QUESTION),
        ("docker network prune", "WARNING! This will remove all custom networks not used by at least one "
         "container.\n", QUESTION),
        ("docker system prune", "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used "
         "by at least one container\n  - all dangling images\n  - unused build cache\n\n", QUESTION),
        ("docker builder prune", "WARNING! This will remove all dangling build cache.\n", QUESTION),
        ("docker trust revoke alpine", "", "Confirm you would like to delete all signature data for alpine? [y/N] "),
    ],
)  # fmt: skip
def test_every_command_with_the_question_waits(session: Session, line: str, warning: str, question: str) -> None:
    """docker 28.2.2's wording (checked with its client, which asks before it contacts the daemon)."""
    result = session.run_line(line)
    job = session.take_job()
    assert result.stdout == warning and isinstance(job, Confirm) and job.prompt == question
    assert job.signal("EOF") == [] and job.exit_code == 0


def test_system_prune_answered_y_removes_and_reports(session: Session) -> None:
    job = ask(session, "docker system prune")
    said = out(job.feed("y\n"))
    assert "Deleted Containers:\n" in said and said.endswith("Total reclaimed space: 0B\n") and names(session) == []


def test_trust_revoke_answered_y_goes_to_the_notary(session: Session) -> None:
    """After a yes, docker contacts the notary server, which the playground cannot reach: its error, status 1."""
    job = ask(session, "docker trust revoke alpine")
    chunks = job.feed("y\n")
    assert chunks[0][0] == "stderr" and chunks[0][1].startswith("could not remove signature for alpine: ")
    assert job.exit_code == 1


@pytest.mark.parametrize(("stdin", "removed"), [("y\n", True), ("Y", True), ("n\n", False), ("", False)])
def test_piped_input_answers_at_once(tmp_path: Path, stdin: str, removed: bool) -> None:
    """No live caller (a script, `echo y | …` in the terminal): the question is printed whole and the first
    piped line answers; nothing piped is a no (with a live caller, nothing piped is the terminal: see above)."""
    session = Session(seed=3, cwd=tmp_path)
    session.run_line("docker run --name done alpine true")
    for live in (False, True) if stdin else (False,):
        session.live = live
        result = session.run_line("docker container prune", stdin=stdin)
        assert session.take_job() is None and result.exit_code == 0
        assert result.stdout.startswith(WARNING + QUESTION)
        assert ("Total reclaimed space" in result.stdout) is removed
        assert (names(session) == []) is removed


def test_the_terminals_pipe_answers_too(session: Session) -> None:
    from dockersim.shell import Shell

    shell = Shell(session, session.cwd)
    result = shell.run("echo y | docker container prune")
    assert session.take_job() is None and result.exit_code == 0 and names(session) == []


@pytest.mark.parametrize(("typed", "removed"), [("y\n", True), ("n\n", False), ("", False)])
def test_the_dockersim_console_reads_the_answer_from_its_stdin(tmp_path: Path, typed: str, removed: bool) -> None:
    """`dockersim container prune` (a terminal, or `echo y | dockersim container prune`): the console shows the
    question and reads one line of its real stdin."""
    import io

    from dockersim.cli.console import Console
    from dockersim.cli.main import main

    env = {"HOME": "/root", "DOCKERSIM_SEED": "4", "DOCKERSIM_STATE": str(tmp_path / "state.json")}
    main(["run", "--name", "done", "alpine", "true"], env=env, cwd=tmp_path)
    stdout = io.StringIO()
    console = Console(io.StringIO(typed), stdout, io.StringIO(), sleep=lambda _: None)
    _out, _err, code = main(["container", "prune"], env=env, cwd=tmp_path, console=console)
    assert code == 0 and stdout.getvalue().startswith(WARNING + QUESTION)
    assert ("Total reclaimed space" in stdout.getvalue()) is removed
    listing, _, _ = main(["ps", "-aq"], env=env, cwd=tmp_path)
    assert (listing == "") is removed


def test_the_rest_of_the_line_waits_for_the_answer(session: Session, tmp_path: Path) -> None:
    """`docker container prune && echo done`: `done` comes after the answer and what the prune printed, as a
    shell runs the next command only once the prune has ended; `||` skips what a success skips."""
    from dockersim.shell import Shell

    shell = Shell(session, tmp_path)
    result = shell.run("docker container prune && echo done; echo after")
    assert result.stdout == WARNING
    job = session.take_job()
    assert job is not None and job.prompt == QUESTION and not job.done
    said = out(job.feed("y\n"))
    assert said.startswith("Deleted Containers:\n")
    assert said.endswith("Total reclaimed space: 0B\ndone\nafter\n") and job.exit_code == 0
    shell.run("docker container prune || echo failed")
    second = session.take_job()
    assert second is not None and out(second.signal("EOF")) == "" and second.exit_code == 0


def test_a_second_question_in_the_rest_of_the_line_waits_too(session: Session, tmp_path: Path) -> None:
    from dockersim.shell import Shell

    shell = Shell(session, tmp_path)
    shell.run("docker container prune && docker image prune && echo both")
    job = session.take_job()
    assert job is not None
    assert "WARNING! This will remove all dangling images." in out(job.feed("n\n"))
    assert job.prompt == QUESTION and not job.done
    assert out(job.feed("n\n")) == "both\n" and job.exit_code == 0
