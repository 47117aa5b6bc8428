"""State revisions (playground/WORKER.md): replies carry diffs that rebuild the worker's state in a mirror."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from dockersim import worker
from dockersim.statesync import StateTracker, sections

from tests.dockersim.worker.test_worker_contract import Client


def apply(state: dict[str, Any], changes: dict[str, Any]) -> None:
    """What client.js's applyChanges does to the page's mirror."""
    for path, value in changes["set"]:
        node = state
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    for path in changes["unset"]:
        node = state
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]


@pytest.fixture
def mirrored(tmp_path: Path) -> tuple[Client, dict[str, Any]]:
    client = Client()
    reply = client.ok("init", {"workdir": str(tmp_path / "project"), "seed": 3})
    return client, {"state": reply["state"], "revision": reply["revision"]}


LINES = [
    "docker run -d --name web -p 8080:80 nginx",
    "docker ps",
    "GREETING=hello",
    "docker volume create data",
    "docker stop web",
    "true",
    "docker rm web",
    "docker network create net && docker network rm net",
    "docker rmi nginx",
]


def test_diffs_rebuild_the_state_in_a_mirror(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """Applying every reply's diff in order gives exactly the state the worker holds, revision by revision."""
    client, mirror = mirrored
    client.ok("write_file", {"path": "old.txt", "content": "bye\n"})  # a diff the mirror has to catch up on
    mirror["state"]["files"]["old.txt"] = "bye\n"
    mirror["revision"] += 1
    requests: list[tuple[str, dict[str, Any]]] = [("run", {"line": line}) for line in LINES]
    requests += [
        ("write_file", {"path": "Dockerfile", "content": "FROM alpine\n"}),
        ("rename_file", {"path": "Dockerfile", "to": "Containerfile"}),
        ("delete_file", {"path": "old.txt"}),
    ]
    for kind, payload in requests:
        changes = client.ok(kind, payload)["changes"]
        if changes is None:
            continue
        assert changes["base"] == mirror["revision"]
        apply(mirror["state"], changes)
        mirror["revision"] = changes["revision"]
    whole = client.ok("state")
    assert whole["state"] == mirror["state"]
    assert whole["revision"] > mirror["revision"]


def test_a_read_only_command_changes_nothing(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """`docker ps`, `true` and a failing command leave the state alone: `changes` is null, no new revision."""
    client, _ = mirrored
    client.ok("run", {"line": "docker run -d --name web nginx"})
    for line in ("docker ps -a", "true", "docker inspect nothing-here", "echo hi"):
        assert client.ok("run", {"line": line})["changes"] is None, line


def test_a_diff_carries_only_the_changed_sections(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """Creating a volume sends that volume's record (and the clock), never the images or the files; with
    hundreds of containers, starting one more sends that one container."""
    client, _ = mirrored
    client.ok("run", {"line": "docker pull nginx"})
    client.ok("write_file", {"path": "big.txt", "content": "x" * 50_000})
    reply = client.send("run", {"line": "docker volume create data"})
    paths = {tuple(path) for path, _ in reply["payload"]["changes"]["set"]}
    assert ("session", "engine", "volumes", "#data") in paths
    assert not {path[:3] for path in paths} & {("session", "engine", "images"), ("files", "big.txt")}
    assert len(json.dumps(reply)) < 2_000
    client.ok("run", {"line": " ; ".join(["docker create nginx"] * 300)})
    reply = client.send("run", {"line": "docker run -d --name one-more nginx"})
    records = [
        path for path, _ in reply["payload"]["changes"]["set"] if path[:3] == ["session", "engine", "containers"]
    ]
    assert len(records) == 1 and len(json.dumps(reply)) < 20_000


def test_write_file_sends_the_one_file(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """Saving one file of the folder sends that file's section only."""
    client, _ = mirrored
    client.ok("write_file", {"path": "a.txt", "content": "a"})
    changes = client.ok("write_file", {"path": "b/c.txt", "content": "c"})["changes"]
    assert changes["set"] == [[["files", "b/c.txt"], "c"]] and changes["unset"] == []


def test_reset_and_init_restart_the_revisions_from_a_whole_state(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """`reset` replies with the whole state and a later revision; diffs then build on that one."""
    client, mirror = mirrored
    client.ok("run", {"line": "docker volume create data"})
    reset = client.ok("reset", {"state": None})
    assert reset["revision"] > mirror["revision"] and reset["state"]["session"]["engine"]["volumes"] == {}
    changes = client.ok("run", {"line": "docker volume create again"})["changes"]
    assert changes["base"] == reset["revision"]


def test_tracker_reports_removed_sections() -> None:
    """A section that disappears (a deleted file) is listed in `unset`."""
    tracker = StateTracker()
    tracker.baseline({"files": {"a": "1", "b": "2"}, "variables": {}})
    changes = tracker.changes({"files": {"a": "1"}, "variables": {}})
    assert changes == {"base": 1, "revision": 2, "set": [], "unset": [["files", "b"]]}
    assert tracker.changes({"files": {"a": "1"}, "variables": {}}) is None


def test_sections_split_only_the_listed_dicts() -> None:
    """A table the page has not keyed (a list) is one section; deeper dicts travel whole."""
    state = {"version": 1, "session": {"engine": {"images": [{"id": 1}], "build_cache": {"k": {}}}, "cwd": "/"}}
    assert dict(sections(copy.deepcopy(state))) == {
        ("version",): 1,
        ("session", "engine", "images"): [{"id": 1}],
        ("session", "engine", "build_cache"): {"k": {}},
        ("session", "cwd"): "/",
    }


def test_failed_requests_still_reach_the_mirror(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """A request that fails answers with an error and no diff; the next diff still starts from the mirror."""
    client, mirror = mirrored
    assert client.send("write_file", {"path": "../escape", "content": "x"})["ok"] is False
    changes = client.ok("run", {"line": "X=1"})["changes"]
    assert changes["base"] == mirror["revision"]


def test_reset_to_an_unusable_state_changes_nothing(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """Loading another tab's state that cannot be used (another version, a bad file) is refused as data and
    leaves the engine and the files as they were: no diff, nothing lost."""
    client, _ = mirrored
    client.ok("write_file", {"path": "keep.txt", "content": "mine"})
    client.ok("run", {"line": "docker volume create kept"})
    good = client.ok("state")["state"]
    bad_file = {**good, "files": {"x.txt": 7}}
    for state in ({"version": 0}, {**good, "session": "garbage"}, bad_file, {**good, "files": {"../out": "x"}}):
        assert client.send("reset", {"state": state})["ok"] is False
        assert client.ok("files")["files"] == {"keep.txt": "mine"}
        assert "kept" in client.ok("run", {"line": "docker volume ls -q"})["stdout"]
        assert client.ok("run", {"line": "true"})["changes"] is None


def test_changes_later_answers_first_and_the_diff_follows(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """With ``changes_later`` a changing request says its diff follows; ``changes`` then gives exactly the
    diff the reply would have carried, and read-only commands follow with null."""
    client, mirror = mirrored
    for line in ("docker volume create data", "docker ps", "X=1"):
        client.next_id += 1
        reply = json.loads(
            worker.handle(json.dumps({"id": client.next_id, "type": "run", "payload": {"line": line}}), True)
        )
        assert reply["ok"] and reply["payload"]["changes_follow"] is True and "changes" not in reply["payload"]
        follow = json.loads(worker.changes(client.next_id))
        assert follow["id"] == client.next_id and follow["ok"] is True
        changes = follow["payload"]["changes"]
        if line == "docker ps":
            assert changes is None
            continue
        assert changes["base"] == mirror["revision"]
        apply(mirror["state"], changes)
        mirror["revision"] = changes["revision"]
    assert client.ok("state")["state"] == mirror["state"]


def test_changes_later_leaves_other_requests_alone(mirrored: tuple[Client, dict[str, Any]]) -> None:
    """Requests that change nothing, and failed ones, answer as before: no ``changes_follow``."""
    del mirrored  # only initialised
    files = json.loads(worker.handle(json.dumps({"id": 1, "type": "files", "payload": {}}), True))
    assert files["ok"] and "changes_follow" not in files["payload"]
    failed = json.loads(worker.handle(json.dumps({"id": 2, "type": "write_file", "payload": {"path": "../x"}}), True))
    assert failed["ok"] is False


def test_changes_before_init_is_an_error_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    """``changes`` never raises: without a playground it answers with a bad_request error."""
    monkeypatch.setattr(worker, "_PLAYGROUND", None)
    reply = json.loads(worker.changes(5))
    assert reply == {"id": 5, "ok": False, "error": {"code": "bad_request", "message": reply["error"]["message"]}}
    assert "init" in reply["error"]["message"]


def test_pack_keys_the_tables_and_unpack_gives_the_lists_back() -> None:
    """The page's keyed tables keep the engine's order, and unpack restores exactly the engine's lists."""
    from dockersim.statesync import pack, unpack

    engine = {"containers": [{"id": "9"}, {"id": "1"}], "volumes": [{"name": "1"}], "images": [], "clock": 5}
    state = {"version": 1, "session": {"engine": engine}, "files": {}}
    packed = pack(state)
    assert list(packed["session"]["engine"]["containers"]) == ["#9", "#1"]
    assert packed["session"]["engine"]["volumes"] == {"#1": {"name": "1"}}
    assert state["session"]["engine"]["containers"] == [{"id": "9"}, {"id": "1"}]  # the input is not changed
    assert unpack(packed) == state and unpack(state) == state and pack(packed) == packed
