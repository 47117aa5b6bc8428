"""What Ctrl+C does to a container's main process: docker's CLI forwards SIGINT to it (``--sig-proxy``), or
the container's terminal sends it (``-it``).

Servers shut down as they do on SIGINT and exit 0; Python and the JVM exit 130 (128 + SIGINT, their own
handlers); a process that installs no handler and runs as PID 1 ignores the signal, as the kernel has PID 1
do: ``sleep``, a shell loop, and ``node SCRIPT`` unless the script calls ``process.on("SIGINT", …)``. The
attached client then keeps waiting (:class:`dockersim.live.follow.AttachedRun`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from dockersim.engine import process, shell

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord

#: Programs that end on SIGINT with status 130 (Node's and Python's default handlers, the JVM).
ENDS_ON_SIGINT = {"node", "npm", "npx", "yarn", "pnpm", "python", "python3", "java", "flask", "nodemon", "dotnet"}
#: Servers that shut down cleanly on SIGINT (and exit 0).
CLEAN_ON_SIGINT = {"gunicorn", "uvicorn", "caddy"}


def interrupt(engine: Engine, c: ContainerRecord) -> bool:
    """Deliver SIGINT to ``c``'s main process; True when the process ended."""
    if not c.running:
        return True
    argv = process.effective_argv(c)
    prog = argv[0].rsplit("/", 1)[-1] if argv else ""
    kind = process.kind_of(c)
    if kind == "server":
        _server_lines(engine, c, process.SERVERS.get(argv[0], ""))
        engine.end_process(c, 0)
        return True
    if prog in CLEAN_ON_SIGINT:
        engine.end_process(c, 0)
        return True
    if process.ignores_signal(engine, c, "INT"):
        return False  # PID 1 without a handler: the kernel ignores the signal
    if prog == "node" and len(argv) > 1 and not argv[1].startswith("-"):
        engine.end_process(c, shell.node_signal_exit(engine, c, argv[1], "SIGINT") or 0)
        return True
    if prog in ENDS_ON_SIGINT or (kind == "app" and prog not in process.SHELLS):
        if prog in ("python", "python3", "flask"):
            c.log(engine.now(), "Traceback (most recent call last):\nKeyboardInterrupt", "stderr")
        engine.end_process(c, 130)
        return True
    return False


def _server_lines(engine: Engine, c: ContainerRecord, server: str) -> None:
    now = engine.now()
    if server == "nginx":
        ts = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(now))
        c.log(now, "\n".join(f"{ts} [notice] {line}" for line in process.nginx_shutdown(c, "SIGINT")), "stderr")
    elif server == "redis":
        ts = time.strftime("%d %b %Y %H:%M:%S.000", time.gmtime(now))
        c.log(
            now,
            f"1:signal-handler ({int(now)}) Received SIGINT scheduling shutdown...\n"
            f"1:M {ts} * User requested shutdown...\n1:M {ts} # Redis is now ready to exit, bye bye...",
        )
    elif server == "postgres":
        stamp = time.strftime("%Y-%m-%d %H:%M:%S.000 UTC", time.gmtime(now))
        c.log(
            now,
            f"{stamp} [1] LOG:  received fast shutdown request\n{stamp} [1] LOG:  aborting any active "
            f"transactions\n{stamp} [1] LOG:  database system is shut down",
            "stderr",
        )
    else:
        process.on_stop(engine, c, 0)
