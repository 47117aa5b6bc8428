"""A CPU budget for the guards against blow-ups (quadratic parsing, alias bombs, hangs) that a test can hold on a
loaded machine: the CPU seconds of the calling thread only, with the heap that existed before the block frozen.

Wall time counts the other processes of a shared 2-core machine; process CPU time counts the worker's other
threads; and a garbage collection triggered inside the block walks every object the worker holds (an xdist
worker holds millions after the docker oracle or the engine scale tests), which once made a 2.8 ratio 9.2 on
CI. ``gc.freeze()`` moves those objects out of the collector's reach for the block, so a collection inside it
walks only what the block itself made: the count stays proportional to the block's own work.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def cpu_seconds() -> Iterator[Callable[[], float]]:
    """``with cpu_seconds() as spent: …; assert spent() < bound``: this thread's CPU seconds in the block."""
    gc.freeze()
    start = time.thread_time()
    try:
        yield lambda: time.thread_time() - start
    finally:
        gc.unfreeze()
