"""``docker system prune``, ``docker info``, ``docker version`` and the top-level ``docker inspect``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dockersim.commands._common import emit_inspect, opt, prune_confirmed, render_one, write_deleted, write_reclaimed
from dockersim.commands.container import prune_containers
from dockersim.commands.image import prune_images
from dockersim.commands.network import prune_networks
from dockersim.commands.volume import prune_volumes
from dockersim.context import CommandContext, SimulatorError
from dockersim.formatting.inspect import container_json, image_json, network_json, volume_json

CLIENT = {
    "Version": "28.2.2", "ApiVersion": "1.50", "DefaultAPIVersion": "1.50", "GitCommit": "e6534b4",
    "GoVersion": "go1.24.3", "Os": "linux", "Arch": "amd64", "BuildTime": "Fri May 30 12:07:26 2025",
    "Context": "default",
}  # fmt: skip
SERVER = {
    "Platform": {"Name": "Docker Engine - Community (simulated by dockersim)"}, "Version": "28.2.2",
    "ApiVersion": "1.50", "MinAPIVersion": "1.24", "GitCommit": "45873be", "GoVersion": "go1.24.3", "Os": "linux",
    "Arch": "amd64", "KernelVersion": "6.10.14-linuxkit", "BuildTime": "2025-05-30T12:07:26.000000000+00:00",
}  # fmt: skip


def run_version(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker version``: client 28.2.2 and a simulated server."""
    fmt = opt(opts, "format", "") or ""
    if fmt:
        render_one(ctx, fmt, {"Client": CLIENT, "Server": SERVER})
        return 0
    ctx.out.write(
        "Client:\n"
        " Version:           28.2.2\n"
        " API version:       1.50\n"
        " Go version:        go1.24.3\n"
        " Git commit:        e6534b4\n"
        " Built:             Fri May 30 12:07:26 2025\n"
        " OS/Arch:           linux/amd64\n"
        " Context:           default\n"
        "\n"
        "Server: Docker Engine - Community (simulated by dockersim)\n"
        " Engine:\n"
        "  Version:          28.2.2\n"
        "  API version:      1.50 (minimum version 1.24)\n"
        "  Go version:       go1.24.3\n"
        "  Git commit:       45873be\n"
        "  Built:            Fri May 30 12:07:26 2025\n"
        "  OS/Arch:          linux/amd64\n"
        "  Experimental:     false\n"
        " containerd:\n"
        "  Version:          1.7.27\n"
        "  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da\n"
        " runc:\n"
        "  Version:          1.2.5\n"
        "  GitCommit:        v1.2.5-0-g59923ef\n"
        " docker-init:\n"
        "  Version:          0.19.0\n"
        "  GitCommit:        de40ad0\n"
    )
    return 0


def run_info(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker info``: counts from the simulated engine."""
    engine = ctx.engine
    cs = list(engine.containers.values())
    running = sum(1 for c in cs if c.state in ("running", "restarting"))
    paused = sum(1 for c in cs if c.state == "paused")
    info = {
        "Containers": len(cs),
        "ContainersRunning": running,
        "ContainersPaused": paused,
        "ContainersStopped": len(cs) - running - paused,
        "Images": len(engine.images),
        "Driver": "overlay2",
        "ServerVersion": "28.2.2",
        "OperatingSystem": "dockersim (simulated Docker Engine)",
        "OSType": "linux",
        "Architecture": "x86_64",
        "NCPU": 8,
        "MemTotal": 8_217_473_024,
        "Name": "docker-desktop",
        "KernelVersion": "6.10.14-linuxkit",
        "DockerRootDir": "/var/lib/docker",
        "LoggingDriver": "json-file",
        "CgroupDriver": "cgroupfs",
        "CgroupVersion": "2",
        "DefaultRuntime": "runc",
    }
    fmt = opt(opts, "format", "") or ""
    if fmt:
        render_one(ctx, fmt, info)
        return 0
    login = engine.auths.get("https://index.docker.io/v1/", {}).get("username")
    ctx.out.write(
        "Client:\n Version:    28.2.2\n Context:    default\n Debug Mode: false\n\n"
        "Server:\n"
        f" Containers: {len(cs)}\n  Running: {running}\n  Paused: {paused}\n  Stopped: {len(cs) - running - paused}\n"
        f" Images: {len(engine.images)}\n"
        " Server Version: 28.2.2\n Storage Driver: overlay2\n Logging Driver: json-file\n Cgroup Driver: cgroupfs\n"
        " Cgroup Version: 2\n Plugins:\n  Volume: local\n  Network: bridge host ipvlan macvlan null overlay\n"
        " Default Runtime: runc\n Kernel Version: 6.10.14-linuxkit\n"
        " Operating System: dockersim (simulated Docker Engine)\n OSType: linux\n Architecture: x86_64\n CPUs: 8\n"
        " Total Memory: 7.653GiB\n Name: docker-desktop\n Docker Root Dir: /var/lib/docker\n Debug Mode: false\n"
        + (f" Username: {login}\n" if login else "")
        + " Experimental: false\n Insecure Registries:\n  127.0.0.0/8\n Live Restore Enabled: false\n"
    )
    return 0


def run_prune(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker system prune [-a] [--volumes] [-f]``."""
    engine = ctx.engine
    engine.tick()
    every = bool(opt(opts, "all"))
    volumes = bool(opt(opts, "volumes"))
    items = ["  - all stopped containers", "  - all networks not used by at least one container"]
    if volumes:
        items.append("  - all anonymous volumes not used by at least one container")
    items += (
        ["  - all images without at least one container associated to them", "  - all build cache"]
        if every
        else ["  - all dangling images", "  - unused build cache"]
    )
    if not prune_confirmed(ctx, opts, "WARNING! This will remove:\n" + "\n".join(items) + "\n"):
        return 0
    total = 0
    ids, size = prune_containers(engine)
    total += size
    write_deleted(ctx, "Deleted Containers", ids)
    write_deleted(ctx, "Deleted Networks", prune_networks(engine))
    if volumes:
        names, size = prune_volumes(engine, False)
        total += size
        write_deleted(ctx, "Deleted Volumes", names)
    lines, size = prune_images(engine, every)
    total += size
    write_deleted(ctx, "Deleted Images", lines)
    cache = engine.build_cache
    if cache:
        entries = cache.get("entries") if isinstance(cache.get("entries"), dict | list) else None
        count = len(entries) if entries is not None else len(cache)
        if every or count:
            ctx.out.write(
                "Deleted build cache objects:\n"
                + "".join(engine.ids.new_id()[:25] + "\n" for _ in range(min(count, 20)))
                + "\n"
            )
            engine.build_cache.clear()
    write_reclaimed(ctx, total)
    return 0


TYPES = ("config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume")


def run_inspect(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker inspect [--type T] NAME…``: containers, images, networks, volumes."""
    ctx.engine.tick(0)
    kind = opt(opts, "type", "") or ""
    if kind and kind not in TYPES:
        raise SimulatorError(f'unknown type: "{kind}": must be one of ' + ", ".join(f'"{t}"' for t in TYPES))
    if kind in ("config", "node", "plugin", "secret", "service", "task"):
        raise SimulatorError(f"dockersim: 'docker inspect --type {kind}' is not modelled by the simulator")
    found: list[dict[str, Any]] = []
    errors: list[str] = []
    for name in args:
        item = _lookup(ctx, name, kind, bool(opt(opts, "size")))
        if item is None:
            what = {"": "object", "container": "container", "image": "image", "network": "network", "volume": "volume"}[
                kind
            ]
            errors.append(f"No such {what}: {name}")
            continue
        found.append(item)
    fmt = opt(opts, "format", "") or ""
    if fmt and found:
        emit_inspect(ctx, fmt, found)
    elif fmt and not found:
        ctx.out.write("\n")
    else:
        emit_inspect(ctx, "", found)
    for e in errors:
        ctx.err.write(f"Error: {e}\n")
    return 1 if errors else 0


def _lookup(ctx: CommandContext, name: str, kind: str, size: bool) -> dict[str, Any] | None:
    engine = ctx.engine
    if kind in ("", "container"):
        c = engine.get_container(name)
        if c is not None:
            return container_json(engine, c, size)
    if kind in ("", "image"):
        img = engine.get_image(name)
        if img is not None:
            return image_json(img)
    if kind in ("", "network"):
        net = engine.get_network(name)
        if net is not None:
            return network_json(engine, net)
    if kind in ("", "volume"):
        vol = engine.volumes.get(name)
        if vol is not None:
            return volume_json(engine, vol)
    return None
