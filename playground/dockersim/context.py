"""What a command handler receives and returns: output streams, errors and the command context."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: Upper bound on what one command may print, so no input can make output grow without bound.
MAX_OUTPUT_CHARS = 4_000_000


class Stream:
    """An append-only text buffer standing in for stdout or stderr."""

    def __init__(self, limit: int = MAX_OUTPUT_CHARS) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._limit = limit
        self.truncated = False

    def write(self, text: str) -> None:
        """Append ``text``; past the limit the rest is dropped and ``truncated`` is set."""
        if self._size >= self._limit:
            self.truncated = True
            return
        room = self._limit - self._size
        if len(text) > room:
            text, self.truncated = text[:room], True
        self._parts.append(text)
        self._size += len(text)

    def line(self, text: str = "") -> None:
        """Append ``text`` followed by a newline."""
        self.write(text + "\n")

    def getvalue(self) -> str:
        """Everything written so far."""
        return "".join(self._parts)


class SimulatorError(Exception):
    """An error the simulator reports to the reader: printed to stderr, never a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class EngineError(SimulatorError):
    """An error the docker daemon would return; the client prints it as ``Error response from daemon: …``."""

    def __init__(self, message: str, exit_code: int = 1, *, from_daemon: bool = True) -> None:
        super().__init__(message, exit_code)
        self.from_daemon = from_daemon


class NotModelledError(SimulatorError):
    """Something the simulator deliberately does not model; said plainly, never faked."""

    def __init__(self, what: str) -> None:
        super().__init__(f"dockersim: {what} is not modelled by the simulator", 1)


@dataclass
class CommandResult:
    """The outcome of one command line: what it printed and its exit code."""

    stdout: str
    stderr: str
    exit_code: int
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CommandContext:
    """Everything a handler may touch: the engine, its streams, the working directory and environment.

    ``data`` carries structured results for the playground (for example a build's steps and cache
    reasons) next to the text a terminal shows.
    """

    engine: Engine
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    stdin: str = ""
    out: Stream = field(default_factory=Stream)
    err: Stream = field(default_factory=Stream)
    data: dict[str, Any] = field(default_factory=dict)

    def result(self, exit_code: int) -> CommandResult:
        """Package what was printed with ``exit_code``."""
        return CommandResult(self.out.getvalue(), self.err.getvalue(), exit_code, self.data)
