"""The CPU budget of the blow-up guards (tests/dockersim/cpu_budget.py) counts the block's own work only."""

from __future__ import annotations

import gc
import threading
import time

from tests.dockersim.cpu_budget import cpu_seconds


def _burn(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_the_block_s_own_cpu_counts_and_another_thread_s_does_not() -> None:
    """0.2 s burnt in the block counts; 0.3 s burnt meanwhile by another thread of the process does not."""
    other = threading.Thread(target=_burn, args=(0.3,))
    with cpu_seconds() as spent:
        other.start()
        _burn(0.2)
        other.join()
    assert 0.2 <= spent() < 0.3


def test_the_heap_made_before_the_block_is_out_of_the_collector_s_reach_inside_it() -> None:
    """Every object that existed before the block is frozen while it runs, so a collection the block's own
    allocations trigger never walks them; afterwards they are collectable again."""
    heap = [[index] for index in range(100_000)]
    with cpu_seconds():
        assert gc.get_freeze_count() >= len(heap)
    assert gc.get_freeze_count() == 0
