"""Everything compose asks of the engine, in one place.

The handlers never touch ``ctx.engine`` directly: they call :class:`Backend`, which uses the public
API of :class:`dockersim.engine.Engine` (``create_container(spec)``, ``start_container``,
``create_network``, ``create_volume``, ``pull_image`` …); a service's build and ``exec`` go through the
``docker build`` and ``docker exec`` handlers, called with their typed options (``Options.from_spec``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from dockersim.compose.model import Project, Service
from dockersim.context import CommandContext, NotModelledError
from dockersim.runspec import ContainerSpec

COMPOSE_VERSION = "2.37.3"
LABEL_PROJECT = "com.docker.compose.project"
LABEL_SERVICE = "com.docker.compose.service"
LABEL_NUMBER = "com.docker.compose.container-number"
LABEL_ONEOFF = "com.docker.compose.oneoff"
LABEL_CONFIG_HASH = "com.docker.compose.config-hash"
LABEL_DEPENDS_ON = "com.docker.compose.depends_on"
LABEL_IMAGE = "com.docker.compose.image"
LABEL_CONFIG_FILES = "com.docker.compose.project.config_files"
LABEL_WORKING_DIR = "com.docker.compose.project.working_dir"
LABEL_VERSION = "com.docker.compose.version"
LABEL_NETWORK = "com.docker.compose.network"
LABEL_VOLUME = "com.docker.compose.volume"
#: Longest the simulated clock is advanced while waiting for a health check.
MAX_HEALTH_WAIT = 600.0


def config_hash(service: Service) -> str:
    """A digest of the service's normalized configuration (recreate when it changes)."""
    raw = json.dumps(service.config, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


class Backend:
    """Compose's view of the engine for one command."""

    def __init__(self, ctx: CommandContext) -> None:
        self.ctx = ctx
        self.engine: Any = ctx.engine

    # -- queries ------------------------------------------------------------------------------
    def containers(self, project: str, *, oneoff: bool | None = False) -> list[Any]:
        """The project's containers (any state), ordered by service then container number."""
        found = []
        for c in list(self.engine.containers.peek()):
            labels = c.labels or {}
            if labels.get(LABEL_PROJECT) != project:
                continue
            if oneoff is not None and (labels.get(LABEL_ONEOFF, "False") == "True") != oneoff:
                continue
            found.append(self.engine.containers[c.id])  # handed out: touched (engine/table.py)
        return sorted(found, key=lambda c: (c.labels.get(LABEL_SERVICE, ""), _number(c), c.name))

    def service_containers(self, project: str, service: str) -> list[Any]:
        """One service's (non one-off) containers, by number."""
        return [c for c in self.containers(project) if c.labels.get(LABEL_SERVICE) == service]

    def network(self, name: str) -> Any:
        """The network called ``name`` or None."""
        for net in self.engine.networks.values():
            if net.name == name:
                return net
        return None

    def volume(self, name: str) -> Any:
        """The volume called ``name`` or None."""
        return self.engine.volumes.get(name)

    def image_present(self, ref: str) -> bool:
        """Whether the engine has image ``ref``."""
        return self.engine.get_image(ref) is not None

    def health(self, container: Any) -> str:
        """``starting``/``healthy``/``unhealthy``, or ``""`` when the container has no health check."""
        hc = getattr(container, "healthcheck", None)
        return str(hc.get("Status", "")) if hc else ""

    def now(self) -> float:
        """The simulated clock."""
        return float(self.engine.now())

    # -- resources ----------------------------------------------------------------------------
    def create_network(self, name: str, key: str, project: Project, spec: dict[str, Any]) -> None:
        """Create a project network with compose's labels."""
        ipam = spec.get("ipam") or {}
        configs = ipam.get("config") or [] if isinstance(ipam, dict) else []
        subnet = str(configs[0].get("subnet", "")) if configs and isinstance(configs[0], dict) else ""
        gateway = str(configs[0].get("gateway", "")) if configs and isinstance(configs[0], dict) else ""
        labels = {LABEL_NETWORK: key, LABEL_PROJECT: project.name, LABEL_VERSION: COMPOSE_VERSION}
        labels.update({str(k): str(v) for k, v in (spec.get("labels") or {}).items()})
        self.engine.create_network(
            name,
            driver=str(spec.get("driver") or "bridge"),
            subnet=subnet,
            gateway=gateway,
            internal=bool(spec.get("internal")),
            attachable=bool(spec.get("attachable")),
            labels=labels,
        )

    def remove_network(self, name: str) -> None:
        """Remove a network by name."""
        self.engine.remove_network(name)

    def create_volume(self, name: str, key: str, project: Project, spec: dict[str, Any]) -> None:
        """Create a project volume with compose's labels."""
        labels = {LABEL_VOLUME: key, LABEL_PROJECT: project.name, LABEL_VERSION: COMPOSE_VERSION}
        labels.update({str(k): str(v) for k, v in (spec.get("labels") or {}).items()})
        self.engine.create_volume(name, labels=labels, driver=str(spec.get("driver") or "local"))

    def remove_volume(self, name: str) -> None:
        """Remove a volume by name."""
        self.engine.remove_volume(name)

    def _known_layers(self) -> set[str]:
        return {
            layer.digest for img in self.engine.images.values() for layer in img.layers if getattr(layer, "digest", "")
        }

    def pull(self, ref: str, *, always: bool = True) -> list[tuple[str, bool]]:
        """Pull ``ref`` silently; its filesystem layers as ``(digest, already_present)``.

        ``always`` asks the registry even when the image is present (``compose pull``).
        """
        known = self._known_layers()
        present = self.engine.get_image(ref)
        record = self.engine.pull_image(ref, None, quiet=True, always=always)
        if present is not None and present.id == record.id:
            return []
        return [
            (layer.digest, layer.digest in known)
            for layer in record.layers
            if not layer.empty_layer and layer.size > 0 and getattr(layer, "digest", "")
        ]

    def build(self, project: Project, service: Service, *, no_cache: bool = False, pull: bool = False) -> int:
        """Build the service's image with the build package's ``docker build`` handler; its exit code.

        The build prints BuildKit's plain progress to stderr (compose's bake output is not modelled).
        """
        assert service.build is not None
        del pull  # the simulated registry never has a newer base image
        build = service.build
        if "://" in build.context or build.context.startswith("git@"):
            raise NotModelledError(f"building compose service {service.name!r} from a remote context")
        from dockersim.cli import Options, find_spec, resolve_handler

        spec = find_spec("image build")
        run_build = resolve_handler(spec.handler) if spec is not None else None
        if spec is None or run_build is None:  # pragma: no cover - the build package ships with the simulator
            raise NotModelledError(f"building the image of compose service {service.name!r}")
        dockerfile = build.dockerfile
        if not dockerfile.startswith("/"):
            dockerfile = f"{build.context.rstrip('/')}/{dockerfile}"
        opts = Options.from_spec(
            spec,
            {
                "file": dockerfile,
                "tag": [service.image_name(project.name)],
                "build-arg": [f"{k}={v}" for k, v in build.args.items() if v is not None],
                "target": build.target or "",
                "no-cache": no_cache or build.no_cache,
                "progress": "plain",
                "quiet": False,
                "vertex-prefix": service.name,  # compose names a service's build steps [web 1/3], [web internal]
            },
        )
        return int(run_build(self.ctx, opts, [build.context]))

    def remove_image(self, ref: str) -> None:
        """Remove an image by reference (``down --rmi``)."""
        self.engine.remove_image(ref, force=False)

    # -- containers ---------------------------------------------------------------------------
    def create(self, spec: ContainerSpec) -> Any:
        """Create a container (its image must be present)."""
        return self.engine.create_container(spec)

    def connect(self, network: str, container: Any, aliases: list[str]) -> None:
        """Attach a container to an additional network."""
        self.engine.connect_network(network, container.id, aliases=aliases)

    def start(self, container: Any) -> None:
        """Start a container."""
        self.engine.start_container(container)

    def stop(self, container: Any, timeout: float | None = None) -> None:
        """Stop a container."""
        self.engine.stop_container(container, timeout)

    def remove(self, container: Any, *, volumes: bool = False) -> None:
        """Remove a (stopped) container, with its anonymous volumes when ``volumes``."""
        self.engine.remove_container(container.id, force=True, volumes=volumes)

    def restart(self, container: Any, timeout: float | None = None) -> None:
        """Restart a container."""
        self.engine.restart_container(container, timeout)

    def get(self, container_id: str) -> Any:
        """The current record of a container, or None once removed."""
        return self.engine.containers.get(container_id)

    def tick(self, seconds: float | None = None) -> None:
        """Let simulated time pass."""
        self.engine.tick(seconds)

    def wait_healthy(self, container: Any) -> str:
        """Advance the clock until the health check settles; the final status."""
        waited = 0.0
        status = self.health(container)
        while status == "starting" and waited < MAX_HEALTH_WAIT:
            interval = float((container.healthcheck or {}).get("Interval") or 30.0)
            step = max(1.0, min(interval, 30.0))
            self.tick(step)
            waited += step
            container = self.get(container.id) or container
            status = self.health(container)
        return status

    def wait_exit(self, container: Any, limit: float = MAX_HEALTH_WAIT) -> Any:
        """Advance the clock until the container stops (or ``limit`` passes); its record."""
        waited = 0.0
        current = self.get(container.id) or container
        while current.state == "running" and waited < limit:
            ends_at = float(getattr(current, "ends_at", 0.0) or 0.0)
            if not ends_at:
                break
            step = max(0.5, ends_at - self.now())
            self.tick(step)
            waited += step
            current = self.get(container.id) or current
        return current

    def logs(self, container: Any) -> list[tuple[float, str, str]]:
        """A container's log lines as ``(time, stream, text)``."""
        return [(float(t), str(s), str(x)) for t, s, x in (getattr(container, "logs", None) or [])]

    def exec(
        self,
        container: Any,
        argv: list[str],
        *,
        user: str = "",
        workdir: str = "",
        env: list[str] | None = None,
        tty: bool = False,
        detach: bool = False,
    ) -> int:
        """Run ``argv`` in a running container with ``docker exec``'s handler; its exit status."""
        method = getattr(self.engine, "exec_container", None)
        if method is not None:
            return int(
                method(container.id, argv, user=user, workdir=workdir, env=list(env or []), tty=tty, detach=detach) or 0
            )
        from dockersim.cli import Options, find_spec, resolve_handler

        spec = find_spec("container exec")
        run_exec = resolve_handler(spec.handler) if spec is not None else None
        if spec is None or run_exec is None:  # pragma: no cover - the commands package ships with the simulator
            raise NotModelledError("'docker compose exec'")
        opts = Options.from_spec(
            spec,
            {
                "env": list(env or []),
                "user": user,
                "workdir": workdir,
                "interactive": True,
                "tty": tty,
                "detach": detach,
            },
        )
        return int(run_exec(self.ctx, opts, [container.id, *argv]))


def _number(container: Any) -> int:
    try:
        return int(container.labels.get(LABEL_NUMBER, "0"))
    except ValueError:
        return 0
