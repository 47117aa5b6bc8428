"""``docker compose`` / ``docker-compose`` handlers: ``run_<sub>(ctx, opts, args) -> int``.

Progress lines go to stderr one event per line as compose v2's plain (non-TTY) progress writer
prints them (``fmt.Fprintln(out, prefix, e.ID, e.Text, e.StatusText)``: a leading space, single
spaces, and the trailing space of the empty status text). Compose-side errors raise
:class:`ComposeError`; engine errors propagate as the engine raised them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockersim import live
from dockersim.cli.spec import Options
from dockersim.compose import emit
from dockersim.compose.engine_adapter import (
    COMPOSE_VERSION,
    LABEL_CONFIG_FILES,
    LABEL_CONFIG_HASH,
    LABEL_DEPENDS_ON,
    LABEL_IMAGE,
    LABEL_NUMBER,
    LABEL_ONEOFF,
    LABEL_PROJECT,
    LABEL_SERVICE,
    LABEL_VERSION,
    LABEL_WORKING_DIR,
    Backend,
    config_hash,
)
from dockersim.compose.loader import ComposeError, LoadOptions, container_name_error, load_project, parse_duration
from dockersim.compose.model import Project, Service
from dockersim.context import CommandContext, EngineError, NotModelledError
from dockersim.runspec import ContainerSpec, MountSpec, PortBinding, RestartPolicy

ATTACHED_NOTE = (
    "dockersim: attached mode would now stream the containers' logs until Ctrl+C; the simulator returns "
    "immediately instead (the containers keep running: use 'docker compose logs' or 'up -d')."
)
FOLLOW_NOTE = "dockersim: --follow would keep streaming new log lines; the simulator returns immediately."


# -- shared helpers ------------------------------------------------------------------------------


def _opt(opts: Mapping[str, Any], name: str, default: Any = None) -> Any:
    value = opts.get(name, default) if opts is not None else default
    return default if value is None else value


def _event(ctx: CommandContext, ident: str, text: str, status: str = "") -> None:
    if ctx.data.get("compose_progress") == "quiet":
        return
    ctx.err.write(f" {ident} {text} {status}\n")


def _stop(ctx: CommandContext, backend: Backend, container: Any, timeout: float | None = None) -> None:
    """Stop one container between compose's ``Stopping`` and ``Stopped`` events."""
    _event(ctx, f"Container {container.name}", "Stopping")
    backend.stop(container, timeout)
    _event(ctx, f"Container {container.name}", "Stopped")


def _remove(ctx: CommandContext, backend: Backend, container: Any, *, volumes: bool = False) -> None:
    """Remove one container between compose's ``Removing`` and ``Removed`` events."""
    _event(ctx, f"Container {container.name}", "Removing")
    backend.remove(container, volumes=volumes)
    _event(ctx, f"Container {container.name}", "Removed")


def _timeout(opts: Mapping[str, Any]) -> float | None:
    """``-t/--timeout`` when given, else None (the containers' own stop timeout)."""
    return float(_opt(opts, "timeout", 0)) if _changed(opts, "timeout") else None


def _layer_events(ctx: CommandContext, layers: list[tuple[str, bool]]) -> None:
    """Per-layer pull events as compose's plain progress shows them (IDs are 12-hex layer digests)."""
    new = []
    for digest, present in layers:
        short = digest.removeprefix("sha256:")[:12]
        if present:
            _event(ctx, short, "Already exists")
        else:
            _event(ctx, short, "Pulling fs layer")
            new.append(short)
    for short in new:
        _event(ctx, short, "Download complete")
    for short in new:
        _event(ctx, short, "Pull complete")


def _warn(ctx: CommandContext, message: str) -> None:
    ctx.err.write(f"WARN[0000] {message}\n")


def _load(ctx: CommandContext, opts: Mapping[str, Any], services: list[str] | None = None) -> Project:
    if _opt(opts, "dry-run", False):
        raise NotModelledError("compose --dry-run")
    progress = str(_opt(opts, "progress", ""))
    if progress not in ("", "auto", "tty", "plain", "quiet", "json"):
        raise ComposeError(f"unsupported --progress value {progress!r}")
    if progress == "quiet":
        ctx.data["compose_progress"] = "quiet"
    if "-" in list(_opt(opts, "file", [])):
        raise NotModelledError("reading the compose file from stdin (-f -)")
    options = LoadOptions(
        files=list(_opt(opts, "file", [])),
        project_name=str(_opt(opts, "project-name", "")),
        project_directory=str(_opt(opts, "project-directory", "")),
        env_files=list(_opt(opts, "env-file", [])),
        profiles=list(_opt(opts, "profile", [])),
        interpolate=not _opt(opts, "no-interpolate", False),
        explicit_services=list(services or []),
    )
    project = load_project(ctx.cwd, dict(ctx.env), options)
    for message in project.warnings:
        _warn(ctx, message)
    return project


def _check_services(project: Project, names: list[str]) -> None:
    for name in names:
        if name not in project.services:
            raise ComposeError(f"no such service: {name}")


def _container_name(project: Project, service: Service, number: int) -> str:
    return service.container_name or f"{project.name}-{service.name}-{number}"


def _short_name(container: Any) -> str:
    """``web-1`` (the log prefix compose v2 uses); a ``container_name`` is used as it is."""
    labels = container.labels or {}
    service = labels.get(LABEL_SERVICE, "")
    number = labels.get(LABEL_NUMBER, "")
    if labels.get(LABEL_ONEOFF) == "True" or not service:
        return str(container.name)
    project = labels.get(LABEL_PROJECT, "")
    if project and str(container.name) != f"{project}-{service}-{number}":
        return str(container.name)
    return f"{service}-{number}"


def _container_spec(
    project: Project, service: Service, number: int, *, oneoff: bool = False, name: str = ""
) -> ContainerSpec:
    environment = [f"{k}={v}" for k, v in service.environment.items() if v is not None]
    ports = [
        PortBinding(container_port=p.target, protocol=p.protocol, host_ip=p.host_ip, host_port=p.published)
        for p in service.ports
    ]
    mounts = []
    for m in service.volumes:
        source = m.source
        if m.type == "volume" and source:
            source = project.volume_name(source)
        mounts.append(MountSpec(type=m.type, target=m.target, source=source, read_only=m.read_only))
    restart = RestartPolicy()
    if service.restart:
        policy, _, count = service.restart.partition(":")
        restart = RestartPolicy(policy, int(count) if count.isdigit() else 0)
    labels = dict(service.labels)
    labels.update(
        {
            LABEL_PROJECT: project.name,
            LABEL_SERVICE: service.name,
            LABEL_NUMBER: str(number),
            LABEL_ONEOFF: "True" if oneoff else "False",
            LABEL_CONFIG_HASH: _hash(service),
            LABEL_DEPENDS_ON: ",".join(
                f"{dep}:{spec.condition}:{'true' if spec.restart else 'false'}"
                for dep, spec in service.depends_on.items()
            ),
            LABEL_IMAGE: service.image_name(project.name),
            LABEL_CONFIG_FILES: ",".join(str(f) for f in project.files),
            LABEL_WORKING_DIR: str(project.working_dir),
            LABEL_VERSION: COMPOSE_VERSION,
        }
    )
    network = ""
    aliases: list[str] = []
    if service.network_mode:
        network = service.network_mode
    elif service.networks:
        network = project.network_name(service.networks[0])
        aliases = _aliases(service, service.networks[0])
    healthcheck = None
    if service.healthcheck:
        hc = service.healthcheck
        healthcheck = {
            "Test": list(hc.get("test", [])),
            "Interval": parse_duration(hc["interval"]) if "interval" in hc else 30.0,
            "Timeout": parse_duration(hc["timeout"]) if "timeout" in hc else 30.0,
            "StartPeriod": parse_duration(hc["start_period"]) if "start_period" in hc else 0.0,
            "Retries": int(hc.get("retries", 3)),
        }
    flags = service.config
    return ContainerSpec(
        tty=bool(flags.get("tty", False)),
        interactive=bool(flags.get("stdin_open", False)),
        read_only=bool(flags.get("read_only", False)),
        image=service.image_name(project.name),
        command=list(service.command or []),
        name=name or _container_name(project, service, number),
        detach=True,
        env=environment,
        ports=ports,
        mounts=mounts,
        network=network,
        network_aliases=aliases,
        restart=restart,
        labels=labels,
        workdir=service.working_dir,
        user=service.user,
        entrypoint=list(service.entrypoint) if service.entrypoint is not None else None,
        hostname=service.hostname,
        memory=service.memory,
        cpus=service.cpus,
        healthcheck=healthcheck,
        extra={"expose": list(service.expose)},
    )


def _hash(service: Service) -> str:
    return config_hash(service)


def _parse_scale(project: Project, values: list[str]) -> dict[str, int]:
    scale: dict[str, int] = {}
    for value in values:
        name, sep, num = value.partition("=")
        if not sep:
            raise ComposeError(f'invalid --scale option "{value}". Should be SERVICE=NUM')
        if name not in project.services:
            raise ComposeError(f"no such service: {name}")
        try:
            count = int(num)
        except ValueError:
            raise ComposeError(f'invalid --scale option "{value}". Should be SERVICE=NUM') from None
        if count > 2**63 - 1:  # Go's strconv.Atoi
            raise ComposeError(f'strconv.Atoi: parsing "{num}": value out of range')
        if count < 0:
            raise ComposeError(f'invalid --scale option "{value}". Should be SERVICE=NUM')
        scale[name] = count
    return scale


def _services_for(project: Project, args: list[str], no_deps: bool = False) -> list[Service]:
    _check_services(project, args)
    return project.dependency_order(args or None, with_deps=not no_deps)


# -- up ------------------------------------------------------------------------------------------


def _ensure_images(
    ctx: CommandContext,
    backend: Backend,
    project: Project,
    services: list[Service],
    *,
    build: bool,
    no_build: bool,
    policy: str = "missing",
    quiet_pull: bool = False,
) -> None:
    if policy not in ("policy", "missing", "always", "never", "build", "if_not_present", ""):
        raise ComposeError(f"invalid --pull option {policy!r}")
    to_build = []
    for service in services:  # compose pulls the missing images first, then builds
        ref = service.image_name(project.name)
        present = backend.image_present(ref)
        if service.build is not None and not no_build and (build or policy == "build" or not present):
            to_build.append(service)
        elif policy == "never" and not present:
            raise EngineError(f"No such image: {ref}")
        elif (policy == "always" and service.image) or not present:
            if not quiet_pull:
                _event(ctx, service.name, "Pulling")
            layers = backend.pull(ref, always=policy == "always")
            if not quiet_pull:
                _layer_events(ctx, layers)
                _event(ctx, service.name, "Pulled")
    for service in to_build:
        if backend.build(project, service) != 0:
            raise ComposeError(f'failed to build the image of service "{service.name}"')


def _ensure_networks(ctx: CommandContext, backend: Backend, project: Project, services: list[Service]) -> None:
    used: list[str] = []
    for service in services:
        for key in service.networks:
            if key not in used:
                used.append(key)
    for key in used:
        spec = project.networks.get(key, {})
        name = project.network_name(key)
        if backend.network(name) is not None:
            continue
        if spec.get("external"):
            raise ComposeError(f"network {name} declared as external, but could not be found")
        _event(ctx, f"Network {name}", "Creating")
        backend.create_network(name, key, project, spec)
        _event(ctx, f"Network {name}", "Created")


def _ensure_volumes(ctx: CommandContext, backend: Backend, project: Project, services: list[Service]) -> None:
    used: list[str] = []
    for service in services:
        for mount in service.volumes:
            if mount.type == "volume" and mount.source and mount.source not in used:
                used.append(mount.source)
    for key in used:
        spec = project.volumes.get(key, {})
        name = project.volume_name(key)
        if backend.volume(name) is not None:
            continue
        if spec.get("external"):
            raise ComposeError(f'volume "{name}" declared as external, but could not be found')
        _event(ctx, f'Volume "{name}"', "Creating")
        backend.create_volume(name, key, project, spec)
        _event(ctx, f'Volume "{name}"', "Created")


def _aliases(service: Service, key: str) -> list[str]:
    """The DNS names of a service on one network: the service name, then ``networks.<key>.aliases``."""
    spec = (service.config.get("networks") or {}).get(key)
    extra = spec.get("aliases") if isinstance(spec, dict) else None
    return list(dict.fromkeys([service.name, *(str(a) for a in extra or [])]))


def _connect_extra_networks(backend: Backend, project: Project, service: Service, container: Any) -> None:
    for key in service.networks[1:]:
        backend.connect(project.network_name(key), container, _aliases(service, key))


def _create(backend: Backend, project: Project, service: Service, number: int) -> Any:
    """Create one replica (``network_mode: service:x`` joins that service's first container)."""
    spec = _container_spec(project, service, number)
    if spec.network.startswith("service:"):
        target = spec.network.removeprefix("service:")
        containers = backend.service_containers(project.name, target)
        if not containers:
            raise ComposeError(f'service "{service.name}" depends on service "{target}" which has no container')
        spec.network = f"container:{containers[0].id}"
    created = backend.create(spec)
    _connect_extra_networks(backend, project, service, created)
    return created


def _converge(
    ctx: CommandContext,
    backend: Backend,
    project: Project,
    services: list[Service],
    scale: dict[str, int],
    *,
    force_recreate: bool,
    no_recreate: bool,
    renew_anon: bool,
    timeout: float | None,
) -> None:
    """Create, recreate or remove containers so each service has the wanted replicas."""
    for service in services:
        wanted = scale.get(service.name, service.replicas)
        if service.container_name and wanted > 1:
            raise ComposeError(container_name_error(service.name))
        existing = {
            int(c.labels.get(LABEL_NUMBER, "0")): c for c in backend.service_containers(project.name, service.name)
        }
        for number in sorted(existing):
            container = existing[number]
            if number > wanted:
                if container.running:
                    _stop(ctx, backend, container, timeout)
                _remove(ctx, backend, container)
                continue
            outdated = container.labels.get(LABEL_CONFIG_HASH) != _hash(service)
            if force_recreate or (outdated and not no_recreate):
                _event(ctx, f"Container {container.name}", "Recreate")
                if container.running:
                    backend.stop(container, timeout)
                backend.remove(container, volumes=renew_anon)
                created = _create(backend, project, service, number)
                _event(ctx, f"Container {created.name}", "Recreated")
            elif container.running:
                _event(ctx, f"Container {container.name}", "Running")
        backend.engine.ensure_room(wanted - sum(1 for number in existing if number <= wanted))
        for number in range(1, wanted + 1):
            if number in existing:
                continue
            name = _container_name(project, service, number)
            _event(ctx, f"Container {name}", "Creating")
            _create(backend, project, service, number)
            _event(ctx, f"Container {name}", "Created")


def _wait_dependencies(ctx: CommandContext, backend: Backend, project: Project, service: Service) -> None:
    for dep, spec in service.depends_on.items():
        if dep not in project.services or spec.condition == "service_started":
            continue
        for container in backend.service_containers(project.name, dep):
            _event(ctx, f"Container {container.name}", "Waiting")
            if spec.condition == "service_healthy":
                if not backend.health(container):
                    _event(ctx, f"Container {container.name}", "Error")
                    raise ComposeError(
                        f"dependency failed to start: container {container.name} has no healthcheck configured"
                    )
                status = backend.wait_healthy(container)
                if status != "healthy":
                    _event(ctx, f"Container {container.name}", "Error")
                    raise ComposeError(f"dependency failed to start: container {container.name} is unhealthy")
                _event(ctx, f"Container {container.name}", "Healthy")
            else:
                current = backend.wait_exit(container)
                if current.state == "running":
                    raise ComposeError(
                        f"dependency failed to start: container {container.name} is still running after the "
                        "simulator's wait limit"
                    )
                if current.exit_code != 0:
                    _event(ctx, f"Container {container.name}", "Error")
                    raise ComposeError(f'service "{dep}" didn\'t complete successfully: exit {current.exit_code}')
                _event(ctx, f"Container {container.name}", "Exited")


def _start_services(
    ctx: CommandContext, backend: Backend, project: Project, services: list[Service], *, verb: str = "Start"
) -> None:
    for service in services:
        containers = [c for c in backend.service_containers(project.name, service.name) if not c.running]
        if not containers:
            continue
        _wait_dependencies(ctx, backend, project, service)
        for container in containers:
            _event(ctx, f"Container {container.name}", f"{verb}ing")
            backend.start(container)
            _event(ctx, f"Container {container.name}", f"{verb}ed")


def _orphans(backend: Backend, project: Project) -> list[Any]:
    every = set(project.services) | set(project.disabled)
    return [c for c in backend.containers(project.name) if c.labels.get(LABEL_SERVICE) not in every]


def run_up(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose up``: networks, volumes, containers in dependency order, then start them."""
    project = _load(ctx, opts, args)
    backend = Backend(ctx)
    scale = _parse_scale(project, list(opts.scale))
    for name, count in scale.items():
        if project.services[name].container_name and count > 1:
            raise ComposeError(container_name_error(name))
    services = _services_for(project, args, bool(opts.no_deps))
    detach = bool(opts.detach) or bool(opts.wait)
    if opts.build and opts.no_build:
        raise ComposeError("--build and --no-build are incompatible")
    if opts.force_recreate and opts.no_recreate:
        raise ComposeError("--force-recreate and --no-recreate are incompatible")
    if detach and opts.abort_on_container_exit:
        raise ComposeError("--abort-on-container-exit and --detach are incompatible")
    timeout = _timeout(opts)
    if opts.watch:
        raise NotModelledError("'docker compose up --watch' (watching files for changes)")
    exit_code_from = str(opts.exit_code_from)
    if exit_code_from:
        _check_services(project, [exit_code_from])
        if detach:
            raise ComposeError("--exit-code-from and --detach are incompatible")

    orphans = _orphans(backend, project)
    if orphans and not opts.remove_orphans:
        names = ", ".join(c.name for c in orphans)
        _warn(
            ctx,
            f"Found orphan containers ([{names}]) for this project. If you removed or renamed this service "
            "in your compose file, you can run this command with the --remove-orphans flag to clean it up.",
        )
    _ensure_images(
        ctx,
        backend,
        project,
        services,
        build=bool(opts.build),
        no_build=bool(opts.no_build),
        policy=str(opts.pull),
        quiet_pull=bool(opts.quiet_pull),
    )
    _ensure_networks(ctx, backend, project, services)
    _ensure_volumes(ctx, backend, project, services)
    if orphans and opts.remove_orphans:
        for container in orphans:
            _event(ctx, f"Container {container.name}", "Removing")
            if container.running:
                backend.stop(container, timeout)
            backend.remove(container)
            _event(ctx, f"Container {container.name}", "Removed")
    _converge(
        ctx,
        backend,
        project,
        services,
        scale,
        force_recreate=bool(opts.force_recreate),
        no_recreate=bool(opts.no_recreate),
        renew_anon=bool(opts.renew_anon_volumes),
        timeout=timeout,
    )
    if opts.no_start:
        return 0
    _start_services(ctx, backend, project, services)
    if opts.wait:
        for service in services:
            for container in backend.service_containers(project.name, service.name):
                if backend.health(container):
                    _event(ctx, f"Container {container.name}", "Waiting")
                    status = backend.wait_healthy(container)
                    if status != "healthy":
                        _event(ctx, f"Container {container.name}", "Error")
                        raise ComposeError(f"container {container.name} is unhealthy")
                    _event(ctx, f"Container {container.name}", "Healthy")
    if not detach:
        containers = [c for s in services for c in backend.service_containers(project.name, s.name)]
        ctx.out.line("Attaching to " + ", ".join(_short_name(c) for c in containers))
        _print_logs(
            ctx,
            backend,
            containers,
            tail=None,
            timestamps=bool(opts.timestamps),
            prefix=not opts.no_log_prefix,
        )
        if ctx.live:
            ctx.data["compose"] = {"project": project.name, "services": [s.name for s in services]}
            ctx.job = live.ComposeAttached(
                ctx.engine,
                _watches(containers, opts),
                stop=_stopper(ctx, backend, _timeout(opts)),
                exit_code_from=str(exit_code_from or ""),
                abort_on_exit=bool(opts.abort_on_container_exit),
            )
            return 0
        if exit_code_from:
            watched = backend.service_containers(project.name, exit_code_from)
            if watched:
                finished = backend.wait_exit(watched[0])
                if finished.state != "running":
                    ctx.out.line(f"{_short_name(finished)} exited with code {finished.exit_code}")
                    return int(finished.exit_code)
        ctx.err.line(ATTACHED_NOTE)
    ctx.data["compose"] = {"project": project.name, "services": [s.name for s in services]}
    return 0


def _changed(opts: Mapping[str, Any], name: str) -> bool:
    changed = getattr(opts, "changed", None)
    if callable(changed):
        return bool(changed(name))
    return name in opts


# -- down / stop / start / restart ---------------------------------------------------------------


def _reverse_order(project: Project, containers: list[Any]) -> list[Any]:
    order = [s.name for s in project.dependency_order()]
    rank = {name: i for i, name in enumerate(order)}
    return sorted(containers, key=lambda c: (-rank.get(c.labels.get(LABEL_SERVICE, ""), -1), c.name))


def _load_or_name(ctx: CommandContext, opts: Mapping[str, Any]) -> Project:
    """The project; with ``-p`` and no compose file, an empty project of that name (down/ps/logs work)."""
    try:
        return _load(ctx, opts)
    except ComposeError as exc:
        name = str(_opt(opts, "project-name", ""))
        if name and exc.message == "no configuration file provided: not found":
            return Project(name=name, working_dir=ctx.cwd, files=[], services={})
        raise


def run_down(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose down``: stop and remove containers, then project networks (and volumes with ``-v``)."""
    project = _load_or_name(ctx, opts)
    backend = Backend(ctx)
    _check_services(project, args)
    timeout = _timeout(opts)
    remove_volumes = bool(opts.volumes)
    rmi = str(opts.rmi)
    if rmi and rmi not in ("local", "all"):
        raise ComposeError(f"invalid value for --rmi: {rmi}")
    containers = backend.containers(project.name, oneoff=None)
    if args:
        containers = [c for c in containers if c.labels.get(LABEL_SERVICE) in args]
    else:
        known = set(project.services) | set(project.disabled)
        orphans = [c for c in containers if c.labels.get(LABEL_SERVICE) not in known]
        if orphans and project.files and not opts.remove_orphans:
            containers = [c for c in containers if c not in orphans]
            names = ", ".join(c.name for c in orphans)
            _warn(
                ctx,
                f"Found orphan containers ([{names}]) for this project. If you removed or renamed this "
                "service in your compose file, you can run this command with the --remove-orphans flag to "
                "clean it up.",
            )
    did = False
    ordered = _reverse_order(project, containers)
    for container in ordered:
        did = True
        if container.running:
            _stop(ctx, backend, container, timeout)
        _remove(ctx, backend, container, volumes=remove_volumes)
    if not args:
        names = [project.network_name(k) for k, spec in project.networks.items() if not spec.get("external")]
        if not project.files:
            names = [
                n.name
                for n in list(backend.engine.networks.values())
                if (n.labels or {}).get(LABEL_PROJECT) == project.name
            ]
        for name in names:
            if backend.network(name) is None:
                continue
            did = True
            _event(ctx, f"Network {name}", "Removing")
            backend.remove_network(name)
            _event(ctx, f"Network {name}", "Removed")
        if remove_volumes:
            vols = [project.volume_name(k) for k, spec in project.volumes.items() if not spec.get("external")]
            for name in vols:
                if backend.volume(name) is None:
                    continue
                did = True
                _event(ctx, f"Volume {name}", "Removing")
                backend.remove_volume(name)
                _event(ctx, f"Volume {name}", "Removed")
        if rmi:
            for service in project.services.values():
                if rmi == "local" and service.image:
                    continue
                ref = service.image_name(project.name)
                if not backend.image_present(ref):
                    continue
                did = True
                _event(ctx, f"Image {ref}", "Removing")
                backend.remove_image(ref)
                _event(ctx, f"Image {ref}", "Removed")
    if not did:
        ctx.err.line(f'Warning: No resource found to remove for project "{project.name}".')
    return 0


def _selected(backend: Backend, project: Project, args: list[str]) -> list[Any]:
    _check_services(project, args)
    containers = backend.containers(project.name)
    if args:
        containers = [c for c in containers if c.labels.get(LABEL_SERVICE) in args]
    return containers


def run_stop(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose stop``: stop running containers (dependents first); they are kept."""
    project = _load(ctx, opts)
    backend = Backend(ctx)
    timeout = _timeout(opts)
    for container in _reverse_order(project, _selected(backend, project, args)):
        if not container.running:
            continue
        _stop(ctx, backend, container, timeout)
    return 0


def run_start(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose start``: start existing containers in dependency order."""
    project = _load(ctx, opts)
    backend = Backend(ctx)
    _check_services(project, args)
    services = project.dependency_order(args or None, with_deps=False)
    for service in services:
        if not backend.service_containers(project.name, service.name) and args:
            raise ComposeError(f'service "{service.name}" has no container to start')
    _start_services(ctx, backend, project, services)
    return 0


def _restart_targets(project: Project, names: list[str], *, no_deps: bool) -> list[Service]:
    """What ``restart SERVICE…`` restarts, as compose's restart does: the named services and, unless
    ``--no-deps``, the services depending on them with ``restart: true`` (and on those, in turn); never
    their dependencies. In dependency order; every service when none is named."""
    if not names:
        return project.dependency_order(None, with_deps=False)
    selected = set(names)
    grew = not no_deps
    while grew:
        grew = False
        for service in project.services.values():
            if service.name not in selected and any(
                dep in selected and link.restart for dep, link in service.depends_on.items()
            ):
                selected.add(service.name)
                grew = True
    return project.dependency_order([name for name in project.services if name in selected], with_deps=False)


def run_restart(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose restart``: restart the services' containers."""
    project = _load(ctx, opts)
    backend = Backend(ctx)
    timeout = _timeout(opts)
    _check_services(project, args)
    services = _restart_targets(project, args, no_deps=bool(opts.no_deps))
    for service in services:
        for container in backend.service_containers(project.name, service.name):
            _event(ctx, f"Container {container.name}", "Restarting")
            backend.restart(container, timeout)
            _event(ctx, f"Container {container.name}", "Started")
    return 0


# -- ps / logs -----------------------------------------------------------------------------------


def _command_text(container: Any) -> str:
    parts = [getattr(container, "path", "") or "", *(getattr(container, "args", None) or [])]
    return " ".join(p for p in parts if p)


def _ellipsis(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _status_text(backend: Backend, container: Any) -> str:
    from dockersim.formatting.units import human_duration

    now = backend.now()
    state = container.state
    if state in ("running", "paused"):
        text = "Up " + human_duration(now - float(container.started_at or now))
        if state == "paused":
            return text + " (Paused)"
        health = backend.health(container)
        if health == "starting":
            return text + " (health: starting)"
        if health:
            return f"{text} ({health})"
        return text
    if state == "restarting":
        return f"Restarting ({container.exit_code}) {human_duration(now - float(container.finished_at or now))} ago"
    if state == "exited":
        return f"Exited ({container.exit_code}) {human_duration(now - float(container.finished_at or now))} ago"
    return state.capitalize()


def _ports_text(container: Any) -> str:
    items: list[str] = []
    for p in getattr(container, "ports", None) or []:
        cport = f"{p.get('container_port')}/{p.get('protocol', 'tcp')}"
        host_port = p.get("host_port")
        if host_port:
            host_ip = p.get("host_ip") or ""
            if host_ip:
                items.append(f"{host_ip}:{host_port}->{cport}")
            else:
                items.append(f"0.0.0.0:{host_port}->{cport}")
                items.append(f"[::]:{host_port}->{cport}")
        else:
            items.append(cport)
    published = {i.split("->")[-1] for i in items if "->" in i}
    for exposed in getattr(container, "exposed_ports", None) or []:
        key = exposed if "/" in exposed else f"{exposed}/tcp"
        if key not in published and key not in items:
            items.append(key)
    return ", ".join(items)


PS_HEADERS = {
    "ID": "CONTAINER ID", "Name": "NAME", "Names": "NAMES", "Image": "IMAGE", "Command": "COMMAND",
    "Project": "PROJECT", "Service": "SERVICE", "CreatedAt": "CREATED AT", "RunningFor": "CREATED",
    "State": "STATE", "Status": "STATUS", "Health": "HEALTH", "ExitCode": "EXIT CODE", "Labels": "LABELS",
    "Networks": "NETWORKS", "Ports": "PORTS",
}  # fmt: skip


TABLE_COLUMNS = ("Name", "Image", "Command", "Service", "RunningFor", "Status", "Ports")


def _created_at(when: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(when, tz=UTC).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def run_ps(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose ps``: the project's containers (running ones unless ``-a``)."""
    from dockersim.formatting.table import tabwrite
    from dockersim.formatting.units import ago

    project = _load_or_name(ctx, opts)
    backend = Backend(ctx)
    _check_services(project, args)
    containers = backend.containers(project.name, oneoff=None)
    if args:
        containers = [c for c in containers if c.labels.get(LABEL_SERVICE) in args]
    statuses = list(opts.status)
    flt = str(opts.filter)
    if flt:
        key, _, value = flt.partition("=")
        if key != "status":
            raise ComposeError(f"unsupported filter {key}")
        statuses.append(value)
    if statuses:
        containers = [c for c in containers if c.state in statuses]
    elif not opts.all:
        containers = [c for c in containers if c.running]
    containers.sort(key=lambda c: c.name)
    if opts.services:
        for name in dict.fromkeys(c.labels.get(LABEL_SERVICE, "") for c in containers):
            ctx.out.line(name)
        return 0
    if opts.quiet:
        for c in containers:
            ctx.out.line(c.id)
        return 0
    fmt = str(opts.format)
    now = backend.now()
    rows = [
        {
            "ID": c.id,
            "Name": c.name,
            "Names": c.name,
            "Image": c.image,
            "Command": _command_text(c),
            "Project": project.name,
            "Service": c.labels.get(LABEL_SERVICE, ""),
            "CreatedAt": _created_at(float(c.created)),
            "RunningFor": ago(now - float(c.created)),
            "State": c.state,
            "Status": _status_text(backend, c),
            "Health": backend.health(c),
            "ExitCode": c.exit_code,
            "Labels": ",".join(f"{k}={v}" for k, v in sorted((c.labels or {}).items())),
            "Networks": ",".join(sorted(getattr(c, "networks", None) or {})),
            "Ports": _ports_text(c),
        }
        for c in containers
    ]
    if fmt == "json":
        for row in rows:
            ctx.out.line(json.dumps(row, separators=(",", ":"), ensure_ascii=False))
        return 0
    if fmt != "table":
        from dockersim.formatting.template import TemplateError, render_rows

        try:
            ctx.out.write(render_rows(fmt, rows, PS_HEADERS))  # type: ignore[arg-type]
        except TemplateError as exc:
            raise ComposeError(exc.message) from None
        return 0
    no_trunc = bool(opts.no_trunc)
    lines = ["NAME\tIMAGE\tCOMMAND\tSERVICE\tCREATED\tSTATUS\tPORTS"]
    for row in rows:
        command = str(row["Command"]) if no_trunc else _ellipsis(str(row["Command"]), 20)
        lines.append("\t".join([str(row[k]) if k != "Command" else f'"{command}"' for k in TABLE_COLUMNS]))
    ctx.out.write(tabwrite("\n".join(lines) + "\n"))
    return 0


def _print_logs(
    ctx: CommandContext,
    backend: Backend,
    containers: list[Any],
    *,
    tail: int | None,
    timestamps: bool,
    prefix: bool,
    since: float | None = None,
    until: float | None = None,
) -> None:
    from datetime import UTC, datetime

    width = max((len(_short_name(c)) for c in containers), default=0) + 1
    merged: list[tuple[float, int, str, str]] = []
    for index, container in enumerate(containers):
        lines = [
            line
            for line in backend.logs(container)
            if (since is None or line[0] >= since) and (until is None or line[0] <= until)
        ]
        if tail is not None:
            lines = lines[-tail:] if tail > 0 else []
        head = f"{_short_name(container):<{width}} | " if prefix else ""
        for when, _stream, text in lines:
            merged.append((when, index, head, text))
    merged.sort(key=lambda item: (item[0], item[1]))
    for when, _index, head, text in merged:
        stamp = ""
        if timestamps:
            moment = datetime.fromtimestamp(when, tz=UTC)
            stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond * 1000:09d}Z "
        ctx.out.write(f"{head}{stamp}{text.rstrip(chr(10))}\n")


def _watches(containers: list[Any], opts: Mapping[str, Any]) -> list[live.Watch]:
    """Followed containers with compose's ``name-1  | `` prefixes (the width of the longest name)."""
    width = max((len(_short_name(c)) for c in containers), default=0) + 1
    prefix = not _opt(opts, "no-log-prefix", False)
    stamps = bool(_opt(opts, "timestamps", False))
    watches = []
    for c in containers:
        name = _short_name(c)
        watches.append(live.Watch(c, prefix=f"{name:<{width}} | " if prefix else "", timestamps=stamps, name=name))
    return watches


def _stopper(ctx: CommandContext, backend: Backend, timeout: float | None) -> Any:
    """What an attached ``up`` does on Ctrl+C: stop its containers (compose's events, then their chunks)."""

    def stop(containers: list[Any], force: bool) -> list[tuple[str, str]]:
        scratch = CommandContext(engine=ctx.engine, cwd=ctx.cwd, env=dict(ctx.env))
        for container in reversed(containers):
            if force:
                _event(scratch, f"Container {container.name}", "Killing")
                backend.engine.kill_container(container, "KILL")
                _event(scratch, f"Container {container.name}", "Killed")
            else:
                _stop(scratch, backend, container, timeout)
        return list(scratch.transcript)

    return stop


def _log_time(backend: Backend, value: str, flag: str) -> float | None:
    """``--since``/``--until``: a Go duration before now, a Unix timestamp or an RFC 3339 date."""
    from datetime import UTC, datetime

    if not value:
        return None
    if value[-1].isalpha() and value[0].isdigit():
        try:
            return backend.now() - parse_duration(value)
        except ComposeError:
            pass
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ComposeError(f'invalid value "{value}" for flag --{flag}') from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def run_logs(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose logs``: the containers' output with ``service-N  | `` prefixes."""
    project = _load_or_name(ctx, opts)
    backend = Backend(ctx)
    containers = _selected(backend, project, args)
    index = int(opts.index)
    if index:
        containers = [c for c in containers if c.labels.get(LABEL_NUMBER) == str(index)]
    tail_text = str(opts.tail)
    tail: int | None = None
    if tail_text != "all":
        try:
            tail = int(tail_text)
        except ValueError:
            raise ComposeError(f'invalid value for --tail: "{tail_text}"') from None
        if tail < 0:
            tail = None
    since = _log_time(backend, str(opts.since), "since")
    until = _log_time(backend, str(opts.until), "until")
    _print_logs(
        ctx,
        backend,
        containers,
        since=since,
        until=until,
        tail=tail,
        timestamps=bool(opts.timestamps),
        prefix=not opts.no_log_prefix,
    )
    if opts.follow and ctx.live:
        watches = [watch for watch in _watches(containers, opts) if watch.c.running]
        if watches:
            ctx.job = live.FollowLogs(ctx.engine, watches, merge=True)
    elif opts.follow:
        ctx.err.line(FOLLOW_NOTE)
    return 0


# -- exec / run ----------------------------------------------------------------------------------


def run_exec(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose exec SERVICE COMMAND``: run a command in the service's (first) container."""
    if len(args) < 2:
        raise ComposeError('"docker compose exec" requires at least 2 arguments.')
    project = _load(ctx, opts, args[:1])
    backend = Backend(ctx)
    name, argv = args[0], args[1:]
    _check_services(project, [name])
    index = int(opts.index)
    containers = [c for c in backend.service_containers(project.name, name) if c.running]
    if index:
        containers = [c for c in containers if c.labels.get(LABEL_NUMBER) == str(index)]
        if not containers:
            raise ComposeError(f'service "{name}" is not running container #{index}')
    if not containers:
        raise ComposeError(f'service "{name}" is not running')
    if (ctx.live or ctx.stdin) and not opts.detach:
        session = _exec_session(ctx, containers[0], argv, opts)
        if session is not None:
            return session
    return backend.exec(
        containers[0],
        argv,
        user=str(opts.user),
        workdir=str(opts.workdir),
        env=list(opts.env),
        tty=not opts.no_TTY,
        detach=bool(opts.detach),
    )


def _exec_session(ctx: CommandContext, container: Any, argv: list[str], opts: Mapping[str, Any]) -> int | None:
    """``compose exec SERVICE sh`` (stdin always attached; a TTY unless ``-T``): an interactive session, run
    through piped input at once or left running for the terminal; None for other programs."""
    env = container.env_map()
    for item in _opt(opts, "env", []) or []:
        key, sep, value = str(item).partition("=")
        env[key] = value if sep else ctx.env.get(key, "")
    tty = not (_changed(opts, "no-TTY") and _opt(opts, "no-TTY", False)) and not ctx.stdin
    job = live.exec_job(
        ctx.engine,
        container,
        argv,
        tty=tty,
        user=str(_opt(opts, "user", "")),
        workdir=str(_opt(opts, "workdir", "")),
        env=env,
    )
    if job is None:
        return None
    if ctx.stdin:
        chunks = live.run_to_end(job, ctx.stdin)
    else:
        chunks = job.take()
        ctx.job = job
    for stream, text in chunks:
        (ctx.err if stream == "stderr" else ctx.out).write(text)
    return job.exit_code if job.exit_code is not None else 0


def run_run(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose run SERVICE [COMMAND]``: a one-off container (dependencies started first)."""
    if not args:
        raise ComposeError('"docker compose run" requires at least 1 argument.')
    project = _load(ctx, opts, args[:1])
    backend = Backend(ctx)
    name = args[0]
    _check_services(project, [name])
    service = project.services[name]
    deps = [] if opts.no_deps else [s for s in project.dependency_order([name]) if s.name != name]
    _ensure_images(ctx, backend, project, [*deps, service], build=bool(opts.build), no_build=False)
    _ensure_networks(ctx, backend, project, [*deps, service])
    _ensure_volumes(ctx, backend, project, [*deps, service])
    if deps:
        _converge(
            ctx, backend, project, deps, {}, force_recreate=False, no_recreate=True, renew_anon=False, timeout=None
        )
        _start_services(ctx, backend, project, deps)
    _wait_dependencies(ctx, backend, project, service)
    suffix = backend.engine.ids.new_id()[:12]
    container_name = str(opts.name) or f"{project.name}-{name}-run-{suffix}"
    spec = _container_spec(project, service, 1, oneoff=True, name=container_name)
    if len(args) > 1:
        spec.command = list(args[1:])
    if opts.entrypoint:
        spec.entrypoint = [str(opts.entrypoint)]
    spec.env = [*spec.env, *list(opts.env)]
    for label in opts.label:
        key, _, value = str(label).partition("=")
        spec.labels[key] = value
    if opts.user:
        spec.user = str(opts.user)
    if opts.workdir:
        spec.workdir = str(opts.workdir)
    if not opts.service_ports:
        spec.ports = []
    spec.auto_remove = False
    container = backend.create(spec)
    backend.start(container)
    if opts.detach:
        ctx.out.line(container.name)
        return 0
    current = backend.wait_exit(container)
    for _when, _stream, text in backend.logs(current):
        ctx.out.write(text.rstrip("\n") + "\n")
    if current.state == "running":
        ctx.err.line(ATTACHED_NOTE)
        return 0
    code = int(current.exit_code)
    if opts.rm:
        backend.remove(current, volumes=True)
    return code


# -- pull / build / config -----------------------------------------------------------------------


def run_pull(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose pull``: pull every service image (services with only ``build:`` are skipped)."""
    project = _load(ctx, opts, args)
    backend = Backend(ctx)
    _check_services(project, args)
    services = project.dependency_order(args or None, with_deps=bool(opts.include_deps))
    quiet = bool(opts.quiet)
    seen: dict[str, str] = {}
    failed = False
    for service in services:
        if not service.image:
            if not quiet:
                _event(ctx, service.name, "Skipped", "- No image to be pulled")
            continue
        if service.build is not None and opts.ignore_buildable:
            if not quiet:
                _event(ctx, service.name, "Skipped")
            continue
        if service.image in seen:
            if not quiet:
                _event(ctx, service.name, "Skipped", f"- Image is already being pulled by {seen[service.image]}")
            continue
        seen[service.image] = service.name
        if not quiet:
            _event(ctx, service.name, "Pulling")
        try:
            layers = backend.pull(service.image)
            if not quiet:
                _layer_events(ctx, layers)
        except Exception as exc:
            message = getattr(exc, "message", str(exc))
            if not quiet:
                _event(ctx, service.name, "Error", message)
            if not opts.ignore_pull_failures:
                raise
            failed = True
            continue
        if not quiet:
            _event(ctx, service.name, "Pulled")
    del failed
    return 0


def run_build(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose build``: build the services that have a ``build:`` section."""
    project = _load(ctx, opts, args)
    backend = Backend(ctx)
    _check_services(project, args)
    services = project.dependency_order(args or None, with_deps=bool(opts.with_dependencies))
    buildable = [s for s in services if s.build is not None]
    for service in buildable:
        extra = {}
        for item in opts.build_arg:
            key, sep, value = str(item).partition("=")
            extra[key] = value if sep else ctx.env.get(key)
        if extra and service.build is not None:
            service.build.args.update(extra)
        code = backend.build(project, service, no_cache=bool(opts.no_cache), pull=bool(opts.pull))
        if code != 0:
            return code
    return 0


def run_config(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose config``: the resolved, normalized model (or parts of it)."""
    project = _load(ctx, opts, args)
    _check_services(project, args)
    config = project.config
    if args:
        wanted = {s.name for s in project.dependency_order(args)}
        config = {**config, "services": {k: v for k, v in config["services"].items() if k in wanted}}
    else:
        config = {**config, "services": {k: v for k, v in config["services"].items() if k in project.services}}
    if opts.quiet:
        return 0
    if opts.services:
        for name in config["services"]:
            ctx.out.line(name)
        return 0
    if opts.volumes:
        for name in config.get("volumes", {}):
            ctx.out.line(name)
        return 0
    if opts.images:
        for name, svc in config["services"].items():
            ctx.out.line(str(svc.get("image") or f"{project.name}-{name}"))
        return 0
    if opts.profiles:
        profiles = sorted({p for s in {**project.services, **project.disabled}.values() for p in s.profiles})
        for name in profiles:
            ctx.out.line(name)
        return 0
    if opts.environment:
        for key, value in sorted(project.environment.items()):
            ctx.out.line(f"{key}={value}")
        return 0
    for unsupported in ("hash", "variables", "resolve-image-digests", "no-normalize", "no-path-resolution"):
        if _opt(opts, unsupported, False):
            raise NotModelledError(f"'docker compose config --{unsupported}'")
    fmt = str(opts.format)
    if fmt == "json":
        text = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "yaml":
        text = emit.dump(config)
    else:
        raise ComposeError(f"unsupported format {fmt!r}")
    if not opts.no_interpolate:
        text = text.replace("$", "$$")  # compose's escapeDollarSign: the output stays loadable
    output = str(opts.output)
    if output:
        target = Path(output) if Path(output).is_absolute() else ctx.cwd / output
        target.write_text(text, encoding="utf-8")
        return 0
    ctx.out.write(text)
    return 0


# -- version / ls / rm / kill / pause / unpause / port -------------------------------------------


def run_version(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose version``."""
    fmt = str(opts.format) or "pretty"
    if opts.short:
        ctx.out.line(COMPOSE_VERSION)
    elif fmt == "json":
        ctx.out.line(json.dumps({"version": f"v{COMPOSE_VERSION}"}))
    elif fmt == "pretty":
        ctx.out.line(f"Docker Compose version v{COMPOSE_VERSION}")
    else:
        raise ComposeError(f"ERROR: Invalid format type {fmt}")
    return 0


def run_ls(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose ls``: projects known by their containers' labels."""
    from dockersim.formatting.table import tabwrite

    projects: dict[str, dict[str, Any]] = {}
    for c in Backend(ctx).engine.containers.peek():
        labels = c.labels or {}
        name = labels.get(LABEL_PROJECT)
        if not name:
            continue
        entry = projects.setdefault(name, {"states": {}, "files": labels.get(LABEL_CONFIG_FILES, "")})
        entry["states"][c.state] = entry["states"].get(c.state, 0) + 1
    rows = []
    for name in sorted(projects):
        states = projects[name]["states"]
        if not opts.all and "running" not in states:
            continue
        status = ", ".join(f"{state}({count})" for state, count in sorted(states.items()))
        rows.append({"Name": name, "Status": status, "ConfigFiles": projects[name]["files"]})
    if opts.quiet:
        for row in rows:
            ctx.out.line(row["Name"])
    elif str(opts.format) == "json":
        ctx.out.line(json.dumps(rows))
    else:
        lines = ["NAME\tSTATUS\tCONFIG FILES"] + [f"{r['Name']}\t{r['Status']}\t{r['ConfigFiles']}" for r in rows]
        ctx.out.write(tabwrite("\n".join(lines) + "\n"))
    return 0


def run_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose rm``: remove stopped service containers (``-s`` stops them first)."""
    project = _load(ctx, opts)
    backend = Backend(ctx)
    containers = _selected(backend, project, args)
    if opts.stop:
        for container in _reverse_order(project, [c for c in containers if c.running]):
            _stop(ctx, backend, container)
        containers = [backend.get(c.id) or c for c in containers]
    stopped = [c for c in containers if not c.running]
    if not stopped:
        ctx.err.line("No stopped containers")
        return 0
    volumes = bool(opts.volumes)
    if not opts.force:
        ctx.out.line("Going to remove " + ", ".join(c.name for c in stopped))
        if ctx.live and not ctx.stdin:  # a terminal: the command waits for the reader's answer
            from dockersim.live.confirm import ask

            ids = [c.id for c in stopped]
            return ask(ctx, SURVEY_QUESTION, lambda later: _remove_ids(later, ids, volumes), survey_yes)
        ctx.out.write(SURVEY_QUESTION)
        if not ctx.stdin.strip().lower().startswith("y"):
            ctx.out.line("")
            return 0
        ctx.out.line("Yes")
    for container in stopped:
        _remove(ctx, backend, container, volumes=volumes)
    return 0


#: Compose's question (its survey prompt), the default No in capitals.
SURVEY_QUESTION = "? Are you sure? (y/N) "


def survey_yes(line: str) -> bool:
    """Compose's survey prompt: ``y`` or ``yes`` in any case is a yes; anything else (or nothing) a no."""
    return line.strip().lower() in ("y", "yes")


def _remove_ids(ctx: CommandContext, ids: list[str], volumes: bool) -> int:
    """Remove the containers the question named once the answer is yes (those still there)."""
    backend = Backend(ctx)
    for container_id in ids:
        container = backend.get(container_id)
        if container is not None and not container.running:
            _remove(ctx, backend, container, volumes=volumes)
    return 0


def run_kill(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose kill``: signal the running containers."""
    project = _load(ctx, opts)
    backend = Backend(ctx)
    signal = str(opts.signal).upper().removeprefix("SIG") or "KILL"
    for container in _selected(backend, project, args):
        if not container.running:
            continue
        _event(ctx, f"Container {container.name}", "Killing")
        backend.engine.kill_container(container, signal)
        _event(ctx, f"Container {container.name}", "Killed")
    return 0


def _pause(ctx: CommandContext, opts: Mapping[str, Any], args: list[str], *, pause: bool) -> int:
    project = _load(ctx, opts)
    backend = Backend(ctx)
    verb, done = ("Pausing", "Paused") if pause else ("Unpausing", "Unpaused")
    for container in _selected(backend, project, args):
        if (container.state == "running") != pause:
            continue
        _event(ctx, f"Container {container.name}", verb)
        if pause:
            backend.engine.pause_container(container.id)
        else:
            backend.engine.unpause_container(container.id)
        _event(ctx, f"Container {container.name}", done)
    return 0


def run_pause(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose pause``."""
    return _pause(ctx, opts, args, pause=True)


def run_unpause(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose unpause``."""
    return _pause(ctx, opts, args, pause=False)


def run_port(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker compose port SERVICE PRIVATE_PORT``: the published address of a container port."""
    project = _load(ctx, opts, args[:1])
    backend = Backend(ctx)
    name, private = args[0], args[1]
    _check_services(project, [name])
    protocol = str(opts.protocol)
    index = int(opts.index) or 1
    containers = [c for c in backend.service_containers(project.name, name) if c.labels.get(LABEL_NUMBER) == str(index)]
    if not containers:
        raise ComposeError(f'service "{name}" is not running container #{index}')
    for p in getattr(containers[0], "ports", None) or []:
        if str(p.get("container_port")) == private and p.get("protocol", "tcp") == protocol and p.get("host_port"):
            ctx.out.line(f"{p.get('host_ip') or '0.0.0.0'}:{p['host_port']}")
            return 0
    raise ComposeError(f"no port {private}/{protocol} for container {containers[0].name}: []")
