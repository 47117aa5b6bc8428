"""Programs that exist only inside containers: identity, network tools, database clients, runtimes.

They are registered in the one registry of shell utilities (:data:`dockersim.shell.registry.REGISTRY`) and
run on the container's side (:class:`dockersim.engine.shell.ContainerSide`); everything not modelled
answers ``dockersim: … is not modelled by the simulator`` (status 1), never a fake success.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from dockersim.shell.registry import REGISTRY, Call

if TYPE_CHECKING:
    from dockersim.engine.door import EngineDoor
    from dockersim.engine.state import ContainerRecord, VolumeRecord

NOT_MODELLED_HINT = "dockersim: '{}' is not modelled by the simulator"
#: Packages that install a program under another name.
PACKAGE_PROGRAMS = {
    "iputils-ping": "ping", "iputils": "ping", "procps": "ps", "procps-ng": "ps", "iproute2": "ip",
    "dnsutils": "nslookup", "bind-tools": "nslookup", "net-tools": "ifconfig", "netcat-openbsd": "nc",
    "postgresql-client": "psql", "nodejs": "node", "python3": "python3", "py3-pip": "pip", "python3-pip": "pip",
}  # fmt: skip
#: Most packages one container remembers installing.
MAX_INSTALLED = 200


class ContainerPrograms:
    """The programs, as methods ``_cmd_<name>(args) -> status`` of the container's side of a shell."""

    engine: EngineDoor
    c: ContainerRecord
    user: str
    call: Call
    env: dict[str, str]

    def say(self, text: str) -> None:
        """Print a line to stdout."""
        self.call.say(text)

    def fail(self, text: str, code: int = 1) -> int:
        """Print to stderr and return ``code``."""
        return self.call.fail(text, code)

    def _cmd_whoami(self, args: list[str]) -> int:
        if not self.username:
            return self.fail(f"whoami: unknown uid {self.uid}")
        self.say(self.username)
        return 0

    def _cmd_id(self, args: list[str]) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        who = next((a for a in args if not a.startswith("-")), "")
        line = self.id_line(who)
        if line is None:
            return self.fail(f"id: unknown user {who}" if self.call.host.busybox else f"id: '{who}': no such user")
        if "u" in flags or "g" in flags:
            field = line.split()[0 if "u" in flags else 1].split("=", 1)[1]
            number, _, name = field.partition("(")
            self.say(name.rstrip(")") if "n" in flags and name else number)
        else:
            self.say(line)
        return 0

    def _cmd_hostname(self, args: list[str]) -> int:
        if "-i" in args or "-I" in args:
            self.say(self.engine.primary_ip(self.c) or "127.0.0.1")
        else:
            self.say(self.c.hostname)
        return 0

    def _cmd_uname(self, args: list[str]) -> int:
        if "-a" in args:
            self.say(f"Linux {self.c.hostname} 6.10.14-linuxkit #1 SMP Thu Oct 24 19:28:55 UTC 2024 x86_64 GNU/Linux")
        elif "-m" in args:
            self.say("x86_64")
        elif "-r" in args:
            self.say("6.10.14-linuxkit")
        else:
            self.say("Linux")
        return 0

    def _cmd_uptime(self, args: list[str]) -> int:
        mins = int((self.engine.now() - self.c.started_at) // 60)
        self.say(f" up {mins} min,  load average: 0.02, 0.04, 0.01")
        return 0

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
        count = 0
        host = ""
        i = 0
        while i < len(args):
            if args[i] == "-c" and i + 1 < len(args):
                count = int(args[i + 1]) if args[i + 1].isdecimal() else 0
                i += 2
                continue
            if not args[i].startswith("-"):
                host = args[i]
            i += 1
        if not host:
            return self.fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST")
        if self.c.network_mode == "none" and host not in ("localhost", "127.0.0.1"):
            return self.fail(f"ping: bad address '{host}'" if not _is_ip(host) else "ping: sendto: Network unreachable")
        ip, target = self._resolve(host)
        if not ip:
            if "." in host and not _is_ip(host) and self.c.network_mode != "none":
                ip = "142.250.74.46" if "google" in host else "93.184.215.14"
                target = None
            else:
                return self.fail(f"ping: bad address '{host}'")
        shown = count or 4
        reachable = target is not None and (target.id == self.c.id or self.engine.reachable(self.c, target))
        external = target is None and not ip.startswith(("172.", "192.168.", "10.", "127."))
        self.say(f"PING {host} ({ip}): 56 data bytes")
        if reachable or external:
            times = (
                [0.051 + 0.013 * ((k * 7) % 5) for k in range(shown)]
                if reachable
                else [11.2 + 0.4 * ((k * 3) % 4) for k in range(shown)]
            )
            ttl = 64 if reachable else 116
            for k, t in enumerate(times):
                self.say(f"64 bytes from {ip}: seq={k} ttl={ttl} time={t:.3f} ms")
            self.say(
                f"\n--- {host} ping statistics ---\n{shown} packets transmitted, {shown} packets received, 0% "
                f"packet loss\nround-trip min/avg/max = {min(times):.3f}/{sum(times) / len(times):.3f}/"
                f"{max(times):.3f} ms"
            )
            if not count:
                self.call.err("dockersim: ping runs until interrupted; showing the first 4 replies (use ping -c N)\n")
            return 0
        self.say(f"\n--- {host} ping statistics ---\n{shown} packets transmitted, 0 packets received, 100% packet loss")
        return 1

    def _access_log(self, target: ContainerRecord, agent: str) -> None:
        """nginx's access log line for a request from this container."""
        import time

        source = self.engine.primary_ip(self.c) or "127.0.0.1"
        if target.id == self.c.id:
            source = "127.0.0.1"
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.engine.now()))
        target.log(self.engine.now(), f'{source} - - [{stamp}] "GET / HTTP/1.1" 200 615 "-" "{agent}" "-"')

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

    def _cmd_ps(self, args: list[str]) -> int:
        argv = " ".join([self.c.path, *self.c.args])
        if self.call.host.busybox:
            self.say(f"PID   USER     TIME  COMMAND\n    1 {self.username or self.uid:<8} 0:00 {argv}")
        else:
            self.say(f"    PID TTY          TIME CMD\n      1 ?        00:00:00 {argv.split()[0].rsplit('/', 1)[-1]}")
        return 0

    def _cmd_which(self, args: list[str]) -> int:
        code = 0
        for a in args:
            if self.call.host.available(a):
                self.say(f"/usr/bin/{a}" if a not in ("sh", "ls", "cat") else f"/bin/{a}")
            else:
                code = 1
        return code

    def _cmd_nginx(self, args: list[str]) -> int:
        if self.c.behaviour != "nginx":
            return self.fail("sh: nginx: not found", 127)
        if "-t" in args or "-T" in args:
            self.call.err(
                "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
            )
            return 0
        if "-v" in args or "-V" in args:
            self.call.err(f"nginx version: nginx/{self.env.get('NGINX_VERSION', '1.27.3')}\n")
            return 0
        if "-s" in args:
            signal = args[args.index("-s") + 1] if args.index("-s") + 1 < len(args) else ""
            self.c.log(self.engine.now(), f"signal process started ({signal})", "stderr")
            self.call.err(f"{_nginx_time(self)} [notice] 40#40: signal process started\n")
            return 0
        return self.fail("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)")

    def _db_volume(self, path: str) -> VolumeRecord | None:
        hit = self._mount_for(path)
        return self._volume(hit[0]) if hit else None

    def _ephemeral_data(self) -> dict[str, list[Any]]:
        return self.c.extra.setdefault("data", {})

    def _store(self, path: str) -> dict[str, list[Any]]:
        vol = self._db_volume(path)
        return vol.data if vol is not None else self._ephemeral_data()

    def _cmd_mongosh(self, args: list[str]) -> int:
        if self.c.behaviour != "mongo":
            return self.fail("sh: mongosh: not found", 127)
        if "--eval" not in args:
            return self.fail(
                'dockersim: an interactive mongosh session cannot be simulated; use mongosh --eval "<expression>"'
            )
        expr = args[args.index("--eval") + 1] if args.index("--eval") + 1 < len(args) else ""
        store = self._store("/data/db")
        db = next((a for a in args if not a.startswith("-") and a != expr and "/" not in a), "test")
        m = re.match(r"^\s*db\.(\w+)\.(\w+)\((.*)\)\s*;?\s*$", expr, re.S)
        if expr.strip() in ("db.version()",):
            self.say(self.env.get("MONGO_VERSION", "8.0.3"))
            return 0
        if expr.strip() in ("db.getName()",):
            self.say(db)
            return 0
        if expr.strip().startswith(("show dbs", "db.adminCommand({listDatabases")):
            self.say("admin   40.00 KiB\nconfig  12.00 KiB\nlocal   40.00 KiB")
            for key in {k.split(".")[0] for k in store}:
                self.say(f"{key}    40.00 KiB")
            return 0
        if expr.strip() in (
            "db.runCommand({ping:1})",
            "db.runCommand({ ping: 1 })",
            "db.adminCommand('ping')",
            'db.adminCommand("ping")',
        ):
            self.say("{ ok: 1 }")
            return 0
        if not m:
            return self.fail(NOT_MODELLED_HINT.format(f"mongosh expression {expr!r}"))
        coll, op, arg = m.groups()
        key = f"{db}.{coll}"
        docs = store.setdefault(key, []) if op.startswith("insert") else store.get(key, [])
        if op == "insertOne":
            doc = _js_object(arg)
            if doc is None:
                return self.fail(f"Uncaught:\nSyntaxError: Unexpected token ({arg[:30]})")
            oid = self.engine.ids.new_id()[:24]
            doc = {"_id": f"ObjectId('{oid}')", **doc}
            docs.append(doc)
            if len(docs) > 1000:
                del docs[0]
            self.say(f"{{\n  acknowledged: true,\n  insertedId: ObjectId('{oid}')\n}}")
            return 0
        if op == "insertMany":
            items = re.findall(r"\{[^{}]*\}", arg)
            ids = []
            for item in items:
                doc = _js_object(item) or {}
                oid = self.engine.ids.new_id()[:24]
                docs.append({"_id": f"ObjectId('{oid}')", **doc})
                ids.append(oid)
            body = ",\n".join(f"    '{i}': ObjectId('{o}')" for i, o in enumerate(ids))
            self.say(f"{{\n  acknowledged: true,\n  insertedIds: {{\n{body}\n  }}\n}}")
            return 0
        if op in ("find", "findOne"):
            flt = _js_object(arg) if arg.strip() else {}
            hits = [d for d in docs if all(d.get(k) == v for k, v in (flt or {}).items())]
            if op == "findOne":
                hits = hits[:1]
            if not hits:
                self.say("null" if op == "findOne" else "")
                return 0
            self.say(
                ("[\n" if op == "find" else "")
                + ",\n".join(_mongo_doc(d, op == "find") for d in hits)
                + ("\n]" if op == "find" else "")
            )
            return 0
        if op in ("countDocuments", "count"):
            self.say(str(len(docs)))
            return 0
        if op == "drop":
            store.pop(key, None)
            self.say("true")
            return 0
        return self.fail(NOT_MODELLED_HINT.format(f"mongosh {op}()"))

    _cmd_mongo = _cmd_mongosh

    def _cmd_pg_isready(self, args: list[str]) -> int:
        if self.c.behaviour != "postgres":
            return self.fail("sh: pg_isready: not found", 127)
        self.say("/var/run/postgresql:5432 - accepting connections")
        return 0

    def _cmd_psql(self, args: list[str]) -> int:
        if self.c.behaviour != "postgres":
            return self.fail("sh: psql: not found", 127)
        user = self.env.get("POSTGRES_USER", "postgres")
        db = self.env.get("POSTGRES_DB", user)
        sql = ""
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-U", "--username") and i + 1 < len(args):
                user, i = args[i + 1], i + 2
                continue
            if a in ("-d", "--dbname") and i + 1 < len(args):
                db, i = args[i + 1], i + 2
                continue
            if a in ("-c", "--command") and i + 1 < len(args):
                sql, i = args[i + 1], i + 2
                continue
            if a.startswith("-U") and len(a) > 2:
                user = a[2:]
            elif not a.startswith("-"):
                db = a
            i += 1
        pg_store = self._store(self.env.get("PGDATA", "/var/lib/postgresql/data"))
        roles = {self.env.get("POSTGRES_USER", "postgres"), "postgres"}
        if user not in roles:
            return self.fail(
                f'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
                f'failed: FATAL:  role "{user}" does not exist',
                2,
            )
        dbs = pg_store.get("pg:_databases") or ["postgres", self.env.get("POSTGRES_DB", user)]
        if db not in dbs:
            return self.fail(
                f'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
                f'failed: FATAL:  database "{db}" does not exist',
                2,
            )
        if not sql:
            return self.fail(
                'dockersim: an interactive psql session cannot be simulated; use psql -U <user> -c "<SQL>"'
            )
        code = 0
        for stmt in [s.strip() for s in sql.split(";") if s.strip()]:
            code = self._sql(pg_store, db, stmt) or code
        return code

    def _sql(self, store: dict[str, list[Any]], db: str, stmt: str) -> int:
        up = stmt.upper()
        m = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*)\)$", stmt, re.I | re.S)
        if m:
            key = f"pg:{db}.{m.group(1).lower()}"
            if key in store and "IF NOT EXISTS" not in up:
                return self.fail(f'ERROR:  relation "{m.group(1).lower()}" already exists')
            cols = [c.strip().split()[0].lower() for c in m.group(2).split(",") if c.strip()]
            store.setdefault(key, [])
            store[f"pgcols:{db}.{m.group(1).lower()}"] = cols
            self.say("CREATE TABLE")
            return 0
        m = re.match(r"INSERT INTO (\w+)\s*(?:\(([^)]*)\))?\s*VALUES\s*(.*)$", stmt, re.I | re.S)
        if m:
            table = m.group(1).lower()
            key = f"pg:{db}.{table}"
            if key not in store:
                return self.fail(f'ERROR:  relation "{table}" does not exist\nLINE 1: INSERT INTO {table}')
            cols = [c.strip().lower() for c in (m.group(2) or "").split(",") if c.strip()] or [
                c for c in store.get(f"pgcols:{db}.{table}", []) if c != "id"
            ]
            rows = re.findall(r"\(([^)]*)\)", m.group(3))
            for row in rows:
                values = [v.strip().strip("'") for v in row.split(",")]
                record: dict[str, Any] = (
                    {"id": len(store[key]) + 1} if "id" in store.get(f"pgcols:{db}.{table}", []) else {}
                )
                record.update(dict(zip(cols, values, strict=False)))
                store[key].append(record)
            self.say(f"INSERT 0 {len(rows)}")
            return 0
        m = re.match(r"SELECT (.+?) FROM (\w+)", stmt, re.I | re.S)
        if m:
            table = m.group(2).lower()
            key = f"pg:{db}.{table}"
            if key not in store:
                return self.fail(f'ERROR:  relation "{table}" does not exist\nLINE 1: {stmt[:40]}')
            rows = store[key]
            if m.group(1).strip().upper() == "COUNT(*)":
                self.say(f" count \n-------\n {len(rows):>5}\n(1 row)\n")
                return 0
            cols = store.get(f"pgcols:{db}.{table}") or sorted({k for r in rows for k in r})
            if m.group(1).strip() != "*":
                cols = [c.strip().lower() for c in m.group(1).split(",")]
            widths = [max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in cols]
            self.say(" " + " | ".join(c.center(w) for c, w in zip(cols, widths, strict=True)) + " ")
            self.say("-" + "-+-".join("-" * w for w in widths) + "-")
            for r in rows:
                self.say(" " + " | ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths, strict=True)) + " ")
            self.say(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
            return 0
        m = re.match(r"CREATE DATABASE (\w+)", stmt, re.I)
        if m:
            dbs = store.setdefault("pg:_databases", ["postgres"])
            if m.group(1).lower() in dbs:
                return self.fail(f'ERROR:  database "{m.group(1).lower()}" already exists')
            dbs.append(m.group(1).lower())
            self.say("CREATE DATABASE")
            return 0
        if up.startswith("SELECT VERSION()"):
            v = self.env.get("PG_VERSION", "17.2").split("-")[0]
            self.say(
                f"                                                       version\n{'-' * 60}\n PostgreSQL {v} "
                "(Debian) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit\n(1 row)\n"
            )
            return 0
        if up.startswith("SELECT 1"):
            self.say(" ?column? \n----------\n        1\n(1 row)\n")
            return 0
        if stmt.strip() == "\\dt":
            tables = sorted(k.split(".", 1)[1] for k in store if k.startswith(f"pg:{db}."))
            if not tables:
                self.say("Did not find any relations.")
                return 0
            owner = self.env.get("POSTGRES_USER", "postgres")
            width = max(4, *(len(t) for t in tables))
            self.say("          List of relations")
            self.say(f" Schema | {'Name'.ljust(width)} | Type  | Owner")
            self.say(f"--------+-{'-' * width}-+-------+{'-' * (len(owner) + 2)}")
            for t in tables:
                self.say(f" public | {t.ljust(width)} | table | {owner}")
            self.say(f"({len(tables)} row{'s' if len(tables) != 1 else ''})\n")
            return 0
        if stmt.strip() == "\\l":
            dbs = store.get("pg:_databases") or ["postgres"]
            owner = self.env.get("POSTGRES_USER", "postgres")
            names = sorted({*dbs, "template0", "template1"})
            width = max(4, *(len(n) for n in names))
            self.say("                                List of databases")
            self.say(f" {'Name'.ljust(width)} | Owner    | Encoding | Collate    | Ctype")
            self.say(f"-{'-' * width}-+----------+----------+------------+------------")
            for n in names:
                self.say(f" {n.ljust(width)} | {owner:<8} | UTF8     | en_US.utf8 | en_US.utf8")
            self.say(f"({len(names)} rows)\n")
            return 0
        if stmt.strip().startswith("\\"):
            return self.fail(NOT_MODELLED_HINT.format(f"psql meta-command {stmt.strip()}"))
        return self.fail(NOT_MODELLED_HINT.format(f"SQL statement {stmt[:40]!r}"))

    def _cmd_redis_cli(self, args: list[str]) -> int:
        if self.c.behaviour != "redis":
            return self.fail("sh: redis-cli: not found", 127)
        words = [a for a in args if not a.startswith("-")]
        i = 0
        while i < len(args):
            if args[i] in ("-h", "-p", "-a", "-n") and i + 1 < len(args):
                words.remove(args[i + 1]) if args[i + 1] in words else None
                i += 2
                continue
            i += 1
        if not words:
            return self.fail(
                "dockersim: an interactive redis-cli session cannot be simulated; pass a command "
                "(redis-cli ping, redis-cli set k v, redis-cli get k)"
            )
        store = self._store("/data")
        kv = store.setdefault("redis:kv", [{}])[0]
        cmd = words[0].upper()
        if cmd == "PING":
            self.say("PONG")
        elif cmd == "SET" and len(words) >= 3:
            kv[words[1]] = words[2]
            self.say("OK")
        elif cmd == "GET" and len(words) >= 2:
            self.say(f'"{kv[words[1]]}"' if words[1] in kv and self.c.tty else kv.get(words[1], ""))
        elif cmd == "DEL" and len(words) >= 2:
            self.say(str(sum(1 for w in words[1:] if kv.pop(w, None) is not None)))
        elif cmd == "INCR" and len(words) >= 2:
            kv[words[1]] = str(int(kv.get(words[1], "0")) + 1)
            self.say(kv[words[1]])
        elif cmd == "KEYS":
            self.say("\n".join(sorted(kv)))
        elif cmd == "DBSIZE":
            self.say(str(len(kv)))
        elif cmd == "INFO":
            self.say(f"# Server\r\nredis_version:{self.env.get('REDIS_VERSION', '7.4.1')}\r\nredis_mode:standalone")
        elif cmd in ("SAVE", "FLUSHALL"):
            if cmd == "FLUSHALL":
                kv.clear()
            self.say("OK")
        else:
            return self.fail(NOT_MODELLED_HINT.format(f"redis-cli {cmd}"))
        return 0

    def _cmd_mysql(self, args: list[str]) -> int:
        if self.c.behaviour != "mysql":
            return self.fail("sh: mysql: not found", 127)
        return self.fail(NOT_MODELLED_HINT.format("the mysql client"))

    def _cmd_node(self, args: list[str]) -> int:
        version = self.env.get("NODE_VERSION")
        if not version:
            return self.fail("sh: node: not found", 127)
        if args[:1] in (["-v"], ["--version"]):
            self.say(f"v{version}")
            return 0
        if args[:1] == ["-e"] and len(args) > 1:
            m = re.fullmatch(r"\s*console\.log\((['\"])(.*)\1\)\s*;?\s*", args[1])
            if m:
                self.say(m.group(2))
                return 0
        return self.fail(NOT_MODELLED_HINT.format("node " + " ".join(args)))

    def _cmd_npm(self, args: list[str]) -> int:
        if not self.env.get("NODE_VERSION"):
            return self.fail("sh: npm: not found", 127)
        if args[:1] in (["-v"], ["--version"]):
            major = self.env["NODE_VERSION"].split(".")[0]
            self.say({"18": "10.8.2", "20": "10.8.2", "22": "10.9.0"}.get(major, "10.9.0"))
            return 0
        return self._package_manager(["npm", *args])

    def _cmd_apk(self, args: list[str]) -> int:
        return self._package_manager(["apk", *args])

    def _cmd_apt_get(self, args: list[str]) -> int:
        return self._package_manager(["apt-get", *args])

    _cmd_apt = _cmd_apt_get

    def _cmd_pip(self, args: list[str]) -> int:
        return self._package_manager(["pip", *args])

    _cmd_pip3 = _cmd_pip

    def _package_manager(self, words: list[str]) -> int:
        """apk, apt-get, npm and pip as RUN steps model them (:mod:`dockersim.build.runsim`); installed programs
        exist in this container afterwards, and the time the install takes passes."""
        from dockersim.build.context import BuildContext
        from dockersim.build.runsim import RunState, install_step

        distro = str(self.c.extra.get("os", "debian"))
        action = next((w for w in words[1:] if not w.startswith("-")), "")
        if words[0] == "apt-get" and action == "install" and not self.c.extra.get("apt_updated"):
            missing = next((w for w in words[2:] if not w.startswith("-") and w != "install"), "")
            if missing:
                self.say("Reading package lists...\nBuilding dependency tree...\nReading state information...")
                return self.fail(f"E: Unable to locate package {missing}", 100)
        if words[0] == "apt-get" and action == "update":
            self.c.extra["apt_updated"] = True
        if action not in ("add", "install", "i", "update", "ci", "upgrade", "del", "remove", "clean", "cache"):
            return self.fail(NOT_MODELLED_HINT.format(" ".join(words[:2])))
        state = RunState(env=dict(self.env), workdir=self.call.files.cwd, distro=distro, context=BuildContext())
        outcome = install_step(words, state)
        for _, line in outcome.lines:
            self.say(line)
        self.call.host.sleep(outcome.duration)
        if outcome.exit_code == 0 and action in ("add", "install", "i"):
            installed = self.c.extra.setdefault("installed", [])
            for name in words[2:]:
                if not name.startswith("-") and name not in installed and len(installed) < MAX_INSTALLED:
                    installed.append(name.split("=")[0].split("@")[0])
        return outcome.exit_code

    def _cmd_python(self, args: list[str]) -> int:
        version = self.env.get("PYTHON_VERSION")
        if not version:
            return self.fail("sh: python: not found", 127)
        if args[:1] in (["-V"], ["--version"]):
            self.say(f"Python {version}")
            return 0
        if args[:1] == ["-c"] and len(args) > 1:
            m = re.fullmatch(r"\s*print\((['\"])(.*)\1\)\s*", args[1])
            if m:
                self.say(m.group(2))
                return 0
        return self.fail(NOT_MODELLED_HINT.format("python " + " ".join(args)))

    _cmd_python3 = _cmd_python

    def _cmd_java(self, args: list[str]) -> int:
        java = self.env.get("JAVA_VERSION", "")
        if not java:
            return self.fail("sh: java: not found", 127)
        if args[:1] in (["-version"], ["--version"]):
            v = java.removeprefix("jdk-").split("+")[0]
            self.call.err(
                f'openjdk version "{v}" 2024-10-15\nOpenJDK Runtime Environment (build {v})\n'
                f"OpenJDK 64-Bit Server VM (build {v}, mixed mode, sharing)\n"
            )
            return 0
        return self.fail(NOT_MODELLED_HINT.format("java " + " ".join(args)))

    def _cmd_go(self, args: list[str]) -> int:
        version = self.env.get("GOLANG_VERSION")
        if not version:
            return self.fail("sh: go: not found", 127)
        if args[:1] == ["version"]:
            self.say(f"go version go{version} linux/amd64")
            return 0
        return self.fail(NOT_MODELLED_HINT.format("go " + " ".join(args)))

    def _cmd_df(self, args: list[str]) -> int:
        self.say(
            "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
            "overlay               61202244  18734852  39326060  32% /"
        )
        return 0


def _nginx_time(sh: ContainerPrograms) -> str:
    import time

    return time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(sh.engine.now()))


def _js_object(text: str) -> dict[str, Any] | None:
    text = text.strip()
    if not text:
        return {}
    if not (text.startswith("{") and text.endswith("}")):
        return None
    body = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', text)
    body = re.sub(r"'((?:[^'\\]|\\.)*)'", lambda m: json.dumps(m.group(1)), body)
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _mongo_doc(doc: dict[str, Any], indent: bool) -> str:
    pad = "  " if indent else ""
    lines = []
    for k, v in doc.items():
        shown = v if k == "_id" else (f"'{v}'" if isinstance(v, str) else json.dumps(v))
        lines.append(f"{pad}  {k}: {shown}")
    return f"{pad}{{\n" + ",\n".join(lines) + f"\n{pad}}}"


def _is_ip(text: str) -> bool:
    return bool(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", text))


def _broadcast(ip: str) -> str:
    a, b, _c, _d = ip.split(".")
    return f"{a}.{b}.255.255"


def _program(call: Call) -> int:
    """Run a container program on the shell's container side (it does not exist in the terminal)."""
    run = getattr(call.host, "run_program", None)
    if not callable(run):
        return call.fail(call.host.not_found(call.name), 127)
    return int(run(call))


NAMES = [
    "apk",
    "apt_get",
    "apt",
    "pip",
    "pip3",
    "whoami",
    "id",
    "hostname",
    "uname",
    "uptime",
    "ip",
    "ifconfig",
    "ping",
    "nslookup",
    "getent",
    "ps",
    "which",
    "nginx",
    "mongosh",
    "mongo",
    "pg_isready",
    "psql",
    "redis_cli",
    "mysql",
    "node",
    "npm",
    "python",
    "python3",
    "java",
    "go",
    "df",
]
#: Program name -> method name.
PROGRAM_METHODS = {
    name.replace("_", "-") if name in ("redis_cli", "apt_get") else name: f"_cmd_{name}" for name in NAMES
}
for _name in PROGRAM_METHODS:
    REGISTRY[_name] = _program


NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
