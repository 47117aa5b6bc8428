"""Handlers called directly with their typed options (how compose or tests drive them without a command line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cmd_support import check_golden
from dockersim.cli import Options, find_spec
from dockersim.commands import container, network, volume
from dockersim.context import CommandContext
from dockersim.engine import Engine
from dockersim.runspec import ContainerSpec, PortBinding


def opts(path: str, **values: Any) -> Options:
    """The typed options of ``docker <path>`` with docker's defaults, ``values`` (flag keys, ``_`` for ``-``) set."""
    spec = find_spec(path)
    assert spec is not None
    return Options.from_spec(spec, {key.replace("_", "-"): value for key, value in values.items()})


def _ctx(engine: Engine, stdin: str = "") -> CommandContext:
    return CommandContext(engine=engine, cwd=Path("/work"), stdin=stdin)


def test_run_with_a_prebuilt_spec() -> None:
    """run_run accepts a ContainerSpec under ``_spec`` and prints the ID for detached runs."""
    engine = Engine(seed=55)
    ctx = _ctx(engine)
    spec = ContainerSpec(image="nginx", name="web", detach=True, ports=[PortBinding(80, host_port="8080")])
    assert container.run_run(ctx, Options.from_spec(find_spec("run"), {"_spec": spec}), ["nginx"]) == 0
    assert ctx.out.getvalue() == engine.find_container("web").id + "\n"
    ls = _ctx(engine)
    assert container.run_ls(ls, opts("container ls", format="{{.Names}} {{.Ports}}"), []) == 0
    assert ls.out.getvalue() == "web 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n"


def test_prune_reads_stdin_for_confirmation() -> None:
    """Prune handlers take y from ctx.stdin, anything else (or nothing) is no."""
    engine = Engine(seed=55)
    engine.create_volume("", anonymous=True)
    no = _ctx(engine, stdin="n\n")
    assert volume.run_prune(no, opts("volume prune"), []) == 0
    assert len(engine.volumes) == 1
    yes = _ctx(engine, stdin="y\n")
    volume.run_prune(yes, opts("volume prune"), [])
    assert engine.volumes == {}
    assert yes.out.getvalue().endswith("Total reclaimed space: 0B\n")


def test_network_create_and_inspect_golden() -> None:
    """network create/inspect produce dockerd's JSON (golden)."""
    engine = Engine(seed=56)
    ctx = _ctx(engine)
    network.run_create(ctx, opts("network create"), ["app-network"])
    engine.create_container(ContainerSpec(image="nginx", name="api", network="app-network"))
    engine.start_container("api")
    out = _ctx(engine)
    network.run_inspect(out, opts("network inspect"), ["app-network"])
    check_golden("network-inspect.json", out.out.getvalue())


def test_container_inspect_golden() -> None:
    """container inspect of a seeded container matches the golden JSON (field names, order, values)."""
    engine = Engine(seed=57)
    spec = ContainerSpec(
        image="redis:7-alpine",
        name="cache",
        ports=[PortBinding(6379, host_port="6379")],
        env=["A=1"],
        labels={"app": "demo"},
    )
    engine.start_container(engine.create_container(spec))
    ctx = _ctx(engine)
    assert container.run_inspect(ctx, opts("container inspect"), ["cache"]) == 0
    check_golden("container-inspect.json", ctx.out.getvalue())
