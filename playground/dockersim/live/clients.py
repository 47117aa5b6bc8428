"""Database clients at their own prompt (``docker exec -it db psql -U postgres``, ``redis-cli``, ``mongosh``).

The container's client programs answer one statement at a time (``psql -c``, ``redis-cli CMD``,
``mongosh --eval``); a session reads lines at the client's prompt and hands each finished statement to
that program through the container's shell, so what a statement can do is exactly what the one-shot
client can.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from dockersim.engine.programs import psqlformat
from dockersim.live.container_shell import ContainerShell
from dockersim.live.job import Job

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord

#: The clients that have a session here, by program name.
CLIENTS = ("psql", "redis-cli", "mongosh", "mongo")


def interactive_client(argv: list[str]) -> bool:
    """Whether ``argv`` starts a client's interactive prompt (no statement given on the command line)."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    if base == "psql":
        return not any(a in ("-c", "--command", "-f", "--file") or a.startswith("--command=") for a in argv[1:])
    if base == "redis-cli":
        rest = argv[1:]
        words = [
            a for i, a in enumerate(rest) if not a.startswith("-") and (i == 0 or rest[i - 1] not in _REDIS_VALUED)
        ]
        return not words
    if base in ("mongosh", "mongo"):
        return "--eval" not in argv[1:]
    return False


_REDIS_VALUED = ("-h", "-p", "-a", "-n", "-u")


class ClientSession(Job):
    """One client's prompt; statements go to the one-shot client in the container."""

    def __init__(
        self,
        engine: Engine,
        c: ContainerRecord,
        argv: list[str],
        *,
        tty: bool,
        user: str = "",
        workdir: str = "",
        env: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.c = c
        self.argv = list(argv)
        self.base = argv[0].rsplit("/", 1)[-1]
        self.tty = tty
        self.reads_input = True
        self.detachable = tty
        env = env if env is not None else c.env_map()
        self.shell = ContainerShell(engine, c, user=user, workdir=workdir, env=env)
        self.pending: list[str] = []
        self.database = self._database(env)
        if self.base == "psql" and not self._psql_connects():
            return
        if tty and self.base == "psql":
            version = env.get("PG_VERSION", "")
            shown = f"{version.split('-')[0]} (Debian {version})" if version else env.get("PG_MAJOR", "")
            self.emit("stdout", f'psql ({shown})\nType "help" for help.\n\n')

    def _database(self, env: dict[str, str]) -> str:
        return psqlformat.connection(env, self.argv[1:], self.shell.username)[1]

    def _psql_connects(self) -> bool:
        """psql connects before its banner: the one-shot client checks the role and the database exactly so
        (an empty statement list runs nothing). A refused connection ends the session with psql's error."""
        probe = self.shell.run_line(shlex.join([*self.argv, "-c", ";"]))
        if probe.status == 0:
            return True
        self.emit("stderr", probe.stderr)
        self.finish(probe.status)
        return False

    @property
    def prompt(self) -> str | None:  # type: ignore[override]
        """The client's prompt (psql continues a statement with ``-#``)."""
        if not self.tty or self.done:
            return None
        if self.base == "psql":
            return f"{self.database}{'-' if self.pending else '='}# "
        if self.base == "redis-cli":
            return "127.0.0.1:6379> "
        return "test> "

    def owned(self) -> list[Any]:
        """The session's container."""
        return [self.c]

    def tick(self) -> None:
        """The container may stop under the session."""
        self.engine.refresh()
        if not self.c.running:
            self.finish(137)

    def line(self, line: str) -> None:
        """One line at the client's prompt."""
        word = line.strip()
        if not word and not self.pending:
            return
        if self.base == "psql":
            self._psql(word)
        elif word.lower() in ("quit", "exit", ".exit", "quit()", "exit()"):
            self.finish(0)
        elif self.base == "redis-cli":
            self._run([*self.argv, *shlex.split(word, posix=True)])
        else:
            self._run([*self.argv, "--quiet", "--eval", word])

    def _psql(self, word: str) -> None:
        if not self.pending and word in ("\\q", "quit", "exit"):
            self.finish(0)
            return
        if not self.pending and word.startswith("\\"):
            self._run([*self.argv, "-c", word])
            return
        self.pending.append(word)
        statement = " ".join(self.pending).strip()
        if statement.endswith(";"):
            self.pending = []
            self._run([*self.argv, "-c", statement])

    def _run(self, argv: list[str]) -> None:
        result = self.shell.run_line(shlex.join(argv))
        self.emit("stdout", result.stdout)
        self.emit("stdout" if self.tty else "stderr", result.stderr)

    def interrupt(self) -> None:
        """Ctrl+C drops the statement being typed; the client goes on."""
        self.pending = []

    def end_of_input(self) -> None:
        """Ctrl+D leaves the client (psql prints ``\\q``)."""
        if self.tty and self.base == "psql":
            self.emit("stdout", "\\q\n")
        self.finish(0)
