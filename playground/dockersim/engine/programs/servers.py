"""Servers' own programs and database clients: nginx, mongosh, psql, pg_isready, redis-cli, mysql."""

from __future__ import annotations

import json
import posixpath
import re
import time
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote

from dockersim.engine.programs import psqlformat
from dockersim.engine.programs.base import NOT_MODELLED_HINT, ProgramBase
from dockersim.engine.programs.nginx_files import NGINX_ROOT

if TYPE_CHECKING:
    from dockersim.engine.state import VolumeRecord


class ServerPrograms(ProgramBase):
    """Servers' own programs and database clients: nginx, mongosh, psql, pg_isready, redis-cli, mysql."""

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
        user, db, sql = psqlformat.connection(self.env, args, self.username)
        if not user:
            return self.fail(f"psql: error: local user with ID {self.uid} does not exist", 2)
        pg_store = self._store(self.env.get("PGDATA", "/var/lib/postgresql/data"))
        roles = {self.env.get("POSTGRES_USER", "postgres"), "postgres"}
        if user not in roles:
            return self.fail(
                f'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
                f'failed: FATAL:  role "{user}" does not exist',
                2,
            )
        dbs = self._pg_databases(pg_store)
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
            code = self._sql(pg_store, db, stmt, user) or code
        return code

    def _pg_databases(self, store: dict[str, list[Any]]) -> list[str]:
        """The cluster's databases besides the templates: ``postgres`` and ``POSTGRES_DB`` (the image's
        entrypoint creates it, named after ``POSTGRES_USER`` by default), then those ``CREATE DATABASE`` made."""
        superuser = self.env.get("POSTGRES_USER", "postgres")
        made = store.get("pg:_databases")
        return list(made) if made else ["postgres", *{self.env.get("POSTGRES_DB", superuser)} - {"postgres"}]

    def _pg_owner(self, store: dict[str, list[Any]], name: str) -> str:
        """Who owns a database or a ``db.table``: who created it, else the superuser initdb ran as."""
        owner = store.get(f"pgowner:{name}")
        return str(owner[0]) if owner else self.env.get("POSTGRES_USER", "postgres")

    def _sql(self, store: dict[str, list[Any]], db: str, stmt: str, user: str) -> int:
        up = stmt.upper()
        m = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*)\)$", stmt, re.I | re.S)
        if m:
            key = f"pg:{db}.{m.group(1).lower()}"
            if key in store and "IF NOT EXISTS" not in up:
                return self.fail(f'ERROR:  relation "{m.group(1).lower()}" already exists')
            cols = [c.strip().split()[0].lower() for c in m.group(2).split(",") if c.strip()]
            store.setdefault(key, [])
            store[f"pgcols:{db}.{m.group(1).lower()}"] = cols
            store[f"pgowner:{db}.{m.group(1).lower()}"] = [user]
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
            numeric = [i for i, c in enumerate(cols) if rows and all(isinstance(r.get(c), int) for r in rows)]
            cells = [[str(r.get(c, "")) for c in cols] for r in rows]
            self.say(psqlformat.aligned("", cols, cells, right=numeric))
            return 0
        m = re.match(r"CREATE DATABASE (\w+)", stmt, re.I)
        if m:
            dbs = store.setdefault("pg:_databases", self._pg_databases(store))
            if m.group(1).lower() in dbs:
                return self.fail(f'ERROR:  database "{m.group(1).lower()}" already exists')
            dbs.append(m.group(1).lower())
            store[f"pgowner:{m.group(1).lower()}"] = [user]
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
            tables = [k.split(".", 1)[1] for k in store if k.startswith(f"pg:{db}.")]
            owned = [(t, self._pg_owner(store, f"{db}.{t}")) for t in tables]
            self.say(psqlformat.list_relations(owned))
            return 0
        if stmt.strip() in ("\\l", "\\list"):
            superuser = self.env.get("POSTGRES_USER", "postgres")
            owned = [(name, self._pg_owner(store, name)) for name in self._pg_databases(store)]
            major = int(self.env.get("PG_MAJOR", "17") or 17)
            self.say(psqlformat.list_databases(major, owned, superuser))
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


#: HTTP reason phrases of the answers the simulated servers give.
REASONS = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found"}


class ServedFiles(Protocol):
    """What a web server reads: its container's files (layer, image, volumes and bind mounts)."""

    def read_raw(self, path: str) -> str | None:
        """A file's text, or None."""
        ...

    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is a directory."""
        ...


def nginx_response(files: ServedFiles, target: str, version: str) -> tuple[int, str]:
    """(status, body) of nginx's default server for a GET of ``target``: the file under its root, ``index.html``
    for a directory, a 301 to add the slash of a directory, 403 for a directory without index (autoindex is off),
    and nginx's own error page for a missing file."""
    raw = unquote(target.split("?")[0].split("#")[0]) or "/"
    path = posixpath.normpath("/" + raw)
    full = NGINX_ROOT + ("" if path == "/" else path)
    if raw.endswith("/") or path == "/":
        if not files.is_dir(full):
            return 404, nginx_error_page(404, version)
        index = files.read_raw(full + "/index.html")
        if index is None:
            return 403, nginx_error_page(403, version)
        return 200, index
    if files.is_dir(full):
        return 301, nginx_error_page(301, version)
    body = files.read_raw(full)
    return (200, body) if body is not None else (404, nginx_error_page(404, version))


def nginx_error_page(status: int, version: str) -> str:
    """nginx's built-in page for ``status`` (CRLF line ends, the version shown: ``server_tokens`` is on)."""
    title = f"{status} {REASONS[status]}"
    lines = [
        "<html>", f"<head><title>{title}</title></head>", "<body>", f"<center><h1>{title}</h1></center>",
        f"<hr><center>nginx/{version}</center>", "</body>", "</html>", "",
    ]  # fmt: skip
    return "\r\n".join(lines)


def _nginx_time(sh: ProgramBase) -> str:

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
