"""Inspect JSON: docker's indentation, time format and key order."""

from __future__ import annotations

import json

from dockersim.engine import Engine
from dockersim.formatting.inspect import container_json, dumps, go_time, image_json, network_json, volume_json
from dockersim.runspec import ContainerSpec, PortBinding


def test_go_time() -> None:
    """Times are RFC 3339 with trailing zero nanoseconds trimmed; zero time is Go's zero value."""
    assert go_time(1_795_856_400.0) == "2026-11-28T09:00:00Z"
    assert go_time(1_795_856_400.25) == "2026-11-28T09:00:00.25Z"
    assert go_time(0) == "0001-01-01T00:00:00Z"


def test_dumps_uses_four_spaces_and_empty_brackets() -> None:
    """docker prints ``[]`` for no results and indents by four spaces."""
    assert dumps([]) == "[]"
    assert dumps([{"a": 1}]) == '[\n    {\n        "a": 1\n    }\n]'


def test_container_json_key_order_and_state() -> None:
    """Top-level keys follow dockerd's order; State and ports reflect the running container."""
    engine = Engine(seed=3)
    c = engine.create_container(ContainerSpec(image="nginx", name="web", ports=[PortBinding(80, host_port="8080")]))
    engine.start_container(c)
    data = container_json(engine, c)
    assert list(data)[:8] == ["Id", "Created", "Path", "Args", "State", "Image", "ResolvConfPath", "HostnamePath"]
    assert data["Name"] == "/web"
    assert data["State"]["Status"] == "running"
    assert data["NetworkSettings"]["Ports"]["80/tcp"] == [
        {"HostIp": "0.0.0.0", "HostPort": "8080"},
        {"HostIp": "::", "HostPort": "8080"},
    ]
    assert data["NetworkSettings"]["IPAddress"] == "172.17.0.2"
    assert data["Config"]["Cmd"] == ["nginx", "-g", "daemon off;"]
    json.dumps(data)


def test_image_volume_network_json_shapes() -> None:
    """Images, volumes and networks carry the fields scripts grep for."""
    engine = Engine(seed=3)
    img = engine.pull_image("redis:7-alpine")
    data = image_json(img)
    assert data["RepoTags"] == ["redis:7-alpine"]
    assert data["Config"]["ExposedPorts"] == {"6379/tcp": {}}
    assert data["Config"]["Volumes"] == {"/data": {}}
    vol = volume_json(engine, engine.create_volume("my-data"))
    assert list(vol) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]
    assert vol["Mountpoint"] == "/var/lib/docker/volumes/my-data/_data"
    net = network_json(engine, engine.create_network("my-network"))
    assert net["IPAM"]["Config"] == [{"Subnet": "172.18.0.0/16", "Gateway": "172.18.0.1"}]
