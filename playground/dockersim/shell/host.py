"""Where a shell runs: the reader's terminal or a container. Everything that differs lives here.

The interpreter and the utilities are the same everywhere; a :class:`Host` says which programs exist,
how "not found" is worded, what time it is, what ``sleep`` does, who the user is, and how an HTTP
request (``curl``, ``wget``) is answered.
"""

from __future__ import annotations

import math
import re
from typing import Any, Protocol

from dockersim.context import CommandResult

#: Longest single ``sleep`` the simulated clock follows (seconds); longer ones stop there, as after Ctrl+C.
MAX_SLEEP_SECONDS = 86_400.0
#: A sleep this long (about 30 years) never ends on the simulated clock: the process runs until stopped.
FOREVER_SECONDS = 1e9
#: The simulated clock never passes the last second of year 9999 (dates must stay printable and loadable).
MAX_CLOCK = 253_402_300_799.0
#: The simulated clock's first second (2025-01-01), used when there is no engine.
DEFAULT_NOW = 1_735_689_600.0

PORT_COLUMN = re.compile(r"(?:(?P<ip>[\d.]+|\[::\]):)?(?P<host>\d+)->(?P<container>\d+)/tcp")
LOCAL_URL = re.compile(r"^(?:https?://)?(localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?(/.*)?$")


class DockerRunner(Protocol):
    """What the terminal needs from a simulator session: run one docker argv with some stdin."""

    def run(self, argv: list[str], stdin: str = "", *, piped: bool = False) -> CommandResult:
        """Run ``docker <argv>``; ``piped``: its stdout goes to a pipe or a file, not the terminal."""
        ...


class Host(Protocol):
    """What a shell needs from the place it runs in."""

    #: How the shell names itself in errors (``bash``, ``sh``).
    shell_name: str
    #: BusyBox utilities (Alpine, BusyBox) word errors differently from GNU coreutils.
    busybox: bool

    def available(self, name: str) -> bool:
        """Whether the program ``name`` exists here."""
        ...

    def not_found(self, name: str) -> str:
        """The message for a program that does not exist (status 127)."""
        ...

    def now(self) -> float:
        """Seconds since the epoch on the simulated clock."""
        ...

    def sleep(self, seconds: float) -> None:
        """Let simulated time pass (``math.inf``: until interrupted)."""
        ...

    def docker(self, argv: list[str], stdin: str, *, piped: bool = False) -> CommandResult | None:
        """Run a docker command (None where there is no docker CLI); ``piped``: its stdout is not the terminal."""
        ...

    def http_get(self, url: str, agent: str) -> tuple[int, str, str]:
        """(status, body, error) for a GET of ``url``; ``error`` reads like curl's text after ``(N)``."""
        ...

    def owner(self) -> str:
        """Who the files ``ls -l`` lists belong to (the simulator keeps no owner per file)."""
        ...


def parse_interval(text: str) -> float | None:
    """coreutils ``sleep`` operands: ``1.5``, ``2m``, ``1h``, ``1d``, ``inf``, ``1e3``; None when invalid."""
    number, unit = (text[:-1], text[-1]) if text[-1:] in "smhd" and text[:-1] else (text, "s")
    if not re.fullmatch(r"(?i)(\d+\.?\d*|\.\d+)(e[+-]?\d+)?|inf(inity)?", number):
        return None
    value = float(number) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    return value if not math.isnan(value) else None


class TerminalHost:
    """The reader's terminal: docker and docker-compose run on the simulator, files are the working directory."""

    shell_name = "bash"
    busybox = False
    #: Programs the terminal offers besides docker (the utilities registered for it).
    PROGRAMS = frozenset(
        {
            "docker", "docker-compose", "sudo", "echo", "printf", "cat", "ls", "pwd", "cd", "mkdir", "touch",
            "rm", "cp", "mv", "export", "unset", "grep", "head", "tail", "wc", "sort", "uniq", "tee", "true",
            "false", ":", "date", "sleep", "git", "curl", "wget", "help", "test", "[", "env", "printenv", "exit",
            "set", "break", "continue", "basename", "dirname", "seq", "cut", "tr",
        }
    )  # fmt: skip

    #: The reader's terminal is a terminal: ``ls`` prints columns to it, one name a line into a pipe.
    tty = True

    def __init__(self, runner: DockerRunner) -> None:
        self.runner = runner

    @property
    def columns(self) -> int:
        """The terminal's width: the session's when it knows it (``columns``), else 80."""
        width = getattr(self.runner, "columns", None)
        return width if isinstance(width, int) and 20 <= width <= 1000 else 80

    def available(self, name: str) -> bool:
        """The terminal's programs."""
        return name in self.PROGRAMS

    def not_found(self, name: str) -> str:
        """bash's wording, with what the simulator offers instead."""
        return (
            f"bash: {name}: not available in the simulator (it runs docker and docker-compose commands and a few "
            "shell basics: echo, cat, ls, grep, …; type 'help')"
        )

    def _clock(self) -> Any:
        engine = getattr(self.runner, "engine", None)
        return getattr(engine, "clock", None)

    def now(self) -> float:
        """The simulated engine's clock when there is one."""
        clock = self._clock()
        return float(clock.now()) if clock is not None else DEFAULT_NOW

    def sleep(self, seconds: float) -> None:
        """Advance the simulated clock, never past :data:`MAX_CLOCK`."""
        advance = getattr(self._clock(), "advance", None)
        if callable(advance):
            advance(max(0.0, min(seconds, MAX_CLOCK - self.now())))

    def docker(self, argv: list[str], stdin: str, *, piped: bool = False) -> CommandResult | None:
        """Run on the session."""
        return self.runner.run(argv, stdin, piped=piped)

    def owner(self) -> str:
        """The reader's files."""
        return "reader"

    def http_get(self, url: str, agent: str) -> tuple[int, str, str]:
        """Only ``localhost`` ports that running containers publish answer."""
        match = LOCAL_URL.match(url)
        if not match:
            host = url.split("//")[-1].split("/")[0]
            return (
                0,
                "",
                f"Could not resolve host: {host} (the simulator has no network; only localhost ports published "
                "by containers answer)",
            )
        port = match.group(2) or ("443" if url.startswith("https") else "80")
        path = match.group(3) or "/"
        host = f"{match.group(1)}:{match.group(2)}" if match.group(2) else match.group(1)
        listing = self.runner.run(["ps", "--format", "{{.Image}}\t{{.Ports}}\t{{.ID}}"])
        for line in listing.stdout.splitlines():
            image, ports, container = [*line.split("\t"), "", ""][:3]
            if any(found.group("host") == port for found in PORT_COLUMN.finditer(ports)):
                return self._answer(container, image, path, host, agent)
        # A running container on the host network listens on the host's own ports: those its image exposes.
        hosted = self.runner.run(["ps", "--filter", "network=host", "--format", "{{.Image}}\t{{.ID}}"])
        for line in hosted.stdout.splitlines():
            image, _, container = line.partition("\t")
            exposed = self.runner.run(["inspect", "--format", "{{json .Config.ExposedPorts}}", container])
            if f'"{port}/tcp"' in exposed.stdout:
                return self._answer(container, image, path, host, agent)
        return 0, "", f"Failed to connect to localhost port {port} after 0 ms: Couldn't connect to server"

    def _answer(self, container: str, image: str, path: str, host: str, agent: str) -> tuple[int, str, str]:
        """The container's answer: a web server serves its own files (``engine.open_shell``'s side of it)."""
        engine = getattr(self.runner, "engine", None)
        find = getattr(engine, "find_container", None)
        if callable(find):
            try:
                side = getattr(engine.open_shell(find(container), user="root"), "side", None)
            except Exception:  # a container that cannot answer falls back to the image's answer
                side = None
            answer = getattr(side, "answer_host", None)
            if callable(answer) and getattr(side.c, "behaviour", "") == "nginx":
                status, body = answer(path, agent, host)
                return status, body, ""
        return 200, http_answer(image, path), ""


def http_answer(image: str, path: str) -> str:
    """A believable response from a published container, by image."""
    name = image.split("/")[-1].split(":")[0]
    if name in {"nginx", "httpd"} and path in {"/", "/index.html"}:
        title = "Welcome to nginx!" if name == "nginx" else "It works!"
        return (
            f"<!DOCTYPE html>\n<html>\n<head>\n<title>{title}</title>\n</head>\n"
            f"<body>\n<h1>{title}</h1>\n</body>\n</html>\n"
        )
    if path.rstrip("/").endswith("health"):
        return '{"status":"ok"}\n'
    return f"(a response from the {image} container: the simulator does not model application content)\n"
