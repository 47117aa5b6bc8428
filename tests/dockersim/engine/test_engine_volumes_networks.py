"""Volumes and networks: lifecycle errors, anonymous volumes, IPAM and embedded DNS."""

from __future__ import annotations

import pytest
from dockersim.context import EngineError
from dockersim.engine import Engine, shell
from dockersim.runspec import ContainerSpec, MountSpec


def test_image_volumes_become_anonymous_volumes_and_rm_v_removes_them() -> None:
    """postgres's VOLUME gets an anonymous 64-hex volume; rm -v deletes it, rm alone keeps it."""
    engine = Engine(seed=1)
    c = engine.create_container(ContainerSpec(image="postgres:15", env=["POSTGRES_PASSWORD=x"]))
    anon = [m["Name"] for m in c.mounts]
    assert len(anon) == 1 and len(anon[0]) == 64
    engine.remove_container(c.id, volumes=True)
    assert anon[0] not in engine.volumes
    c2 = engine.create_container(ContainerSpec(image="redis"))
    engine.remove_container(c2.id)
    assert len(engine.volumes) == 1


def test_volume_in_use_and_missing() -> None:
    """Removing a mounted volume lists the users; a missing volume says no such volume."""
    engine = Engine(seed=1)
    c = engine.create_container(ContainerSpec(image="alpine", mounts=[MountSpec("volume", "/data", "my-data")]))
    with pytest.raises(EngineError) as info:
        engine.remove_volume("my-data")
    assert info.value.message == f"remove my-data: volume is in use - [{c.id}]"
    with pytest.raises(EngineError, match="get nope: no such volume"):
        engine.remove_volume("nope")


def test_volume_data_survives_containers() -> None:
    """A file written through one container is read by the next container mounting the volume."""
    engine = Engine(seed=1)
    spec = ContainerSpec(image="alpine", command=["sleep", "1000"], mounts=[MountSpec("volume", "/data", "v1")])
    a = engine.create_container(spec)
    engine.start_container(a)
    assert shell.run_script(engine, a, "echo hello > /data/f").exit_code == 0
    engine.remove_container(a.id, force=True)
    b = engine.create_container(
        ContainerSpec(image="alpine", command=["cat", "/data/f"], mounts=[MountSpec("volume", "/data", "v1")])
    )
    engine.start_container(b)
    assert [x[2] for x in b.logs] == ["hello"]


def test_network_errors() -> None:
    """Duplicate names, predefined networks and active endpoints fail with libnetwork's texts."""
    engine = Engine(seed=1)
    engine.create_network("mynet")
    with pytest.raises(EngineError, match="network with name mynet already exists"):
        engine.create_network("mynet")
    with pytest.raises(EngineError, match="bridge is a pre-defined network and cannot be removed"):
        engine.remove_network("bridge")
    c = engine.create_container(ContainerSpec(image="nginx", name="web", network="mynet"))
    engine.start_container(c)
    with pytest.raises(EngineError) as info:
        engine.remove_network("mynet")
    assert info.value.message == (
        f'error while removing network: network mynet has active endpoints (name:"web" id:"{c.short_id}")'
    )
    with pytest.raises(EngineError, match="endpoint with name web already exists in network mynet"):
        engine.connect_network("mynet", "web")
    with pytest.raises(EngineError, match="network nope not found"):
        engine.find_network("nope")


def test_ip_allocation_and_subnets() -> None:
    """Default bridge hands out 172.17.0.x; user networks get the next /16; IPs free on stop."""
    engine = Engine(seed=1)
    net = engine.create_network("n1")
    assert net.subnet == "172.18.0.0/16"
    assert engine.create_network("n2", subnet="10.5.0.0/24").gateway == "10.5.0.1"
    a = engine.create_container(ContainerSpec(image="nginx"))
    b = engine.create_container(ContainerSpec(image="nginx"))
    engine.start_container(a)
    engine.start_container(b)
    assert engine.primary_ip(a) == "172.17.0.2"
    assert engine.primary_ip(b) == "172.17.0.3"
    engine.stop_container(a)
    assert engine.primary_ip(a) == ""


def test_dns_only_on_user_defined_networks() -> None:
    """Names resolve on a user-defined network but not on the default bridge (the notes' lesson)."""
    engine = Engine(seed=1)
    engine.create_network("my-network")
    w1 = engine.create_container(ContainerSpec(image="nginx:alpine", name="web1", network="my-network"))
    w2 = engine.create_container(ContainerSpec(image="nginx:alpine", name="web2", network="my-network"))
    d1 = engine.create_container(ContainerSpec(image="nginx:alpine", name="d1"))
    d2 = engine.create_container(ContainerSpec(image="nginx:alpine", name="d2"))
    for c in (w1, w2, d1, d2):
        engine.start_container(c)
    assert engine.resolve_host(w1, "web2")[0] == engine.primary_ip(w2)
    assert engine.resolve_host(d1, "d2") == ("", None)
    ok = shell.run_argv(engine, w1, ["ping", "-c", "1", "web2"])
    assert ok.exit_code == 0 and f"PING web2 ({engine.primary_ip(w2)})" in ok.stdout
    bad = shell.run_argv(engine, d1, ["ping", "web2"])
    assert bad.exit_code == 1 and bad.stderr == "ping: bad address 'web2'\n"
    by_ip = shell.run_argv(engine, d1, ["ping", "-c", "1", engine.primary_ip(d2)])
    assert by_ip.exit_code == 0
