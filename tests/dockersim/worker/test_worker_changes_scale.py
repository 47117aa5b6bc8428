"""The worker's per-command state work follows what the command touched, not the engine's size
(dockersim/engine/table.py, dockersim/statesync.py), and the diffs it sends still rebuild the whole state."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from dockersim import worker
from dockersim.statesync import pack

from tests.dockersim.worker.test_worker_contract import Client
from tests.dockersim.worker.test_worker_revisions import apply

COMPOSE = """services:
  web:
    image: nginx
    ports: ["8081:80"]
  cache:
    image: redis
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
"""

#: Requests that change the engine in many ways: each diff, applied to a mirror, must give the worker's state.
REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("run", {"line": "docker run -d --name web -p 8080:80 nginx"}),
    ("run", {"line": "docker run -d --name nap alpine sleep 4"}),
    ("run", {"line": "docker run -d --name loop alpine sh -c 'while true; do echo tick; sleep 2; done'"}),
    ("run", {"line": "docker network create backend && docker network connect backend web"}),
    ("run", {"line": "docker volume create data && docker run -d --name db -v data:/data redis"}),
    ("run", {"line": "docker rename db cache-db && docker pause web && docker unpause web"}),
    ("run", {"line": "docker exec cache-db sh -c 'echo hi > /data/x' && docker logs loop"}),
    ("run", {"line": "sleep 10"}),  # the clock moves: nap exits, loop logs, both without being named
    ("run", {"line": "docker ps -a && docker stats --no-stream && docker inspect web"}),
    ("write_file", {"path": "compose.yaml", "content": COMPOSE}),
    ("run", {"line": "docker compose up -d"}),
    ("run", {"line": "sleep 40 && docker compose ps"}),
    ("run", {"line": "docker network disconnect backend web && docker network rm backend"}),
    ("run", {"line": "docker stop web && docker container prune -f"}),
    ("run", {"line": "docker compose down -v"}),
    ("run", {"line": "docker commit loop snap:1 && docker tag snap:1 snap:2 && docker rmi snap:2"}),
    ("run", {"line": "docker run -it --name shell alpine sh"}),  # keeps running: a job holds the record
    ("input", {"text": "echo made > /tmp/f\n"}),
    ("input", {"text": "exit\n"}),
    ("run", {"line": "docker rm -f $(docker ps -aq) && docker volume prune -af && docker system prune -af"}),
]


def test_diffs_from_touched_records_rebuild_the_whole_state(tmp_path: Path) -> None:
    """After every request the mirror equals the worker's whole state: nothing a command changed was left
    out because its record was not noted as touched (this fails when, say, ``refresh`` stops touching the
    containers it ends, or a job's container is not compared again)."""
    client = Client()
    reply = client.ok("init", {"workdir": str(tmp_path / "project"), "seed": 5})
    mirror, revision = copy.deepcopy(reply["state"]), reply["revision"]
    live: Any = None
    for kind, payload in REQUESTS:
        replies = []
        if kind == "input":
            replies.append(client.ok(kind, {**payload, "of": live}))
            if "live" in replies[0]:
                replies.append(client.ok("poll", {"of": live}))
        else:
            replies.append(client.ok(kind, payload))
            if replies[0].get("exit_code", 0) is None:
                live = client.next_id
        for reply in replies:
            changes = reply.get("changes")
            if changes is not None:
                assert changes["base"] == revision
                apply(mirror, changes)
                revision = changes["revision"]
        assert mirror == pack(worker._initialised().state()), (kind, payload)


def _fill(count: int) -> None:
    """``count`` running nginx containers in the worker's engine (copies of one real one, quickly)."""
    engine = worker._initialised().session.engine
    model = engine.containers[next(iter(engine.containers))]
    for index in range(count - len(engine.containers)):
        twin = copy.deepcopy(model)
        twin.id = f"{index:012x}".rjust(64, "f")
        twin.name = f"twin_{index}"
        twin.networks = {
            "bridge": {**model.networks["bridge"], "IPAddress": f"10.{index >> 16}.{index >> 8 & 255}.{index & 255}"}
        }
        engine.containers[twin.id] = twin


def test_a_command_on_10000_containers_converts_only_what_it_touched(tmp_path: Path) -> None:
    """On an engine of 10,000 containers, each command converts and compares a handful of records (the
    container it made, stopped or removed, the images and networks it looked up), never the 10,000; this
    fails when the worker reads the whole engine back after a command."""
    client = Client()
    client.ok("init", {"workdir": str(tmp_path / "project"), "seed": 5})
    client.ok("run", {"line": "docker run -d nginx"})
    engine = worker._initialised().session.engine
    _fill(9_999)
    for table in engine.tables().values():
        table.take()  # the fill is not a command: as if the page had been sent the whole state…
    worker._TRACKER._records["containers"].update(dict.fromkeys(engine.containers, 0))  # …and held every one
    for line, sent, count in [
        ("docker run -d nginx", 1, 10_000),
        ("docker ps -q", 0, 10_000),
        ("docker stop twin_17", 1, 10_000),
        ("docker rm -f twin_5", 0, 9_999),
    ]:
        reply = client.ok("run", {"line": line})
        assert reply["exit_code"] == 0, reply
        assert worker._TRACKER.compared <= 10, (line, worker._TRACKER.compared)
        changes = reply["changes"] or {"set": [], "unset": []}
        records = [path for path, _ in changes["set"] if path[:3] == ["session", "engine", "containers"]]
        assert len(records) == sent, line
        assert len(engine.containers) == count
    assert changes["unset"] == [["session", "engine", "containers", "#" + "5".rjust(12, "0").rjust(64, "f")]]


def test_lines_beside_a_running_command_do_not_compare_what_it_holds(tmp_path: Path) -> None:
    """While attached commands keep running, the records they were handed are compared again only after a
    request that ran one of them on (input, poll, signal), not after another attached run, line or file:
    this fails when the held records are compared after every request (hundreds of attached runs left open
    made each later request convert them all). The mirror still equals the state throughout."""
    client = Client()
    reply = client.ok("init", {"workdir": str(tmp_path / "project"), "seed": 5})
    mirror, revision = copy.deepcopy(reply["state"]), reply["revision"]

    def caught_up(reply: dict[str, Any]) -> None:
        nonlocal revision
        if reply.get("changes") is not None:
            assert reply["changes"]["base"] == revision
            apply(mirror, reply["changes"])
            revision = reply["changes"]["revision"]
        assert mirror == pack(worker._initialised().state())

    for index in range(12):  # attached runs that keep running: each holds its container
        reply = client.ok("run", {"line": f"docker run --name web{index} nginx"})
        assert reply["exit_code"] is None
        assert worker._TRACKER.compared <= 8, (index, worker._TRACKER.compared)  # a new one ran no other
        caught_up(reply)
    shell = client.next_id + 1
    caught_up(client.ok("run", {"line": "docker run -it --name shell alpine sh"}))
    for line in ["docker run -d nginx", "docker volume create data", "echo hi > note.txt", "true"]:
        reply = client.ok("run", {"line": line})
        assert reply["exit_code"] == 0
        assert worker._TRACKER.compared <= 8, (line, worker._TRACKER.compared)  # 13 are held
        caught_up(reply)
    caught_up(client.ok("write_file", {"path": "a.txt", "content": "a\n"}))
    assert worker._TRACKER.compared == 0
    caught_up(client.ok("input", {"text": "echo made > /tmp/f\n", "of": shell}))
    assert worker._TRACKER.compared >= 13  # driven: everything held is compared again
    caught_up(client.ok("input", {"text": "exit\n", "of": shell}))
    caught_up(client.ok("run", {"line": "docker ps -aq"}))
