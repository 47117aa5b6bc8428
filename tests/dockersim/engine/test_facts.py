"""The container indexes (engine/facts.py) always answer as a scan of every container would."""

from __future__ import annotations

import shlex

from dockersim.engine.facts import ContainerFacts, facts_of
from dockersim.session import Session

LINES = [
    "run -d --name web -p 8080:80 nginx",
    "run -d --name nap alpine sleep 3",
    "run -d --name loop alpine sh -c 'while true; do echo tick; sleep 2; done'",
    "network create backend",
    "network connect backend web",
    "run -d --name db --network backend redis",
    "rename db cache",
    "pause web",
    "unpause web",
    "stop web",
    "start web",
    "run -d --network host nginx",
    "network disconnect backend web",
    "rm -f cache",
    "container prune -f",
    "run -d --name web2 -p 8080:80 nginx",
]


def _scanned(facts: ContainerFacts) -> ContainerFacts:
    """The same indexes made from scratch by reading every container."""
    fresh = ContainerFacts(facts.table)
    for key, record in dict.items(facts.table):
        fresh._add(key, facts_of(record))
    return fresh


def test_indexes_match_a_full_scan_after_every_command(tmp_path) -> None:
    """Names, addresses, host ports and timed containers agree with a full scan after each command, also
    when the worker's tracker takes the table's notes between commands (as in the browser) and when time
    ends a container no command named; this fails when an index misses a change."""
    session = Session(seed=4, cwd=tmp_path)
    engine = session.engine
    for index, line in enumerate(LINES):
        result = session.run(shlex.split(line))
        assert result.exit_code == 0 or line.startswith("run -d --name web2"), (line, result.stderr)
        if index % 2:
            engine.containers.take()  # what the worker's tracker does after a command
        engine.tick(2)
        current, scanned = engine.facts.current(), _scanned(engine.facts)
        assert current.facts == scanned.facts, line
        assert current.names == scanned.names and current.timed_keys == scanned.timed_keys, line
        assert current.addresses == scanned.addresses and current.ports == scanned.ports, line
    assert "nap" not in {c.name for c in engine.containers.peek() if c.running}  # time ended it


def test_a_taken_name_and_port_are_refused_through_the_indexes(tmp_path) -> None:
    """A second container with a used name, or a used host port, is refused as docker refuses it."""
    session = Session(seed=4, cwd=tmp_path)
    assert session.run(["run", "-d", "--name", "web", "-p", "8080:80", "nginx"]).exit_code == 0
    session.engine.containers.take()
    again = session.run(["run", "-d", "--name", "web", "nginx"])
    assert again.exit_code != 0 and 'The container name "/web" is already in use' in again.stderr
    port = session.run(["run", "-d", "-p", "8080:80", "nginx"])
    assert port.exit_code != 0 and "8080" in port.stderr


def test_a_port_held_by_an_attached_shell_is_free_once_it_exits(tmp_path) -> None:
    """An ``-it`` session's container is ended by the job that holds it (``exit``), requests after it was
    handed out: the indexes still learn that its host port is free (``_finish`` notes the container). This
    fails with docker's "port is already allocated" when ending a held container goes unnoted."""
    from tests.dockersim.worker.test_worker_contract import Client

    client = Client()
    client.ok("init", {"workdir": str(tmp_path / "p"), "seed": 5})
    client.ok("run", {"line": "docker pull alpine"})
    reply = client.ok("run", {"line": "docker run -it -p 8080:80 --name shell alpine sh"})
    assert reply["exit_code"] is None
    assert client.ok("input", {"text": "exit\n", "of": client.next_id})["exit_code"] == 0
    reply = client.ok("run", {"line": "docker run -d -p 8080:80 nginx"})
    assert reply["exit_code"] == 0, reply["stderr"]
