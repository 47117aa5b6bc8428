"""``docker inspect`` JSON in the engine's shape: field names and order as dockerd returns them."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.model import ImageRecord
    from dockersim.engine.state import ContainerRecord, NetworkRecord, VolumeRecord

ZERO_TIME = "0001-01-01T00:00:00Z"


def go_time(ts: float) -> str:
    """RFC 3339 with nanoseconds, trailing zeros trimmed (Go's ``time.RFC3339Nano``)."""
    if not ts:
        return ZERO_TIME
    whole = int(ts)
    frac = f"{ts - whole:.9f}"[2:].rstrip("0")
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + (f".{frac}" if frac else "") + "Z"


def dumps(items: list[Any]) -> str:
    """docker's indentation: 4 spaces, ``[]`` for an empty list, HTML characters left alone."""
    if not items:
        return "[]"
    return json.dumps(items, indent=4, ensure_ascii=False)


def _status(c: ContainerRecord) -> str:
    return {"removing": "removing"}.get(c.state, c.state)


def _port_map(c: ContainerRecord, runtime: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for b in c.ports:
        key = f"{b['container_port']}/{b['protocol']}"
        port = b.get("allocated") if runtime else b.get("host_port", "")
        if runtime and not port:
            continue
        ips = [b["host_ip"]] if b["host_ip"] else (["0.0.0.0", "::"] if runtime else [""])
        out.setdefault(key, []).extend({"HostIp": ip, "HostPort": str(port or "")} for ip in ips)
    if runtime:
        for key in c.exposed_ports:
            out.setdefault(key, None)
    return out


def _binds(engine: Engine, c: ContainerRecord) -> list[str] | None:
    binds = []
    for m in c.mounts:
        vol = engine.volumes.get(m.get("Name", "")) if m["Type"] == "volume" else None
        if m["Type"] == "bind" or (vol is not None and not vol.anonymous):
            binds.append(f"{m.get('Name') or m['Source']}:{m['Destination']}" + ("" if m["RW"] else ":ro"))
    return binds or None


def container_json(engine: Engine, c: ContainerRecord, size: bool = False) -> dict[str, Any]:
    """One element of ``docker container inspect``."""
    health = None
    if c.healthcheck is not None:
        health = {
            "Status": c.healthcheck.get("Status") or "starting",
            "FailingStreak": c.healthcheck.get("FailingStreak", 0),
            "Log": [],
        }
    state: dict[str, Any] = {
        "Status": _status(c),
        "Running": c.state in ("running", "paused", "restarting"),
        "Paused": c.state == "paused",
        "Restarting": c.state == "restarting",
        "OOMKilled": False,
        "Dead": c.state == "dead",
        "Pid": c.pid,
        "ExitCode": c.exit_code,
        "Error": c.start_error,
        "StartedAt": go_time(c.started_at),
        "FinishedAt": go_time(c.finished_at),
    }
    if health is not None:
        state["Health"] = health
    networks: dict[str, Any] = {}
    for name, ep in c.networks.items():
        networks[name] = {
            "IPAMConfig": None,
            "Links": None,
            "Aliases": ep.get("Aliases") or None,
            "MacAddress": ep.get("MacAddress", ""),
            "DriverOpts": None,
            "GwPriority": 0,
            "NetworkID": ep.get("NetworkID", ""),
            "EndpointID": ep.get("EndpointID", ""),
            "Gateway": ep.get("Gateway", ""),
            "IPAddress": ep.get("IPAddress", ""),
            "IPPrefixLen": ep.get("IPPrefixLen", 0),
            "IPv6Gateway": "",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "DNSNames": ep.get("DNSNames"),
        }
    bridge = c.networks.get("bridge", {})
    data: dict[str, Any] = {
        "Id": c.id,
        "Created": go_time(c.created),
        "Path": c.path,
        "Args": c.args,
        "State": state,
        "Image": c.image_id,
        "ResolvConfPath": f"/var/lib/docker/containers/{c.id}/resolv.conf",
        "HostnamePath": f"/var/lib/docker/containers/{c.id}/hostname",
        "HostsPath": f"/var/lib/docker/containers/{c.id}/hosts",
        "LogPath": f"/var/lib/docker/containers/{c.id}/{c.id}-json.log",
        "Name": "/" + c.name,
        "RestartCount": c.restart_count,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "",
        "ExecIDs": None,
        "HostConfig": {
            "Binds": _binds(engine, c),
            "ContainerIDFile": "",
            "LogConfig": {"Type": "json-file", "Config": {}},
            "NetworkMode": c.network_mode,
            "PortBindings": _port_map(c, runtime=False),
            "RestartPolicy": c.restart_policy,
            "AutoRemove": c.auto_remove,
            "VolumeDriver": "",
            "VolumesFrom": None,
            "ConsoleSize": [0, 0],
            "CapAdd": None,
            "CapDrop": None,
            "CgroupnsMode": "private",
            "Dns": [],
            "DnsOptions": [],
            "DnsSearch": [],
            "ExtraHosts": None,
            "GroupAdd": None,
            "IpcMode": "private",
            "Cgroup": "",
            "Links": None,
            "OomScoreAdj": 0,
            "PidMode": "",
            "Privileged": False,
            "PublishAllPorts": c.publish_all,
            "ReadonlyRootfs": c.read_only,
            "SecurityOpt": None,
            "UTSMode": "",
            "UsernsMode": "",
            "ShmSize": 67108864,
            "Runtime": "runc",
            "Isolation": "",
            "CpuShares": 0,
            "Memory": c.memory,
            "NanoCpus": int(c.cpus * 1e9),
            "CgroupParent": "",
            "MemoryReservation": 0,
            "MemorySwap": c.memory * 2 if c.memory else 0,
            "PidsLimit": None,
            "Ulimits": [],
            "Init": None,
        },
        "GraphDriver": {
            "Data": {
                "LowerDir": f"/var/lib/docker/overlay2/{c.id}-init/diff",
                "MergedDir": f"/var/lib/docker/overlay2/{c.id}/merged",
                "UpperDir": f"/var/lib/docker/overlay2/{c.id}/diff",
                "WorkDir": f"/var/lib/docker/overlay2/{c.id}/work",
            },
            "Name": "overlay2",
        },
        "Mounts": [
            {
                k: v
                for k, v in (
                    ("Type", m["Type"]),
                    ("Name", m.get("Name")),
                    ("Source", m["Source"]),
                    ("Destination", m["Destination"]),
                    ("Driver", m.get("Driver")),
                    ("Mode", m["Mode"]),
                    ("RW", m["RW"]),
                    ("Propagation", m["Propagation"]),
                )
                if v is not None
            }
            for m in c.mounts
        ],
        "Config": {
            "Hostname": c.hostname,
            "Domainname": "",
            "User": c.user,
            "AttachStdin": c.interactive,
            "AttachStdout": True,
            "AttachStderr": True,
            "ExposedPorts": {p: {} for p in c.exposed_ports} or None,
            "Tty": c.tty,
            "OpenStdin": c.interactive,
            "StdinOnce": c.interactive,
            "Env": c.env,
            "Cmd": c.cmd,
            "Image": c.image,
            "Volumes": {m["Destination"]: {} for m in c.mounts if m["Type"] == "volume"} or None,
            "WorkingDir": c.workdir,
            "Entrypoint": c.entrypoint,
            "OnBuild": None,
            "Labels": c.labels,
        },
        "NetworkSettings": {
            "Bridge": "",
            "SandboxID": c.id[::-1] if c.running else "",
            "SandboxKey": f"/var/run/docker/netns/{c.id[:12]}" if c.running else "",
            "Ports": _port_map(c, runtime=True) if c.running else {},
            "HairpinMode": False,
            "LinkLocalIPv6Address": "",
            "LinkLocalIPv6PrefixLen": 0,
            "SecondaryIPAddresses": None,
            "SecondaryIPv6Addresses": None,
            "EndpointID": bridge.get("EndpointID", ""),
            "Gateway": bridge.get("Gateway", ""),
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "IPAddress": bridge.get("IPAddress", ""),
            "IPPrefixLen": bridge.get("IPPrefixLen", 0),
            "IPv6Gateway": "",
            "MacAddress": bridge.get("MacAddress", ""),
            "Networks": networks,
        },
    }
    if c.healthcheck is not None:
        data["Config"]["Healthcheck"] = {"Test": c.healthcheck.get("Test")}
    if size:
        img = engine.images.get(c.image_id)
        data["SizeRw"] = engine.container_size(c)
        data["SizeRootFs"] = (img.size if img else 0) + engine.container_size(c)
    return data


def image_json(img: ImageRecord) -> dict[str, Any]:
    """One element of ``docker image inspect``."""
    cfg = img.config
    config: dict[str, Any] = {
        "User": cfg.user,
        "Env": cfg.env,
        "Cmd": cfg.cmd,
        "WorkingDir": cfg.workdir,
        "Entrypoint": cfg.entrypoint,
        "Labels": cfg.labels or None,
    }
    if cfg.exposed_ports:
        config = {"User": cfg.user, "ExposedPorts": {p: {} for p in cfg.exposed_ports}, **config}
    if cfg.volumes:
        config["Volumes"] = {v: {} for v in cfg.volumes}
    if cfg.stop_signal:
        config["StopSignal"] = cfg.stop_signal
    if cfg.healthcheck:
        config["Healthcheck"] = cfg.healthcheck
    if cfg.onbuild:
        config["OnBuild"] = cfg.onbuild
    layers = [layer for layer in img.layers if not layer.empty_layer]
    from dockersim.engine.ids import stable_hex

    return {
        "Id": img.id,
        "RepoTags": img.repo_tags,
        "RepoDigests": img.repo_digests,
        "Parent": "",
        "Comment": "buildkit.dockerfile.v0" if img.built_locally else "",
        "Created": go_time(img.created),
        "DockerVersion": "",
        "Author": "",
        "Config": config,
        "Architecture": img.architecture,
        "Os": img.os,
        "Size": img.size,
        "GraphDriver": {
            "Data": {
                "MergedDir": f"/var/lib/docker/overlay2/{img.id[7:33]}/merged",
                "UpperDir": f"/var/lib/docker/overlay2/{img.id[7:33]}/diff",
                "WorkDir": f"/var/lib/docker/overlay2/{img.id[7:33]}/work",
            },
            "Name": "overlay2",
        },
        "RootFS": {
            "Type": "layers",
            "Layers": [f"sha256:{stable_hex('diffid', layer.digest or layer.created_by)}" for layer in layers],
        },
        "Metadata": {"LastTagTime": ZERO_TIME if not img.built_locally else go_time(img.created)},
    }


def volume_json(engine: Engine, vol: VolumeRecord) -> dict[str, Any]:
    """One element of ``docker volume inspect``."""
    return {
        "CreatedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(vol.created)),
        "Driver": vol.driver,
        "Labels": vol.labels or None,
        "Mountpoint": vol.mountpoint,
        "Name": vol.name,
        "Options": vol.options or None,
        "Scope": "local",
    }


def network_json(engine: Engine, net: NetworkRecord) -> dict[str, Any]:
    """One element of ``docker network inspect``."""
    containers: dict[str, Any] = {}
    for c in engine.network_containers(net):
        ep = c.networks[net.name]
        if not c.running or (net.name in ("host", "none") and not c.running):
            continue
        containers[c.id] = {
            "Name": c.name,
            "EndpointID": ep.get("EndpointID", ""),
            "MacAddress": ep.get("MacAddress", ""),
            "IPv4Address": f"{ep['IPAddress']}/{ep.get('IPPrefixLen', 16)}" if ep.get("IPAddress") else "",
            "IPv6Address": "",
        }
    return {
        "Name": net.name,
        "Id": net.id,
        "Created": go_time(net.created),
        "Scope": "local",
        "Driver": net.driver,
        "EnableIPv4": True,
        "EnableIPv6": net.ipv6,
        "IPAM": {
            "Driver": "default",
            "Options": None if net.builtin else {},
            "Config": [{"Subnet": net.subnet, "Gateway": net.gateway}] if net.subnet else [],
        },
        "Internal": net.internal,
        "Attachable": net.attachable,
        "Ingress": False,
        "ConfigFrom": {"Network": ""},
        "ConfigOnly": False,
        "Containers": containers,
        "Options": net.options,
        "Labels": net.labels,
    }
