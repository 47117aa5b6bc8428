"""`docker stats` (a table redrawn as time passes) and `docker events` (new events as they happen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.session import Session


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(seed=8, cwd=tmp_path)
    s.live = True
    s.run_line("docker run -d --name web nginx")
    return s


def test_stats_redraws_its_table_until_ctrl_c(session: Session) -> None:
    """`docker stats` keeps a frame (the table) that follows the engine; Ctrl+C leaves the last one, 130."""
    result = session.run_line("docker stats")
    job = session.take_job()
    assert job is not None and result.stdout == ""
    first = job.frame
    assert first is not None and first.startswith("CONTAINER ID   NAME") and " web " in first
    session.run_line("docker run -d --name cache redis")
    job.poll()
    assert " cache " in (job.frame or "")
    chunks = job.signal("INT")
    assert job.exit_code == 130 and chunks and " cache " in chunks[0][1]


def test_stats_no_stream_prints_once(session: Session) -> None:
    """--no-stream is one table and the command ends."""
    result = session.run_line("docker stats --no-stream")
    assert " web " in result.stdout and session.take_job() is None


def test_events_follow_what_happens_from_now_on(session: Session) -> None:
    """`docker events` prints nothing of the past, then each event as it happens, filters applied."""
    result = session.run_line("docker events --filter event=die")
    job = session.take_job()
    assert job is not None and result.stdout == ""
    session.run_line("docker run -d --name short alpine sleep 2")
    session.engine.tick(3)
    lines = "".join(text for _, text in job.poll()).splitlines()
    assert len(lines) == 1 and " container die " in lines[0] and "name=short" in lines[0]
    assert job.poll() == []  # nothing twice
    job.signal("INT")
    assert job.exit_code == 130
