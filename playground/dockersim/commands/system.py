"""``docker system prune``, ``docker info``, ``docker version`` and the top-level ``docker inspect``."""

from __future__ import annotations

from typing import Any

from dockersim.cli import clientchecks, links
from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.commands._common import emit_inspect, prune_confirmed, render_one, write_deleted, write_reclaimed
from dockersim.commands.container import prune_containers
from dockersim.commands.image import prune_images
from dockersim.commands.network import prune_networks
from dockersim.commands.volume import prune_volumes
from dockersim.context import CommandContext, EngineError, SimulatorError
from dockersim.engine.cpus import HOST_CPUS, HOST_MEMORY_BYTES
from dockersim.formatting.inspect import container_json, image_json, network_json, volume_json
from dockersim.formatting.units import bytes_size

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


@command("version", explain=("show client and engine versions", links.ENGINE))
def run_version(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker version``: client 28.2.2 and a simulated server."""
    fmt = opts.format or ""
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


@command("system info", explain=("describe the docker engine and what it holds", links.ENGINE))
def run_info(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker info``: counts from the simulated engine."""
    engine = ctx.engine
    cs = list(engine.containers.peek())
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
        "NCPU": HOST_CPUS,
        "MemTotal": HOST_MEMORY_BYTES,
        "Name": "docker-desktop",
        "KernelVersion": "6.10.14-linuxkit",
        "DockerRootDir": "/var/lib/docker",
        "LoggingDriver": "json-file",
        "CgroupDriver": "cgroupfs",
        "CgroupVersion": "2",
        "DefaultRuntime": "runc",
    }
    fmt = opts.format or ""
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
        " Operating System: dockersim (simulated Docker Engine)\n OSType: linux\n Architecture: x86_64\n"
        f" CPUs: {HOST_CPUS}\n"
        f" Total Memory: {bytes_size(HOST_MEMORY_BYTES)}\n"
        " Name: docker-desktop\n Docker Root Dir: /var/lib/docker\n Debug Mode: false\n"
        + (f" Username: {login}\n" if login else "")
        + " Experimental: false\n Insecure Registries:\n  127.0.0.0/8\n Live Restore Enabled: false\n"
    )
    return 0


@command(
    "system prune",
    explain=("clean up stopped containers, unused networks, dangling images and build cache", links.CHEATSHEET),
)
def run_prune(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker system prune [-a] [--volumes] [-f]``."""
    engine = ctx.engine
    engine.tick()
    every = bool(opts.all)
    volumes = bool(opts.volumes)
    items = ["  - all stopped containers", "  - all networks not used by at least one container"]
    if volumes:
        items.append("  - all anonymous volumes not used by at least one container")
    items += (
        ["  - all images without at least one container associated to them", "  - all build cache"]
        if every
        else ["  - all dangling images", "  - unused build cache"]
    )
    warning = "WARNING! This will remove:\n" + "\n".join(items) + "\n"
    return prune_confirmed(ctx, opts, warning, lambda ctx: _prune_all(ctx, every=every, volumes=volumes))


def _prune_all(ctx: CommandContext, *, every: bool, volumes: bool) -> int:
    """What ``system prune`` removes once confirmed, each kind's report, then the space reclaimed."""
    engine = ctx.engine
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


@command(
    "inspect",
    check=clientchecks.top_inspect,
    explain=("print any object's low-level details as JSON", links.CHEATSHEET),
)
def run_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker inspect [--type T] NAME…``: containers, images, networks, volumes."""
    ctx.engine.tick(0)
    kind = opts.type or ""
    if kind and kind not in TYPES:
        raise SimulatorError(f'unknown type: "{kind}": must be one of ' + ", ".join(f'"{t}"' for t in TYPES))
    if kind in ("config", "node", "plugin", "secret", "service", "task"):
        raise SimulatorError(f"dockersim: 'docker inspect --type {kind}' is not modelled by the simulator")
    found: list[dict[str, Any]] = []
    errors: list[str] = []
    for name in args:
        item = _lookup(ctx, name, kind, bool(opts.size))
        if item is None:
            what = {"": "object", "container": "container", "image": "image", "network": "network", "volume": "volume"}[
                kind
            ]
            errors.append(f"No such {what}: {name}")
            continue
        found.append(item)
    fmt = opts.format or ""
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
        c = engine.get_container(name, peek=True)
        if c is not None:
            return container_json(engine, c, size)
    if kind in ("", "image"):
        img = engine.get_image(name, peek=True)
        if img is not None:
            return image_json(img)
    if kind in ("", "network"):
        net = engine.get_network(name, peek=True)
        if net is not None:
            return network_json(engine, net)
    if kind in ("", "volume"):
        vol = engine.volumes.peek_get(name)
        if vol is not None:
            return volume_json(engine, vol)
    return None


# ------------------------------------------------------------------------------------- system df


@command("system df")
def run_df(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker system df [-v]``: space used by images, containers, local volumes and the build cache."""
    from dockersim.formatting.table import tabwrite
    from dockersim.formatting.units import human_size

    engine = ctx.engine
    engine.tick()
    images = list(engine.images.peek())
    used_ids = {c.image_id for c in engine.containers.peek()}
    img_size = sum(i.size for i in images)
    img_free = sum(i.size for i in images if i.id not in used_ids)
    conts = list(engine.containers.peek())
    c_size = sum(engine.container_size(c) for c in conts)
    c_free = sum(engine.container_size(c) for c in conts if not c.running)
    vols = list(engine.volumes.peek())
    used_vols = {m.get("Name") for c in conts for m in c.mounts if m.get("Type") == "volume"}
    v_size = sum(sum(len(x) for x in v.files.values()) for v in vols)
    v_free = sum(sum(len(x) for x in v.files.values()) for v in vols if v.name not in used_vols)
    cache = engine.build_cache
    cache_size = sum(int(e.get("size", 0)) for e in cache.values() if isinstance(e, dict))

    def pct(free: int, total: int) -> str:
        return f"{human_size(free)} ({int(100 * free / total) if total else 0}%)"

    if opts.verbose:
        return _df_verbose(ctx, images, used_ids, conts, vols, used_vols)
    rows = [
        "TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE",
        f"Images\t{len(images)}\t{len({i.id for i in images} & used_ids)}\t{human_size(img_size)}\t"
        + pct(img_free, img_size),
        f"Containers\t{len(conts)}\t{sum(1 for c in conts if c.running)}\t{human_size(c_size)}\t" + pct(c_free, c_size),
        f"Local Volumes\t{len(vols)}\t{len(used_vols & {v.name for v in vols})}\t{human_size(v_size)}\t"
        + pct(v_free, v_size),
        f"Build Cache\t{len(cache)}\t0\t{human_size(cache_size)}\t{human_size(cache_size)}",
    ]
    ctx.out.write(tabwrite("\n".join(rows) + "\n"))
    return 0


def _df_verbose(
    ctx: CommandContext, images: list[Any], used_ids: set[str], conts: list[Any], vols: list[Any], used: set[Any]
) -> int:
    from dockersim.commands.container import command_text, status_text
    from dockersim.formatting.table import tabwrite
    from dockersim.formatting.units import ago, human_size

    engine = ctx.engine
    now = engine.now()
    lines = ["REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS"]
    for img in sorted(images, key=lambda i: -i.created):
        count = sum(1 for c in conts if c.image_id == img.id)
        for tag in img.repo_tags or ["<none>:<none>"]:
            repo, _, name = tag.rpartition(":")
            lines.append(
                f"{repo}\t{name}\t{img.id.removeprefix('sha256:')[:12]}\t{ago(now - img.created)}\t"
                f"{human_size(img.size)}\t0B\t{human_size(img.size)}\t{count}"
            )
    out = "Images space usage:\n\n" + tabwrite("\n".join(lines) + "\n")
    lines = ["CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES"]
    for c in sorted(conts, key=lambda c: -c.created):
        nvol = sum(1 for m in c.mounts if m.get("Type") == "volume")
        lines.append(
            f"{c.id[:12]}\t{c.image}\t{command_text(c)}\t{nvol}\t{human_size(engine.container_size(c))}\t"
            f"{ago(now - c.created)}\t{status_text(engine, c)}\t{c.name}"
        )
    out += "\nContainers space usage:\n\n" + tabwrite("\n".join(lines) + "\n")
    lines = ["VOLUME NAME\tLINKS\tSIZE"]
    for v in sorted(vols, key=lambda v: v.name):
        links = sum(1 for c in conts for m in c.mounts if m.get("Name") == v.name)
        lines.append(f"{v.name}\t{links}\t{human_size(sum(len(x) for x in v.files.values()))}")
    out += "\nLocal Volumes space usage:\n\n" + tabwrite("\n".join(lines) + "\n")
    lines = ["CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED"]
    for key, entry in engine.build_cache.items():
        size = int(entry.get("size", 0)) if isinstance(entry, dict) else 0
        lines.append(f"{str(key)[:25]}\tregular\t{human_size(size)}\t-\t-\t1\tfalse")
    out += "\nBuild cache usage: " + human_size(0) + "\n\n" + tabwrite("\n".join(lines) + "\n")
    ctx.out.write(out)
    return 0


# ------------------------------------------------------------------------------------- events


def parse_event_time(engine: Any, value: str) -> float:
    """``--since``/``--until``: docker's ``GetTimestamp`` against the engine's clock (checked client-side first)."""
    from dockersim.cli.values import get_timestamp

    try:
        return get_timestamp(value, float(engine.now()))
    except ValueError as exc:
        raise SimulatorError(str(exc)) from None


def engine_events(engine: Any) -> list[tuple[float, str, str, str, dict[str, str]]]:
    """What the engine's records tell about past events: (time, type, action, actor ID, attributes)."""
    out: list[tuple[float, str, str, str, dict[str, str]]] = []
    for c in engine.containers.peek():
        attrs = {"image": c.image, "name": c.name, **c.labels}
        out.append((c.created, "container", "create", c.id, attrs))
        if c.started_at:
            out.append((c.started_at, "container", "start", c.id, attrs))
        if c.finished_at and not c.running:
            out.append((c.finished_at, "container", "die", c.id, {**attrs, "exitCode": str(c.exit_code)}))
    for v in engine.volumes.peek():
        out.append((v.created, "volume", "create", v.name, {"driver": v.driver}))
    for n in engine.networks.peek():
        if not n.builtin:
            out.append((n.created, "network", "create", n.id, {"name": n.name, "type": n.driver}))
    return sorted(out, key=lambda e: e[0])


@command("system events", check=clientchecks.events)
def run_events(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker events --since … --until …``: the engine's past events in that window, docker's line format."""
    engine = ctx.engine
    since = parse_event_time(engine, opts.since) if opts.since else None
    until = parse_event_time(engine, opts.until) if opts.until else None
    wanted: dict[str, list[str]] = {}
    for item in opts.filter or []:
        key, _, value = str(item).partition("=")
        if key not in ("container", "event", "image", "label", "network", "type", "volume", "scope", "daemon"):
            raise EngineError(f"invalid filter '{key}'")
        wanted.setdefault(key, []).append(value)
    if since is not None or until is not None:  # without --since, docker streams only what happens from now on
        ctx.out.write(_event_lines(engine, wanted, since, until))
    if until is None and ctx.live:  # it follows until Ctrl+C (dockersim.live)
        from dockersim import live

        ctx.job = live.Follow(engine, lambda after, upto: _event_lines(engine, wanted, after, upto, after=True))
    return 0


def _event_lines(
    engine: Any, wanted: dict[str, list[str]], since: float | None, until: float | None, *, after: bool = False
) -> str:
    """The matching events between ``since`` (excluded when ``after``) and ``until``, docker's line format."""
    import time

    lines = []
    for when, kind, action, actor, attrs in engine_events(engine):
        if since is not None and (when < since or (after and when <= since)):
            continue
        if until is not None and when > until:
            continue
        if "type" in wanted and kind not in wanted["type"]:
            continue
        if "event" in wanted and action not in wanted["event"]:
            continue
        if "container" in wanted and (
            kind != "container" or not {actor, actor[:12], attrs.get("name")} & set(wanted["container"])
        ):
            continue
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(when)) + f".{int((when % 1) * 1e9):09d}Z"
        shown = ", ".join(f"{k}={v}" for k, v in sorted(attrs.items()))
        lines.append(f"{stamp} {kind} {action} {actor} ({shown})\n")
    return "".join(lines)
