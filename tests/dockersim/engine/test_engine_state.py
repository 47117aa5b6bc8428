"""Engine state is plain data: JSON round-trip, version checks, garbage never escapes as a traceback."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from dockersim.context import SimulatorError
from dockersim.engine import Engine
from dockersim.runspec import ContainerSpec, MountSpec, PortBinding
from hypothesis import given, settings
from hypothesis import strategies as st


def _busy_engine(seed: int = 5) -> Engine:
    engine = Engine(seed=seed)
    engine.create_network("my-network")
    web = engine.create_container(
        ContainerSpec(image="nginx", name="web", ports=[PortBinding(80, host_port="8080")], network="my-network")
    )
    engine.start_container(web)
    db = engine.create_container(
        ContainerSpec(
            image="postgres:15",
            name="db",
            env=["POSTGRES_PASSWORD=x"],
            mounts=[MountSpec("volume", "/var/lib/postgresql/data", "pgdata")],
        )
    )
    engine.start_container(db)
    engine.build_cache["entries"] = {"abc": {"reason": "kept as given"}}
    engine.tick()
    return engine


def test_round_trip_is_lossless() -> None:
    """to_dict → JSON → from_dict → to_dict gives identical data (including the builder's cache)."""
    engine = _busy_engine()
    data = json.loads(json.dumps(engine.to_dict()))
    again = Engine.from_dict(data)
    assert again.to_dict() == data
    assert data["version"] == 1
    assert again.build_cache == {"entries": {"abc": {"reason": "kept as given"}}}
    assert again.find_container("web").state == "running"


def test_restored_engine_continues_deterministically() -> None:
    """A restored engine hands out the same next IDs and names as the original would."""
    engine = _busy_engine()
    restored = Engine.from_dict(json.loads(json.dumps(engine.to_dict())))
    assert engine.ids.new_id() == restored.ids.new_id()
    assert engine.ids.new_name() == restored.ids.new_name()


def test_same_seed_same_ids_and_names() -> None:
    """With a seed, IDs and generated names are reproducible; different seeds differ."""
    a, b, c = Engine(seed=42), Engine(seed=42), Engine(seed=43)
    ida = [a.ids.new_id() for _ in range(3)]
    assert ida == [b.ids.new_id() for _ in range(3)]
    assert ida != [c.ids.new_id() for _ in range(3)]
    assert all(len(i) == 64 and int(i, 16) >= 0 for i in ida)
    assert a.ids.new_name() == b.ids.new_name()
    assert "_" in a.ids.new_name()


def test_unseeded_engines_differ() -> None:
    """Without a seed, IDs look random (two engines do not collide)."""
    assert Engine().ids.new_id() != Engine().ids.new_id()


@pytest.mark.parametrize("version", [None, 0, 2, "1", True, 1.5, [1]])
def test_unknown_versions_are_rejected_clearly(version: Any) -> None:
    """Older, newer or malformed versions raise SimulatorError naming the version, never a traceback."""
    data = Engine(seed=1).to_dict()
    data["version"] = version
    with pytest.raises(SimulatorError) as info:
        Engine.from_dict(data)
    assert "version" in info.value.message


def test_missing_version_and_non_dict() -> None:
    """A state without a version or that is not an object is rejected with a message."""
    with pytest.raises(SimulatorError):
        Engine.from_dict({})
    with pytest.raises(SimulatorError):
        Engine.from_dict([1, 2])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_from_dict_never_raises_anything_else(value: Any) -> None:
    """Arbitrary JSON never escapes from_dict as anything but SimulatorError."""
    with contextlib.suppress(SimulatorError):
        Engine.from_dict(value)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["clock", "ids", "images", "containers", "volumes", "networks", "build_cache", "auths"]),
    json_values,
)
def test_corrupted_fields_raise_simulator_error(key: str, value: Any) -> None:
    """Replacing any one section of a valid state with garbage gives SimulatorError or a usable engine."""
    data = json.loads(json.dumps(_busy_engine(1).to_dict()))
    data[key] = value
    try:
        engine = Engine.from_dict(data)
    except SimulatorError:
        return
    json.dumps(engine.to_dict())


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out += _paths(v, (*prefix, i))
    return out


_BASE_STATE = json.loads(json.dumps(_busy_engine(2).to_dict()))
_ALL_PATHS = [p for p in _paths(_BASE_STATE) if p]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_ALL_PATHS), json_values)
def test_deep_garbage_never_crashes_loading_or_listing(path: tuple[Any, ...], value: Any) -> None:
    """Any one nested value replaced by garbage: from_dict raises SimulatorError, or ps/images/inspect still work."""
    from dockersim.session import Session

    data = json.loads(json.dumps(_BASE_STATE))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        engine = Engine.from_dict(data)
    except SimulatorError:
        return
    session = Session(engine=engine, cwd="/work")
    for line in (
        "docker ps -a",
        "docker images",
        "docker volume ls",
        "docker network ls",
        "docker inspect web",
        "docker logs web",
        "docker exec web ls /",
        "docker exec db psql -U postgres -c 'SELECT 1'",
        "docker network inspect my-network",
        "docker stop web",
        "docker start web",
        "docker rm -f db",
        "docker volume rm pgdata",
        "docker system prune -f",
        "docker run -d --name again nginx",
    ):
        result = session.run_line(line)
        assert "internal error" not in result.stderr, (line, path, result.stderr)
