"""Inspect JSON: docker's indentation, time format and key order."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from dockersim.engine import Engine
from dockersim.formatting.inspect import container_json, dumps, go_time, image_json, network_json, stamp, volume_json
from dockersim.runspec import ContainerSpec, PortBinding
from dockersim.session import Session


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


HOST_CONFIG_KEYS = [
    "Binds",
    "ContainerIDFile",
    "LogConfig",
    "NetworkMode",
    "PortBindings",
    "RestartPolicy",
    "AutoRemove",
    "VolumeDriver",
    "VolumesFrom",
    "ConsoleSize",
    "CapAdd",
    "CapDrop",
    "CgroupnsMode",
    "Dns",
    "DnsOptions",
    "DnsSearch",
    "ExtraHosts",
    "GroupAdd",
    "IpcMode",
    "Cgroup",
    "Links",
    "OomScoreAdj",
    "PidMode",
    "Privileged",
    "PublishAllPorts",
    "ReadonlyRootfs",
    "SecurityOpt",
    "UTSMode",
    "UsernsMode",
    "ShmSize",
    "Runtime",
    "Isolation",
    "CpuShares",
    "Memory",
    "NanoCpus",
    "CgroupParent",
    "BlkioWeight",
    "BlkioWeightDevice",
    "BlkioDeviceReadBps",
    "BlkioDeviceWriteBps",
    "BlkioDeviceReadIOps",
    "BlkioDeviceWriteIOps",
    "CpuPeriod",
    "CpuQuota",
    "CpuRealtimePeriod",
    "CpuRealtimeRuntime",
    "CpusetCpus",
    "CpusetMems",
    "Devices",
    "DeviceCgroupRules",
    "DeviceRequests",
    "MemoryReservation",
    "MemorySwap",
    "MemorySwappiness",
    "OomKillDisable",
    "PidsLimit",
    "Ulimits",
    "CpuCount",
    "CpuPercent",
    "IOMaximumIOps",
    "IOMaximumBandwidth",
    "MaskedPaths",
    "ReadonlyPaths",
]
TOP_KEYS = [
    "Id",
    "Created",
    "Path",
    "Args",
    "State",
    "Image",
    "ResolvConfPath",
    "HostnamePath",
    "HostsPath",
    "LogPath",
    "Name",
    "RestartCount",
    "Driver",
    "Platform",
    "MountLabel",
    "ProcessLabel",
    "AppArmorProfile",
    "ExecIDs",
    "HostConfig",
    "GraphDriver",
    "Mounts",
    "Config",
    "NetworkSettings",
]


def _session_inspect(*run: str) -> tuple[Session, dict[str, Any]]:
    session = Session(seed=5)
    result = session.run(list(run))
    assert result.exit_code == 0, result.stderr
    return session, json.loads(session.run(["inspect", "web"]).stdout)[0]


def test_container_inspect_has_every_docker28_field_in_order() -> None:
    """Top level, HostConfig (Resources inlined, no ``Init`` unless asked) and Config follow docker 28's structs."""
    _, data = _session_inspect("run", "-d", "--name", "web", "--label", "z=1", "--label", "a=2", "nginx")
    assert list(data) == TOP_KEYS
    assert list(data["HostConfig"]) == HOST_CONFIG_KEYS
    assert list(data["HostConfig"]["RestartPolicy"]) == ["Name", "MaximumRetryCount"]
    assert list(data["Config"]) == [
        "Hostname",
        "Domainname",
        "User",
        "AttachStdin",
        "AttachStdout",
        "AttachStderr",
        "ExposedPorts",
        "Tty",
        "OpenStdin",
        "StdinOnce",
        "Env",
        "Cmd",
        "Image",
        "Volumes",
        "WorkingDir",
        "Entrypoint",
        "OnBuild",
        "Labels",
        "StopSignal",
    ]
    assert list(data["Config"]["Labels"]) == sorted(data["Config"]["Labels"]), "a Go map is written with sorted keys"
    assert data["Config"]["StopSignal"] == "SIGQUIT"
    assert data["HostConfig"]["MaskedPaths"][0] == "/proc/asound"


def test_attach_flags_follow_detach() -> None:
    """``run -d`` attaches nothing; ``create`` and a foreground run attach stdout and stderr."""
    _, detached = _session_inspect("run", "-d", "--name", "web", "alpine", "sleep", "60")
    assert [detached["Config"][k] for k in ("AttachStdin", "AttachStdout", "AttachStderr")] == [False, False, False]
    _, created = _session_inspect("create", "--name", "web", "alpine")
    assert [created["Config"][k] for k in ("AttachStdin", "AttachStdout", "AttachStderr")] == [False, True, True]


def test_run_options_reach_host_config() -> None:
    """--privileged, --init, --cap-add, --dns, --shm-size, --pids-limit and --ulimit show as dockerd stores them."""
    _, data = _session_inspect(
        "run", "-d", "--name", "web", "--privileged", "--init", "--cap-add", "NET_ADMIN", "--dns", "8.8.8.8",
        "--shm-size", "128m", "--pids-limit", "100", "--ulimit", "nofile=1024:2048", "alpine", "sleep", "60",
    )  # fmt: skip
    hc = data["HostConfig"]
    assert (hc["Privileged"], hc["Init"], hc["CapAdd"], hc["Dns"]) == (True, True, ["NET_ADMIN"], ["8.8.8.8"])
    assert (hc["ShmSize"], hc["PidsLimit"], hc["MaskedPaths"], hc["ReadonlyPaths"]) == (134217728, 100, None, None)
    assert hc["Ulimits"] == [{"Name": "nofile", "Hard": 2048, "Soft": 1024}]
    assert list(hc)[-1] == "Init"


def test_timestamps_have_nanoseconds_in_order() -> None:
    """Created and StartedAt carry sub-second parts (RFC 3339 nano) and stay ordered within one second."""
    _, data = _session_inspect("run", "-d", "--name", "web", "alpine", "sleep", "60")
    created, started = data["Created"], data["State"]["StartedAt"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}Z", created)
    assert created < started or created[:19] < started[:19]
    assert stamp(1_795_856_400.25, "x") == "2026-11-28T09:00:00.25Z"


def test_inspect_survives_a_state_round_trip(tmp_path: Path) -> None:
    """Container and image JSON are the same, byte for byte, after the session state is saved and loaded."""
    session, _ = _session_inspect(
        "run", "-d", "--name", "web", "-p", "8080:80", "--label", "z=1", "--label", "a=2", "nginx"
    )
    before = session.run(["inspect", "web", "nginx"]).stdout
    session.save(tmp_path / "state.json")
    after = Session.load(tmp_path / "state.json").run(["inspect", "web", "nginx"]).stdout
    assert before == after


def test_image_config_is_the_oci_config() -> None:
    """docker 28 prints the image's OCI config: empty fields left out, Entrypoint before Cmd, labels sorted."""
    img = Engine(seed=3).pull_image("nginx")
    config = image_json(img)["Config"]
    assert "User" not in config and "WorkingDir" not in config
    keys = list(config)
    assert keys.index("Entrypoint") < keys.index("Cmd") < keys.index("Labels") < keys.index("StopSignal")
    assert re.fullmatch(r".*\.\d{1,9}Z", image_json(img)["Created"])


def test_templates_read_left_out_fields_as_zero_values() -> None:
    """An omitempty field absent from the JSON still reads as Go's zero value in ``-f`` templates."""
    session, _ = _session_inspect("run", "-d", "--name", "web", "alpine", "sleep", "60")
    for template, expected in [
        ("{{.Config.ExposedPorts}}", "map[]"),
        ("{{.HostConfig.Init}}", "<nil>"),
        ("{{.Config.StopSignal}}", ""),
        ("{{json .HostConfig.RestartPolicy}}", '{"Name":"no","MaximumRetryCount":0}'),
    ]:
        assert session.run(["inspect", "-f", template, "web"]).stdout == expected + "\n", template
    assert session.run(["image", "inspect", "-f", "{{.Config.WorkingDir}}|{{json .Config.Cmd}}", "alpine"]).stdout == (
        '|["/bin/sh"]\n'
    )
