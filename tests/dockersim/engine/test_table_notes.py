"""The record tables' notes (engine/table.py) are exact enough for the worker's diffs: a command that only
reads touches no record, and every record a command changed was noted (else the page's mirror, and so the
saved playground, would silently miss the change)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from dockersim.engine.engine import Engine
from dockersim.session import Session

SETUP = [
    "run -d --name web -p 8080:80 nginx",
    "run -d --name db -v data:/data redis",
    "network create backend",
    "network connect backend web",
    "volume create extra",
    "run --name once alpine echo hi",
    "create --name idle alpine",
    "pull busybox",
    "tag nginx mine:1",
]

#: Commands that only read the engine: none may touch a record.
READ_ONLY = [
    "ps",
    "ps -a",
    "ps -q",
    "ps -a --format '{{.Names}} {{.Image}} {{.Status}} {{.Ports}} {{.Networks}} {{.Mounts}} {{.Size}}'",
    "ps -s --no-trunc",
    "ps --filter name=web",
    "ps --filter ancestor=nginx",
    "ps --filter volume=data",
    "ps --filter network=backend",
    "ps -l",
    "ps -n 2",
    "container ls -a --filter status=exited",
    "inspect web",
    "inspect db nginx data backend",
    "container inspect -s web",
    "image inspect nginx",
    "volume inspect data",
    "network inspect backend bridge",
    "images",
    "images -a --digests",
    "image ls -q --filter dangling=true",
    "image history nginx",
    "volume ls",
    "volume ls -q -f dangling=true",
    "network ls --no-trunc --filter driver=bridge",
    "logs web",
    "logs once",
    "top web",
    "port web",
    "container port web 80",
    "stats --no-stream -a",
    "diff web",
    "system df -v",
    "info",
    "events --since 0 --until 1",
    "wait once",
    "cp web:/etc/hostname -",
]

#: Commands that change the engine in many ways (and some that read between them).
CHANGING = [
    "run -d --name nap alpine sleep 3",
    "rename db cache",
    "pause web",
    "ps",
    "unpause web",
    "exec web sh -c 'echo hi > /tmp/x'",
    "cp web:/tmp/x -",
    "network disconnect backend web",
    "network connect --alias front backend web",
    "stop web",
    "start web",
    "restart cache",
    "kill cache",
    "update --restart always web",
    "commit web snap:1",
    "tag snap:1 snap:2",
    "rmi snap:2",
    "volume create more",
    "run -d --name user -v more:/m --network backend busybox sleep 1000",
    "inspect user",
    "rm -f user",
    "network disconnect backend web",
    "network rm backend",
    "volume rm more",
    "container prune -f",
    "image prune -af",
    "volume prune -af",
    "network prune -f",
    "system prune -af --volumes",
]


def _session(tmp_path: Path) -> Session:
    session = Session(seed=4, cwd=tmp_path)
    for line in SETUP:
        result = session.run(shlex.split(line))
        assert result.exit_code == 0, (line, result.stderr)
    return session


def _noted(engine: Engine) -> dict[str, list[str]]:
    return {name: table.take()[0] for name, table in engine.tables().items()}


def _records(engine: Engine) -> dict[str, dict[str, str]]:
    return {
        name: {key: json.dumps(record.to_dict(), sort_keys=True) for key, record in dict.items(table)}
        for name, table in engine.tables().items()
    }


@pytest.mark.parametrize("line", READ_ONLY)
def test_a_command_that_only_reads_touches_no_record(tmp_path: Path, line: str) -> None:
    """Over an engine with running, exited and created containers, images, volumes and networks, a
    command that only reads leaves every table's notes empty: it used the read-only accessors
    (``peek``, ``peek_get``, ``find_container(…, peek=True)``…). This fails when a handler looks a record
    up with an accessor that hands it out for changing (the worker then converts it after every command)."""
    session = _session(tmp_path)
    _noted(session.engine)
    result = session.run(shlex.split(line))
    assert result.exit_code == 0, (line, result.stderr)
    assert {name: keys for name, keys in _noted(session.engine).items() if keys} == {}, line


def test_every_record_a_command_changed_was_noted(tmp_path: Path) -> None:
    """After each command, every record whose saved form changed (or that is new) is among the table's
    touched keys, and every key gone is among its removed ones: the worker's diff carries every change.
    This fails when a handler changes a record it found with a read-only accessor."""
    session = _session(tmp_path)
    engine = session.engine
    _noted(engine)
    before = _records(engine)
    for line in [*CHANGING, *READ_ONLY[:12]]:
        result = session.run(shlex.split(line))
        assert result.exit_code == 0, (line, result.stderr)
        notes = {name: table.take() for name, table in engine.tables().items()}
        after = _records(engine)
        for name, records in after.items():
            changed = {key for key, text in records.items() if before[name].get(key) != text}
            assert changed <= set(notes[name][0]), (line, name, result.stderr)
            assert set(before[name]) - set(records) <= set(notes[name][1]), (line, name)
        before = after
