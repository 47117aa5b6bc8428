"""Attached runs and `logs -f`: output as simulated time passes, until the process ends or Ctrl+C."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.live import Job
from dockersim.session import Session


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(seed=5, cwd=tmp_path)
    s.live = True
    return s


def start(session: Session, line: str) -> Job:
    session.run_line(line)
    job = session.take_job()
    assert job is not None and not job.done
    return job


def text(chunks: list[tuple[str, str]]) -> str:
    return "".join(t for _, t in chunks)


def test_foreground_run_stays_attached_until_ctrl_c(session: Session) -> None:
    """`docker run nginx` does not return: Ctrl+C forwards SIGINT, nginx logs its shutdown and exits 0."""
    job = start(session, "docker run --name web nginx")
    session.engine.tick(30)
    assert job.poll() == [] and not job.done
    assert "Up" in session.run_line("docker ps --format '{{.Status}}'").stdout
    chunks = job.signal("INT")
    assert "signal 2 (SIGINT) received, exiting" in text(chunks)
    assert job.exit_code == 0
    assert "Exited (0)" in session.run_line("docker ps -a --format '{{.Status}}'").stdout


def test_foreground_rm_removes_on_ctrl_c(session: Session) -> None:
    """With --rm the interrupted container is gone."""
    job = start(session, "docker run --rm nginx")
    job.signal("INT")
    assert job.done
    assert session.run_line("docker ps -aq").stdout == ""


def test_a_sleep_ends_when_its_time_comes(session: Session) -> None:
    """`docker run alpine sleep 5` ends 5 simulated seconds later with status 0, not before."""
    job = start(session, "docker run alpine sleep 5")
    session.engine.tick(2)
    job.poll()
    assert not job.done
    session.engine.tick(4)
    job.poll()
    assert job.exit_code == 0


def test_pid_1_ignoring_sigint_keeps_docker_waiting_until_the_third_ctrl_c(session: Session) -> None:
    """`sleep` as PID 1 ignores SIGINT: docker keeps waiting (the simulator says why); at the third Ctrl+C the
    client gives up as docker 28's does (status 1) and the container keeps running."""
    job = start(session, "docker run --name nap alpine sleep 1000")
    assert "ignores Ctrl+C" in text(job.signal("INT"))
    assert not job.done
    job.signal("INT")
    assert not job.done
    assert text(job.signal("INT")) == "got 3 SIGTERM/SIGINTs, forcefully exiting\n"
    assert job.exit_code == 1
    assert session.run_line("docker ps --format '{{.Names}} {{.Status}}'").stdout.startswith("nap Up")


def _node_app(session: Session, script: str) -> None:
    (session.cwd / "server.js").write_text(script)
    (session.cwd / "Dockerfile").write_text('FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n')
    assert session.run_line("docker build -q -t app .").exit_code == 0


HTTP = (
    'const http = require("http");\nhttp.createServer((q, r) => r.end("ok")).listen(3000, () => console.log("up"));\n'
)


def test_node_as_pid_1_ignores_ctrl_c_attached_and_with_a_terminal(session: Session) -> None:
    """A Node server with no SIGINT handler ignores Ctrl+C as PID 1: plain `docker run` keeps waiting until the
    client gives up; with -it the terminal's Ctrl+C never ends it and Ctrl+P Ctrl+Q detaches."""
    _node_app(session, HTTP)
    job = start(session, "docker run --name plain app")
    assert session.run_line("docker logs plain").stdout == "up\n"
    job.signal("INT")
    job.signal("INT")
    assert not job.done
    job.signal("INT")
    assert job.exit_code == 1
    tty = start(session, "docker run -it --name tty app")
    for _ in range(4):
        tty.signal("INT")
    assert not tty.done
    tty.signal("DETACH")
    assert tty.done
    status = session.run_line("docker ps --format '{{.Names}} {{.Status}}'").stdout
    assert "plain Up" in status and "tty Up" in status


def test_node_with_a_sigint_handler_exits_as_the_handler_says(session: Session) -> None:
    _node_app(session, HTTP + 'process.on("SIGINT", () => process.exit(0));\n')
    job = start(session, "docker run app")
    job.signal("INT")
    assert job.exit_code == 0


def test_logs_follow_streams_new_lines_with_timestamps(session: Session) -> None:
    """`logs -f -t` prints what is there, then each new line as it is written; Ctrl+C ends it with 130."""
    session.run_line("docker run -d --name ticker alpine sh -c 'while true; do echo tick; sleep 1; done'")
    result = session.run_line("docker logs -f -t ticker")
    job = session.take_job()
    assert job is not None
    session.engine.tick(3)
    fresh = text(job.poll())
    assert fresh and all(line[:4].isdigit() and "Z " in line for line in fresh.splitlines())
    assert fresh not in result.stdout
    job.signal("INT")
    assert job.exit_code == 130


def test_logs_follow_ends_when_the_container_stops(session: Session) -> None:
    """The stream ends by itself (status 0) when the container stops, with its last lines."""
    session.run_line("docker run -d --name web nginx")
    job = start(session, "docker logs -f web")
    session.run_line("docker stop web")
    chunks = job.poll()
    assert "SIGQUIT" in text(chunks)
    assert job.exit_code == 0


def test_not_live_keeps_the_one_shot_answer(tmp_path: Path) -> None:
    """A caller that cannot keep a command running (build-time recordings) gets the one-shot answer."""
    session = Session(seed=5, cwd=tmp_path)
    result = session.run_line("docker run nginx")
    assert result.exit_code == 0 and "keeps running in the foreground" in result.stderr
    assert session.take_job() is None
