"""Interactive sessions: a shell in a container (``run -it IMAGE sh``, ``exec -it C bash``, ``attach``).

With a TTY the session shows the image's shell prompt (bash: ``root@<hostname>:/#``; BusyBox and Alpine
``sh``: ``/ #``; dash: ``#``) and all output shares one stream; without one (``-i`` only) it prints no
prompt and reads commands as they come. ``exit`` or Ctrl+D ends the shell: when it is the container's main
process the container stops (``--rm`` removes it); Ctrl+P Ctrl+Q detaches (TTY only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.engine import shell
from dockersim.live.container_shell import ContainerShell
from dockersim.live.job import Job

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord


def shell_flavour(c: ContainerRecord, program: str) -> str:
    """``bash``, ``ash`` (BusyBox, Alpine) or ``dash`` (Debian's ``sh``): what decides the prompt."""
    base = program.rsplit("/", 1)[-1]
    if base == "bash":
        return "bash"
    return "ash" if shell.os_of(c) in ("alpine", "busybox") else "dash"


class ShellSession(Job):
    """One interactive shell in a container; ``main`` when it is the container's main process."""

    def __init__(
        self,
        engine: Engine,
        c: ContainerRecord,
        program: str,
        *,
        main: bool,
        tty: bool,
        user: str = "",
        workdir: str = "",
        env: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.c = c
        self.main = main
        self.tty = tty
        self.flavour = shell_flavour(c, program)
        env = env if env is not None else c.env_map()
        self.shell = ContainerShell(
            engine, c, user=user, workdir=workdir, env=env, bash=self.flavour == "bash", tty=tty
        )
        self.reads_input = True
        self.detachable = tty

    @property
    def prompt(self) -> str | None:  # type: ignore[override]
        """The prompt the image's shell prints (none without a TTY)."""
        if not self.tty or self.done:
            return None
        sh = self.shell
        sign = "#" if sh.uid == 0 else "$"
        if self.flavour == "bash":
            cwd = sh.cwd
            if sh.home not in ("", "/") and (cwd == sh.home or cwd.startswith(sh.home + "/")):
                cwd = "~" + cwd[len(sh.home) :]
            return f"{sh.username or 'I have no name!'}@{self.c.hostname}:{cwd}{sign} "
        if self.flavour == "ash":
            return f"{sh.cwd} {sign} "
        return f"{sign} "

    def owned(self) -> list[Any]:
        """The session's container."""
        return [self.c]

    def tick(self) -> None:
        """See what time did."""
        self.engine.refresh()
        if not self.c.running:  # stopped from elsewhere (docker stop in another terminal)
            self.finish(int(self.c.exit_code) if self.main else 137)

    def line(self, line: str) -> None:
        """Run one typed line."""
        self.tick()
        if self.done:
            return
        result = self.shell.run_line(line)
        self.emit("stdout", result.stdout)
        self.emit("stdout" if self.tty else "stderr", result.stderr)
        if result.exited:
            self._leave(result.status)

    def interrupt(self) -> None:
        """Ctrl+C at an interactive prompt cancels the line; the shell goes on (status 130)."""
        if not self.tty:  # no terminal: SIGINT reaches the shell, which is PID 1 or an exec'd process
            if not self.main:
                self.finish(130)
            return
        self.shell.status = 130

    def end_of_input(self) -> None:
        """Ctrl+D."""
        self._leave(self.shell.status)

    def _leave(self, status: int) -> None:
        if self.tty and self.flavour == "bash":
            self.emit("stdout", "exit\n")
        if self.main:
            self.engine.end_process(self.c, status)
        self.finish(status)
