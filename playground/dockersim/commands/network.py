"""``docker network …`` handlers: create, ls, inspect, connect, disconnect, rm, prune."""

from __future__ import annotations

from dockersim.cli import clientchecks, links
from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.cli.values import key_values
from dockersim.commands._common import (
    daemon_error,
    inspect_each,
    label_match,
    parse_filters,
    prune_confirmed,
    write_deleted,
    write_listing,
)
from dockersim.context import CommandContext, SimulatorError
from dockersim.engine.engine import Engine
from dockersim.engine.state import NetworkRecord
from dockersim.formatting.inspect import network_json
from dockersim.formatting.template import Ctx


@command(
    "network create",
    check=clientchecks.network_create,
    validators={"label": "label"},
    explain=("create a user-defined network (bridge by default)", links.BRIDGE),
    flag_meanings={
        "driver": ("the network driver (bridge, overlay …)", links.NETWORKS),
        "subnet": ("the IP range of the network", links.NETWORKS),
    },
)
def run_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker network create NAME``: prints the full 64-hex ID."""
    engine = ctx.engine
    engine.tick()
    subnets = list(opts.subnet or [])
    gateways = list(opts.gateway or [])
    ranges = list(opts.ip_range or [])
    labels = key_values(opts.label or [])
    net = engine.create_network(
        args[0],
        driver=opts.driver or "bridge",
        subnet=subnets[0] if subnets else "",
        gateway=gateways[0] if gateways else "",
        ip_range=ranges[0] if ranges else "",
        internal=bool(opts.internal),
        attachable=bool(opts.attachable),
        labels=labels,
        options=dict(opts.opt or {}),
        ipv6=bool(opts.ipv6),
    )
    ctx.out.write(net.id + "\n")
    return 0


def network_ctx(engine: Engine, net: NetworkRecord, trunc: bool) -> Ctx:
    """``*formatter.networkContext``."""
    fields = {
        "ID": net.short_id if trunc else net.id,
        "Name": net.name,
        "Driver": net.driver,
        "Scope": "local",
        "IPv4": "true",
        "IPv6": str(net.ipv6).lower(),
        "Internal": str(net.internal).lower(),
        "Labels": ",".join(f"{k}={v}" for k, v in sorted(net.labels.items())),
        "CreatedAt": net.created,
    }
    return Ctx("*formatter.networkContext", fields, {"Label": lambda k: net.labels.get(k, "")})


@command("network ls", explain=("list networks", links.NETWORKS))
def run_ls(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker network ls``: sorted by name."""
    engine = ctx.engine
    f = parse_filters(opts, {"driver", "id", "label", "name", "scope", "type", "dangling"})
    trunc = not opts.no_trunc
    rows = []
    for net in sorted(engine.networks.peek(), key=lambda n: n.name):
        if "name" in f and not any(v in net.name for v in f["name"]):
            continue
        if "id" in f and not any(net.id.startswith(v) for v in f["id"]):
            continue
        if "driver" in f and net.driver not in f["driver"]:
            continue
        if "label" in f and not label_match(net.labels, f["label"]):
            continue
        if "type" in f and ("builtin" if net.builtin else "custom") not in f["type"]:
            continue
        rows.append(network_ctx(engine, net, trunc))
    header = {
        "ID": "NETWORK ID",
        "Name": "NAME",
        "Driver": "DRIVER",
        "Scope": "SCOPE",
        "IPv4": "IPV4",
        "IPv6": "IPV6",
        "Internal": "INTERNAL",
        "Labels": "LABELS",
        "CreatedAt": "CREATED AT",
    }
    write_listing(ctx, opts, rows, header, "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}", quiet_field="ID")
    return 0


@command(
    "network inspect",
    check=clientchecks.network_inspect,
    explain=("print a network's details (subnet, connected containers) as JSON", links.NETWORKS),
)
def run_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker network inspect``."""
    engine = ctx.engine
    return inspect_each(ctx, opts, args, lambda name: network_json(engine, engine.find_network(name, peek=True)))


@command(
    "network connect",
    check=clientchecks.network_attach,
    validators={"link": "link"},
    explain=("attach a running container to another network", links.NETWORKS),
)
def run_connect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker network connect NETWORK CONTAINER``: prints nothing."""
    ctx.engine.tick()
    ctx.engine.connect_network(args[0], args[1], aliases=list(opts.alias or []), ip=opts.ip or "")
    return 0


@command(
    "network disconnect",
    check=clientchecks.network_attach,
    explain=("detach a container from a network", links.NETWORKS),
)
def run_disconnect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker network disconnect NETWORK CONTAINER``: prints nothing."""
    ctx.engine.tick()
    ctx.engine.disconnect_network(args[0], args[1], force=bool(opts.force))
    return 0


@command("network rm", check=clientchecks.network_rm, explain=("delete networks", links.NETWORKS))
def run_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker network rm``: echoes each argument."""
    engine = ctx.engine
    engine.tick()
    code = 0
    for name in args:
        try:
            engine.remove_network(name)
        except SimulatorError as exc:
            if opts.force and "not found" in exc.message:
                continue
            daemon_error(ctx, exc)
            code = 1
            continue
        ctx.out.write(name + "\n")
    return code


@command("network prune", explain=("delete networks no container uses", links.NETWORKS))
def run_prune(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker network prune``: no reclaimed-space line."""
    engine = ctx.engine
    engine.tick()

    def proceed(ctx: CommandContext) -> int:
        write_deleted(ctx, "Deleted Networks", prune_networks(ctx.engine))
        return 0

    return prune_confirmed(
        ctx, opts, "WARNING! This will remove all custom networks not used by at least one container.", proceed
    )


def prune_networks(engine: Engine) -> list[str]:
    """Remove custom networks without attached containers; returns their names."""
    names = []
    for net in sorted(engine.networks.peek(), key=lambda n: n.name):
        if net.builtin or engine.network_containers(net, peek=True):
            continue
        engine.remove_network(net.id)
        names.append(net.name)
    return names
