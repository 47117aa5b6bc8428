"""The engine's records turn into plain data exactly as ``dataclasses.asdict`` would, sharing nothing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from dockersim.engine.plain import to_plain
from dockersim.session import Session


@dataclasses.dataclass
class _Point:
    x: int
    tags: tuple[str, ...] = ()


def _busy_session(tmp_path: Path) -> Session:
    (tmp_path / "Dockerfile").write_text('FROM alpine\nRUN echo hi > /f\nCOPY . /app\nCMD ["sh"]\n')
    session = Session(seed=7, cwd=tmp_path)
    for line in (
        "docker run -d --name web1 -p 8080:80 -v data:/d --health-cmd true nginx",
        "docker network create net1",
        "docker network connect net1 web1",
        "docker exec web1 touch /made",
        "docker build -t made .",
        "docker run --name once alpine echo hi",
        "docker stop web1",
    ):
        assert session.run_line(line).exit_code == 0, line
    return session


def test_every_record_matches_asdict(tmp_path: Path) -> None:
    engine = _busy_session(tmp_path).engine
    tables = (engine.images, engine.containers, engine.volumes, engine.networks)
    records = [record for table in tables for record in table.values()]
    kinds = {type(record).__name__ for record in records}
    assert kinds >= {"ImageRecord", "ContainerRecord", "VolumeRecord", "NetworkRecord"}
    for record in records:
        plain = record.to_dict()
        assert plain == dataclasses.asdict(record)
        assert json.dumps(plain) == json.dumps(dataclasses.asdict(record))


def test_nothing_is_shared_with_the_record(tmp_path: Path) -> None:
    container = next(iter(_busy_session(tmp_path).engine.containers.values()))
    plain = container.to_dict()
    plain["logs"].append([0.0, "stdout", "added"])
    plain["networks"].clear()
    plain["restart_policy"]["Name"] = "always"
    assert container.logs[-1][2] != "added"
    assert container.networks
    assert container.restart_policy["Name"] != "always"


def test_tuples_nested_dataclasses_and_other_values() -> None:
    value = {"points": [_Point(1, ("a",)), _Point(2)], "set": {3}}
    plain = to_plain(value)
    assert plain == {"points": [{"x": 1, "tags": ("a",)}, {"x": 2, "tags": ()}], "set": {3}}
    assert plain["set"] is not value["set"]
