"""The worker contract (playground/WORKER.md): every request gets a reply with its id; errors are data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from dockersim import worker
from hypothesis import given, settings
from hypothesis import strategies as st


class Client:
    """Talks to ``worker.handle`` the way worker.js does: JSON strings in and out."""

    def __init__(self) -> None:
        self.next_id = 0

    def send(self, kind: str, payload: Any = None) -> dict[str, Any]:
        self.next_id += 1
        reply = json.loads(worker.handle(json.dumps({"id": self.next_id, "type": kind, "payload": payload or {}})))
        assert reply["id"] == self.next_id
        return reply

    def ok(self, kind: str, payload: Any = None) -> dict[str, Any]:
        reply = self.send(kind, payload)
        assert reply["ok"], reply
        return reply["payload"]


@pytest.fixture
def client(tmp_path: Path) -> Client:
    client = Client()
    client.ok("init", {"workdir": str(tmp_path / "project"), "seed": 7})
    return client


def test_run_returns_ordered_output_and_changes(client: Client) -> None:
    """`run` answers with the output chunks in order, the exit code and what changed in the state."""
    reply = client.ok("run", {"line": "docker run -d --name web nginx"})
    assert reply["exit_code"] == 0
    assert [stream for stream, _ in reply["chunks"]][:1] == ["stderr"]  # "Unable to find image…" comes first
    assert len(reply["stdout"].strip().splitlines()[-1]) == 64
    assert "state" not in reply
    changed = {tuple(path[:3]) for path, _ in reply["changes"]["set"]}  # a table's records are its sections
    assert {("session", "engine", "containers"), ("session", "engine", "images")} <= changed
    assert ("files",) not in changed and ("variables",) not in changed


def test_state_survives_a_worker_restart(client: Client, tmp_path: Path) -> None:
    """The state from one worker restores the same containers and files in a new one."""
    client.ok("run", {"line": "docker run -d --name web nginx"})
    client.ok("write_file", {"path": "Dockerfile", "content": "FROM nginx:alpine\n"})
    client.ok("run", {"line": "GREETING=hello"})
    saved = client.ok("state")["state"]
    fresh = Client()
    restored = fresh.ok("init", {"workdir": str(tmp_path / "other"), "state": saved})
    assert restored["restored"] is True
    assert "web" in fresh.ok("run", {"line": "docker ps --format '{{.Names}}'"})["stdout"]
    assert fresh.ok("files")["files"] == {"Dockerfile": "FROM nginx:alpine\n"}
    assert fresh.ok("run", {"line": "echo $GREETING"})["stdout"] == "hello\n"


@pytest.mark.parametrize("state", [{"version": 0}, {"version": 1, "session": "garbage"}, "nonsense", [1, 2]])
def test_old_or_corrupt_state_is_reset_with_a_notice(tmp_path: Path, state: Any) -> None:
    """A saved state from an older version, or garbage, starts fresh with a message, never a crash."""
    reply = Client().ok("init", {"workdir": str(tmp_path / "p"), "state": state})
    assert reply["restored"] is False
    assert "could not be restored" in reply["notice"]


def test_files_are_confined_to_the_project(client: Client) -> None:
    """File requests cannot reach outside the playground's folder."""
    for path in ("../escape", "/etc/passwd", "", "a/../../b"):
        reply = client.send("write_file", {"path": path, "content": "x"})
        assert reply["ok"] is False and reply["error"]["code"] == "bad_request"


def test_file_requests_round_trip(client: Client) -> None:
    """write, rename and delete keep the file list in step."""
    client.ok("write_file", {"path": "src/app.js", "content": "console.log(1)\n"})
    assert client.ok("rename_file", {"path": "src/app.js", "to": "src/index.js"})["files"] == {
        "src/index.js": "console.log(1)\n"
    }
    assert client.ok("delete_file", {"path": "src/index.js"})["files"] == {}


def test_completion_of_commands_flags_and_names(client: Client) -> None:
    """Tab completion offers subcommands, flags and the names of existing containers."""
    client.ok("run", {"line": "docker run -d --name webserver nginx"})
    assert "start" in client.ok("complete", {"line": "docker sta", "cursor": 10})["candidates"]
    assert "--rm" in client.ok("complete", {"line": "docker run --r", "cursor": 14})["candidates"]
    names = client.ok("complete", {"line": "docker stop web", "cursor": 15})
    assert names == {"start": 12, "candidates": ["webserver"]}


@pytest.mark.parametrize(
    "raw",
    ["", "null", "[]", '{"type": "run"}', '{"id": 1, "type": "nope"}', '{"id": 2, "type": "run", "payload": 5}'],
)
def test_malformed_requests_get_error_replies(client: Client, raw: str) -> None:
    """Whatever arrives, the reply is JSON with ok=false and a message."""
    reply = json.loads(worker.handle(raw))
    assert reply["ok"] is False
    assert reply["error"]["message"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_line_is_answered(line: str) -> None:
    """Random lines through `run` always produce a well-formed reply."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        worker.handle(json.dumps({"id": 0, "type": "init", "payload": {"workdir": folder, "seed": 1}}))
        reply = json.loads(worker.handle(json.dumps({"id": 1, "type": "run", "payload": {"line": line}})))
        assert reply["id"] == 1 and reply["ok"] is True
        assert isinstance(reply["payload"]["exit_code"], int)
        assert "internal error" not in reply["payload"]["stderr"]


def test_lint_of_unsaved_text(client: Client) -> None:
    """`lint` checks the editor's unsaved text and names rule, line and a docs link."""
    findings = client.ok("lint", {"path": "Dockerfile", "text": "FROM node\nCMD node server.js\n"})["findings"]
    rules = {finding["rule"] for finding in findings}
    assert "DL3006" in rules
    assert all(finding["line"] >= 1 and finding["docs"] for finding in findings)
