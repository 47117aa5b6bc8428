"""The engine's clock following real time (the browser's playground, the console command)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine


class WallClock:
    """Moves an engine's simulated clock on by the real time elapsed between calls of :meth:`follow`.

    The small steps commands take on their own (a pull, a start) stay on top, as the time those would
    have taken: a ``sleep 5`` container ends 5 real seconds after it started, and a container started
    10 minutes ago is "Up 10 minutes".
    """

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self.wall = wall
        self._last: float | None = None

    def follow(self, engine: Engine) -> None:
        """Advance ``engine``'s clock by the real time since the last call (and let its processes see it)."""
        now = self.wall()
        if self._last is not None and now > self._last:
            engine.clock.advance(now - self._last)
            engine.refresh()
        self._last = now if self._last is None else max(self._last, now)
