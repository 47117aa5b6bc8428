"""What a command handler receives and returns: output streams, errors and the command context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: Upper bound on what one command may print, so no input can make output grow without bound.
MAX_OUTPUT_CHARS = 4_000_000

#: The environment variables that say a standard stream is not a terminal (value ``0``). Unset, it is one: the
#: simulator plays the reader's terminal (the browser, the tests); the ``dockersim`` command sets them from
#: ``isatty()`` (cli/main.py), as docker asks its own streams.
TTY_VARIABLES = {"stdin": "DOCKERSIM_STDIN_TTY", "stdout": "DOCKERSIM_STDOUT_TTY", "stderr": "DOCKERSIM_STDERR_TTY"}


def is_terminal(env: Mapping[str, str], stream: str) -> bool:
    """Whether ``stream`` (stdin, stdout, stderr) is a terminal for a command run with ``env``."""
    return env.get(TTY_VARIABLES[stream]) != "0"


class Stream:
    """An append-only text buffer standing in for stdout or stderr.

    Streams created with the same ``transcript`` list also record every write in order, as
    ``(name, text)`` pairs, so a terminal can show stdout and stderr interleaved as they happened.
    ``tty`` says whether the stream is a terminal (docker's displays differ: pull progress redrawn in place);
    a buffer is not one.
    """

    def __init__(
        self,
        limit: int = MAX_OUTPUT_CHARS,
        *,
        name: str = "stdout",
        transcript: list[tuple[str, str]] | None = None,
        tty: bool = False,
    ) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._limit = limit
        self.truncated = False
        self.name = name
        self.transcript = transcript
        self.tty = tty

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
        if self.transcript is not None and text:
            if self.transcript and self.transcript[-1][0] == self.name:
                self.transcript[-1] = (self.name, self.transcript[-1][1] + text)
            else:
                self.transcript.append((self.name, text))

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
        #: A line the simulator adds about itself (``dockersim: …``), printed after docker's own text.
        self.note = ""


class EngineError(SimulatorError):
    """An error the docker daemon would return; the client prints it as ``Error response from daemon: …``."""

    def __init__(self, message: str, exit_code: int = 1, *, from_daemon: bool = True, note: str = "") -> None:
        super().__init__(message, exit_code)
        self.from_daemon = from_daemon
        self.note = note


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
    chunks: list[tuple[str, str]] = field(default_factory=list)

    def ordered_chunks(self) -> list[tuple[str, str]]:
        """Output in the order it was written; stderr before stdout when the order was not recorded."""
        if self.chunks:
            return list(self.chunks)
        return [(name, text) for name, text in (("stderr", self.stderr), ("stdout", self.stdout)) if text]


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
    transcript: list[tuple[str, str]] = field(default_factory=list)
    out: Stream = field(init=False)
    err: Stream = field(init=False)
    data: dict[str, Any] = field(default_factory=dict)
    #: The caller can keep a command running (the browser's worker, the console command): an attached run,
    #: ``logs -f`` or an interactive session then leaves a :class:`dockersim.live.Job` in ``job``.
    live: bool = False
    job: Any = None

    def __post_init__(self) -> None:
        self.out = Stream(name="stdout", transcript=self.transcript, tty=is_terminal(self.env, "stdout"))
        self.err = Stream(name="stderr", transcript=self.transcript, tty=is_terminal(self.env, "stderr"))

    def result(self, exit_code: int) -> CommandResult:
        """Package what was printed, in order, with ``exit_code``."""
        return CommandResult(self.out.getvalue(), self.err.getvalue(), exit_code, self.data, list(self.transcript))
