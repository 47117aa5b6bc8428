"""Single-container operations: attach, commit, cp, diff, export, pause/unpause, rename, top, stats, update, wait."""

from __future__ import annotations

import hashlib
import posixpath
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockersim.cli import clientchecks
from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.commands import container_fs as cfs
from dockersim.commands._common import echo_each, opt
from dockersim.context import CommandContext, EngineError, SimulatorError
from dockersim.engine.model import ImageRecord, LayerRecord
from dockersim.engine.reference import parse_client_reference
from dockersim.engine.state import MAX_FILES, ContainerRecord
from dockersim.formatting.table import tabwrite
from dockersim.formatting.template import Ctx
from dockersim.formatting.units import bytes_size, human_size


@command("container pause")
def run_pause(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker pause``: freeze each running container; echo its name."""
    ctx.engine.tick()
    return 1 if echo_each(ctx, args, ctx.engine.pause_container) else 0


@command("container unpause")
def run_unpause(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker unpause``."""
    ctx.engine.tick()
    return 1 if echo_each(ctx, args, ctx.engine.unpause_container) else 0


@command("container rename")
def run_rename(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker rename OLD NEW``."""
    old, new = args
    if not new.strip():
        raise SimulatorError("Error: Neither old nor new names may be empty")
    c = ctx.engine.find_container(old)
    if c.name == new.removeprefix("/"):
        raise EngineError("Renaming a container with the same name as its current name")
    try:
        ctx.engine.rename_container(old, new)
    except EngineError as exc:
        if exc.message.startswith("Conflict."):
            raise EngineError(f"Error when allocating new name: {exc.message}") from None
        raise
    return 0


@command("container wait")
def run_wait(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker wait``: each container's exit code once it has stopped (simulated time runs to its end)."""
    engine = ctx.engine
    engine.tick()
    failed = False
    for name in args:
        try:
            c = engine.find_container(name, peek=True)  # time ends it, noted by engine.tick
        except SimulatorError as exc:
            ctx.err.write(f"Error response from daemon: {exc.message}\n")
            failed = True
            continue
        if c.running and c.ends_at:
            engine.tick(max(0.0, c.ends_at - engine.now()))
        if c.running:
            raise SimulatorError(
                f"dockersim: container {name} runs until it is stopped, so 'docker wait' would block here: "
                f"stop it from another terminal (docker stop {name}) to see its exit code"
            )
        ctx.out.write(f"{c.exit_code}\n")
    return 1 if failed else 0


def _running(ctx: CommandContext, name: str) -> ContainerRecord:
    """The running container ``name``, to read only (``docker top``)."""
    c = ctx.engine.find_container(name, peek=True)
    if not c.running:
        raise EngineError(f"container {c.id} is not running")
    return c


def _pid_offset(c: ContainerRecord) -> int:
    return int(hashlib.sha256(c.id.encode()).hexdigest()[:4], 16) % 500


@command("container top")
def run_top(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker top CONTAINER [ps OPTIONS]``: the container's processes as ``ps OPTIONS`` (``-ef``) shows them."""
    from dockersim.engine.psformat import ps_table

    ctx.engine.tick()
    c = _running(ctx, args[0])
    table = ps_table(ctx.engine, c, args[1:], 2000 + _pid_offset(c))
    ctx.out.write(tabwrite("".join("\t".join(row) + "\n" for row in table), 20, 3))
    return 0


_STATS_FORMAT = (
    "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"
)
_STATS_HEADER = {
    "ID": "CONTAINER ID",
    "Container": "CONTAINER",
    "Name": "NAME",
    "CPUPerc": "CPU %",
    "MemUsage": "MEM USAGE / LIMIT",
    "MemPerc": "MEM %",
    "NetIO": "NET I/O",
    "BlockIO": "BLOCK I/O",
    "PIDs": "PIDS",
}
#: The simulated Docker Desktop VM's memory (what ``docker stats`` shows as the limit).
HOST_MEMORY = 8_217_530_368


def _pids(ctx: CommandContext, c: ContainerRecord, seed: int) -> int:
    """PIDS: docker top's rows where every process is single-threaded, else a steady count of a few threads."""
    from dockersim.engine.pstable import task_count

    count = task_count(ctx.engine, c)
    return count if count is not None else 1 + seed % 5


def stats_row(ctx: CommandContext, c: ContainerRecord, trunc: bool = True, container: str = "") -> Ctx:
    """One ``docker stats`` row: steady, plausible figures derived from the container (none when stopped)."""
    seed = int(hashlib.sha256(c.id.encode()).hexdigest()[:8], 16)
    running = c.state in ("running", "paused")
    mem = (6_000_000 + seed % 40_000_000) if running else 0
    limit = (c.memory or HOST_MEMORY) if running else 0
    cpu = 0.0 if not running or c.state == "paused" else (seed % 300) / 100.0
    up = max(0.0, ctx.engine.now() - c.started_at) if running else 0.0
    net_in = int(up * 12) + (1_100 if running else 0)
    return Ctx(
        "*formatter.statsContext",
        {
            "ID": c.id[:12] if trunc else c.id,
            "Container": container or c.id[:12],
            "Name": c.name if running or c.state != "created" else "--",
            "CPUPerc": f"{cpu:.2f}%",
            "MemUsage": f"{bytes_size(mem)} / {bytes_size(limit)}",
            "MemPerc": f"{(100.0 * mem / limit if limit else 0.0):.2f}%",
            "NetIO": f"{human_size(net_in)} / {human_size(net_in // 3 if running else 0)}",
            "BlockIO": f"{human_size(seed % 9_000_000 if running else 0)} / {human_size(4096 if running else 0)}",
            "PIDs": str(_pids(ctx, c, seed) if running else 0),
        },
    )


def stats_text(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> str:
    """One frame of ``docker stats`` (what ``--no-stream`` prints)."""
    from dockersim.commands.container import sorted_containers

    engine = ctx.engine
    if args:
        items = [(engine.find_container(a), a) for a in args]
    else:
        items = [(c, "") for c in sorted_containers(engine) if opt(opts, "all", False) or c.running]
    rows = [stats_row(ctx, c, not opt(opts, "no-trunc", False), name) for c, name in items]
    from dockersim.formatting.template import render_rows

    return render_rows(opt(opts, "format", "") or _STATS_FORMAT, rows, _STATS_HEADER)


@command("container stats")
def run_stats(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker stats --no-stream``: one table of resource usage (the live table is :mod:`dockersim.live`'s)."""
    ctx.engine.tick()
    from dockersim.formatting.template import TemplateError

    try:
        if ctx.live and not opts.no_stream:  # the live table, redrawn until Ctrl+C
            from dockersim import live

            ctx.job = live.Frames(ctx.engine, lambda: stats_text(ctx, opts, args))
            return 0
        ctx.out.write(stats_text(ctx, opts, args))
    except TemplateError as exc:
        raise SimulatorError(exc.message) from None
    return 0


@command("container update", check=clientchecks.update)
def run_update(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker update``: new resource limits and restart policy for each container."""
    from dockersim.cli.values import ValueParseError, parse_restart_policy, validate_restart_policy

    engine = ctx.engine
    engine.tick()
    policy: dict[str, Any] | None = None
    if opts.changed("restart"):
        try:
            parsed = parse_restart_policy(opts.restart)
            validate_restart_policy(parsed)
        except ValueParseError as exc:
            raise EngineError(str(exc)) from None
        policy = {"Name": parsed.name or "no", "MaximumRetryCount": parsed.maximum_retry_count}

    def apply(name: str) -> None:
        c = engine.find_container(name)
        if policy is not None:
            if c.auto_remove and policy.get("Name", "no") != "no":
                raise EngineError("Cannot update restart policy: AutoRemove and restart policy cannot be used together")
            c.restart_policy = policy
        if opts.changed("memory"):
            c.memory = int(opts.memory)
        if opts.changed("cpus"):
            c.cpus = float(opts.cpus)

    return 1 if echo_each(ctx, args, apply) else 0


@command("container diff")
def run_diff(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker diff``: A (added), C (changed) and D (deleted) paths of the container's own layer."""
    c = ctx.engine.find_container(args[0], peek=True)
    view = cfs.side(ctx.engine, c)
    base = view.base_files()
    marks: dict[str, str] = {}
    for path in c.files:
        marks[path] = "C" if path in base else "A"
    for path in c.dirs:
        marks.setdefault(path, "A")
    for path in c.deleted:
        marks[path] = "D"
    for path in list(marks):
        parent = posixpath.dirname(path)
        while parent not in ("/", ""):
            if marks.get(parent) != "A":
                marks[parent] = "C"
            parent = posixpath.dirname(parent)
    ctx.out.write("".join(f"{mark} {path}\n" for path, mark in sorted(marks.items())))
    return 0


@command("container cp", check=clientchecks.cp)
def run_cp(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker cp``: copy between a container and the playground's files, in either direction."""
    from dockersim.cli.clientchecks import split_cp_arg  # the arguments were checked client-side

    src_c, src = split_cp_arg(args[0])
    dst_c, dst = split_cp_arg(args[1])
    quiet = opts.quiet or not ctx.out.tty
    if src_c:
        return _cp_from(ctx, src_c, src, dst, quiet)
    return _cp_to(ctx, src, dst_c, dst, quiet)


def _abs_in(c: ContainerRecord, path: str) -> str:
    return posixpath.normpath(posixpath.join(c.workdir or "/", path)) if path else (c.workdir or "/")


def _cp_from(ctx: CommandContext, name: str, src: str, dst: str, quiet: bool) -> int:
    c = ctx.engine.find_container(name, peek=True)
    view = cfs.side(ctx.engine, c)
    path = _abs_in(c, src)
    if not view.is_dir(path) and view.read_raw(path) is None:
        raise EngineError(f"Could not find the file {src} in container {name}")
    entries = cfs.walk(view, path)
    if dst == "-":
        ctx.out.write(cfs.tar_bytes(entries, posixpath.dirname(path)).decode("latin-1"))
        return 0
    target = cfs.host_path(ctx, dst)
    if target.is_dir():
        target = target / posixpath.basename(path.rstrip("/") or "/")
    elif not target.parent.is_dir():
        raise SimulatorError(f"lstat {target.parent}: no such file or directory")
    for full, content in entries:
        rel = full[len(path) :].lstrip("/")
        out = target / rel if rel else target
        if content is None:
            out.mkdir(parents=True, exist_ok=True)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            cfs.clear_special(out)
            out.write_text(content, encoding="utf-8")
    if not quiet:
        ctx.err.write(f"Successfully copied {human_size(cfs.tar_size(entries))} to {dst}\n")
    return 0


def _cp_to(ctx: CommandContext, src: str, name: str, dst: str, quiet: bool) -> int:
    local = cfs.host_path(ctx, src)
    if not local.exists():
        raise SimulatorError(f"lstat {local}: no such file or directory")
    c = ctx.engine.find_container(name)
    view = cfs.side(ctx.engine, c)
    path = _abs_in(c, dst)
    if view.is_dir(path):
        path = posixpath.join(path, local.name)
    elif not view.is_dir(posixpath.dirname(path)):
        raise EngineError(f"Could not find the file {posixpath.dirname(path)} in container {name}")
    entries = cfs.read_host_tree(local)
    copied: list[tuple[str, str | None]] = []
    for rel, content in entries:
        target = posixpath.join(path, rel) if rel else path
        if content is None:
            if len(c.dirs) < MAX_FILES and target not in c.dirs:  # a layer keeps at most MAX_FILES folders
                c.dirs.append(target)
        else:
            reason = view.write_raw(target, content)
            if reason:
                raise EngineError(f"Error processing tar file: open {target}: {reason.lower()}")
        copied.append((target, content))
    if not quiet:
        ctx.err.write(f"Successfully copied {human_size(cfs.tar_size(copied))} to {name}:{dst}\n")
    return 0


_CHANGE_COMMANDS = {
    "CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}  # fmt: skip


def _json_or_shell(text: str) -> list[str]:
    import json

    try:
        value = json.loads(text)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    except ValueError:
        pass
    return ["/bin/sh", "-c", text]


def _apply_change(config: Any, line: str) -> None:
    word, _, rest = line.strip().partition(" ")
    cmd = word.upper()
    if cmd not in _CHANGE_COMMANDS:
        raise EngineError(f"{word} is not a valid change command")
    rest = rest.strip()
    if cmd == "CMD":
        config.cmd = _json_or_shell(rest)
    elif cmd == "ENTRYPOINT":
        config.entrypoint = _json_or_shell(rest)
    elif cmd == "ENV":
        key, _, value = rest.partition("=") if "=" in rest else rest.partition(" ")
        config.env = [e for e in config.env if e.split("=", 1)[0] != key] + [f"{key}={value.strip()}"]
    elif cmd == "EXPOSE":
        for port in rest.split():
            config.exposed_ports.append(port if "/" in port else port + "/tcp")
    elif cmd == "LABEL":
        for item in shlex.split(rest):
            key, _, value = item.partition("=")
            config.labels[key] = value
    elif cmd == "USER":
        config.user = rest
    elif cmd == "WORKDIR":
        config.workdir = rest
    elif cmd == "VOLUME":
        config.volumes += _json_or_shell(rest)[2:] if not rest.startswith("[") else _json_or_shell(rest)
    elif cmd == "STOPSIGNAL":
        config.stop_signal = rest
    elif cmd == "ONBUILD":
        config.onbuild.append(rest)


@command("container commit", check=clientchecks.commit)
def run_commit(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker commit CONTAINER [REPO[:TAG]]``: a new image from the container's changes; prints its ID."""
    import copy

    from dockersim.commands.container import command_string
    from dockersim.engine.ids import stable_hex

    engine = ctx.engine
    engine.tick()
    c = engine.find_container(args[0])
    base = engine.images.get(c.image_id)
    if base is None:
        raise EngineError(f"No such image: {c.image_id}")
    config = copy.deepcopy(base.config)
    config.env = list(c.env) or list(config.env)
    if c.cmd is not None:
        config.cmd = list(c.cmd)
    if c.entrypoint is not None:
        config.entrypoint = list(c.entrypoint)
    config.workdir = c.workdir or config.workdir
    config.user = c.user or config.user
    config.labels = {**config.labels, **c.labels}
    for change in opts.change or []:
        _apply_change(config, change)
    size = sum(len(v.encode()) for v in c.files.values()) + 512 * len(c.files)
    now = engine.now()
    layer = LayerRecord(
        command_string(c), size, now, comment=opts.message or "", digest=stable_hex("commit", c.id, now)
    )
    image_id = "sha256:" + stable_hex("committed", c.id, str(now), str(len(engine.images)))
    tags = [parse_client_reference(args[1]).familiar] if len(args) > 1 else []
    record = ImageRecord(
        id=image_id,
        repo_tags=tags,
        layers=[*base.layers, layer],
        config=config,
        created=now,
        architecture=base.architecture,
        os=base.os,
        parent_ref=base.id,
        built_locally=True,
    )
    engine.add_image(record)
    ctx.out.write(record.id + "\n")
    return 0


@command("container export")
def run_export(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker export -o FILE CONTAINER``: the container's whole file system as a tar among the playground's files."""
    output = opts.output or ""
    if not output and ctx.out.tty:
        raise SimulatorError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
    from dockersim.hostfile import OutputPathError, check_output_path, write_atomic

    try:
        if output:
            check_output_path(output, Path(ctx.cwd))  # the client checks before it asks the daemon
    except OutputPathError as exc:
        raise SimulatorError(f"failed to export container: {exc}") from None
    c = ctx.engine.find_container(args[0], peek=True)
    view = cfs.side(ctx.engine, c)
    data = cfs.tar_bytes(cfs.walk(view, "/"), "")
    if not output:
        ctx.out.write(data.decode("latin-1"))
        return 0
    try:
        write_atomic(output, Path(ctx.cwd), data)  # a FIFO or device is refused, never opened
    except OutputPathError as exc:
        raise SimulatorError(f"failed to export container: {exc}") from None
    return 0


@command("container attach")
def run_attach(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker attach``: follow the running container's main process (its output from now on)."""
    from dockersim.commands.container import _stay_attached

    ctx.engine.tick()
    c = ctx.engine.find_container(args[0])
    if c.state == "paused":
        raise SimulatorError("You cannot attach to a paused container, unpause it first")
    if not c.running:
        raise SimulatorError("You cannot attach to a stopped container, start it first")
    return _stay_attached(ctx, c, len(c.logs))
