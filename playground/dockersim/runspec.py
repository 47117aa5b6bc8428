"""The validated form of ``docker run`` / ``docker create`` options, as the engine consumes them.

``dockersim.cli`` builds a :class:`ContainerSpec` from the parsed flags (doing the validation the
docker client does before it contacts the daemon); ``dockersim.engine`` creates containers from it;
``dockersim.compose`` builds one per service replica.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PortBinding:
    """One published port: ``host_ip:host_port->container_port/protocol``.

    ``host_port`` is empty when docker should choose an ephemeral port (``-p 80`` or ``-P``).
    """

    container_port: int
    protocol: str = "tcp"
    host_ip: str = ""
    host_port: str = ""


@dataclass(frozen=True)
class MountSpec:
    """A volume, bind mount or tmpfs. ``source`` is empty for an anonymous volume."""

    type: str  # "volume" | "bind" | "tmpfs"
    target: str
    source: str = ""
    read_only: bool = False


@dataclass(frozen=True)
class RestartPolicy:
    """``--restart``: ``no``, ``always``, ``unless-stopped`` or ``on-failure[:max]``."""

    name: str = "no"
    maximum_retry_count: int = 0


@dataclass
class ContainerSpec:
    """Everything needed to create one container."""

    image: str
    command: list[str] = field(default_factory=list)
    name: str = ""
    detach: bool = False
    interactive: bool = False
    tty: bool = False
    auto_remove: bool = False
    env: list[str] = field(default_factory=list)
    ports: list[PortBinding] = field(default_factory=list)
    publish_all: bool = False
    mounts: list[MountSpec] = field(default_factory=list)
    network: str = ""
    network_aliases: list[str] = field(default_factory=list)
    restart: RestartPolicy = field(default_factory=RestartPolicy)
    labels: dict[str, str] = field(default_factory=dict)
    workdir: str = ""
    user: str = ""
    entrypoint: list[str] | None = None
    hostname: str = ""
    memory: int = 0
    cpus: float = 0.0
    read_only: bool = False
    healthcheck: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
