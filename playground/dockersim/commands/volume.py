"""``docker volume …`` handlers: create, ls, inspect, rm, prune."""

from __future__ import annotations

from typing import Any

from dockersim.cli import clientchecks, links
from dockersim.cli.spec import FlagSpec, Options
from dockersim.cli.unit import command
from dockersim.cli.values import key_values
from dockersim.commands._common import (
    echo_each,
    inspect_each,
    label_match,
    parse_filters,
    run_prune_with_all,
    write_listing,
)
from dockersim.context import CommandContext, EngineError, SimulatorError
from dockersim.engine.engine import Engine
from dockersim.formatting.inspect import volume_json
from dockersim.formatting.template import Ctx
from dockersim.formatting.units import human_size


@command(
    "volume create",
    check=clientchecks.volume_create,
    flags=(FlagSpec("name", type="string", hidden=True, help="Specify volume name"),),
    validators={"label": "label"},
    explain=("create a named volume for persistent data", links.VOLUMES),
    flag_meanings={"driver": ("the volume driver (local by default)", links.VOLUMES)},
)
def run_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker volume create [NAME]``: prints the name (64 hex when none is given)."""
    engine = ctx.engine
    engine.tick()
    name = args[0] if args else opts.name or ""
    if args and opts.name and opts.name != args[0]:
        raise SimulatorError(
            "conflicting options: cannot specify a volume-name through both --name and as a positional arg"
        )
    driver = opts.driver or "local"
    if driver != "local":
        raise SimulatorError(
            f"Error response from daemon: create {name}: error looking up volume plugin {driver}: "
            f'plugin "{driver}" not found'
        )
    vol = engine.create_volume(name, labels=key_values(opts.label or []), options=dict(opts.opt or {}))
    if not name:
        vol.anonymous = False
        vol.labels.pop("com.docker.volume.anonymous", None)
    ctx.out.write(vol.name + "\n")
    return 0


def volume_ctx(engine: Engine, name: str) -> Ctx:
    """``*formatter.volumeContext``."""
    vol = engine.find_volume(name, peek=True)
    fields = {
        "Name": vol.name,
        "Driver": vol.driver,
        "Scope": "local",
        "Mountpoint": vol.mountpoint,
        "Labels": ",".join(f"{k}={v}" for k, v in sorted(vol.labels.items())),
        "Links": str(len(engine.volume_users(name, peek=True))),
        "Size": human_size(vol.size),
        "Availability": "N/A",
        "Group": "N/A",
        "Status": "N/A",
    }
    return Ctx("*formatter.volumeContext", fields, {"Label": lambda k: vol.labels.get(k, "")})


@command("volume ls", explain=("list volumes", links.VOLUMES))
def run_ls(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker volume ls``."""
    engine = ctx.engine
    f = parse_filters(opts, {"dangling", "driver", "label", "name"})
    rows = []
    for name in sorted(engine.volumes):
        vol = engine.find_volume(name, peek=True)
        if "dangling" in f:
            want = f["dangling"][0].lower() in ("true", "1")
            if want != (not engine.volume_users(name, peek=True)):
                continue
        if "name" in f and not any(v in name for v in f["name"]):
            continue
        if "driver" in f and vol.driver not in f["driver"]:
            continue
        if "label" in f and not label_match(vol.labels, f["label"]):
            continue
        rows.append(volume_ctx(engine, name))
    header = {
        "Name": "VOLUME NAME",
        "Driver": "DRIVER",
        "Scope": "SCOPE",
        "Mountpoint": "MOUNTPOINT",
        "Labels": "LABELS",
        "Links": "LINKS",
        "Size": "SIZE",
    }
    write_listing(ctx, opts, rows, header, "table {{.Driver}}\t{{.Name}}", quiet_field="Name")
    return 0


@command(
    "volume inspect", check=clientchecks.volume_inspect, explain=("print a volume's details as JSON", links.VOLUMES)
)
def run_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker volume inspect``."""
    engine = ctx.engine

    def lookup(name: str) -> dict[str, Any]:
        vol = engine.volumes.peek_get(name)
        if vol is None:
            raise EngineError(f"get {name}: no such volume")
        return volume_json(engine, vol)

    return inspect_each(ctx, opts, args, lookup)


@command("volume rm", check=clientchecks.volume_ids, explain=("delete volumes (and the data in them)", links.VOLUMES))
def run_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker volume rm``: echoes each removed name; in-use volumes are refused."""
    engine = ctx.engine
    engine.tick()
    failed = echo_each(ctx, args, lambda name: engine.remove_volume(name, force=bool(opts.force)))
    return 1 if failed else 0


@command("volume prune", explain=("delete volumes no container uses", links.VOLUMES))
def run_prune(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker volume prune [-a]``: anonymous unused volumes (all unused with ``-a``)."""
    return run_prune_with_all(
        ctx,
        opts,
        warning="WARNING! This will remove anonymous local volumes not used by at least one container.",
        warning_all="WARNING! This will remove all local volumes not used by at least one container.",
        heading="Deleted Volumes",
        prune=prune_volumes,
    )


def prune_volumes(engine: Engine, every: bool) -> tuple[list[str], int]:
    """Remove unused (anonymous, or all) volumes; returns (names, bytes)."""
    names: list[str] = []
    total = 0
    for name in sorted(engine.volumes):
        vol = engine.volumes[name]
        if engine.volume_users(name) or (not every and not vol.anonymous):
            continue
        total += vol.size
        del engine.volumes[name]
        names.append(name)
    return names, total


@command("volume update")
def run_update(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker volume update``: only cluster (swarm) volumes can change, and this engine has no swarm."""
    ctx.engine.find_volume(args[0])
    raise EngineError("volume update only valid for cluster volumes, but swarm is unavailable")
