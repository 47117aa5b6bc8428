"""Compose commands that keep running (attached `up`, `logs -f`) and `restart SERVICE`'s selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.session import Session

COMPOSE = """services:
  db:
    image: redis
  backend:
    image: nginx
    depends_on:
      db:
        condition: service_started
        restart: true
  web:
    image: nginx
    depends_on: [backend]
  job:
    image: alpine
    command: echo done
"""


@pytest.fixture
def session(tmp_path: Path) -> Session:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    s = Session(seed=2, cwd=project)
    s.live = True
    return s


def restarted(stderr: str) -> list[str]:
    return [line.split()[1].removeprefix("shop-") for line in stderr.splitlines() if line.endswith(" Restarting ")]


def test_restart_restarts_the_named_service_and_its_restart_true_dependents(session: Session) -> None:
    """`restart backend` restarts only backend (not its dependency db, not web whose depends_on has no
    `restart: true`); `restart db` also restarts backend, which depends on db with `restart: true`."""
    session.run_line("docker compose up -d")
    assert restarted(session.run_line("docker compose restart backend").stderr) == ["backend-1"]
    assert restarted(session.run_line("docker compose restart db").stderr) == ["db-1", "backend-1"]
    assert restarted(session.run_line("docker compose restart --no-deps db").stderr) == ["db-1"]
    everything = restarted(session.run_line("docker compose restart").stderr)
    assert sorted(everything) == ["backend-1", "db-1", "job-1", "web-1"]


def test_attached_up_streams_prefixed_logs_until_ctrl_c(session: Session) -> None:
    """`up` without -d stays attached: a one-off's exit is reported as it happens; Ctrl+C stops the project
    gracefully (compose's events, the servers' shutdown lines) and ends with 130."""
    result = session.run_line("docker compose up")
    job = session.take_job()
    assert job is not None and "Attaching to" in result.stdout
    session.engine.tick(2)
    assert ("stdout", "job-1 exited with code 0\n") in job.poll()
    chunks = job.signal("INT")
    text = "".join(t for _, t in chunks)
    assert text.startswith("Gracefully stopping... (press Ctrl+C again to force)\n")
    assert " Container shop-web-1 Stopped \n" in text and "db-1       | " in text
    assert job.exit_code == 130
    assert not any(c.running for c in session.engine.containers.values())


def test_logs_follow_ends_when_its_containers_stop(session: Session) -> None:
    """`compose logs -f db` follows db's new lines with the prefix, and ends (0) when db stops."""
    session.run_line("docker compose up -d")
    session.run_line("docker compose logs -f db")
    job = session.take_job()
    assert job is not None
    session.run_line("docker compose stop db")
    text = "".join(t for _, t in job.poll())
    assert text.startswith("db-1  | ") and "Received SIGTERM" in text
    assert job.exit_code == 0


def test_exec_sh_is_an_interactive_session(session: Session) -> None:
    """The notes' `docker-compose exec backend sh`: a shell at the container's prompt (stdin attached, a
    TTY); `exit` ends it and the container keeps running. With -T and piped input it runs that input."""
    session.run_line("docker compose up -d")
    result = session.run_line("docker-compose exec backend sh")
    job = session.take_job()
    assert result.exit_code == 0 and job is not None and job.prompt == "# "
    assert "".join(t for _, t in job.feed("cat /etc/hostname >/dev/null; echo inside\n")) == "inside\n"
    job.feed("exit 3\n")
    assert job.exit_code == 3
    assert "Up" in session.run_line("docker compose ps --format '{{.Status}}' backend").stdout
    piped = session.run_line("docker compose exec -T backend sh", stdin="echo piped\n")
    assert (piped.stdout, piped.exit_code) == ("piped\n", 0)


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("Yes\n", True), ("n\n", False), ("\n", False)])
def test_rm_waits_for_the_answer_at_a_terminal(session: Session, answer: str, removed: bool) -> None:
    """`docker compose rm` asks and waits (the stopped one-off stays until the answer); y/yes removes it."""
    session.run_line("docker compose up -d")
    session.engine.tick(2)
    result = session.run_line("docker compose rm")
    job = session.take_job()
    assert result.stdout == "Going to remove shop-job-1\n"
    assert job is not None and not job.done and job.prompt == "? Are you sure? (y/N) "
    assert "shop-job-1" in session.run_line("docker ps -a --format '{{.Names}}'").stdout
    job.feed(answer)
    assert job.exit_code == 0
    assert ("shop-job-1" in session.run_line("docker ps -a --format '{{.Names}}'").stdout) is not removed
