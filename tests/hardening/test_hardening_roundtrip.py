"""Hostile commands through the worker: each ends in a clean answer, and the state it leaves can be saved as
strict JSON and loaded back (a value the loader refuses would wipe the reader's work on the next reload)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from dockersim import worker
from dockersim.statesync import pack

from tests.hardening.fuzz_accounting import record

LONG = "b" * 300
ACCENTED = "é" * 200
HOSTILE_COMMANDS = [
    "sleep 1e11",
    "sleep inf",
    "sleep 1e20",
    "sleep 1e308",
    "sleep nan",
    "sleep 99999999999999999999d",
    "docker run -d --name long nginx sleep 1e300",
    "docker run -d --name forever nginx sleep infinity",
    "docker run -d --health-cmd true --health-interval 2540400h nginx",
    "docker run -d --stop-timeout 2147483647 nginx",
    "docker stop -t 2147483647 long",
    "docker run -d --restart on-failure:2147483647 nginx",
    "docker logs --tail 9223372036854775807 forever",
    "docker logs --since 9999999999999 forever",
    "docker ps --format '{{printf \"%999999999d\" 1}}'",
    "docker ps --format '{{printf \"%2147483647d\" 1}}'",
    "docker ps --format '{{printf \"%.2147483647f\" 1.5}}'",
    f"echo hi > {LONG}",
    f"echo hi > {ACCENTED}",
    f"echo hi >> {'d/' * 3000}x",
    f"docker run -d --name {'n' * 300} nginx",
    f"docker volume create {'v' * 300}",
    f"docker network create {'w' * 300}",
    f"docker tag nginx {'r' * 300}",
    "docker run -d -m 9223372036854775807 nginx",
    "docker run -d --cpus 1e308 nginx",
    "docker run -d -p 99999999999:80 nginx",
    "docker run -d -e " + "A" * 100_000 + "=1 nginx",
    "date",
    "docker ps -a",
    "docker inspect long",
    "docker system df",
]
SIGNS_OF_A_CRASH = ("internal error", "Traceback (most recent call last)")


def _request(kind: str, payload: dict[str, Any], request_id: int = 1) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(worker.handle(json.dumps({"id": request_id, "type": kind, "payload": payload})))
    return reply


def assert_round_trips(state: dict[str, Any], workdir: Path) -> None:
    """``state`` survives strict JSON (what the page stores) and a restore gives the same state back."""
    text = json.dumps(state, allow_nan=False)
    fresh = worker.Playground(workdir, seed=1)
    fresh.restore(json.loads(text))
    again = pack(fresh.state())  # the page holds the keyed state
    for key in ("files", "variables"):
        assert again[key] == state[key], key
    assert json.dumps(again["session"]["engine"], allow_nan=False, sort_keys=True) == json.dumps(
        state["session"]["engine"], sort_keys=True
    )


@pytest.mark.timeout(120)
def test_state_round_trips_after_every_hostile_command(tmp_path: Path) -> None:
    """One playground through every hostile command in turn: a clean answer each time, and the state after
    each one loads back whole (into another folder, as a reload would)."""
    assert _request("init", {"workdir": str(tmp_path / "p"), "seed": 1})["ok"]
    for number, line in enumerate(HOSTILE_COMMANDS, start=2):
        reply = _request("run", {"line": line}, number)
        record("roundtrip")
        assert reply["ok"], (line[:80], reply)
        output = reply["payload"]["stdout"] + reply["payload"]["stderr"]
        assert not any(sign in output for sign in SIGNS_OF_A_CRASH), (line[:80], output[:300])
        state = _request("state", {}, number)["payload"]["state"]
        assert_round_trips(state, tmp_path / f"reload{number}")


def test_round_trip_check_can_fail(tmp_path: Path) -> None:
    """The check above fails on a state holding a value the loader refuses (so it is not vacuous)."""
    playground = worker.Playground(tmp_path / "p", seed=1)
    state = playground.state()
    state["session"]["engine"]["clock"] = 1e11
    with pytest.raises(Exception, match="clock"):
        assert_round_trips(state, tmp_path / "again")
    state["session"]["engine"]["clock"] = float("inf")
    with pytest.raises(ValueError):
        assert_round_trips(state, tmp_path / "again")
