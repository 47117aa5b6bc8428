"""Which job a command leaves behind: the container's main process (run, start -a, attach) or an exec."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine import process
from dockersim.live.clients import CLIENTS, ClientSession, interactive_client
from dockersim.live.follow import AttachedRun
from dockersim.live.interactive import ShellSession
from dockersim.live.job import Job
from dockersim.live.repl import session_for

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord


def main_process_job(engine: Engine, c: ContainerRecord) -> Job:
    """Attached to ``c``'s main process: a shell or language prompt when it reads its input, else its output."""
    argv = process.effective_argv(c)
    kind = process.kind_of(c)
    if c.interactive and argv and kind == "shell":
        return ShellSession(engine, c, argv[0], main=True, tty=c.tty)
    if c.interactive and argv and kind == "repl":
        repl = session_for(engine, c, argv[0], main=True, tty=c.tty)
        if repl is not None:
            return repl
    return AttachedRun(engine, c, reads_input=c.interactive)


def exec_job(
    engine: Engine,
    c: ContainerRecord,
    argv: list[str],
    *,
    tty: bool,
    user: str,
    workdir: str,
    env: dict[str, str],
) -> Job | None:
    """``docker exec -i`` of a shell, a language prompt or a database client's prompt: its session (None for
    other programs)."""
    program = argv[0]
    base = program.rsplit("/", 1)[-1]
    if base in CLIENTS and interactive_client(argv):
        return ClientSession(engine, c, argv, tty=tty, user=user, workdir=workdir, env=env)
    if len(argv) != 1:
        return None
    if base in process.SHELLS:
        return ShellSession(engine, c, program, main=False, tty=tty, user=user, workdir=workdir, env=env)
    return session_for(engine, c, program, main=False, tty=tty)
