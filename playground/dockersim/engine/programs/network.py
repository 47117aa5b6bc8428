"""Network programs: ip, ifconfig, ping, nslookup, getent."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from dockersim.engine.programs.base import NOT_MODELLED_HINT, ProgramBase
from dockersim.engine.programs.servers import NGINX_ROOT

if TYPE_CHECKING:
    from dockersim.engine.state import ContainerRecord


#: Most replies one ``ping -c N`` prints (the rest would take N seconds).
MAX_PINGS = 100


class NetworkPrograms(ProgramBase):
    """Network programs: ip, ifconfig, ping, nslookup, getent."""

    def _cmd_ip(self, args: list[str]) -> int:
        if not args or args[0] not in ("a", "addr", "address"):
            return self.fail(NOT_MODELLED_HINT.format("ip " + " ".join(args)))
        self.say(
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
            "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
            "    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever"
        )
        n = 2
        for name, ep in self.c.networks.items():
            if name in ("none", "host") or not ep.get("IPAddress"):
                continue
            ifname = f"eth{n - 2}"
            self.say(
                f"{n}: {ifname}@if{n + 10}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state "
                f"UP\n    link/ether {ep['MacAddress']} brd ff:ff:ff:ff:ff:ff\n    inet {ep['IPAddress']}/"
                f"{ep.get('IPPrefixLen', 16)} brd {_broadcast(ep['IPAddress'])} scope global {ifname}\n"
                "       valid_lft forever preferred_lft forever"
            )
            n += 1
        return 0

    _cmd_ifconfig = _cmd_ip

    def _resolve(self, host: str) -> tuple[str, ContainerRecord | None]:
        return self.engine.resolve_host(self.c, host)

    def _cmd_ping(self, args: list[str]) -> int:
        """BusyBox ping (Alpine) or iputils ping (Debian, Ubuntu once ``iputils-ping`` is installed)."""
        busybox = self.call.host.busybox
        count = 0
        host = ""
        i = 0
        while i < len(args):
            if args[i] == "-c" and i + 1 < len(args):
                if not args[i + 1].isdecimal() or int(args[i + 1]) == 0:
                    bad = (
                        f"ping: invalid number '{args[i + 1]}'"
                        if busybox
                        else (
                            f"ping: invalid argument: '{args[i + 1]}': out of range: 1 <= value <= 9223372036854775807"
                        )
                    )
                    return self.fail(bad, 1 if busybox else 2)  # fmt: skip
                count = int(args[i + 1])
                i += 2
                continue
            if not args[i].startswith("-"):
                host = args[i]
            i += 1
        if not host:
            if busybox:
                return self.fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST")
            return self.fail("ping: usage error: Destination address required", 1)
        unknown = f"ping: bad address '{host}'" if busybox else f"ping: {host}: Name or service not known"
        if self.c.network_mode == "none" and host not in ("localhost", "127.0.0.1"):
            if _is_ip(host):
                if busybox:
                    return self.fail("ping: sendto: Network unreachable")
                return self.fail("ping: connect: Network is unreachable", 2)
            return self.fail(unknown, 1 if busybox else 2)
        ip, target = self._resolve(host)
        if not ip:
            if "." in host and not _is_ip(host) and self.c.network_mode != "none":
                ip = "142.250.74.46" if "google" in host else "93.184.215.14"
                target = None
            else:
                return self.fail(unknown, 1 if busybox else 2)
        wanted = count or 4
        shown = min(wanted, MAX_PINGS)
        reachable = target is not None and (target.id == self.c.id or self.engine.reachable(self.c, target))
        external = target is None and not ip.startswith(("172.", "192.168.", "10.", "127."))
        self.say(f"PING {host} ({ip}): 56 data bytes" if busybox else f"PING {host} ({ip}) 56(84) bytes of data.")
        self.call.host.sleep(float(max(shown - 1, 0)))
        if reachable or external:
            times = (
                [0.051 + 0.013 * ((k * 7) % 5) for k in range(shown)]
                if reachable
                else [11.2 + 0.4 * ((k * 3) % 4) for k in range(shown)]
            )
            ttl = 64 if reachable else 116
            for k, t in enumerate(times):
                if busybox:
                    self.say(f"64 bytes from {ip}: seq={k} ttl={ttl} time={t:.3f} ms")
                else:
                    self.say(f"64 bytes from {ip}: icmp_seq={k + 1} ttl={ttl} time={t:.3f} ms")
            low, mean, high = min(times), sum(times) / len(times), max(times)
            if busybox:
                self.say(
                    f"\n--- {host} ping statistics ---\n{shown} packets transmitted, {shown} packets received, 0% "
                    f"packet loss\nround-trip min/avg/max = {low:.3f}/{mean:.3f}/{high:.3f} ms"
                )
            else:
                spread = (sum((t - mean) ** 2 for t in times) / len(times)) ** 0.5
                self.say(
                    f"\n--- {host} ping statistics ---\n{shown} packets transmitted, {shown} received, 0% packet loss, "
                    f"time {max(shown - 1, 0) * 1000 + 3}ms\nrtt min/avg/max/mdev = {low:.3f}/{mean:.3f}/{high:.3f}/"
                    f"{spread:.3f} ms"
                )
            if not count:
                self.call.err("dockersim: ping runs until interrupted; showing the first 4 replies (use ping -c N)\n")
            elif wanted > shown:
                self.call.err(
                    f"dockersim: ping -c {wanted} would run for {wanted} seconds; showing the first {shown}\n"
                )
            return 0
        elapsed = max(shown - 1, 0) * 1000 + 3
        lost = (
            f"{shown} packets transmitted, 0 packets received, 100% packet loss"
            if busybox
            else f"{shown} packets transmitted, 0 received, 100% packet loss, time {elapsed}ms"
        )
        self.say(f"\n--- {host} ping statistics ---\n{lost}")
        return 1

    def _access_log(
        self, target: ContainerRecord, agent: str, request: tuple[str, int, int], client: str = "", host: str = ""
    ) -> None:
        """nginx's access log line (and error log line for a failed request) for ``request`` (path, status,
        bytes), from this container or, when given, from ``client`` (the docker host reaches a published port
        through the bridge's gateway)."""
        path, status, size = request
        source = client or self.engine.primary_ip(self.c) or "127.0.0.1"
        if not client and target.id == self.c.id:
            source = "127.0.0.1"
        now = self.engine.now()
        if status in (403, 404):
            reason = (
                f'directory index of "{NGINX_ROOT}{path}" is forbidden'
                if status == 403
                else f'open() "{NGINX_ROOT}{path}" failed (2: No such file or directory)'
            )
            stamp = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(now))
            target.log(
                now,
                f'{stamp} [error] 29#29: *1 {reason}, client: {source}, server: localhost, request: "GET {path} '
                f'HTTP/1.1", host: "{host or "localhost"}"',
                "stderr",
            )
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now))
        target.log(now, f'{source} - - [{stamp}] "GET {path} HTTP/1.1" {status} {size} "-" "{agent}" "-"')

    def _cmd_nslookup(self, args: list[str]) -> int:
        host = next((a for a in args if not a.startswith("-")), "")
        ip, _ = self._resolve(host)
        ns = "127.0.0.11" if self._user_network() else "192.168.65.7"
        if not ip:
            return self.fail(f"Server:\t\t{ns}\nAddress:\t{ns}:53\n\n** server can't find {host}: NXDOMAIN", 1)
        self.say(f"Server:\t\t{ns}\nAddress:\t{ns}:53\n\nNon-authoritative answer:\nName:\t{host}\nAddress: {ip}")
        return 0

    def _cmd_getent(self, args: list[str]) -> int:
        if len(args) >= 2 and args[0] == "hosts":
            ip, _ = self._resolve(args[1])
            if not ip:
                return 2
            self.say(f"{ip:<15} {args[1]}")
            return 0
        return self.fail(NOT_MODELLED_HINT.format("getent " + " ".join(args)))


def _is_ip(text: str) -> bool:
    return bool(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", text))


def _broadcast(ip: str) -> str:
    a, b, _c, _d = ip.split(".")
    return f"{a}.{b}.255.255"
