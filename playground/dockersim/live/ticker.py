"""Streams computed from the engine as time passes: ``docker stats`` (a table redrawn in place) and
``docker events`` (each new event as it happens)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.context import SimulatorError
from dockersim.live.job import Job

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine


class Frames(Job):
    """A table redrawn as time passes (``docker stats``). ``frame`` is the table to show now; Ctrl+C ends
    with the last one left printed, status 130."""

    def __init__(self, engine: Engine, render: Callable[[], str]) -> None:
        super().__init__()
        self.engine = engine
        self.render = render
        self.frame: str | None = render()

    def tick(self) -> None:
        """Draw the table again."""
        self.engine.refresh()
        try:
            self.frame = self.render()
        except SimulatorError as error:  # a container it watched is gone
            self.emit("stderr", error.message.rstrip("\n") + "\n")
            self.finish(1)

    def interrupt(self) -> None:
        """Ctrl+C: the last table stays on the screen."""
        self.emit("stdout", self.frame or "")
        self.frame = None
        self.finish(130)


class Follow(Job):
    """New lines as time passes (``docker events`` without ``--until``): ``lines(since, until)`` gives what
    happened in that window; Ctrl+C ends it with 130."""

    def __init__(self, engine: Engine, lines: Callable[[float, float], str]) -> None:
        super().__init__()
        self.engine = engine
        self.lines = lines
        self.since = engine.now()

    def tick(self) -> None:
        """Print what happened since the last look."""
        self.engine.refresh()
        now = self.engine.now()
        if now > self.since:
            self.emit("stdout", self.lines(self.since, now))
            self.since = now
