"""What a container's main process does: modelled, never run.

Servers (nginx, postgres, redis, mongo, mysql, node/python apps …) keep running and log believable
startup lines; shells exit at once unless interactive; ``sleep N`` ends N seconds later; anything
else goes through the one shell (:mod:`dockersim.engine.shell` on :mod:`dockersim.shell`) and exits with its
status. The engine is reached only through :class:`dockersim.engine.door.EngineDoor`.
"""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING

from dockersim.context import EngineError
from dockersim.engine import binds, shell
from dockersim.engine.cpus import online_cpus
from dockersim.engine.users import missing_user
from dockersim.shell.host import FOREVER_SECONDS, parse_interval
from dockersim.shell.syntax import (
    Literal,
    LoopClause,
    ShellSyntaxError,
    SimpleCommand,
    Word,
    parse_script,
    simple_commands,
)

if TYPE_CHECKING:
    from dockersim.engine.door import EngineDoor as Engine
    from dockersim.engine.state import ContainerRecord

WRAPPERS = {
    "docker-entrypoint.sh", "/docker-entrypoint.sh", "/usr/local/bin/docker-entrypoint.sh", "/bin/tini", "tini",
    "--", "/entrypoint.sh", "/usr/local/bin/mvn-entrypoint.sh", "/__cacert_entrypoint.sh", "/run.sh", "gosu",
    "dumb-init", "/usr/bin/dumb-init", "/sbin/tini",
}  # fmt: skip
SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "ash", "/bin/ash", "zsh"}
REPLS = {"node", "python", "python3", "jshell", "mongosh", "irb", "psql"}
SERVERS = {
    "nginx": "nginx", "nginx-debug": "nginx", "postgres": "postgres", "redis-server": "redis", "mongod": "mongo",
    "mysqld": "mysql", "httpd-foreground": "httpd", "traefik": "traefik", "eswrapper": "elasticsearch",
    "/bin/prometheus": "prometheus", "prometheus": "prometheus", "rabbitmq-server": "generic-server",
    "/usr/local/bin/kibana-docker": "generic-server", "grafana": "grafana", "grafana-server": "grafana",
}  # fmt: skip
APP_RUNNERS = {
    "npm",
    "yarn",
    "pnpm",
    "npx",
    "gunicorn",
    "uvicorn",
    "flask",
    "nodemon",
    "java",
    "dotnet",
    "./app",
    "/app/main",
    "/main",
    "./main",
    "/server",
    "./server",
    "rails",
    "php-fpm",
    "caddy",
    "air",
}
HANDLES_TERM = {
    "nginx",
    "postgres",
    "redis",
    "mongo",
    "mysql",
    "httpd",
    "traefik",
    "elasticsearch",
    "prometheus",
    "grafana",
    "generic-server",
}


#: The PID of nginx's first worker (the entrypoint's scripts ran as the PIDs before it).
NGINX_FIRST_WORKER = 29


def nginx_workers(c: ContainerRecord) -> range:
    """The PIDs of nginx's workers, as its start-up log numbers them and ``docker top`` lists them: the image's
    ``worker_processes auto`` starts one per CPU ``sysconf`` counts (:func:`dockersim.engine.cpus.online_cpus`)."""
    return range(NGINX_FIRST_WORKER, NGINX_FIRST_WORKER + online_cpus(c))


def nginx_shutdown(c: ContainerRecord, signal: str) -> list[str]:
    """nginx's log lines (after the time and ``[notice]``) as its master stops every worker: ``SIGQUIT`` (docker
    stop, the image's STOPSIGNAL: graceful) or ``SIGINT`` (Ctrl+C: fast)."""
    graceful = signal == "SIGQUIT"
    received = "signal 3 (SIGQUIT) received, shutting down" if graceful else "signal 2 (SIGINT) received, exiting"
    lines = [f"1#1: {received}"]
    workers = nginx_workers(c)
    if graceful:
        lines += [f"{pid}#{pid}: gracefully shutting down" for pid in workers]
    lines += [f"{pid}#{pid}: exiting" for pid in workers]
    lines += [f"{pid}#{pid}: exit" for pid in workers]
    for pid in workers:
        lines += [f"1#1: signal 17 (SIGCHLD) received from {pid}", f"1#1: worker process {pid} exited with code 0"]
    return [*lines, "1#1: exit"]


def _stamp(engine: Engine, fmt: str) -> str:
    return time.strftime(fmt, time.gmtime(engine.now()))


def effective_argv(c: ContainerRecord) -> list[str]:
    """The command after entrypoint wrappers hand over (``docker-entrypoint.sh nginx -g …`` → ``nginx -g …``)."""
    argv = [c.path, *c.args]
    while argv and argv[0] in WRAPPERS:
        argv = argv[1:]
    if argv and argv[0].startswith("-") and c.behaviour in ("redis", "postgres", "mongo", "mysql"):
        argv = [
            {"redis": "redis-server", "postgres": "postgres", "mongo": "mongod", "mysql": "mysqld"}[c.behaviour],
            *argv,
        ]
    if c.behaviour == "prometheus" and c.path == "/bin/prometheus":
        argv = ["/bin/prometheus", *c.args]
    if c.behaviour == "grafana" and c.path == "/run.sh":
        argv = ["grafana"]
    return argv


def kind_of(c: ContainerRecord) -> str:
    """server / app / repl / shell / sleep / oneshot."""
    argv = effective_argv(c)
    if not argv:
        return "oneshot"
    prog = argv[0]
    if prog in SERVERS and not (prog.startswith("nginx") and any(a in ("-t", "-T", "-v", "-V", "-s") for a in argv)):
        if prog in ("postgres", "mysqld", "mongod", "redis-server") and any(a in ("--version", "-V") for a in argv):
            return "oneshot"
        return "server"
    if prog in SHELLS and len(argv) == 1:
        return "shell"
    if prog in REPLS and len(argv) == 1:
        return "repl"
    if prog in ("sleep", "tail") or (prog in SHELLS and len(argv) >= 3 and _loops(argv[2])):
        return "sleep"
    if prog in APP_RUNNERS or _is_app_script(argv):
        return "app"
    if c.behaviour == "maven" and prog == "mvn" and len(argv) == 1:
        return "oneshot"
    return "oneshot"


def _loops(script: str) -> bool:
    return any(
        word in script
        for word in (
            "while true",
            "while :",
            "sleep infinity",
            "tail -f",
            "npm run dev",
            "npm start",
            "node ",
            "python ",
            "flask run",
            "uvicorn",
        )
    )


def _is_app_script(argv: list[str]) -> bool:
    prog = argv[0].rsplit("/", 1)[-1]
    if prog in ("node", "python", "python3") and len(argv) >= 2:
        target = argv[1]
        return (not target.startswith("-") and target.endswith((".js", ".mjs", ".cjs", ".py", ".ts"))) or (
            target in ("-m",) and len(argv) > 2 and argv[2] in ("flask", "uvicorn", "http.server", "gunicorn")
        )
    return False


def start(engine: Engine, c: ContainerRecord) -> None:
    """The process starts: log its startup, decide whether and when it ends."""
    missing = missing_user(c, engine.image_history(c), c.user)
    if missing:
        c.state = "created"
        c.exit_code = 125
        c.start_error = f"unable to find user {missing}: no matching entries in passwd file"
        engine.release_resources(c)
        raise EngineError(c.start_error, 125)
    mismatch = shell.bind_mismatch(engine, c)
    if mismatch:
        c.state = "created"
        c.exit_code = 127  # the daemon's code for ENOTDIR at start; the CLI itself exits 125
        c.start_error = mismatch
        engine.release_resources(c)
        raise EngineError(mismatch, 125)
    binds.create_sources(engine.host_files, engine.host_root, c.mounts)
    shell.fill_empty_volumes(engine, c)
    kind = kind_of(c)
    argv = effective_argv(c)
    if kind == "server":
        _start_server(engine, c, argv)
    elif kind == "app":
        _start_app(engine, c, argv)
    elif kind in ("shell", "repl"):
        if not c.interactive:
            engine.finish_process(c, 0)
    elif kind == "sleep":
        _start_sleep(engine, c, argv)
    else:
        _run_oneshot(engine, c, argv)
    if (c.state == "exited" and c.restart_policy["Name"] in ("always", "unless-stopped")) or (
        c.state == "exited" and c.restart_policy["Name"] == "on-failure" and c.exit_code != 0
    ):
        c.state = "restarting"
        c.restart_count += 1


def _run_oneshot(engine: Engine, c: ContainerRecord, argv: list[str]) -> None:
    if c.behaviour == "hello" and argv[:1] == ["/hello"]:
        c.log(engine.now(), HELLO)
        engine.finish_process(c, 0)
        return
    if c.behaviour == "maven" and argv == ["mvn"]:
        c.log(engine.now(), MAVEN_NO_GOALS)
        engine.finish_process(c, 1)
        return
    prog = argv[0] if argv else ""
    if not shell.known_program(prog, c, engine):
        c.state = "created"
        c.exit_code = 127
        c.start_error = (
            "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create "
            "failed: unable to start container process: error during container init: exec: "
            f'"{prog}": executable file not found in $PATH: unknown'
        )
        engine.release_resources(c)
        raise EngineError(c.start_error, 127)
    result = shell.run_argv(engine, c, argv, user=c.user, workdir=c.workdir or "/", env=c.env_map())
    if result.stdout:
        c.log(engine.now(), result.stdout, "stdout")
    if result.stderr:
        c.log(engine.now(), result.stderr, "stderr")
    if result.keeps_running:
        return
    if result.slept > 0:
        c.ends_at = engine.now() + min(result.slept, FOREVER_SECONDS)
        c.end_exit_code = result.exit_code
        return
    engine.finish_process(c, result.exit_code)


def _start_sleep(engine: Engine, c: ContainerRecord, argv: list[str]) -> None:
    if argv[0] == "sleep" and len(argv) >= 2:
        seconds = parse_interval(argv[1])
        if seconds is None:
            c.log(engine.now(), f"sleep: invalid time interval '{argv[1]}'\nTry 'sleep --help' for more information.",
                  "stderr")  # fmt: skip
            engine.finish_process(c, 1)
            return
        if seconds >= FOREVER_SECONDS:
            return  # ends after the simulated clock's range: it runs until stopped, as ``sleep infinity`` does
        c.ends_at = engine.now() + seconds
        c.end_exit_code = 0
        if seconds <= 0:
            engine.finish_process(c, 0)
    elif argv[0] in ("sleep",):
        c.log(engine.now(), "sleep: missing operand\nTry 'sleep --help' for more information.", "stderr")
        engine.finish_process(c, 1)
    elif argv[0] in shell.SHELL_NAMES and len(argv) >= 3:
        _run_long_script(engine, c, argv[2])


def _run_long_script(engine: Engine, c: ContainerRecord, script: str) -> None:
    """Run a ``sh -c`` script's leading commands, then hand over to the long-running one it ends with."""
    workdir = c.workdir or "/"
    try:
        lists = parse_script(script)
    except ShellSyntaxError as error:
        c.log(engine.now(), f"sh: 1: {error}", "stderr")
        engine.finish_process(c, 2)
        return
    loop_at = next((i for i, item in enumerate(lists) if isinstance(item.first.commands[0], LoopClause)), None)
    commands = simple_commands(lists[:loop_at])
    if loop_at is not None:
        commands.append(SimpleCommand(words=[Word([Literal("sleep")])], text="while true"))
    for command in commands:
        chunk = command.text
        words = [word.unexpanded() for word in command.words]
        head = words[0].rsplit("/", 1)[-1] if words else ""
        if head in APP_RUNNERS or _is_app_script(words or [""]):
            _start_app(engine, c, words)
            return
        if _loops(chunk) or head in ("sleep", "tail"):
            loop = _PERIODIC.search(script)
            if loop:
                c.extra["periodic"] = {
                    "text": loop.group(2),
                    "every": max(float(loop.group(3)), 0.1),
                    "last": engine.now(),
                }
                c.log(engine.now(), loop.group(2))
            return
        result = shell.run_script(engine, c, chunk, user=c.user, workdir=workdir, env=c.env_map())
        if head == "cd" and result.exit_code == 0 and len(words) > 1:
            workdir = words[1] if words[1].startswith("/") else f"{workdir.rstrip('/')}/{words[1]}"
        if result.stdout:
            c.log(engine.now(), result.stdout)
        if result.stderr:
            c.log(engine.now(), result.stderr, "stderr")
        if result.exit_code != 0:
            engine.finish_process(c, result.exit_code)
            return


_PERIODIC = re.compile(
    r"while (?:true|:)\s*;\s*do\s+echo\s+(['\"]?)([^;'\"]*)\1\s*;\s*sleep\s+(\d+(?:\.\d+)?)\s*;\s*done"
)
#: At most this many periodic lines are produced per refresh, so a long pause cannot flood the log.
MAX_PERIODIC_LINES = 200


def periodic_output(c: ContainerRecord, now: float) -> None:
    """Emit the lines a ``while true; do echo X; sleep N; done`` loop printed since the last refresh."""
    loop = c.extra["periodic"]
    every = float(loop["every"])
    due = int((now - float(loop["last"])) // every)
    if due <= 0:
        return
    for i in range(min(due, MAX_PERIODIC_LINES)):
        c.log(float(loop["last"]) + every * (i + 1), str(loop["text"]))
    loop["last"] = float(loop["last"]) + every * due


def _volume_at(engine: Engine, c: ContainerRecord, target: str) -> object | None:
    for m in c.mounts:
        if m["Type"] == "volume" and m["Destination"].rstrip("/") == target.rstrip("/"):
            return engine.volumes.get(m["Name"])
    return None


def _start_server(engine: Engine, c: ContainerRecord, argv: list[str]) -> None:
    env = c.env_map()
    b = SERVERS[argv[0]]
    now = engine.now()
    if b == "nginx":
        if c.network_mode == "host" and engine.host_port_taken(80, exclude=c.id):
            c.log(now, NGINX_ENTRY, "stdout")
            c.log(
                now,
                f"{_stamp(engine, '%Y/%m/%d %H:%M:%S')} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address "
                "already in use)\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)",
                "stderr",
            )
            engine.finish_process(c, 1)
            return
        ts = _stamp(engine, "%Y/%m/%d %H:%M:%S")
        version = env.get("NGINX_VERSION", "1.27.3")
        c.log(now, NGINX_ENTRY, "stdout")
        lines = [
            'using the "epoll" event method',
            f"nginx/{version}",
            "built by gcc 12.2.0 (Debian 12.2.0-14)",
            "OS: Linux 6.10.14-linuxkit",
            "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
            "start worker processes",
            *(f"start worker process {pid}" for pid in nginx_workers(c)),
        ]
        c.log(now, "\n".join(f"{ts} [notice] 1#1: {line}" for line in lines), "stderr")
    elif b == "postgres":
        _start_postgres(engine, c, env)
    elif b == "redis":
        ts = _stamp(engine, "%d %b %Y %H:%M:%S.123")
        version = env.get("REDIS_VERSION", "7.4.1")
        c.log(
            now,
            "\n".join(
                [
                    f"1:C {ts} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                    f"1:C {ts} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started",
                    f"1:C {ts} # Warning: no config file specified, using the default config. "
                    "In order to specify a config "
                    "file use redis-server /path/to/redis.conf",
                    f"1:M {ts} * monotonic clock: POSIX clock_gettime",
                    f"1:M {ts} * Running mode=standalone, port=6379.",
                    f"1:M {ts} * Server initialized",
                    f"1:M {ts} * Ready to accept connections tcp",
                ]
            ),
        )
    elif b == "mongo":
        ts = _stamp(engine, "%Y-%m-%dT%H:%M:%S.123+00:00")
        vol = _volume_at(engine, c, "/data/db")
        if vol is not None:
            vol.files.setdefault("WiredTiger", "WiredTiger\nWiredTiger 11.2.0\n")  # type: ignore[attr-defined]
        version = env.get("MONGO_VERSION", "8.0.3")
        msgs = [
            (
                "CONTROL",
                23285,
                "main",
                "Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'",
                None,
            ),
            (
                "CONTROL",
                4615611,
                "initandlisten",
                "MongoDB starting",
                {"pid": 1, "port": 27017, "dbPath": "/data/db", "architecture": "64-bit", "host": c.hostname},
            ),
            ("CONTROL", 23403, "initandlisten", "Build Info", {"buildInfo": {"version": version}}),
            ("NETWORK", 23015, "listener", "Listening on", {"address": "0.0.0.0"}),
            ("NETWORK", 23016, "listener", "Waiting for connections", {"port": 27017, "ssl": "off"}),
        ]
        for comp, mid, ctx, msg, attr in msgs:
            line = {"t": {"$date": ts}, "s": "I", "c": comp, "id": mid, "ctx": ctx, "msg": msg}
            if attr:
                line["attr"] = attr
            c.log(now, json.dumps(line, separators=(",", ":")))
    elif b == "mysql":
        _start_mysql(engine, c, env)
    elif b == "httpd":
        ip = engine.primary_ip(c) or "127.0.0.1"
        msg = (
            f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. "
            "Set the 'ServerName' directive globally to suppress this message"
        )
        ts = _stamp(engine, "%a %b %d %H:%M:%S.123456 %Y")
        c.log(
            now,
            f"{msg}\n{msg}\n[{ts}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured "
            f"-- resuming normal operations\n[{ts}] [core:notice] [pid 1:tid 1] AH00094: Command line: "
            "'httpd -D FOREGROUND'",
            "stderr",
        )
    elif b == "traefik":
        ts = _stamp(engine, "%Y-%m-%dT%H:%M:%SZ")
        c.log(
            now,
            f"{ts} INF Traefik version 3.2.1 built on 2024-11-20T10:00:00Z version=3.2.1\n"
            f"{ts} INF Starting provider aggregator *aggregator.ProviderAggregator\n"
            f"{ts} INF Starting provider *traefik.Provider",
        )
    elif b == "prometheus":
        ts = _stamp(engine, "%Y-%m-%dT%H:%M:%S.123Z")
        c.log(
            now,
            f'time={ts} level=INFO source=main.go:640 msg="No time or size retention was set so using the '
            f'default time retention" duration=15d\ntime={ts} level=INFO source=main.go:1155 msg="Server is '
            f'ready to receive web requests."',
            "stderr",
        )
    elif b == "grafana":
        ts = _stamp(engine, "%Y-%m-%dT%H:%M:%S.123Z")
        c.log(
            now,
            f'logger=settings t={ts} level=info msg="Starting Grafana" version=11.3.1\n'
            f'logger=http.server t={ts} level=info msg="HTTP Server Listen" address=[::]:3000 protocol=http',
        )
    elif b == "elasticsearch":
        ts = _stamp(engine, "%Y-%m-%dT%H:%M:%S,123")
        c.log(
            now,
            f'{{"@timestamp":"{ts}Z", "log.level": "INFO", "message":"started {{{c.hostname}}}", '
            '"ecs.version": "1.2.0","service.name":"ES_ECS","event.dataset":"elasticsearch.server"}',
        )
    else:
        c.log(now, f"{argv[0]}: started")


def _start_postgres(engine: Engine, c: ContainerRecord, env: dict[str, str]) -> None:
    now = engine.now()
    pgdata = env.get("PGDATA", "/var/lib/postgresql/data")
    vol = _volume_at(engine, c, pgdata)
    initialized = vol is not None and "PG_VERSION" in vol.files  # type: ignore[attr-defined]
    version = env.get("PG_VERSION", "17.2-1.pgdg120+1").split("-")[0]
    if not initialized and not env.get("POSTGRES_PASSWORD") and env.get("POSTGRES_HOST_AUTH_METHOD") != "trust":
        c.log(now, PG_NO_PASSWORD, "stderr")
        engine.finish_process(c, 1)
        return
    stamp = _stamp(engine, "%Y-%m-%d %H:%M:%S.123 UTC")
    if initialized:
        c.log(now, "\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n")
    else:
        user = env.get("POSTGRES_USER", "postgres")
        c.log(now, PG_INIT.format(user=user, pgdata=pgdata), "stdout")
        if vol is not None:
            vol.files["PG_VERSION"] = version.split(".")[0] + "\n"  # type: ignore[attr-defined]
            vol.data.setdefault("pg:_databases", [])  # type: ignore[attr-defined]
            dbs = vol.data["pg:_databases"]  # type: ignore[attr-defined]
            for db in ("postgres", env.get("POSTGRES_DB", user)):
                if db not in dbs:
                    dbs.append(db)
    major = version.split(".")[0]
    c.log(
        now,
        "\n".join(
            f"{stamp} [1] LOG:  {m}"
            for m in [
                f"starting PostgreSQL {version} (Debian {version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc "
                "(Debian 12.2.0-14) 12.2.0, 64-bit",
                'listening on IPv4 address "0.0.0.0", port 5432',
                'listening on IPv6 address "::", port 5432',
                'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"',
            ]
        )
        + f"\n{stamp} [{60 + int(major)}] LOG:  database system was shut down at "
        f"{_stamp(engine, '%Y-%m-%d %H:%M:%S UTC')}\n{stamp} [1] LOG:  database system is ready to accept connections",
        "stderr",
    )


def _start_mysql(engine: Engine, c: ContainerRecord, env: dict[str, str]) -> None:
    now = engine.now()
    vol = _volume_at(engine, c, "/var/lib/mysql")
    initialized = vol is not None and "ibdata1" in vol.files  # type: ignore[attr-defined]
    version = env.get("MYSQL_VERSION", "9.1.0-1.el9")
    ts = _stamp(engine, "%Y-%m-%d %H:%M:%S+00:00")
    c.log(
        now,
        f"{ts} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version} started.\n"
        f"{ts} [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n"
        f"{ts} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version} started.",
    )
    if not initialized and not any(
        env.get(k) for k in ("MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD")
    ):
        c.log(
            now,
            f"{ts} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n"
            "    You need to specify one of the following as an environment variable:\n"
            "    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD",
            "stderr",
        )
        engine.finish_process(c, 1)
        return
    if vol is not None:
        vol.files.setdefault("ibdata1", "InnoDB")  # type: ignore[attr-defined]
    short = version.split("-")[0]
    ts2 = _stamp(engine, "%Y-%m-%dT%H:%M:%S.123456Z")
    c.log(
        now,
        f"{ts2} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{short}'  "
        f"socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
        "stderr",
    )


def _start_app(engine: Engine, c: ContainerRecord, argv: list[str]) -> None:
    env = c.env_map()
    port = env.get("PORT") or next((p.split("/")[0] for p in c.exposed_ports), "3000")
    prog = argv[0].rsplit("/", 1)[-1]
    now = engine.now()
    if prog in ("npm", "yarn", "pnpm"):
        script = argv[2] if len(argv) > 2 and argv[1] == "run" else argv[1] if len(argv) > 1 else "start"
        c.log(now, f"\n> app@1.0.0 {script}\n> node server.js\n")
    if prog == "node" and len(argv) > 1 and not argv[1].startswith("-"):
        _start_node(engine, c, argv[1])
        return
    if prog in ("gunicorn",):
        ts = _stamp(engine, "%Y-%m-%d %H:%M:%S +0000")
        c.log(
            now,
            f"[{ts}] [1] [INFO] Starting gunicorn 23.0.0\n[{ts}] [1] [INFO] Listening at: http://0.0.0.0:{port}"
            f" (1)\n[{ts}] [1] [INFO] Using worker: sync\n[{ts}] [7] [INFO] Booting worker with pid: 7",
            "stderr",
        )
        return
    if prog in ("uvicorn",) or argv[1:3] == ["-m", "uvicorn"]:
        c.log(
            now,
            f"INFO:     Started server process [1]\nINFO:     Waiting for application startup.\nINFO:     "
            f"Application startup complete.\nINFO:     Uvicorn running on http://0.0.0.0:{port} (Press CTRL+C to "
            "quit)",
            "stderr",
        )
        return
    if prog in ("python", "python3", "flask"):
        c.log(
            now,
            f" * Serving Flask app 'app'\n * Debug mode: off\n * Running on all addresses (0.0.0.0)\n"
            f" * Running on http://127.0.0.1:{port}\nPress CTRL+C to quit",
            "stderr",
        )
        return
    if prog == "java":
        c.log(
            now,
            f"Started Application in 2.871 seconds (process running for 3.412)\nTomcat started on port {port} "
            "(http) with context path '/'",
        )
        return
    c.log(now, f"Server listening on port {port}")


def _start_node(engine: Engine, c: ContainerRecord, script: str) -> None:
    """``node SCRIPT`` as the script in the container's files makes it (:mod:`dockersim.engine.nodejs`)."""
    outcome = shell.node_script(engine, c, script)
    now = engine.now()
    if outcome.stdout:
        c.log(now, "\n".join(outcome.stdout))
    if outcome.stderr:
        c.log(now, outcome.stderr, "stderr")
    if not outcome.serves:
        engine.finish_process(c, outcome.exit_code)


def ignores_signal(engine: Engine, c: ContainerRecord, sig: str) -> bool:
    """Whether the main process, PID 1, ignores ``sig`` (``INT``, ``TERM``, ``QUIT``): the kernel gives PID 1 no
    default action, so only a handler the program installs acts on it (servers', Python's SIGINT, the JVM's,
    npm's, a Node script's ``process.on(...)``); ``sleep``, shells and their loops, and a Node script without
    one, Python for anything but SIGINT, keep running."""
    kind = kind_of(c)
    if kind == "server" or not c.running:
        return False
    argv = effective_argv(c)
    prog = argv[0].rsplit("/", 1)[-1] if argv else ""
    if kind in ("sleep", "shell"):
        return True
    if kind == "repl":
        return sig != "INT"  # the prompts handle Ctrl+C themselves
    if kind != "app":
        return False
    if prog == "node" and len(argv) > 1 and not argv[1].startswith("-"):
        return shell.node_signal_exit(engine, c, argv[1], f"SIG{sig}") is None
    # Python's only default handler is SIGINT's (KeyboardInterrupt); Go, the JVM, npm, gunicorn and the other
    # runners install theirs.
    return prog in ("python", "python3", "flask") and sig != "INT"


def stop_outcome(c: ContainerRecord, timeout: float | None, engine: Engine | None = None) -> tuple[int, float]:
    """Exit code and seconds a ``docker stop`` takes: servers exit 0 on SIGTERM, PID-1 shells/apps get SIGKILL."""
    grace = 10.0 if timeout is None or timeout < 0 else float(timeout)
    kind = kind_of(c)
    argv = effective_argv(c)
    if engine is not None and kind == "app" and argv[:1] == ["node"] and len(argv) > 1:
        handled = shell.node_signal_exit(engine, c, argv[1], "SIGTERM")
        if handled is not None:
            return handled, 0.1  # the script's own handler ends it
    handles = kind == "server" and SERVERS.get(argv[0], "") in HANDLES_TERM
    if handles:
        return 0, 0.3
    if grace == 0:
        return 137, 0.0
    prog = argv[0].rsplit("/", 1)[-1] if argv else ""
    if kind == "app" and prog in ("gunicorn", "uvicorn"):
        return 0, 0.5
    if kind == "app" and prog == "java":
        return 143, 0.5  # the JVM handles SIGTERM and exits 128+15
    return 137, grace


def on_stop(engine: Engine, c: ContainerRecord, code: int) -> None:
    """Log the shutdown lines a server prints when it is stopped."""
    if code != 0:
        return
    argv = effective_argv(c)
    b = SERVERS.get(argv[0], "") if argv else ""
    now = engine.now()
    if b == "nginx":
        ts = _stamp(engine, "%Y/%m/%d %H:%M:%S")
        c.log(now, "\n".join(f"{ts} [notice] {line}" for line in nginx_shutdown(c, "SIGQUIT")), "stderr")
    elif b == "postgres":
        stamp = _stamp(engine, "%Y-%m-%d %H:%M:%S.123 UTC")
        c.log(
            now,
            f"{stamp} [1] LOG:  received fast shutdown request\n{stamp} [1] LOG:  aborting any active "
            f"transactions\n{stamp} [1] LOG:  database system is shut down",
            "stderr",
        )
    elif b == "redis":
        ts = _stamp(engine, "%d %b %Y %H:%M:%S.123")
        c.log(
            now,
            f"1:signal-handler ({int(engine.now())}) Received SIGTERM scheduling shutdown...\n1:M {ts} * User "
            f"requested shutdown...\n1:M {ts} * Saving the final RDB snapshot before exiting.\n1:M {ts} * DB "
            f"saved on disk\n1:M {ts} # Redis is now ready to exit, bye bye...",
        )


def signal_line(c: ContainerRecord, sig: str) -> str:
    """What a server logs for a non-fatal signal (HUP reloads nginx)."""
    return f"signal {sig} received, reconfiguring" if c.behaviour == "nginx" else f"received SIG{sig}"


HELLO = """
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
"""

NGINX_ENTRY = """/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up"""

PG_NO_PASSWORD = """Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html"""

PG_INIT = """The files belonging to this database system will be owned by user "postgres".
This user must also own the server process.

The database cluster will be initialized with locale "en_US.utf8".
The default database encoding has accordingly been set to "UTF8".
The default text search configuration will be set to "english".

Data page checksums are disabled.

fixing permissions on existing directory {pgdata} ... ok
creating subdirectories ... ok
selecting dynamic shared memory implementation ... posix
selecting default "max_connections" ... 100
selecting default "shared_buffers" ... 128MB
selecting default time zone ... Etc/UTC
creating configuration files ... ok
running bootstrap script ... ok
performing post-bootstrap initialization ... ok
syncing data to disk ... ok


Success. You can now start the database server using:

    pg_ctl -D {pgdata} -l logfile start

waiting for server to start.... done
server started

/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*

waiting for server to shut down.... done
server stopped

PostgreSQL init process complete; ready for start up.
"""

MAVEN_NO_GOALS = """[INFO] Scanning for projects...
[INFO] ------------------------------------------------------------------------
[INFO] BUILD FAILURE
[INFO] ------------------------------------------------------------------------
[INFO] Total time:  0.071 s
[ERROR] No goals have been specified for this build. You must specify a valid lifecycle phase or a goal in the format \
<plugin-prefix>:<goal> or <plugin-group-id>:<plugin-artifact-id>[:<plugin-version>]:<goal>."""


def health_probe(engine: Engine, c: ContainerRecord) -> tuple[int, str]:
    """Run ``c``'s healthcheck test once in the container's shell: (exit code, output), as docker records them.

    ``CMD-SHELL`` runs through ``sh -c``; ``CMD`` runs its argv (a missing program fails as docker's exec
    does). A probe the simulator does not model (``node -e …``) is assumed to pass, and its output says so.
    """
    test = [str(part) for part in (c.healthcheck or {}).get("Test") or []]
    kind, rest = (test[0], test[1:]) if test and test[0] in ("CMD", "CMD-SHELL") else ("CMD-SHELL", test)
    if not rest:
        return 0, ""
    if kind == "CMD-SHELL":
        result = shell.run_script(engine, c, " ".join(rest))
    elif not shell.known_program(rest[0], c, engine):
        return 127, (
            "OCI runtime exec failed: exec failed: unable to start container process: exec: "
            f'"{rest[0]}": executable file not found in $PATH: unknown'
        )
    else:
        result = shell.run_argv(engine, c, rest)
    output = (result.stdout + result.stderr)[-4096:]
    if result.exit_code and "is not modelled by the simulator" in result.stderr:
        return 0, f"dockersim: this probe is not modelled; assumed to pass\n{output}"
    return result.exit_code, output
