"""The seam between an interactive session and the shell inside containers (``Engine.open_shell``).

A session keeps one shell for its whole life, so ``cd`` and ``export`` last from line to line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockersim.engine import shell

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord

#: Longest simulated pause one typed line may cause (``sleep 100`` advances the clock, never the reader).
MAX_SLEEP = 600.0


@dataclass
class LineResult:
    """What one line printed, its status, and whether it asked the shell to exit."""

    stdout: str
    stderr: str
    status: int
    exited: bool = False


class ContainerShell:
    """A shell process inside a container that reads line after line."""

    def __init__(
        self,
        engine: Engine,
        c: ContainerRecord,
        *,
        user: str,
        workdir: str,
        env: dict[str, str],
        bash: bool = False,
        tty: bool = False,
    ) -> None:
        self.engine = engine
        self.c = c
        self.user = user or c.user or "root"
        self._sh = engine.open_shell(c, user=user, workdir=workdir, env=env)
        self._sh.side.tty = tty  # the session's own terminal, not the container's (ls prints columns to one)
        if bash:
            _speak_bash(self._sh)
        self.status = 0

    @property
    def cwd(self) -> str:
        """The shell's working directory."""
        return str(self._sh.cwd)

    @property
    def home(self) -> str:
        """``$HOME`` (root's when the environment names none)."""
        return str(self._sh.env.get("HOME") or ("/root" if self.uid == 0 else "/"))

    @property
    def username(self) -> str:
        """The user name; empty for a numeric uid without a passwd entry."""
        name = self.user.split(":")[0]
        if name.isdigit():
            return "root" if name == "0" else next((n for n, ids in _known_users().items() if ids[0] == int(name)), "")
        return name

    @property
    def uid(self) -> int:
        """The numeric user id (1000 for a name the image's passwd does not list)."""
        name = self.user.split(":")[0]
        if name.isdigit():
            return int(name)
        return 0 if name == "root" else int(_known_users().get(name, (1000,))[0])

    def run_line(self, line: str) -> LineResult:
        """Run one typed line; ``exit`` (or ``exit N``) sets ``exited``."""
        result = self._sh.run(line)
        self.status = result.exit_code
        if result.slept:
            self.engine.clock.advance(min(result.slept, MAX_SLEEP))
            self.engine.refresh()
        exited = self._sh.exit_status is not None
        return LineResult(result.stdout, result.stderr, self.status, exited)


def _speak_bash(sh: shell.ContainerShell) -> None:
    """An interactive ``bash`` (``docker run -it ubuntu bash``): bash's name in ``$0`` and in its errors
    (``bash: ll: command not found``, ``bash: cd: /x: No such file or directory``), not dash's."""
    sh.side.shell_name = "bash"
    sh.side.not_found = lambda name: f"bash: {name}: command not found"  # type: ignore[method-assign]
    sh.shell.positional[0] = "bash"


def _known_users() -> dict[str, tuple[int, ...]]:
    """The user names images know, with their ids (the container shell's table)."""
    return dict(getattr(shell, "USERS", {}))
