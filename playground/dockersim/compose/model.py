"""The compose project model: what the loader produces and the handlers act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PortConfig:
    """One published/exposed port in compose-go's long form (``published`` is a string, as there)."""

    target: int
    published: str = ""
    host_ip: str = ""
    protocol: str = "tcp"
    mode: str = "ingress"


@dataclass(frozen=True)
class VolumeMount:
    """A service mount: ``type`` is ``volume`` (named or anonymous), ``bind`` or ``tmpfs``."""

    type: str
    target: str
    source: str = ""
    read_only: bool = False


@dataclass(frozen=True)
class Dependency:
    """One ``depends_on`` entry."""

    condition: str = "service_started"
    required: bool = True
    restart: bool = False


@dataclass
class BuildConfig:
    """A service's ``build:`` section; ``context`` is absolute for local paths."""

    context: str
    dockerfile: str = "Dockerfile"
    args: dict[str, str | None] = field(default_factory=dict)
    target: str = ""
    no_cache: bool = False
    pull: bool = False


@dataclass
class Service:
    """One service, normalized (``config`` is the compose-go canonical mapping ``config`` prints)."""

    name: str
    config: dict[str, Any]
    image: str = ""
    build: BuildConfig | None = None
    container_name: str = ""
    command: list[str] | None = None
    entrypoint: list[str] | None = None
    environment: dict[str, str | None] = field(default_factory=dict)
    ports: list[PortConfig] = field(default_factory=list)
    expose: list[str] = field(default_factory=list)
    volumes: list[VolumeMount] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    network_mode: str = ""
    depends_on: dict[str, Dependency] = field(default_factory=dict)
    restart: str = ""
    healthcheck: dict[str, Any] | None = None
    replicas: int = 1
    cpus: float = 0.0
    memory: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    working_dir: str = ""
    user: str = ""
    hostname: str = ""
    profiles: list[str] = field(default_factory=list)

    def image_name(self, project: str) -> str:
        """The image the service runs: ``image:``, else the one compose builds (``<project>-<service>``)."""
        return self.image or f"{project}-{self.name}"


@dataclass
class Project:
    """A loaded compose project: its name, files, enabled services (file order) and resources."""

    name: str
    working_dir: Path
    files: list[Path]
    services: dict[str, Service]
    disabled: dict[str, Service] = field(default_factory=dict)
    networks: dict[str, dict[str, Any]] = field(default_factory=dict)
    volumes: dict[str, dict[str, Any]] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)

    def network_name(self, key: str) -> str:
        """The engine-side name of network ``key`` (``<project>_<key>`` unless ``name:`` says)."""
        return str(self.networks.get(key, {}).get("name") or f"{self.name}_{key}")

    def volume_name(self, key: str) -> str:
        """The engine-side name of volume ``key`` (``<project>_<key>`` unless ``name:`` says)."""
        return str(self.volumes.get(key, {}).get("name") or f"{self.name}_{key}")

    def service(self, name: str) -> Service | None:
        """The enabled service called ``name``."""
        return self.services.get(name)

    def dependency_order(self, names: list[str] | None = None, with_deps: bool = True) -> list[Service]:
        """Services in start order (dependencies first, then file order), optionally with their deps."""
        wanted = list(self.services) if names is None else list(names)
        if with_deps:
            seen: set[str] = set()
            stack = list(wanted)
            while stack:
                current = stack.pop()
                if current in seen or current not in self.services:
                    continue
                seen.add(current)
                stack.extend(self.services[current].depends_on)
            wanted = [n for n in self.services if n in seen]
        ordered: list[str] = []
        placed: set[str] = set()
        wanted_set = set(wanted)

        def place(name: str, trail: tuple[str, ...] = ()) -> None:
            if name in placed or name not in wanted_set or name in trail:
                return
            for dep in self.services[name].depends_on:
                place(dep, (*trail, name))
            placed.add(name)
            ordered.append(name)

        for name in [n for n in self.services if n in wanted_set]:
            place(name)
        return [self.services[n] for n in ordered]
