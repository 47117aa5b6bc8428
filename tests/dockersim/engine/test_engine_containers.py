"""Containers: names, IDs, ports, lifecycle, modelled processes, errors worded as dockerd words them."""

from __future__ import annotations

import pytest
from dockersim.context import EngineError
from dockersim.engine import Engine
from dockersim.runspec import ContainerSpec, PortBinding, RestartPolicy


def _run(engine: Engine, **kw: object) -> object:
    c = engine.create_container(ContainerSpec(**kw))  # type: ignore[arg-type]
    engine.start_container(c)
    return c


def test_name_conflict_message() -> None:
    """A second --name web fails with dockerd's Conflict text naming the holder's full ID."""
    engine = Engine(seed=1)
    first = engine.create_container(ContainerSpec(image="nginx", name="web"))
    with pytest.raises(EngineError) as info:
        engine.create_container(ContainerSpec(image="nginx", name="web"))
    assert info.value.message == (
        f'Conflict. The container name "/web" is already in use by container "{first.id}". You have to remove '
        "(or rename) that container to be able to reuse that name."
    )


def test_invalid_name() -> None:
    """One-character names are rejected with docker's pattern message."""
    with pytest.raises(EngineError, match=r"Invalid container name \(a\), only \[a-zA-Z0-9\]"):
        Engine(seed=1).create_container(ContainerSpec(image="nginx", name="a"))


def test_port_already_allocated_leaves_container_created() -> None:
    """-p 8080:80 twice: the second start fails with the bind error and stays Created."""
    engine = Engine(seed=1)
    _run(engine, image="nginx", name="a1", ports=[PortBinding(80, host_port="8080")])
    second = engine.create_container(ContainerSpec(image="nginx", name="a2", ports=[PortBinding(80, host_port="8080")]))
    with pytest.raises(EngineError) as info:
        engine.start_container(second)
    assert "driver failed programming external connectivity on endpoint a2 (" in info.value.message
    assert info.value.message.endswith("Bind for 0.0.0.0:8080 failed: port is already allocated")
    assert second.state == "created"


def test_specific_host_ip_does_not_clash_with_other_ip() -> None:
    """127.0.0.1:8080 and 0.0.0.0:8080 clash; a stopped holder frees the port."""
    engine = Engine(seed=1)
    holder = _run(engine, image="nginx", name="h1", ports=[PortBinding(80, host_ip="127.0.0.1", host_port="8080")])
    other = engine.create_container(ContainerSpec(image="nginx", name="h2", ports=[PortBinding(80, host_port="8080")]))
    with pytest.raises(EngineError, match=r"Bind for 0\.0\.0\.0:8080 failed"):
        engine.start_container(other)
    engine.stop_container(holder)  # type: ignore[arg-type]
    engine.start_container(other)
    assert other.state == "running"


def test_ephemeral_ports_for_p80_and_publish_all() -> None:
    """-p 80 and -P get host ports from 32768 upwards."""
    engine = Engine(seed=1)
    a = _run(engine, image="nginx", ports=[PortBinding(80)])
    b = _run(engine, image="nginx", publish_all=True)
    assert a.ports[0]["allocated"] == "32768"  # type: ignore[attr-defined]
    assert b.ports[0]["allocated"] == "32769"  # type: ignore[attr-defined]


def test_rm_running_needs_force() -> None:
    """rm of a running container uses the name as typed in dockerd's message."""
    engine = Engine(seed=1)
    _run(engine, image="nginx", name="web")
    with pytest.raises(EngineError) as info:
        engine.remove_container("web")
    assert info.value.message == (
        'cannot remove container "web": container is running: stop the container before removing or force remove'
    )
    engine.remove_container("web", force=True)
    assert not engine.containers


def test_resolution_by_prefix_name_and_ambiguity() -> None:
    """Full ID, name, /name, unique prefix resolve; an ambiguous prefix and a missing name fail."""
    engine = Engine(seed=1)
    cs = [engine.create_container(ContainerSpec(image="alpine", name=f"c{i}x")) for i in range(40)]
    c = cs[0]
    assert engine.find_container(c.id) is c
    assert engine.find_container("c0x") is c
    assert engine.find_container("/c0x") is c
    prefix = next(p for p in (c.id[:n] for n in range(1, 13)) if sum(x.id.startswith(p) for x in cs) == 1)
    assert engine.find_container(prefix) is c
    shared = next(x.id[:1] for x in cs if sum(y.id.startswith(x.id[:1]) for y in cs) > 1)
    with pytest.raises(EngineError, match=f"multiple IDs found with provided prefix: {shared}"):
        engine.find_container(shared)
    with pytest.raises(EngineError, match="No such container: nope"):
        engine.find_container("nope")


@pytest.mark.parametrize(
    ("image", "command", "interactive", "state", "code", "logs"),
    [
        ("alpine", [], False, "exited", 0, []),
        ("alpine", [], True, "running", 0, []),
        ("ubuntu", [], False, "exited", 0, []),
        ("alpine", ["echo", "hello"], False, "exited", 0, ["hello"]),
        ("alpine", ["false"], False, "exited", 1, []),
        ("alpine", ["sh", "-c", "echo a && echo b; exit 3"], False, "exited", 3, ["a", "b"]),
        ("alpine", ["sleep", "1000"], False, "running", 0, []),
        ("nginx", [], False, "running", 0, None),
        ("redis:7-alpine", [], False, "running", 0, None),
        ("python:3.11-slim", [], False, "exited", 0, []),
        ("node:18-alpine", ["node", "server.js"], False, "exited", 1, None),  # the image has no server.js
    ],
)
def test_modelled_processes(
    image: str, command: list[str], interactive: bool, state: str, code: int, logs: list[str] | None
) -> None:
    """Each catalogue image's main process behaves believably (servers keep running, shells exit without -i)."""
    engine = Engine(seed=1)
    c = engine.create_container(ContainerSpec(image=image, command=command, interactive=interactive, tty=interactive))
    engine.start_container(c)
    assert c.state == state
    assert c.exit_code == code
    if logs is not None:
        assert [line[2] for line in c.logs] == logs


def test_server_startup_logs() -> None:
    """Servers log their real startup lines."""
    engine = Engine(seed=1)
    nginx = _run(engine, image="nginx")
    redis = _run(engine, image="redis:7-alpine")
    pg = _run(engine, image="postgres:15", env=["POSTGRES_PASSWORD=secret"])
    text = {c.name: "\n".join(x[2] for x in c.logs) for c in (nginx, redis, pg)}  # type: ignore[attr-defined]
    assert "/docker-entrypoint.sh: Configuration complete; ready for start up" in text[nginx.name]  # type: ignore
    assert "* Ready to accept connections tcp" in text[redis.name]  # type: ignore[attr-defined]
    assert "database system is ready to accept connections" in text[pg.name]  # type: ignore[attr-defined]


def test_postgres_without_password_exits_1() -> None:
    """postgres with no POSTGRES_PASSWORD on an empty data dir exits 1 with the entrypoint's error."""
    engine = Engine(seed=1)
    c = _run(engine, image="postgres")
    assert c.state == "exited" and c.exit_code == 1  # type: ignore[attr-defined]
    assert "superuser password is not specified" in c.logs[0][2]  # type: ignore[attr-defined]


def test_unknown_command_is_exit_127() -> None:
    """A command not in the image fails at start like runc does (exit 127, container stays Created)."""
    engine = Engine(seed=1)
    c = engine.create_container(ContainerSpec(image="alpine", command=["foo"]))
    with pytest.raises(EngineError) as info:
        engine.start_container(c)
    assert info.value.exit_code == 127
    assert 'exec: "foo": executable file not found in $PATH' in info.value.message
    assert c.state == "created"


def test_sleep_ends_when_time_passes() -> None:
    """sleep N exits 0 once the simulated clock passes N seconds."""
    engine = Engine(seed=1)
    c = _run(engine, image="alpine", command=["sleep", "5"])
    engine.tick(3)
    assert c.state == "running"  # type: ignore[attr-defined]
    engine.tick(3)
    assert c.state == "exited" and c.exit_code == 0  # type: ignore[attr-defined]


def test_stop_exit_codes() -> None:
    """Servers exit 0 on SIGTERM; a PID-1 sleep is killed after the timeout (137)."""
    engine = Engine(seed=1)
    web = _run(engine, image="nginx")
    sleeper = _run(engine, image="alpine", command=["sleep", "1000"])
    engine.stop_container(web)  # type: ignore[arg-type]
    before = engine.now()
    engine.stop_container(sleeper, timeout=30)  # type: ignore[arg-type]
    assert web.exit_code == 0  # type: ignore[attr-defined]
    assert sleeper.exit_code == 137  # type: ignore[attr-defined]
    assert engine.now() - before == 30


def test_auto_remove_on_exit() -> None:
    """--rm containers disappear when their process ends."""
    engine = Engine(seed=1)
    c = engine.create_container(ContainerSpec(image="alpine", command=["echo", "x"], auto_remove=True))
    engine.start_container(c)
    assert c.id not in engine.containers


def test_restart_policy_validation() -> None:
    """Bad restart policies are rejected with dockerd's wording."""
    with pytest.raises(EngineError, match="invalid restart policy: unknown policy 'bogus'"):
        Engine(seed=1).create_container(ContainerSpec(image="nginx", restart=RestartPolicy("bogus")))


def test_env_merges_image_env_and_flags() -> None:
    """-e overrides image ENV with the same key and appends new ones."""
    engine = Engine(seed=1)
    c = engine.create_container(ContainerSpec(image="node:18-alpine", env=["NODE_ENV=production", "PATH=/x"]))
    env = c.env_map()
    assert env["PATH"] == "/x"
    assert env["NODE_ENV"] == "production"
    assert env["NODE_VERSION"] == "18.20.5"


def test_logs_are_capped() -> None:
    """A container's stored log is bounded."""
    from dockersim.engine.state import MAX_LOG_LINES

    engine = Engine(seed=1)
    c = _run(engine, image="nginx")
    for i in range(MAX_LOG_LINES + 50):
        c.log(engine.now(), f"line {i}")  # type: ignore[attr-defined]
    assert len(c.logs) == MAX_LOG_LINES  # type: ignore[attr-defined]
    assert c.logs[-1][2] == f"line {MAX_LOG_LINES + 49}"  # type: ignore[attr-defined]


def test_healthcheck_starting_then_healthy() -> None:
    """A healthcheck reports starting, then healthy after the first interval."""
    engine = Engine(seed=1)
    c = _run(engine, image="nginx", healthcheck={"test": ["CMD", "curl", "-f", "http://localhost"], "interval": 5.0})
    assert c.healthcheck["Status"] == "starting"  # type: ignore[attr-defined]
    engine.tick(10)
    assert c.healthcheck["Status"] == "healthy"  # type: ignore[attr-defined]


def test_periodic_echo_loop_logs_as_time_passes() -> None:
    """``while true; do echo tick; sleep 2; done`` logs one line per interval, bounded per refresh."""
    engine = Engine(seed=1)
    c = _run(engine, image="alpine", command=["sh", "-c", "while true; do echo tick; sleep 2; done"])
    assert [x[2] for x in c.logs] == ["tick"]  # type: ignore[attr-defined]
    engine.tick(7)
    assert [x[2] for x in c.logs] == ["tick"] * 4  # type: ignore[attr-defined]
    engine.tick(1_000_000)
    assert len(c.logs) <= 4 + 200  # type: ignore[attr-defined]


def test_requests_to_nginx_show_in_its_access_log() -> None:
    """curl from another container adds nginx's access-log line with the client's IP."""
    from dockersim.engine import shell

    engine = Engine(seed=1)
    engine.create_network("n1")
    web = _run(engine, image="nginx", name="web1", network="n1")
    client = _run(engine, image="alpine", name="client", network="n1", command=["sleep", "100"])
    shell.run_argv(engine, client, ["wget", "-qO-", "http://web1"])  # type: ignore[arg-type]
    line = web.logs[-1][2]  # type: ignore[attr-defined]
    assert line.startswith(f"{engine.primary_ip(client)} - - [28/Nov/2026:")  # type: ignore[arg-type]
    assert '"GET / HTTP/1.1" 200 615' in line
