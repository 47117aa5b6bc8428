"""Plain-data records for containers, volumes and networks (JSON round-trip via ``to_dict``/``from_dict``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from dockersim.engine.plain import to_plain

T = TypeVar("T")

#: Log lines kept per container; older lines are dropped so state stays bounded.
MAX_LOG_LINES = 1000
#: Files kept per container layer or volume.
MAX_FILES = 500
#: Every time the engine keeps (its clock, a container's start or end…) stays below this many seconds since
#: the epoch (year 5138): a saved state holding a later or non-finite time could not be loaded back.
TIME_LIMIT = 1e11


_BASIC: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "list": (list,), "dict": (dict,),
    "None": (type(None),),
}  # fmt: skip


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, buf = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
    parts.append(buf.strip())
    return parts


def _anything(_: Any) -> bool:
    return True


#: A host port as a binding keeps it: empty (docker picks one), a number, or a range ``low-high``.
_HOST_PORT = re.compile(r"(\d{1,5}(-\d{1,5})?)?")


@functools.cache
def _checker(annotation: str) -> Callable[[Any], bool]:
    """A test for values of a (string) annotation, made once per annotation: restoring a saved state checks
    every field of every record, and parsing the annotation each time was half of that."""
    options = _split_top(annotation, "|")
    if len(options) > 1:
        checks = tuple(_checker(option) for option in options)
        return lambda value: any(check(value) for check in checks)
    base, _, inner = options[0].partition("[")
    allowed = _BASIC.get(base)
    if allowed is None:  # Any, and names this checker does not know
        return _anything
    args = _split_top(inner[:-1], ",") if inner else []
    item = _checker(args[0]) if base == "list" and args else None
    key, entry = (_checker(args[0]), _checker(args[1])) if base == "dict" and len(args) == 2 else (None, None)
    accepts_bool = bool in allowed

    def check(value: Any) -> bool:
        if not isinstance(value, allowed) or (isinstance(value, bool) and not accepts_bool):
            return False
        if base == "float" and not -TIME_LIMIT < value < TIME_LIMIT:  # an int too: 2**70 overflows a time_t
            return False
        if item is not None:
            return all(item(v) for v in value)
        if key is not None and entry is not None:
            return all(key(k) and entry(v) for k, v in value.items())
        return True

    return check


def matches(value: Any, annotation: str) -> bool:
    """Whether ``value`` fits a (string) annotation such as ``list[str]`` or ``dict[str, Any] | None``."""
    return _checker(annotation)(value)


@functools.cache
def _field_checks(cls: type) -> tuple[tuple[str, str, Callable[[Any], bool]], ...]:
    """(name, annotation, test) for each field of a dataclass, made once per class."""
    return tuple((f.name, str(f.type), _checker(str(f.type))) for f in fields(cls))


def check_field_types(obj: Any) -> None:
    """Raise TypeError when a dataclass field holds a value of the wrong type (saved-state garbage)."""
    for name, annotation, check in _field_checks(type(obj)):
        if not check(getattr(obj, name)):
            raise TypeError(f"{type(obj).__name__}.{name} does not match {annotation}")
    check = getattr(obj, "check", None)
    if callable(check):
        check()


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise TypeError(what)


def _load(cls: type[T], data: dict[str, Any]) -> T:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__} entry is not an object")
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    obj = cls(**{k: v for k, v in data.items() if k in names})
    check_field_types(obj)
    return obj


class SavedRecord:
    """``to_dict`` / ``from_dict`` for the dataclass records the engine saves as JSON."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return to_plain(self)  # type: ignore[no-any-return]  # subclasses are dataclasses

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """Inverse of :meth:`to_dict`; a field of the wrong type raises TypeError."""
        return _load(cls, data)


@dataclass
class ContainerRecord(SavedRecord):
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

    def check(self) -> None:
        """Validate the nested runtime structures (ports, mounts, endpoints, logs, health)."""
        for b in self.ports:
            _need(
                matches(b.get("container_port"), "int")
                and matches(b.get("protocol"), "str")
                and matches(b.get("host_ip"), "str")
                and matches(b.get("host_port"), "str | int")
                and _HOST_PORT.fullmatch(str(b.get("host_port")))
                and matches(b.get("allocated", ""), "str | int")
                and _HOST_PORT.fullmatch(str(b.get("allocated", ""))),
                "container port binding",
            )
        for m in self.mounts:
            _need(
                matches(m.get("Type"), "str")
                and matches(m.get("Destination"), "str")
                and matches(m.get("Source"), "str")
                and matches(m.get("RW"), "bool")
                and matches(m.get("Name", ""), "str")
                and matches(m.get("Mode", ""), "str")
                and matches(m.get("Propagation", ""), "str"),
                "container mount",
            )
        for ep in self.networks.values():
            _need(
                matches(ep.get("IPAddress", ""), "str")
                and matches(ep.get("Aliases", []), "list[str] | None")
                and matches(ep.get("NetworkID", ""), "str")
                and matches(ep.get("EndpointID", ""), "str")
                and matches(ep.get("Gateway", ""), "str")
                and matches(ep.get("MacAddress", ""), "str")
                and matches(ep.get("IPPrefixLen", 0), "int")
                and matches(ep.get("DNSNames"), "list[str] | None"),
                "network endpoint",
            )
        for ep in self.networks.values():
            ip = ep.get("IPAddress") or ""
            _need(
                ip == ""
                or (
                    bool(re.fullmatch(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})", ip))
                    and all(int(p) < 256 for p in ip.split("."))
                ),
                "endpoint IP address",
            )
        for entry in self.logs:
            _need(
                len(entry) == 3
                and matches(entry[0], "float")
                and matches(entry[1], "str")
                and matches(entry[2], "str"),
                "log entry",
            )
        _need(
            matches(self.restart_policy.get("Name"), "str")
            and matches(self.restart_policy.get("MaximumRetryCount", 0), "int"),
            "restart policy",
        )
        if self.healthcheck is not None:
            _need(
                matches(self.healthcheck.get("Status", ""), "str")
                and matches(self.healthcheck.get("Interval", 30.0), "float")
                and matches(self.healthcheck.get("StartPeriod", 0.0), "float")
                and matches(self.healthcheck.get("FailingStreak", 0), "int"),
                "health check",
            )


@dataclass
class VolumeRecord(SavedRecord):
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


@dataclass
class NetworkRecord(SavedRecord):
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

    def check(self) -> None:
        """Subnet and gateway must parse (or be empty)."""
        import ipaddress

        try:
            if self.subnet:
                ipaddress.ip_network(self.subnet, strict=False)
            if self.gateway:
                ipaddress.ip_address(self.gateway)
        except ValueError as exc:
            raise TypeError(f"network {self.name}: {exc}") from None
