"""The console command's side of commands that keep running: real stdin, stdout and clock.

``dockersim run nginx`` streams the container's output until it exits or Ctrl+C; ``dockersim logs -f``
likewise; ``dockersim run -it ubuntu bash`` prints the container's prompt and reads lines from the
terminal until ``exit``, Ctrl+D, or Ctrl+P (Ctrl+Q) then Enter (a line-buffered terminal delivers the
keys with the line, and may keep Ctrl+Q for its own flow control). The engine's clock follows real time
meanwhile (:class:`WallClock`).

With ``DOCKERSIM_STATE`` the state is written when the command starts (other terminals see its container)
and when it ends; when another dockersim wrote the file meanwhile, its state is kept and only the
containers this command acted on are put back (``cli.main``). A stream does not see what other processes
do while it runs (it follows its own engine: processes ending, periodic output).
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from dockersim.live.clock import WallClock

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.live import Chunks, Job

#: How often a stream looks for new output (seconds).
POLL_SECONDS = 0.25
#: How often a redrawn table (``docker stats``) is drawn again (seconds).
FRAME_SECONDS = 1.0
#: Ctrl+P, the first key of docker's detach sequence: a line-buffered terminal passes it on with the line
#: (Ctrl+Q after it is often taken by the terminal's own flow control), so Ctrl+P then Enter detaches.
DETACH_KEY = "\x10"


class Console:
    """Drives one job with real input, output and time until it ends."""

    def __init__(
        self,
        stdin: TextIO,
        stdout: TextIO,
        stderr: TextIO,
        *,
        wall: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.clock = WallClock(wall)
        self.sleep = sleep
        self._drawn = float("-inf")
        self._prompted = False

    def write(self, chunks: Chunks) -> None:
        """Print output chunks on their streams, at once."""
        for stream, text in chunks:
            target = self.stderr if stream == "stderr" else self.stdout
            target.write(text)
            target.flush()

    def drive(self, engine: Engine, job: Job) -> int:
        """Run ``job`` to its end; its exit status."""
        self.clock.follow(engine)
        while job.exit_code is None:
            try:
                if job.reads_input:
                    self._read_one(engine, job)
                else:
                    self.sleep(POLL_SECONDS)
                    self.clock.follow(engine)
                    self.write(job.poll())
                    self._draw(getattr(job, "frame", None))
            except KeyboardInterrupt:
                if job.prompt is not None:
                    self.stdout.write("\n")  # the terminal echoed ^C; the shell goes on on a new line
                self.clock.follow(engine)
                self.write(job.signal("INT"))
        return job.exit_code

    def _typed(self) -> bool:
        """Whether a line can be read now (waits up to :data:`POLL_SECONDS`); a stdin that cannot be
        waited on (not a file descriptor, or a platform without ``select`` on it) is read at once."""
        try:
            ready, _, _ = select.select([self.stdin.fileno()], [], [], POLL_SECONDS)
        except (AttributeError, OSError, ValueError):
            return True
        return bool(ready)

    def _draw(self, frame: str | None) -> None:
        """A table redrawn in place (``docker stats``): at most once a second, over the last on a terminal."""
        now = self.clock.wall()
        if frame is None or now - self._drawn < FRAME_SECONDS:
            return
        self._drawn = now
        clear = "\x1b[2J\x1b[H" if self.stdout.isatty() else ""
        self.stdout.write(clear + frame)
        self.stdout.flush()

    def _read_one(self, engine: Engine, job: Job) -> None:
        """Show the prompt once, then wait a moment for a line; meanwhile the command's own output (a
        process that ends, a server's logs) is printed as time passes."""
        if job.prompt is not None and not self._prompted:
            self.stdout.write(job.prompt)
            self.stdout.flush()
            self._prompted = True
        if not self._typed():
            self.clock.follow(engine)
            self.write(job.poll())
            return
        line = self.stdin.readline()
        self._prompted = False
        self.clock.follow(engine)
        chunks = job.poll()
        if line == "":
            chunks += job.signal("EOF")
            if job.prompt is not None and not chunks and job.eof_newline:
                self.stdout.write("\n")
        elif line.rstrip("\n").rstrip("\x11").endswith(DETACH_KEY):
            chunks += job.signal("DETACH")
        else:
            chunks += job.feed(line)
        self.write(chunks)


#: Commands whose ``-i`` attaches stdin to a container.
ATTACHING = frozenset({"run", "exec", "start", "attach", "create"})


def reads_stdin(argv: list[str]) -> bool:
    """Whether the command line attaches stdin (``-i``, ``-it``, ``--interactive``, ``attach``)."""
    words = [word for word in argv if not word.startswith("-")]
    command = words[1] if words[:1] == ["container"] and len(words) > 1 else (words[0] if words else "")
    if command not in ATTACHING:
        return False
    if command == "attach":
        return "--no-stdin" not in argv
    for word in argv:
        if word == "--":
            break
        if word in ("--interactive", "--interactive=true") or (
            word.startswith("-") and not word.startswith("--") and word[1:].isalpha() and "i" in word[1:]
        ):
            return True
    return False
