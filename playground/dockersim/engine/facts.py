"""What the engine asks of all its containers at every ``docker run``, kept as indexes instead of scans.

A new container needs a free name, a free address on its network and free host ports, and every command lets
time act on the containers that end, check their health or print by themselves. Scanning 10,000 containers
for each of those made a ``docker run`` cost in proportion to the engine's size. :class:`ContainerFacts`
keeps, per container, the few facts those questions read (name, addresses, host ports held, whether time can
act on it) and brings them up to date from the containers table's notes (:mod:`dockersim.engine.table`):
only the containers handed out since it last looked are read again. ``tests/dockersim/engine/test_facts.py``
checks it against a full scan after many kinds of commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.engine.state import ContainerRecord
    from dockersim.engine.table import Table

Port = tuple[str, int, str, str]  # host IP, host port, protocol, container ID


@dataclass(frozen=True)
class Facts:
    """The facts of one container that the indexes hold."""

    name: str
    addresses: tuple[tuple[str, str], ...]  # (network name, IP address)
    ports: tuple[Port, ...]  # host ports it holds while running
    timed: bool  # running, and time can act on it (it ends, has a health check, or prints by itself)


def facts_of(c: ContainerRecord) -> Facts:
    """The facts of ``c`` as it is now."""
    ports: list[Port] = []
    if c.running:
        for b in c.ports:
            if b.get("allocated"):
                ports.append((b["host_ip"], int(b["allocated"]), b["protocol"], c.id))
        if c.network_mode == "host":
            for key in c.exposed_ports:
                port, _, proto = key.partition("/")
                ports.append(("", int(port), proto or "tcp", c.id))
    addresses = tuple((net, str(ep.get("IPAddress"))) for net, ep in c.networks.items() if ep.get("IPAddress"))
    timed = c.state == "running" and bool(c.ends_at or c.healthcheck is not None or "periodic" in c.extra)
    return Facts(c.name, addresses, tuple(ports), timed)


@dataclass
class ContainerFacts:
    """Indexes over a containers table: names, addresses per network, host ports held, timed containers."""

    table: Table[ContainerRecord]
    position: int = -1  # where in the table's log this index has read to (-1: never read)
    facts: dict[str, Facts] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)  # name → container IDs
    addresses: dict[str, dict[str, int]] = field(default_factory=dict)  # network → address → holders
    ports: dict[str, tuple[Port, ...]] = field(default_factory=dict)  # container ID → ports it holds
    timed_keys: set[str] = field(default_factory=set)
    #: network → an address below which every address is held (as an integer): where a search may start.
    floors: dict[str, int] = field(default_factory=dict)
    #: Addresses dropped while reading records again: a floor moves down only if they stay free.
    released: list[tuple[str, str]] = field(default_factory=list)

    def current(self) -> ContainerFacts:
        """The indexes, brought up to date with the table."""
        keys, position = self.table.changed_since(max(self.position, 0))
        if keys is None or self.position < 0:
            for key in list(self.facts):
                self._drop(key)
            self.floors.clear()
            keys = list(self.table)
        for key in dict.fromkeys(keys):
            self._drop(key)
            record = self.table.peek_get(key)
            if record is not None:
                self._add(key, facts_of(record))
        for net, ip in self.released:
            if ip not in self.addresses.get(net, {}):
                self._freed(net, ip)
        self.released.clear()
        self.position = position
        self.table.trim_log(position)
        return self

    def _add(self, key: str, facts: Facts) -> None:
        self.facts[key] = facts
        self.names.setdefault(facts.name, set()).add(key)
        for net, ip in facts.addresses:
            held = self.addresses.setdefault(net, {})
            held[ip] = held.get(ip, 0) + 1
        if facts.ports:
            self.ports[key] = facts.ports
        if facts.timed:
            self.timed_keys.add(key)

    def _drop(self, key: str) -> None:
        facts = self.facts.pop(key, None)
        if facts is None:
            return
        holders = self.names.get(facts.name)
        if holders is not None:
            holders.discard(key)
            if not holders:
                del self.names[facts.name]
        for net, ip in facts.addresses:
            held = self.addresses.get(net, {})
            held[ip] = held.get(ip, 1) - 1
            if held[ip] <= 0:
                del held[ip]
                self.released.append((net, ip))
            if not held:
                self.addresses.pop(net, None)
        self.ports.pop(key, None)
        self.timed_keys.discard(key)

    def _freed(self, network: str, ip: str) -> None:
        parts = ip.split(".")
        if network in self.floors and len(parts) == 4 and all(part.isdigit() for part in parts):
            number = int(parts[0]) << 24 | int(parts[1]) << 16 | int(parts[2]) << 8 | int(parts[3])
            self.floors[network] = min(self.floors[network], number)

    # questions ---------------------------------------------------------------------------------------

    def named(self, name: str) -> list[str]:
        """IDs of the containers called ``name``."""
        return sorted(self.current().names.get(name, ()))

    def free_address(self, network: str, first: int, last: int, avoid: str, exclude: str = "") -> str | None:
        """The lowest IPv4 address from ``first`` to ``last`` (integers) that no container but ``exclude`` holds
        on ``network`` and is not ``avoid`` (the gateway), as dotted text; None when all are taken. The walk
        starts at the lowest address freed since the last one (``floors``), not at ``first`` every time."""
        current = self.current()
        held = current.addresses.get(network, {})
        own = (
            {ip for net, ip in current.facts[exclude].addresses if net == network}
            if exclude in current.facts
            else set()
        )
        number = max(first, self.floors.get(network, first))
        while number <= last:
            text = f"{number >> 24}.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"
            if text != avoid and (text not in held or (text in own and held[text] <= 1)):
                self.floors[network] = number
                return text
            number += 1
        return None

    def ports_in_use(self, exclude: str = "") -> list[Port]:
        """Host ports held by running containers other than ``exclude``, in the table's order."""
        current = self.current()
        order = [key for key in current.ports if key != exclude]
        return [port for key in order for port in current.ports[key]]

    def timed(self) -> list[ContainerRecord]:
        """The running containers time can act on, oldest first (a set has no order of its own)."""
        found = [self.table.peek_get(key) for key in self.current().timed_keys]
        return sorted((c for c in found if c is not None), key=lambda c: (c.created, c.id))
