"""Commands that keep running, through the worker contract (playground/WORKER.md, "Commands that keep
running"): partial replies with `live`, then `poll`, `input` and `signal` until the final reply."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from dockersim import worker


class Client:
    """Talks to ``worker.handle`` as worker.js does."""

    def __init__(self) -> None:
        self.next_id = 0

    def send(self, kind: str, payload: Any = None, changes_later: bool = False) -> dict[str, Any]:
        self.next_id += 1
        request = json.dumps({"id": self.next_id, "type": kind, "payload": payload or {}})
        return json.loads(worker.handle(request, changes_later))

    def ok(self, kind: str, payload: Any = None, changes_later: bool = False) -> dict[str, Any]:
        reply = self.send(kind, payload, changes_later)
        assert reply["ok"], reply
        return reply["payload"]


@pytest.fixture
def client(tmp_path: Path) -> Client:
    client = Client()
    client.ok("init", {"workdir": str(tmp_path / "project"), "seed": 7})
    return client


def test_an_interactive_run_answers_live_then_ends_with_its_status(client: Client) -> None:
    """`run -it` replies with `live` (prompt, input) and no status; `input` lines run in the container; `exit`
    gives the final reply with the shell's status."""
    first = client.ok("run", {"line": "docker run -it --name box ubuntu bash"})
    run_id = client.next_id
    assert first["exit_code"] is None
    assert first["live"]["prompt"].startswith("root@") and first["live"]["input"] is True
    assert first["changes"] is not None  # the container exists: the page's mirror gets it now
    listing = client.ok("input", {"of": run_id, "text": "ls /\n"})
    assert "etc" in listing["stdout"].split() and "live" in listing
    final = client.ok("input", {"of": run_id, "text": "exit 2\n"}, changes_later=True)
    assert final["exit_code"] == 2 and "live" not in final and final["changes_follow"] is True
    status = client.ok("run", {"line": "docker ps -a --format '{{.Names}} {{.Status}}'"})
    assert status["stdout"].startswith("box Exited (2)")
    assert client.send("poll", {"of": run_id})["error"]["code"] == "bad_request"


def test_polls_stream_output_and_ctrl_c_ends_a_foreground_run(client: Client) -> None:
    """A foreground `docker run` streams: polls carry new output (and no diff); Ctrl+C ends it as docker does."""
    first = client.ok("run", {"line": "docker run --name web nginx"})
    run_id = client.next_id
    assert first["live"] == {"prompt": None, "input": False, "detach": False}
    assert "Configuration complete" in first["stdout"]
    poll = client.ok("poll", {"of": run_id})
    assert poll["chunks"] == [] and "changes" not in poll and poll["exit_code"] is None
    final = client.ok("signal", {"of": run_id, "signal": "INT"})
    assert final["exit_code"] == 0 and "SIGINT" in final["stderr"] and final["changes"] is not None


def test_bad_live_requests_are_refused_as_data(client: Client) -> None:
    """An unknown job or signal is a bad request, never an exception."""
    assert client.send("poll", {"of": 999})["error"]["code"] == "bad_request"
    client.ok("run", {"line": "docker run -it alpine"})
    run_id = client.next_id
    assert client.send("signal", {"of": run_id, "signal": "KILL"})["error"]["code"] == "bad_request"
    assert client.send("input", {"of": run_id, "text": 5})["error"]["code"] == "bad_request"


def test_reset_ends_running_commands(client: Client) -> None:
    """A reset starts a new engine: the old session's commands are gone."""
    client.ok("run", {"line": "docker run -it alpine"})
    run_id = client.next_id
    client.ok("reset", {"state": None})
    assert client.send("poll", {"of": run_id})["ok"] is False


def test_the_engine_clock_follows_the_wall_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With `"clock": "wall"` (the browser), uptimes follow real time: 10 minutes later the container is up
    10 minutes, and a `sleep 5` container ends 5 seconds later."""
    now = [1_000_000.0]
    monkeypatch.setattr(worker.time, "time", lambda: now[0])
    client = Client()
    client.ok("init", {"workdir": str(tmp_path / "p"), "seed": 3, "clock": "wall"})
    client.ok("run", {"line": "docker run -d --name web nginx"})
    now[0] += 600
    status = client.ok("run", {"line": "docker ps --format '{{.Status}}'"})["stdout"]
    assert status.strip() == "Up 10 minutes"
    client.ok("run", {"line": "docker run alpine sleep 5"})
    run_id = client.next_id
    now[0] += 2
    assert client.ok("poll", {"of": run_id})["exit_code"] is None
    now[0] += 4
    assert client.ok("poll", {"of": run_id})["exit_code"] == 0


def test_without_the_wall_clock_time_is_deterministic(client: Client) -> None:
    """Tests (no `clock`) keep the simulated clock: two identical runs answer identically."""
    one = client.ok("run", {"line": "docker run -d nginx"})["stdout"]
    assert len(one.strip()) == 64


def test_a_redrawn_table_travels_as_the_live_frame(client: Client) -> None:
    """`docker stats` answers with `live.frame` (the table to draw in place), not with output chunks."""
    client.ok("run", {"line": "docker run -d --name web nginx"})
    first = client.ok("run", {"line": "docker stats"})
    run_id = client.next_id
    assert first["chunks"] == [] and first["live"]["frame"].startswith("CONTAINER ID")
    final = client.ok("signal", {"of": run_id, "signal": "INT"})
    assert final["exit_code"] == 130 and final["stdout"].startswith("CONTAINER ID") and "live" not in final
