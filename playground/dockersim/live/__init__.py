"""Commands that keep running: attached runs, ``logs -f``, interactive sessions (``run -it``, ``exec -it``),
a ``[y/N]`` question waiting for its answer (the prunes).

A handler that would stay attached leaves a :class:`Job` in ``ctx.job`` when its caller can keep a command
running (``ctx.live``: the browser's worker, the console command). The caller then drives it: ``poll()``
for output that time produced, ``feed(line)`` for what the reader types, ``signal("INT" | "EOF" |
"DETACH")`` for Ctrl+C, Ctrl+D and Ctrl+P Ctrl+Q, until ``exit_code`` is set. With piped input and no
live caller, :func:`run_to_end` runs a session through that input at once.

The names below are imported on first use (:func:`__getattr__`): a first ``docker run -d`` never needs the
sessions, so the browser's start-up snapshot leaves them out (``playground/WORKER.md``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersim.live.attach import exec_job, main_process_job
    from dockersim.live.confirm import Confirm, ask
    from dockersim.live.follow import AttachedRun, ComposeAttached, FollowLogs, Watch
    from dockersim.live.job import Chunks, Job, run_to_end
    from dockersim.live.ticker import Follow, Frames

#: Where each public name lives.
_HOMES = {
    "AttachedRun": "follow",
    "Chunks": "job",
    "ComposeAttached": "follow",
    "Confirm": "confirm",
    "Follow": "ticker",
    "FollowLogs": "follow",
    "Frames": "ticker",
    "Job": "job",
    "Watch": "follow",
    "ask": "confirm",
    "exec_job": "attach",
    "main_process_job": "attach",
    "run_to_end": "job",
}

__all__ = [
    "AttachedRun",
    "Chunks",
    "ComposeAttached",
    "Confirm",
    "Follow",
    "FollowLogs",
    "Frames",
    "Job",
    "Watch",
    "ask",
    "exec_job",
    "main_process_job",
    "run_to_end",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` the first time it is asked for (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
