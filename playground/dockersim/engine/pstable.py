"""What ``ps -ef`` on the host shows of a running container's processes (``docker top``).

The entrypoint scripts of the official images end with ``exec "$@"``, so the container's first process *is* the
command, with its own arguments (``nginx -g daemon off;``: ``ps`` joins them with spaces, quoting nothing); an init
(``tini``, ``dumb-init``) stays PID 1 and runs the command as its child. Servers name their own processes: nginx's
master and its workers (one per CPU it counts: the ``start worker process 29``, ``30``, … of its log), PostgreSQL's
background processes, ``redis-server *:6379``; those images' entrypoints hand the server to its service user (uid
999; nginx's workers run as uid 101). The host (Docker Desktop's VM) knows no account but root, so ``ps`` shows
other users as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockersim.engine.process import SERVERS, effective_argv, kind_of, nginx_workers
from dockersim.engine.users import passwd_for

if TYPE_CHECKING:
    from dockersim.engine.door import EngineDoor as Engine
    from dockersim.engine.state import ContainerRecord

#: Inits that stay PID 1 and run the command as their child (the entrypoint scripts ``exec`` it instead).
INITS = {"/bin/tini", "tini", "/sbin/tini", "dumb-init", "/usr/bin/dumb-init", "/usr/local/bin/dumb-init"}
#: Servers whose entrypoint drops root for the service account (gosu/su-exec in their docker-entrypoint.sh).
SERVICE_UID = {"postgres": 999, "redis": 999, "mongo": 999, "mysql": 999}
#: Servers all of whose processes have one thread: docker stats' PIDS (tasks, threads included) is docker top's rows.
SINGLE_THREADED = {"nginx", "postgres"}
#: Shells that, waiting at their prompt, are one single-threaded process (``sleep``/``tail`` are too; a shell
#: running a loop has its children as well).
SHELL_ALONE = {"sh", "bash", "ash", "zsh"}
#: The processes a server starts beside its first one: (uid or None for the first one's, title); nginx's workers
#: are :func:`_helpers`'.
HELPERS: dict[str, list[tuple[int | None, str]]] = {
    "postgres": [
        (None, "postgres: checkpointer "),
        (None, "postgres: background writer "),
        (None, "postgres: walwriter "),
        (None, "postgres: autovacuum launcher "),
        (None, "postgres: logical replication launcher "),
    ],
}


@dataclass(frozen=True)
class Proc:
    """One ``ps -ef`` row: the user as the host names it, the parent's row (-1: the shim), the command line."""

    user: str
    parent: int
    cmd: str


def _title(server: str, argv: list[str]) -> str:
    """The first process's command line as the server rewrites it."""
    if server == "nginx":
        return "nginx: master process " + " ".join(argv)
    if server == "redis":
        return "redis-server *:6379"
    return " ".join(argv)


def _host_user(uid: int) -> str:
    return "root" if uid == 0 else str(uid)


def container_uid(engine: Engine, c: ContainerRecord) -> int:
    """The uid the container's command runs as (``--user``/``USER``: a number, or a name from its passwd)."""
    name = (c.user or "").split(":")[0]
    if not name:
        return 0
    if name.isdecimal():
        return int(name)
    account = passwd_for(c, engine.image_history(c)).users.get(name)
    return account.uid if account else 0


def _helpers(c: ContainerRecord, server: str) -> list[tuple[int | None, str]]:
    """The processes ``server`` starts beside its first one: nginx one worker (uid 101) per CPU it counts."""
    if server == "nginx":
        return [(101, "nginx: worker process") for _ in nginx_workers(c)]
    return HELPERS.get(server, [])


def processes(engine: Engine, c: ContainerRecord) -> list[Proc]:
    """The running container's processes, its first one first."""
    uid = container_uid(engine, c)
    argv = effective_argv(c)
    rows: list[Proc] = []
    if c.path in INITS:
        rows.append(Proc(_host_user(uid), -1, " ".join([c.path, *c.args])))
    server = SERVERS.get(argv[0], "") if argv and kind_of(c) == "server" else ""
    if server in SERVICE_UID and uid == 0:
        uid = SERVICE_UID[server]
    first = len(rows)
    rows.append(Proc(_host_user(uid), first - 1, _title(server, argv)))
    for helper_uid, title in _helpers(c, server):
        rows.append(Proc(_host_user(uid if helper_uid is None else helper_uid), first, title))
    return rows


def task_count(engine: Engine, c: ContainerRecord) -> int | None:
    """docker stats' PIDS when the container's processes are single-threaded (nginx, postgres, ``sleep``, a shell
    alone): as many as docker top lists. ``None`` for multi-threaded programs (node, redis, java …)."""
    argv = effective_argv(c)
    if not argv:
        return None
    kind = kind_of(c)
    if kind == "server" and SERVERS.get(argv[0], "") in SINGLE_THREADED:
        return len(processes(engine, c))
    program = argv[0].rsplit("/", 1)[-1]
    if (kind == "shell" and program in SHELL_ALONE) or (kind == "sleep" and program in ("sleep", "tail")):
        return len(processes(engine, c))
    return None
