"""Commands that keep running: attached runs, ``logs -f``, interactive sessions (``run -it``, ``exec -it``).

A handler that would stay attached leaves a :class:`Job` in ``ctx.job`` when its caller can keep a command
running (``ctx.live``: the browser's worker, the console command). The caller then drives it: ``poll()``
for output that time produced, ``feed(line)`` for what the reader types, ``signal("INT" | "EOF" |
"DETACH")`` for Ctrl+C, Ctrl+D and Ctrl+P Ctrl+Q, until ``exit_code`` is set. With piped input and no
live caller, :func:`run_to_end` runs a session through that input at once.
"""

from __future__ import annotations

from dockersim.live.attach import exec_job, main_process_job
from dockersim.live.follow import AttachedRun, ComposeAttached, FollowLogs, Watch
from dockersim.live.job import Chunks, Job, run_to_end
from dockersim.live.ticker import Follow, Frames

__all__ = [
    "AttachedRun",
    "Chunks",
    "ComposeAttached",
    "Follow",
    "FollowLogs",
    "Frames",
    "Job",
    "Watch",
    "exec_job",
    "main_process_job",
    "run_to_end",
]
