"""Plain-data records for containers, volumes and networks (JSON round-trip via ``to_dict``/``from_dict``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")

#: Log lines kept per container; older lines are dropped so state stays bounded.
MAX_LOG_LINES = 1000
#: Files kept per container layer or volume.
MAX_FILES = 500


def _load(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class ContainerRecord:
    """One container: configuration as created plus its state on the simulated clock."""

    id: str
    name: str
    image: str  # the reference as given at run/create
    image_id: str
    path: str
    args: list[str]
    created: float
    env: list[str] = field(default_factory=list)
    cmd: list[str] | None = None
    entrypoint: list[str] | None = None
    labels: dict[str, str] = field(default_factory=dict)
    workdir: str = ""
    user: str = ""
    hostname: str = ""
    tty: bool = False
    interactive: bool = False
    auto_remove: bool = False
    read_only: bool = False
    memory: int = 0
    cpus: float = 0.0
    ports: list[dict[str, Any]] = field(default_factory=list)  # container_port, protocol, host_ip, host_port
    exposed_ports: list[str] = field(default_factory=list)
    publish_all: bool = False
    mounts: list[dict[str, Any]] = field(default_factory=list)  # type, name, source, destination, rw
    network_mode: str = "bridge"
    networks: dict[str, dict[str, Any]] = field(default_factory=dict)  # network name -> endpoint
    restart_policy: dict[str, Any] = field(default_factory=lambda: {"Name": "no", "MaximumRetryCount": 0})
    restart_count: int = 0
    healthcheck: dict[str, Any] | None = None
    behaviour: str = "generic"
    state: str = "created"  # created running paused restarting exited dead removing
    exit_code: int = 0
    pid: int = 0
    started_at: float = 0.0
    finished_at: float = 0.0
    ends_at: float = 0.0  # when a running process exits by itself (sleep N); 0 = never
    end_exit_code: int = 0
    start_error: str = ""
    logs: list[list[Any]] = field(default_factory=list)  # [time, stream, text]
    files: dict[str, str] = field(default_factory=dict)  # container layer: path -> content
    dirs: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def short_id(self) -> str:
        """First 12 hex digits."""
        return self.id[:12]

    @property
    def running(self) -> bool:
        """Running or paused or restarting: a live process."""
        return self.state in ("running", "paused", "restarting")

    def env_map(self) -> dict[str, str]:
        """Environment as a dict (later entries win)."""
        out: dict[str, str] = {}
        for item in self.env:
            key, _, value = item.partition("=")
            out[key] = value
        return out

    def log(self, now: float, text: str, stream: str = "stdout") -> None:
        """Append log lines (``text`` may hold several), keeping at most :data:`MAX_LOG_LINES`."""
        for line in text.splitlines():
            self.logs.append([now, stream, line])
        if len(self.logs) > MAX_LOG_LINES:
            del self.logs[: len(self.logs) - MAX_LOG_LINES]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContainerRecord:
        """Inverse of :meth:`to_dict`."""
        return _load(cls, data)


@dataclass
class VolumeRecord:
    """A local volume: its files and a tiny key/value notion of "database data"."""

    name: str
    created: float
    driver: str = "local"
    labels: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    anonymous: bool = False
    files: dict[str, str] = field(default_factory=dict)  # path relative to the volume root -> content
    data: dict[str, list[Any]] = field(default_factory=dict)  # "db.collection" -> documents / rows

    @property
    def mountpoint(self) -> str:
        """Where docker keeps it on the host."""
        return f"/var/lib/docker/volumes/{self.name}/_data"

    @property
    def size(self) -> int:
        """Bytes used (files plus a little per stored document)."""
        return sum(len(v) for v in self.files.values()) + 96 * sum(len(v) for v in self.data.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VolumeRecord:
        """Inverse of :meth:`to_dict`."""
        return _load(cls, data)


@dataclass
class NetworkRecord:
    """A network: driver, IPAM, options; membership lives on the containers."""

    id: str
    name: str
    driver: str
    created: float
    subnet: str = ""
    gateway: str = ""
    ip_range: str = ""
    internal: bool = False
    attachable: bool = False
    ipv6: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    builtin: bool = False

    @property
    def short_id(self) -> str:
        """First 12 hex digits."""
        return self.id[:12]

    @property
    def scope(self) -> str:
        """Always ``local`` here (no swarm)."""
        return "local"

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NetworkRecord:
        """Inverse of :meth:`to_dict`."""
        return _load(cls, data)
