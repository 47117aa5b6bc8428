"""``docker container …`` handlers: run, create, ls, start/stop/restart/kill/rm, exec, logs, port, inspect, prune."""

from __future__ import annotations

import heapq
import json
import re
import time
from collections.abc import Mapping
from typing import Any

from dockersim import live
from dockersim.cli import clientchecks, links
from dockersim.cli.spec import FlagSpec, Options
from dockersim.cli.unit import Arg, command
from dockersim.commands._common import (
    changed,
    echo_each,
    emit_inspect,
    label_match,
    opt,
    parse_filters,
    prune_confirmed,
    write_deleted,
    write_list,
    write_reclaimed,
)
from dockersim.context import CommandContext, EngineError, SimulatorError, is_terminal
from dockersim.engine import process
from dockersim.engine.engine import Engine
from dockersim.engine.reference import familiar
from dockersim.engine.state import ContainerRecord
from dockersim.formatting.inspect import container_json
from dockersim.formatting.template import Ctx
from dockersim.formatting.units import ago, human_duration, human_size
from dockersim.runspec import ContainerSpec

# --------------------------------------------------------------------------------------------- display


def status_text(engine: Engine, c: ContainerRecord) -> str:
    """The STATUS column, as ``container/state.go`` words it."""
    now = engine.now()
    if c.state == "created":
        return "Created"
    if c.state == "running":
        health = ""
        if c.healthcheck is not None and c.healthcheck.get("Status"):
            st = c.healthcheck["Status"]
            health = " (health: starting)" if st == "starting" else f" ({st})"
        return f"Up {human_duration(now - c.started_at)}{health}"
    if c.state == "paused":
        return f"Up {human_duration(now - c.started_at)} (Paused)"
    if c.state == "restarting":
        return f"Restarting ({c.exit_code}) {ago(now - (c.finished_at or now))}"
    if c.state == "removing":
        return "Removal In Progress"
    if c.state == "dead":
        return "Dead"
    return f"Exited ({c.exit_code}) {ago(now - c.finished_at)}"


def ports_text(c: ContainerRecord) -> str:
    """The PORTS column: published bindings, then exposed-only ports, ranges collapsed."""
    if not c.running:
        return ""
    entries: list[tuple[int, str, str, int]] = []  # (container port, proto, host ip, host port)
    published = set()
    for b in c.ports:
        if not b.get("allocated"):
            continue
        published.add(f"{b['container_port']}/{b['protocol']}")
        for ip in [b["host_ip"]] if b["host_ip"] else ["0.0.0.0", "::"]:
            entries.append((b["container_port"], b["protocol"], ip, int(b["allocated"])))
    for key in c.exposed_ports:
        if key not in published and c.network_mode not in ("host", "none"):
            port, _, proto = key.partition("/")
            if port.isdigit():
                entries.append((int(port), proto or "tcp", "", 0))
    entries.sort(key=lambda e: (e[2] != "", e[2], e[1], e[0]))
    groups: list[list[tuple[int, str, str, int]]] = []
    for e in entries:
        last = groups[-1][-1] if groups else None
        if (
            last
            and last[1] == e[1]
            and last[2] == e[2]
            and e[0] == last[0] + 1
            and (e[3] == last[3] + 1 if e[3] else last[3] == 0)
        ):
            groups[-1].append(e)
        else:
            groups.append([e])
    texts: list[tuple[tuple[Any, ...], str]] = []
    for g in groups:
        first, lastp = g[0], g[-1]
        cport = str(first[0]) if len(g) == 1 else f"{first[0]}-{lastp[0]}"
        if first[2] == "" and first[3] == 0:
            texts.append(((first[0], 1, ""), f"{cport}/{first[1]}"))
            continue
        hport = str(first[3]) if len(g) == 1 else f"{first[3]}-{lastp[3]}"
        ip = f"[{first[2]}]" if ":" in first[2] else first[2]
        texts.append(((first[0], 0, first[2]), f"{ip}:{hport}->{cport}/{first[1]}"))
    texts.sort(key=lambda t: t[0])
    return ", ".join(t for _, t in texts)


def command_string(c: ContainerRecord) -> str:
    """dockerd's list Command: path and args, args containing a space wrapped in single quotes."""
    args = [f"'{a}'" if " " in a else a for a in c.args]
    return " ".join([c.path, *args])


def command_text(c: ContainerRecord, trunc: bool = True) -> str:
    """The COMMAND column: cut to 20 display columns then Go-quoted."""
    text = command_string(c)
    if trunc and len(text) > 20:
        text = text[:19] + "…"
    return json.dumps(text, ensure_ascii=False)


def image_text(engine: Engine, c: ContainerRecord, trunc: bool = True) -> str:
    """The IMAGE column: the reference as given, or the short ID when it now names another image."""
    img = engine.get_image(c.image, peek=True)
    if img is not None and img.id == c.image_id:
        return c.image
    return c.image_id.removeprefix("sha256:")[:12] if trunc else c.image_id


def container_ctx(engine: Engine, c: ContainerRecord, trunc: bool = True, size: bool = False) -> Ctx:
    """The ``--format`` context of one ``docker ps`` row (``*formatter.ContainerContext``)."""

    def size_text() -> str:
        img = engine.images.peek_get(c.image_id)
        rw = engine.container_size(c)
        return f"{human_size(rw)} (virtual {human_size((img.size if img else 0) + rw)})"

    def mounts() -> str:
        names = [m.get("Name") or m["Source"] for m in c.mounts]
        return ",".join(n[:15] + "…" if trunc and len(n) > 15 else n for n in names)

    fields: dict[str, Any] = {
        "ID": c.short_id if trunc else c.id,
        "Names": c.name,
        "Image": lambda: image_text(engine, c, trunc),
        "Command": lambda: command_text(c, trunc),
        "CreatedAt": time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(c.created)),
        "RunningFor": lambda: ago(engine.now() - c.created),
        "Ports": lambda: ports_text(c),
        "State": c.state,
        "Status": lambda: status_text(engine, c),
        "Size": size_text,
        "Labels": ",".join(f"{k}={v}" for k, v in sorted(c.labels.items())),
        "Mounts": mounts,
        "LocalVolumes": str(sum(1 for m in c.mounts if m["Type"] == "volume")),
        "Networks": ",".join(sorted(c.networks)),
    }

    def as_json() -> dict[str, Any]:
        values = {k: (v() if callable(v) else v) for k, v in fields.items()}
        if not size:
            values["Size"] = "0B"
        return dict(sorted(values.items()))

    return Ctx("*formatter.ContainerContext", fields, {"Label": lambda key: c.labels.get(key, "")}, as_json)


PS_HEADER = {
    "ID": "CONTAINER ID", "Names": "NAMES", "Image": "IMAGE", "ImageID": "IMAGE ID", "Command": "COMMAND",
    "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE", "Status": "STATUS",
    "Size": "SIZE", "Labels": "LABELS", "Mounts": "MOUNTS", "LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS",
    "Platform": "PLATFORM",
}  # fmt: skip


# --------------------------------------------------------------------------------------------- run / create


def _container_spec(opts: Mapping[str, Any], args: list[str]) -> ContainerSpec:
    """The validated spec: from the CLI's parser, or passed through directly (tests, compose)."""
    given = opt(opts, "_spec")
    if isinstance(given, ContainerSpec):
        return given
    from dockersim.cli.runopts import container_spec

    return container_spec(opts, args)  # type: ignore[arg-type]


def _ensure_image(ctx: CommandContext, spec: ContainerSpec) -> None:
    engine = ctx.engine
    policy = spec.extra.get("pull", "missing")
    platform = spec.extra.get("platform", "")
    present = engine.get_image(spec.image)
    if policy == "always":
        engine.pull_image(spec.image, ctx.err, platform=platform, always=True)
        return
    if present is not None:
        return
    from dockersim.engine.cpus import cpuset_error

    refused = cpuset_error(str(spec.extra.get("cpuset-cpus") or ""))
    if refused:  # the daemon checks the settings before it looks for the image: nothing is pulled
        raise EngineError(refused)
    if policy == "never":
        raise EngineError(f"No such image: {familiar(spec.image)}")
    ctx.err.write(f"Unable to find image '{familiar(spec.image)}' locally\n")
    engine.pull_image(spec.image, ctx.err, platform=platform)


def _warnings(ctx: CommandContext, spec: ContainerSpec) -> None:
    if spec.network == "host" and spec.ports:
        ctx.err.write("WARNING: Published ports are discarded when using host network mode\n")


def _print_output(ctx: CommandContext, c: ContainerRecord, start: int) -> None:
    for _, stream, text in c.logs[start:]:
        (ctx.out if stream == "stdout" or c.tty else ctx.err).write(text + "\n")


#: An attached ``docker run`` waits (in simulated time) for processes that end within this many seconds.
MAX_ATTACHED_WAIT = 600.0


def _wait_for_short_process(engine: Engine, c: ContainerRecord) -> None:
    """Attached runs block until ``sleep N`` and the like finish: let simulated time pass to that moment."""
    if c.state == "running" and c.ends_at and c.ends_at - engine.now() <= MAX_ATTACHED_WAIT:
        engine.tick(max(0.0, c.ends_at - engine.now()))


def _stay_attached(ctx: CommandContext, c: ContainerRecord, start: int) -> int:
    """Attached to ``c``'s main process: its output so far, then a job that follows it (``ctx.live``) or,
    with piped input, the session run to the end of that input."""
    _print_output(ctx, c, start)
    if not c.running:
        return c.exit_code
    job = live.main_process_job(ctx.engine, c)
    if ctx.stdin and job.reads_input:
        _write_chunks(ctx, live.run_to_end(job, ctx.stdin))
        if job.exit_code is not None:
            return job.exit_code
    if ctx.live:
        _write_chunks(ctx, job.take())
        ctx.job = job
        return 0
    _wait_for_short_process(ctx.engine, c)
    _write_chunks(ctx, job.poll())
    return job.exit_code if job.exit_code is not None else 0


def _write_chunks(ctx: CommandContext, chunks: live.Chunks) -> None:
    for stream, text in chunks:
        (ctx.err if stream == "stderr" else ctx.out).write(text)


#: what the client checks in run/create flag values while parsing
_RUN_VALIDATORS = {
    "env": "env",
    "label": "label",
    "add-host": "add-host",
    "dns": "ip",
    "attach": "attach",
    "sysctl": "sysctl",
    "ulimit": "ulimit",
    "mount": "mount",
    "gpus": "gpus",
    "memory-swap": "memswap",
    "device-cgroup-rule": "device-cgroup-rule",
    "link": "link",
    "dns-search": "dns-search",
    "blkio-weight-device": "weight-device",
    "device-read-bps": "throttle-bps",
    "device-write-bps": "throttle-bps",
    "device-read-iops": "throttle-iops",
    "device-write-iops": "throttle-iops",
    "network": "network",
}
#: run/create's hidden aliases (help does not list them)
_RUN_HIDDEN = (
    FlagSpec("dns-opt", type="list", hidden=True, dest="dns-option", help="Set DNS options"),
    FlagSpec(
        "net", type="network", hidden=True, dest="network", help="Connect a container to a network", validator="network"
    ),
    FlagSpec("net-alias", type="list", hidden=True, dest="network-alias", help="Add network-scoped alias"),
)
#: stop/restart's deprecated ``--time``
_STOP_HIDDEN = (
    FlagSpec(
        "time",
        type="int",
        hidden=True,
        dest="timeout",
        deprecated="use --timeout instead",
        help="Seconds to wait before killing the container (deprecated: use --timeout)",
    ),
)
_IMAGE_THEN_COMMAND = (
    Arg("image", "the image to create the container from", links.IMAGE),
    Arg("command", "the command the container runs instead of the image's default CMD", links.CMD),
)
#: What docker create and docker run declare alike: the same client check, arguments, flags and pull.
_CREATE_OR_RUN: dict[str, Any] = {
    "check": clientchecks.run,
    "args": _IMAGE_THEN_COMMAND,
    "flags": _RUN_HIDDEN,
    "validators": _RUN_VALIDATORS,
    "pulls": True,
}


@command(
    "container create",
    explain=("create a container from an image without starting it", links.CONTAINER),
    **_CREATE_OR_RUN,
)
def run_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker create``: pull if needed, create, print the full ID."""
    spec = _container_spec(opts, args)
    ctx.engine.tick()
    _ensure_image(ctx, spec)
    _warnings(ctx, spec)
    c = ctx.engine.create_container(spec)
    ctx.out.write(c.id + "\n")
    ctx.data["container_id"] = c.id
    return 0


@command(
    "container run",
    explain=("create a new container from an image and start it", links.RUN),
    **_CREATE_OR_RUN,
)
def run_run(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker run``: pull if missing, create, start; ``-d`` prints the ID, otherwise the output and status."""
    spec = _container_spec(opts, args)
    if spec.tty and spec.interactive and not spec.detach and ctx.stdin:
        raise SimulatorError("the input device is not a TTY")  # piped input: the client's check, as for exec
    engine = ctx.engine
    engine.tick()
    _ensure_image(ctx, spec)
    _warnings(ctx, spec)
    c = engine.create_container(spec)
    ctx.data["container_id"] = c.id
    start = len(c.logs)
    engine.start_container(c)
    if spec.detach:
        ctx.out.write(c.id + "\n")
        return 0
    if ctx.live or (ctx.stdin and c.interactive):
        return _stay_attached(ctx, c, start)
    _wait_for_short_process(engine, c)
    _print_output(ctx, c, start)
    if c.state in ("running", "restarting"):
        kind = process.kind_of(c)
        if kind in ("shell", "repl") and c.interactive:
            ctx.err.write(
                f"dockersim: an interactive session ({' '.join(process.effective_argv(c))}) cannot be simulated in "
                f"one command line; container {c.name} is left running: run commands in it with "
                f"'docker exec {c.name} <command>'\n"
            )
        else:
            ctx.err.write(
                f"dockersim: container {c.name} keeps running in the foreground; a terminal would stay attached "
                "until Ctrl-C. The simulator returns and leaves it running (use -d to detach).\n"
            )
        return 0
    return c.exit_code


# --------------------------------------------------------------------------------------------- ls


PS_FILTERS = {
    "id",
    "name",
    "label",
    "exited",
    "status",
    "ancestor",
    "before",
    "since",
    "volume",
    "network",
    "publish",
    "expose",
    "health",
    "isolation",
    "is-task",
}


def _ancestor_match(engine: Engine, c: ContainerRecord, wanted: str) -> bool:
    img = engine.get_image(wanted, peek=True)
    if img is not None and img.id == c.image_id:
        return True
    container_img = engine.images.peek_get(c.image_id)
    if img is not None and container_img is not None and container_img.parent_ref:
        parent = engine.get_image(container_img.parent_ref)
        if parent is not None and parent.id == img.id:
            return True
    return familiar(c.image) == familiar(wanted) or c.image == wanted


def _filter_containers(engine: Engine, items: list[ContainerRecord], f: dict[str, list[str]]) -> list[ContainerRecord]:
    out = []
    statuses = {"created", "restarting", "running", "removing", "paused", "exited", "dead"}
    for value in f.get("status", []):
        if value not in statuses:
            raise EngineError(f"invalid filter 'status={value}'")
    before = [engine.find_container(v, peek=True).created for v in f.get("before", [])]
    since = [engine.find_container(v, peek=True).created for v in f.get("since", [])]
    for c in items:
        if "id" in f and not any(c.id.startswith(v) for v in f["id"]):
            continue
        if "name" in f and not any(re.search(v, c.name) for v in f["name"]):
            continue
        if "status" in f and c.state not in f["status"]:
            continue
        if "exited" in f and not (c.state == "exited" and str(c.exit_code) in f["exited"]):
            continue
        if "label" in f and not label_match(c.labels, f["label"]):
            continue
        if "ancestor" in f and not any(_ancestor_match(engine, c, v) for v in f["ancestor"]):
            continue
        if "network" in f and not any(
            n in c.networks or any(ep.get("NetworkID", "").startswith(n) for ep in c.networks.values())
            for n in f["network"]
        ):
            continue
        if "volume" in f and not any(
            any(m.get("Name") == v or m["Destination"] == v or m["Source"] == v for m in c.mounts) for v in f["volume"]
        ):
            continue
        if "publish" in f and not any(
            any(
                str(b.get("allocated")) == v.split("/")[0] or f"{b['container_port']}" == v.split("/")[0]
                for b in c.ports
                if b.get("allocated")
            )
            for v in f["publish"]
        ):
            continue
        if "expose" in f and not any(
            any(p.split("/")[0] == v.split("/")[0] for p in c.exposed_ports) for v in f["expose"]
        ):
            continue
        if "health" in f:
            st = (c.healthcheck or {}).get("Status") or "none"
            if st not in f["health"]:
                continue
        if before and not all(c.created < b for b in before):
            continue
        if since and not all(c.created > s for s in since):
            continue
        out.append(c)
    return out


def sorted_containers(engine: Engine, first: int = 0) -> list[ContainerRecord]:
    """Newest first (docker's order); with ``first``, only that many (``ps -l``, ``ps -n``: no full sort)."""
    items = enumerate(engine.containers.peek())  # read only: touches none (engine/table.py)
    if first > 0:
        return [c for _, c in heapq.nlargest(first, items, key=lambda pair: (pair[1].created, pair[0]))]
    return [c for _, c in sorted(items, key=lambda pair: (pair[1].created, pair[0]), reverse=True)]


@command(
    "container ls",
    check=clientchecks.list_template("*formatter.ContainerContext"),
    explain=("list containers (only running ones unless -a)", links.PS),
)
def run_ls(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker ps`` / ``docker container ls``."""
    engine = ctx.engine
    engine.tick(0)
    f = parse_filters(opts, PS_FILTERS)
    last = int(opts.last)
    show_all = bool(opts.all) or last > 0 or bool(opts.latest)
    first = 0 if f else 1 if opts.latest else max(last, 0)  # unfiltered -l / -n N: only the newest are sorted
    items = sorted_containers(engine, first)
    if not show_all and "status" not in f and "exited" not in f:
        items = [c for c in items if c.state in ("running", "paused", "restarting")]
    items = _filter_containers(engine, items, f)
    if opts.latest:
        items = items[:1]
    elif last > 0:
        items = items[:last]
    trunc = not opts.no_trunc
    fmt = opts.format or ""
    if opts.quiet and not fmt:
        ctx.out.write("".join((c.short_id if trunc else c.id) + "\n" for c in items))
        return 0
    size = bool(opts.size)
    rows = [container_ctx(engine, c, trunc, size) for c in items]
    default = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
    if size:
        default += "\t{{.Size}}"
    if opts.quiet:
        fmt = "{{.ID}}"
    write_list(ctx, fmt, default, rows, PS_HEADER)
    return 0


# --------------------------------------------------------------------------------------------- lifecycle


def _timeout(opts: Mapping[str, Any]) -> float | None:
    if changed(opts, "timeout"):
        return float(opt(opts, "timeout", 10))
    if changed(opts, "time"):
        return float(opt(opts, "time", 10))
    return None


@command(
    "container start",
    check=clientchecks.start_ids,
    explain=("start one or more stopped containers again", links.CONTAINER),
)
def run_start(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker start``: echoes each name; ``-a`` attaches to one container and returns its status."""
    engine = ctx.engine
    engine.tick()
    if opts.attach or opts.interactive:
        if len(args) > 1:
            raise SimulatorError("you cannot start and attach multiple containers at once")
        c = engine.find_container(args[0])
        first = len(c.logs)
        engine.start_container(c)
        if ctx.live or (ctx.stdin and opts.interactive):
            return _stay_attached(ctx, c, first)
        _wait_for_short_process(engine, c)
        _print_output(ctx, c, first)
        if c.running:
            ctx.err.write(
                f"dockersim: container {c.name} keeps running; the simulator returns without staying attached\n"
            )
            return 0
        return c.exit_code
    failed = echo_each(ctx, args, lambda n: engine.start_container(n))
    if failed:
        ctx.err.write(f"Error: failed to start containers: {', '.join(failed)}\n")
        return 1
    return 0


@command(
    "container stop",
    check=clientchecks.containers,
    flags=_STOP_HIDDEN,
    explain=("stop running containers gracefully (SIGTERM, then SIGKILL after a timeout)", links.STOP),
)
def run_stop(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker stop``: SIGTERM, then SIGKILL after the timeout; echoes each argument as typed."""
    engine = ctx.engine
    engine.tick()
    timeout = _timeout(opts)
    failed = echo_each(ctx, args, lambda n: engine.stop_container(n, timeout))
    return 1 if failed else 0


@command(
    "container restart",
    check=clientchecks.containers,
    flags=_STOP_HIDDEN,
    explain=("stop and start containers again", links.CONTAINER),
)
def run_restart(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker restart``."""
    engine = ctx.engine
    engine.tick()
    timeout = _timeout(opts)
    failed = echo_each(ctx, args, lambda n: engine.restart_container(n, timeout))
    return 1 if failed else 0


@command(
    "container kill",
    check=clientchecks.containers,
    explain=("send a signal (KILL by default) to running containers", links.CONTAINER),
)
def run_kill(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker kill [-s SIGNAL]``."""
    engine = ctx.engine
    engine.tick()
    sig = opts.signal or "KILL"
    failed = echo_each(ctx, args, lambda n: engine.kill_container(n, sig))
    return 1 if failed else 0


@command(
    "container rm", check=clientchecks.rm, explain=("delete containers (they must be stopped unless -f)", links.RM)
)
def run_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker rm [-f] [-v]``: partial failures exit 1; ``-f`` on a missing container still exits 0."""
    engine = ctx.engine
    engine.tick()
    force = bool(opts.force)
    volumes = bool(opts.volumes)
    for name in args:
        if name.strip("/") == "":
            raise SimulatorError("container name cannot be empty")
    failed = echo_each(
        ctx,
        args,
        lambda n: engine.remove_container(n, force=force, volumes=volumes),
        forgive=lambda exc: force and "No such container" in exc.message,
    )
    return 1 if failed else 0


# --------------------------------------------------------------------------------------------- exec / logs / port


@command(
    "container exec",
    check=clientchecks.exec_all,
    args=(
        Arg("container", "the running container to execute in", links.CONTAINER),
        Arg("command", "the command to run inside the container", links.CONTAINER),
    ),
    validators={"env": "env"},
    explain=("run an extra process inside a running container", links.CONTAINER),
)
def run_exec(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker exec``: run a modelled command in a running container; returns the command's status."""
    engine = ctx.engine
    engine.tick()
    c = engine.find_container(args[0])
    if opts.tty and opts.interactive and not opts.detach and _stdin_not_a_tty(ctx):
        raise SimulatorError("the input device is not a TTY")  # the client's check, after it found the container
    engine.require_running(c)
    argv = args[1:]
    env = c.env_map()
    for item in opts.env or []:
        key, sep, value = item.partition("=")
        env[key] = value if sep else ctx.env.get(key, "")
    user = opts.user or c.user
    workdir = opts.workdir or c.workdir or "/"
    prog = argv[0]
    base = prog.rsplit("/", 1)[-1]
    interactive = bool(opts.interactive) or bool(opts.tty)
    if (base in process.SHELLS | {"bash", "sh", "ash"} and len(argv) == 1) or (
        base in process.REPLS and len(argv) == 1
    ):
        if base in ("bash",) and c.extra.get("os") in ("alpine", "busybox"):
            return _exec_not_found(ctx, prog)
        job = None
        if opts.interactive and (ctx.live or ctx.stdin) and not opts.detach:
            job = live.exec_job(engine, c, argv, tty=bool(opts.tty), user=user, workdir=workdir, env=env)
        if job is not None and ctx.stdin:
            _write_chunks(ctx, live.run_to_end(job, ctx.stdin))
            return job.exit_code if job.exit_code is not None else 0
        if job is not None:
            _write_chunks(ctx, job.take())
            ctx.job = job
            return 0
        if interactive:
            ctx.err.write(
                f"dockersim: an interactive session ({' '.join(argv)} in {c.name}) cannot be simulated in one command "
                f"line; run single commands instead, e.g. 'docker exec {c.name} ls /'\n"
            )
            return 0
        return 0
    if base in ("bash",) and c.extra.get("os") in ("alpine", "busybox"):
        return _exec_not_found(ctx, prog)
    if not engine.has_program(c, prog):
        return _exec_not_found(ctx, prog)
    if opts.interactive and ctx.live and not ctx.stdin and not opts.detach:
        job = live.exec_job(engine, c, argv, tty=bool(opts.tty), user=user, workdir=workdir, env=env)
        if job is not None:  # a database client's own prompt (psql, redis-cli, mongosh)
            _write_chunks(ctx, job.take())
            ctx.job = job
            return 0
    shell = engine.open_shell(c, user=user, workdir=workdir, env=env)
    shell.side.tty = bool(opts.tty)  # the exec's own terminal (-t), not the container's
    result = shell.run_argv(argv, ctx.stdin)
    if opts.detach:
        return 0
    if result.slept:
        engine.clock.advance(min(result.slept, MAX_ATTACHED_WAIT))
    ctx.out.write(result.stdout)
    (ctx.out if opts.tty else ctx.err).write(result.stderr)
    return result.exit_code


def _stdin_not_a_tty(ctx: CommandContext) -> bool:
    """Piped input (the shell's ``|``), or the console command's stdin that is not a terminal."""
    return bool(ctx.stdin) or not is_terminal(ctx.env, "stdin")


def _exec_not_found(ctx: CommandContext, prog: str) -> int:
    ctx.err.write(
        "OCI runtime exec failed: exec failed: unable to start container process: exec: "
        f'"{prog}": executable file not found in $PATH: unknown\n'
    )
    return 127


def _parse_since(engine: Engine, value: str, flag: str = "since") -> float:
    """``logs --since/--until``: docker's ``GetTimestamp`` (:func:`dockersim.cli.values.get_timestamp`)."""
    from dockersim.cli.values import get_timestamp

    if not value:
        return 0.0
    try:
        return get_timestamp(value, engine.now())
    except ValueError as exc:
        raise SimulatorError(f'invalid value for "{flag}": {exc}') from None


@command(
    "container logs",
    check=clientchecks.containers,
    explain=("show what a container's main process printed", links.CONTAINER),
)
def run_logs(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker logs``: stdout lines to stdout, stderr lines to stderr; ``-f`` prints and returns."""
    engine = ctx.engine
    engine.tick(0)
    c = engine.find_container(args[0], peek=True)
    lines = list(c.logs)
    since = _parse_since(engine, opts.since or "")
    until = _parse_since(engine, opts.until or "", "until")
    if since:
        lines = [entry for entry in lines if entry[0] >= since]
    if until:
        lines = [entry for entry in lines if entry[0] <= until]
    tail = str(opts.tail or "all")
    if tail != "all":
        try:
            n = int(tail)
        except ValueError:
            n = -1
        if n >= 0:
            lines = lines[-n:] if n else []
    stamps = bool(opts.timestamps)
    for ts, stream, text in lines:
        prefix = ""
        if stamps:
            prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int((ts % 1) * 1e9):09d}Z "
        (ctx.err if stream == "stderr" and not c.tty else ctx.out).write(prefix + text + "\n")
    if opts.follow and c.running:
        ctx.data["follow"] = True
        if ctx.live:
            ctx.job = live.FollowLogs(engine, [live.Watch(c, timestamps=stamps)])
    return 0


@command(
    "container port",
    check=clientchecks.first_container,
    explain=("show which host ports a container's ports are published on", links.PORTS),
)
def run_port(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker port CONTAINER [PRIVATE_PORT[/PROTO]]``."""
    engine = ctx.engine
    c = engine.find_container(args[0], peek=True)
    bindings = [b for b in c.ports if b.get("allocated")] if c.running else []
    rows: list[tuple[int, str, str]] = []
    for b in bindings:
        for ip in [b["host_ip"]] if b["host_ip"] else ["0.0.0.0", "::"]:
            shown = f"[{ip}]" if ":" in ip else ip
            rows.append((b["container_port"], b["protocol"], f"{shown}:{b['allocated']}"))
    rows.sort(key=lambda r: (r[0], r[1]))
    if len(args) == 2:
        want = args[1]
        port, _, proto = want.partition("/")
        if not port.isdigit():
            raise SimulatorError(f'Error: invalid port ({port}): strconv.ParseUint: parsing "{port}": invalid syntax')
        proto = proto or "tcp"
        hits = [r for r in rows if r[0] == int(port) and r[1] == proto]
        if not hits:
            raise SimulatorError(f"Error: No public port '{port}/{proto}' published for {args[0]}")
        ctx.out.write("".join(h[2] + "\n" for h in hits))
        return 0
    ctx.out.write("".join(f"{r[0]}/{r[1]} -> {r[2]}\n" for r in rows))
    return 0


# --------------------------------------------------------------------------------------------- inspect / prune


@command(
    "container inspect",
    check=clientchecks.container_inspect,
    explain=("print a container's full configuration and state as JSON", links.CONTAINER),
)
def run_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker container inspect``."""
    engine = ctx.engine
    engine.tick(0)
    found: list[dict[str, Any]] = []
    code = 0
    for name in args:
        try:
            c = engine.find_container(name, peek=True)
        except EngineError as exc:
            ctx.err.write(f"Error: {exc.message}\n")
            code = 1
            continue
        found.append(container_json(engine, c, bool(opts.size)))
    emit_inspect(ctx, opts.format or "", found)
    return code


@command("container prune", explain=("delete every stopped container", links.CHEATSHEET))
def run_prune(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker container prune``."""
    engine = ctx.engine
    engine.tick()

    def proceed(ctx: CommandContext) -> int:
        ids, reclaimed = prune_containers(ctx.engine, parse_filters(opts, {"until", "label", "label!"}))
        write_deleted(ctx, "Deleted Containers", ids)
        write_reclaimed(ctx, reclaimed)
        return 0

    return prune_confirmed(ctx, opts, "WARNING! This will remove all stopped containers.", proceed)


def prune_containers(engine: Engine, f: dict[str, list[str]] | None = None) -> tuple[list[str], int]:
    """Remove stopped containers; returns (IDs, bytes reclaimed)."""
    f = f or {}
    ids: list[str] = []
    total = 0
    for c in sorted_containers(engine):
        if c.running:
            continue
        if "label" in f and not label_match(c.labels, f["label"]):
            continue
        if "label!" in f and label_match(c.labels, f["label!"]):
            continue
        total += engine.container_size(c)
        engine.remove_container(c.id)
        ids.append(c.id)
    return ids, total
