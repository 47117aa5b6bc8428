"""Streams of container output: an attached run (``docker run``, ``start -a``, ``attach``, ``compose up``)
and ``logs -f`` (``docker logs -f``, ``docker compose logs -f``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.engine import process
from dockersim.live.interrupt import interrupt
from dockersim.live.job import Job

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord


class LogCursor:
    """New log lines of one container since the cursor was made (the log is trimmed at its head, so the
    cursor remembers the last entry it saw, not an index)."""

    def __init__(self, c: ContainerRecord, *, from_start: bool = False) -> None:
        self.c = c
        self._last: Any = None if from_start or not c.logs else c.logs[-1]

    def take(self) -> list[list[Any]]:
        """The entries written since the last call."""
        logs = self.c.logs
        start = 0
        if self._last is not None:
            for index in range(len(logs) - 1, -1, -1):
                if logs[index] is self._last:
                    start = index + 1
                    break
        fresh = logs[start:]
        if fresh:
            self._last = fresh[-1]
        return fresh


def stamp(when: float) -> str:
    """docker's ``--timestamps`` prefix (RFC 3339 with nanoseconds)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(when)) + f".{int((when % 1) * 1e9):09d}Z "


class Watch:
    """One followed container: its cursor, and how its lines are shown."""

    def __init__(self, c: ContainerRecord, *, prefix: str = "", timestamps: bool = False, name: str = "") -> None:
        self.cursor = LogCursor(c)
        self.prefix = prefix
        self.name = name or c.name
        self.timestamps = timestamps
        self.ended = False

    @property
    def c(self) -> ContainerRecord:
        """The container."""
        return self.cursor.c


class Stream(Job):
    """Output of one or more containers as it is written; ends when every container has stopped."""

    def __init__(self, engine: Engine, watches: list[Watch], *, merge: bool = False) -> None:
        super().__init__()
        self.engine = engine
        self.watches = watches
        #: Prefixed (compose) output goes to stdout whatever the container's stream.
        self.merge = merge

    def tick(self) -> None:
        """See what time did."""
        self.engine.refresh()
        self.drain()
        for watch in self.watches:
            if not watch.ended and not watch.c.running:
                watch.ended = True
                self.ended(watch)
        if all(watch.ended for watch in self.watches):
            self.finish(self.final_code())

    def drain(self) -> None:
        """Emit every line written since the last call, in time order across containers."""
        merged: list[tuple[float, int, str, str, str]] = []
        for index, watch in enumerate(self.watches):
            for when, stream, text in watch.cursor.take():
                head = watch.prefix + (stamp(when) if watch.timestamps else "")
                merged.append((when, index, stream, head, text))
        merged.sort(key=lambda item: (item[0], item[1]))
        for _when, index, stream, head, text in merged:
            tty = self.watches[index].c.tty
            self.emit("stdout" if self.merge or tty or stream != "stderr" else "stderr", f"{head}{text}\n")

    def ended(self, watch: Watch) -> None:
        """A container stopped (nothing to say by default)."""

    def final_code(self) -> int:
        """The exit status once every container has stopped."""
        return 0


class FollowLogs(Stream):
    """``docker logs -f`` / ``docker compose logs -f``: ends when the containers stop or on Ctrl+C (130)."""


class AttachedRun(Stream):
    """``docker run`` without ``-d`` (and ``start -a``, ``attach``): the main process's output until it
    exits; Ctrl+C is forwarded to it as SIGINT. The exit status is the container's."""

    def __init__(self, engine: Engine, c: ContainerRecord, *, reads_input: bool = False) -> None:
        super().__init__(engine, [Watch(c)])
        self.reads_input = reads_input
        self.detachable = c.tty and c.interactive
        self._signals = 0

    def final_code(self) -> int:
        """The exit status once everything has stopped."""
        return int(self.watches[0].c.exit_code)

    def owned(self) -> list[Any]:
        """The attached container."""
        return [self.watches[0].c]

    def interrupt(self) -> None:
        """Ctrl+C: the process gets SIGINT (through the client, or its terminal with ``-it``). When it ignores
        it, ``-it`` stays attached (Ctrl+P Ctrl+Q detaches); otherwise the client, which caught the signal,
        gives up at the third: ``got 3 SIGTERM/SIGINTs, forcefully exiting``, status 1, container running."""
        c = self.watches[0].c
        if interrupt(self.engine, c):
            self.tick()
            return
        self._signals += 1
        program = (process.effective_argv(c) or [c.path])[0]
        if self.detachable:
            if self._signals == 1:
                self.emit(
                    "stderr",
                    f"dockersim: {program} runs as PID 1 with no SIGINT handler, so it ignores Ctrl+C (as in "
                    "docker); Ctrl+P Ctrl+Q detaches and leaves it running.\n",
                )
            return
        if self._signals == 1:
            self.emit(
                "stderr",
                f"dockersim: {program} runs as PID 1 with no SIGINT handler, so it ignores Ctrl+C and docker keeps "
                "waiting (as it does); at the third Ctrl+C the docker client gives up and the container keeps "
                "running.\n",
            )
        if self._signals >= 3:
            self.emit("stderr", "got 3 SIGTERM/SIGINTs, forcefully exiting\n")
            self.finish(1)


class ComposeAttached(Stream):
    """``docker compose up`` without ``-d``: prefixed logs; "x exited with code N" as each stops; Ctrl+C
    stops the project gracefully ("press Ctrl+C again to force") and exits 130."""

    def __init__(
        self,
        engine: Engine,
        watches: list[Watch],
        *,
        stop: Callable[[list[ContainerRecord], bool], list[tuple[str, str]]],
        exit_code_from: str = "",
        abort_on_exit: bool = False,
    ) -> None:
        super().__init__(engine, watches, merge=True)
        self.stop = stop
        self.exit_code_from = exit_code_from
        self.abort_on_exit = abort_on_exit
        self._code = 0

    def ended(self, watch: Watch) -> None:
        """A container stopped."""
        name = watch.name
        self.emit("stdout", f"{name} exited with code {watch.c.exit_code}\n")
        if self.exit_code_from and watch.c.labels.get("com.docker.compose.service") == self.exit_code_from:
            self._code = int(watch.c.exit_code)
        if self.abort_on_exit or self.exit_code_from:
            self._stop_all(force=False, aborting=True)

    def final_code(self) -> int:
        """The exit status once everything has stopped."""
        return self._code

    def owned(self) -> list[Any]:
        """The project's attached containers (Ctrl+C stops them)."""
        return [watch.c for watch in self.watches]

    def interrupt(self) -> None:
        """Ctrl+C."""
        self._stop_all(force=False, aborting=False)
        self._code = 130
        self.tick()
        self.finish(130)

    def _stop_all(self, *, force: bool, aborting: bool) -> None:
        running = [w.c for w in self.watches if w.c.running]
        if not running:
            return
        if aborting:
            self.emit("stdout", "Aborting on container exit...\n")
        else:
            self.emit("stdout", "Gracefully stopping... (press Ctrl+C again to force)\n")
        for stream, text in self.stop(running, force):
            self.emit(stream, text)
        self.drain()
