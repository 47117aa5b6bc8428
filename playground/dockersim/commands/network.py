"""``docker network …`` handlers: create, ls, inspect, connect, disconnect, rm, prune."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dockersim.cli.values import key_values
from dockersim.commands._common import (
    daemon_error,
    inspect_each,
    label_match,
    opt,
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


def run_create(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker network create NAME``: prints the full 64-hex ID."""
    engine = ctx.engine
    engine.tick()
    subnets = list(opt(opts, "subnet", []) or [])
    gateways = list(opt(opts, "gateway", []) or [])
    ranges = list(opt(opts, "ip-range", []) or [])
    labels = key_values(opt(opts, "label", []) or [])
    net = engine.create_network(
        args[0],
        driver=opt(opts, "driver", "bridge") or "bridge",
        subnet=subnets[0] if subnets else "",
        gateway=gateways[0] if gateways else "",
        ip_range=ranges[0] if ranges else "",
        internal=bool(opt(opts, "internal")),
        attachable=bool(opt(opts, "attachable")),
        labels=labels,
        options=dict(opt(opts, "opt", {}) or {}),
        ipv6=bool(opt(opts, "ipv6")),
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


def run_ls(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker network ls``: sorted by name."""
    engine = ctx.engine
    f = parse_filters(opts, {"driver", "id", "label", "name", "scope", "type", "dangling"})
    trunc = not opt(opts, "no-trunc")
    rows = []
    for net in sorted(engine.networks.values(), key=lambda n: n.name):
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


def run_inspect(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker network inspect``."""
    engine = ctx.engine
    return inspect_each(ctx, opts, args, lambda name: network_json(engine, engine.find_network(name)))


def run_connect(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker network connect NETWORK CONTAINER``: prints nothing."""
    ctx.engine.tick()
    ctx.engine.connect_network(
        args[0], args[1], aliases=list(opt(opts, "alias", []) or []), ip=opt(opts, "ip", "") or ""
    )
    return 0


def run_disconnect(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker network disconnect NETWORK CONTAINER``: prints nothing."""
    ctx.engine.tick()
    ctx.engine.disconnect_network(args[0], args[1], force=bool(opt(opts, "force")))
    return 0


def run_rm(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker network rm``: echoes each argument."""
    engine = ctx.engine
    engine.tick()
    code = 0
    for name in args:
        try:
            engine.remove_network(name)
        except SimulatorError as exc:
            if opt(opts, "force") and "not found" in exc.message:
                continue
            daemon_error(ctx, exc)
            code = 1
            continue
        ctx.out.write(name + "\n")
    return code


def run_prune(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """``docker network prune``: no reclaimed-space line."""
    engine = ctx.engine
    engine.tick()
    if not prune_confirmed(
        ctx, opts, "WARNING! This will remove all custom networks not used by at least one container."
    ):
        return 0
    write_deleted(ctx, "Deleted Networks", prune_networks(engine))
    return 0


def prune_networks(engine: Engine) -> list[str]:
    """Remove custom networks without attached containers; returns their names."""
    names = []
    for net in sorted(engine.networks.values(), key=lambda n: n.name):
        if net.builtin or engine.network_containers(net):
            continue
        engine.remove_network(net.id)
        names.append(net.name)
    return names
