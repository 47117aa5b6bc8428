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


#: Sub-second offsets (nanoseconds) for times the simulated clock keeps in whole seconds, per event, so that
#: ``Created < StartedAt < FinishedAt`` holds within one second as it does on a real daemon.
_PHASES = {
    "created": (100_000_000, 390_000_000),
    "started": (500_000_000, 440_000_000),
    "finished": (950_000_000, 49_000_000),
}
#: The paths dockerd masks and makes read-only in an unprivileged container (docker 28 defaults).
MASKED_PATHS = [
    "/proc/asound",
    "/proc/acpi",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
]
READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]


class GoStruct(dict):  # type: ignore[type-arg]
    """A Go struct as ``encoding/json`` writes it: ``omitempty`` fields left out when empty.

    Templates still read a left-out field as Go would read the struct field: its zero value
    (``{{.Config.WorkingDir}}`` prints an empty line, ``{{.HostConfig.Init}}`` prints ``<nil>``).
    """

    def __init__(self, fields: dict[str, Any], zero: dict[str, Any]) -> None:
        super().__init__(fields)
        self.zero = zero

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        """The field, or its zero value when ``omitempty`` left it out."""
        if key in self:
            return self[key]
        return self.zero.get(key, default) if key in self.zero else default


#: Zero values of the omitempty fields of ``container.Config`` / ``HostConfig`` / the OCI image config.
_CONFIG_ZERO: dict[str, Any] = {"ExposedPorts": {}, "Healthcheck": None, "StopSignal": "", "Shell": []}
_HOST_CONFIG_ZERO: dict[str, Any] = {"Annotations": {}, "StorageOpt": {}, "Tmpfs": {}, "Sysctls": {}, "Init": None}
_IMAGE_CONFIG_ZERO: dict[str, Any] = {
    "User": "",
    "ExposedPorts": {},
    "Env": [],
    "Entrypoint": [],
    "Cmd": [],
    "Volumes": {},
    "WorkingDir": "",
    "Labels": {},
    "StopSignal": "",
    "ArgsEscaped": False,
    "Healthcheck": None,
    "OnBuild": [],
    "Shell": [],
}


def stamp(ts: float, seed: str, phase: str = "created") -> str:
    """``go_time`` with nanoseconds: a whole-second simulated time gets a stable sub-second part."""
    if not ts:
        return ZERO_TIME
    if ts == int(ts):
        from dockersim.engine.ids import stable_hex

        base, span = _PHASES.get(phase, _PHASES["created"])
        nanos = base + int(stable_hex(phase, seed)[:8], 16) % span
        return go_time(int(ts)).removesuffix("Z") + f".{nanos:09d}".rstrip("0") + "Z"
    return go_time(ts)


def _sorted(mapping: dict[str, Any] | None) -> dict[str, Any] | None:
    """A Go map as encoding/json writes it: keys sorted (``None`` stays ``null``)."""
    return None if mapping is None else {k: mapping[k] for k in sorted(mapping)}


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
    return _sorted(out) or {}


def _binds(engine: Engine, c: ContainerRecord) -> list[str] | None:
    binds = []
    for m in c.mounts:
        vol = engine.volumes.peek_get(m.get("Name", "")) if m["Type"] == "volume" else None
        if m["Type"] == "bind" or (vol is not None and not vol.anonymous):
            binds.append(f"{m.get('Name') or m['Source']}:{m['Destination']}" + ("" if m["RW"] else ":ro"))
    return binds or None


def _list(value: Any) -> list[Any] | None:
    """A run option that is a list (``--cap-add``…) as the API carries it, ``None`` when not given."""
    if value is None or value == "" or value == []:
        return None
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _ulimits(values: list[Any] | None) -> list[dict[str, Any]]:
    out = []
    for item in values or []:
        name, _, limits = str(item).partition("=")
        soft, _, hard = limits.partition(":")
        out.append({"Name": name, "Hard": _int(hard or soft), "Soft": _int(soft)})
    return out


def _run_options(c: Any) -> dict[str, Any]:
    """The ``docker run`` options the engine kept for a container (a copy; empty when a state lost them)."""
    opts = c.extra.get("opts") if isinstance(c.extra, dict) else None
    return dict(opts) if isinstance(opts, dict) else {}


def _host_config(engine: Engine, c: ContainerRecord) -> dict[str, Any]:
    """``HostConfig`` in the field order of docker 28's ``container.HostConfig`` (``Resources`` inlined)."""
    opts: dict[str, Any] = _run_options(c)
    privileged = bool(opts.get("privileged"))
    log_opts = dict(str(o).partition("=")[::2] for o in opts.get("log-opt") or [])
    hc: dict[str, Any] = {
        "Binds": _binds(engine, c),
        "ContainerIDFile": str(opts.get("cidfile") or ""),
        "LogConfig": {"Type": str(opts.get("log-driver") or "json-file"), "Config": _sorted(log_opts)},
        "NetworkMode": c.network_mode,
        "PortBindings": _port_map(c, runtime=False),
        "RestartPolicy": {
            "Name": c.restart_policy.get("Name", "no"),
            "MaximumRetryCount": c.restart_policy.get("MaximumRetryCount", 0),
        },
        "AutoRemove": c.auto_remove,
        "VolumeDriver": str(opts.get("volume-driver") or ""),
        "VolumesFrom": _list(opts.get("volumes-from")),
        "ConsoleSize": [0, 0],
        "CapAdd": _list(opts.get("cap-add")),
        "CapDrop": _list(opts.get("cap-drop")),
        "CgroupnsMode": str(opts.get("cgroupns") or "private"),
        "Dns": list(opts.get("dns") or []),
        "DnsOptions": list(opts.get("dns-option") or []),
        "DnsSearch": list(opts.get("dns-search") or []),
        "ExtraHosts": _list(opts.get("add-host")),
        "GroupAdd": _list(opts.get("group-add")),
        "IpcMode": str(opts.get("ipc") or "private"),
        "Cgroup": "",
        "Links": _list(opts.get("link")),
        "OomScoreAdj": _int(opts.get("oom-score-adj")),
        "PidMode": str(opts.get("pid") or ""),
        "Privileged": privileged,
        "PublishAllPorts": c.publish_all,
        "ReadonlyRootfs": c.read_only,
        "SecurityOpt": _list(opts.get("security-opt")),
        "UTSMode": str(opts.get("uts") or ""),
        "UsernsMode": str(opts.get("userns") or ""),
        "ShmSize": _int(opts.get("shm-size")) or 67108864,
        "Runtime": str(opts.get("runtime") or "runc"),
        "Isolation": "",
        "CpuShares": _int(opts.get("cpu-shares")),
        "Memory": c.memory,
        "NanoCpus": int(c.cpus * 1e9),
        "CgroupParent": str(opts.get("cgroup-parent") or ""),
        "BlkioWeight": _int(opts.get("blkio-weight")),
        "BlkioWeightDevice": [],
        "BlkioDeviceReadBps": [],
        "BlkioDeviceWriteBps": [],
        "BlkioDeviceReadIOps": [],
        "BlkioDeviceWriteIOps": [],
        "CpuPeriod": _int(opts.get("cpu-period")),
        "CpuQuota": _int(opts.get("cpu-quota")),
        "CpuRealtimePeriod": 0,
        "CpuRealtimeRuntime": 0,
        "CpusetCpus": str(opts.get("cpuset-cpus") or ""),
        "CpusetMems": str(opts.get("cpuset-mems") or ""),
        "Devices": [],
        "DeviceCgroupRules": None,
        "DeviceRequests": None,
        "MemoryReservation": _int(opts.get("memory-reservation")),
        "MemorySwap": _int(opts.get("memory-swap")) or (c.memory * 2 if c.memory else 0),
        "MemorySwappiness": None,
        "OomKillDisable": True if opts.get("oom-kill-disable") else None,
        "PidsLimit": _int(opts.get("pids-limit")) or None,
        "Ulimits": _ulimits(opts.get("ulimit")),
        "CpuCount": 0,
        "CpuPercent": 0,
        "IOMaximumIOps": 0,
        "IOMaximumBandwidth": 0,
        "MaskedPaths": None if privileged else list(MASKED_PATHS),
        "ReadonlyPaths": None if privileged else list(READONLY_PATHS),
    }
    if opts.get("init"):
        hc["Init"] = True
    return GoStruct(hc, _HOST_CONFIG_ZERO)


def _config(c: ContainerRecord, engine: Engine) -> dict[str, Any]:
    """``Config`` in the field order of ``container.Config`` (omitempty fields left out when empty)."""
    attach = bool(c.extra.get("attach", True))
    config: dict[str, Any] = {
        "Hostname": c.hostname,
        "Domainname": str(_run_options(c).get("domainname") or ""),
        "User": c.user,
        "AttachStdin": c.interactive and attach,
        "AttachStdout": attach,
        "AttachStderr": attach,
    }
    if c.exposed_ports:
        config["ExposedPorts"] = {p: {} for p in sorted(c.exposed_ports)}
    config |= {
        "Tty": c.tty,
        "OpenStdin": c.interactive,
        "StdinOnce": c.interactive and attach,
        "Env": c.env,
        "Cmd": c.cmd,
    }
    if c.healthcheck is not None:
        config["Healthcheck"] = {"Test": c.healthcheck.get("Test")}
    volumes = {m["Destination"]: {} for m in c.mounts if m["Type"] == "volume"}
    image = engine.images.peek_get(c.image_id)
    for path in image.config.volumes if image else []:
        volumes.setdefault(path, {})
    config |= {
        "Image": c.image,
        "Volumes": _sorted(volumes) or None,
        "WorkingDir": c.workdir,
        "Entrypoint": c.entrypoint,
        "OnBuild": None,
        "Labels": _sorted(c.labels) or {},
    }
    stop_signal = str(_run_options(c).get("stop-signal") or (image.config.stop_signal if image else ""))
    if stop_signal:
        config["StopSignal"] = stop_signal
    return GoStruct(config, _CONFIG_ZERO)


def container_json(engine: Engine, c: ContainerRecord, size: bool = False) -> dict[str, Any]:
    """One element of ``docker container inspect`` (``container.InspectResponse`` field order)."""
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
        "StartedAt": stamp(c.started_at, c.id, "started"),
        "FinishedAt": stamp(c.finished_at, c.id, "finished"),
    }
    if c.healthcheck is not None:
        state["Health"] = {
            "Status": c.healthcheck.get("Status") or "starting",
            "FailingStreak": c.healthcheck.get("FailingStreak", 0),
            "Log": [],
        }
    networks: dict[str, Any] = {}
    for name in sorted(c.networks):
        ep = c.networks[name]
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
    image = engine.images.peek_get(c.image_id)
    from dockersim.engine.ids import stable_hex

    layers = [layer for layer in (image.layers if image else []) if not layer.empty_layer]
    lower = ":".join(
        f"/var/lib/docker/overlay2/{stable_hex('layerdir', layer.digest or layer.created_by)}/diff"
        for layer in reversed(layers)
    )
    data: dict[str, Any] = {
        "Id": c.id,
        "Created": stamp(c.created, c.id, "created"),
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
        "HostConfig": _host_config(engine, c),
        "GraphDriver": {
            "Data": {
                "ID": c.id,
                "LowerDir": f"/var/lib/docker/overlay2/{c.id}-init/diff" + (f":{lower}" if lower else ""),
                "MergedDir": f"/var/lib/docker/overlay2/{c.id}/merged",
                "UpperDir": f"/var/lib/docker/overlay2/{c.id}/diff",
                "WorkDir": f"/var/lib/docker/overlay2/{c.id}/work",
            },
            "Name": "overlay2",
        },
    }
    if size:
        data["SizeRw"] = engine.container_size(c)
        data["SizeRootFs"] = (image.size if image else 0) + engine.container_size(c)
    data["Mounts"] = [
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
    ]
    data["Config"] = _config(c, engine)
    data["NetworkSettings"] = {
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
    }
    return data


def _healthcheck_config(health: dict[str, Any]) -> dict[str, Any]:
    """An image's Healthcheck (Go durations in nanoseconds; zero fields left out)."""
    out: dict[str, Any] = {}
    for key in ("Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"):
        if health.get(key):
            out[key] = health[key]
    return out


def image_json(img: ImageRecord) -> dict[str, Any]:
    """One element of ``docker image inspect`` (docker 28: the OCI image config, empty fields left out)."""
    cfg = img.config
    config: dict[str, Any] = {}
    if cfg.user:
        config["User"] = cfg.user
    if cfg.exposed_ports:
        config["ExposedPorts"] = {p: {} for p in sorted(cfg.exposed_ports)}
    if cfg.env:
        config["Env"] = list(cfg.env)
    if cfg.entrypoint:
        config["Entrypoint"] = list(cfg.entrypoint)
    if cfg.cmd:
        config["Cmd"] = list(cfg.cmd)
    if cfg.volumes:
        config["Volumes"] = {v: {} for v in sorted(cfg.volumes)}
    if cfg.workdir:
        config["WorkingDir"] = cfg.workdir
    if cfg.labels:
        config["Labels"] = _sorted(cfg.labels)
    if cfg.stop_signal:
        config["StopSignal"] = cfg.stop_signal
    if cfg.healthcheck:
        config["Healthcheck"] = _healthcheck_config(cfg.healthcheck)
    if cfg.onbuild:
        config["OnBuild"] = list(cfg.onbuild)
    if cfg.shell:
        config["Shell"] = list(cfg.shell)
    layers = [layer for layer in img.layers if not layer.empty_layer]
    from dockersim.engine.ids import stable_hex

    return {
        "Id": img.id,
        "RepoTags": img.repo_tags,
        "RepoDigests": img.repo_digests,
        "Parent": "",
        "Comment": "buildkit.dockerfile.v0" if img.built_locally else "",
        "Created": stamp(img.created, img.id, "created"),
        "DockerVersion": "",
        "Author": "",
        "Config": GoStruct(config, _IMAGE_CONFIG_ZERO),
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
        "Metadata": {"LastTagTime": ZERO_TIME if not img.built_locally else stamp(img.created, img.id, "started")},
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
    for c in engine.network_containers(net, peek=True):
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
