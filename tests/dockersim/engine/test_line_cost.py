"""A line of chained commands costs in proportion to its length (engine/table.py ``settle``, engine/facts.py):
the container indexes re-read what one command was handed, not everything the line has touched so far.

Cost is counted, not timed: the Python function calls the line makes (``sys.setprofile``). CPU time was
the measure once, and under the suite's load a garbage collection over the worker's whole heap landed in the
longer line only (a ratio of 9.2 on CI where an idle run gives 2.8); a count is the same on any machine."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest
from dockersim.engine import facts

from tests.dockersim.worker.test_worker_contract import Client

N = 100


def _count_calls(calls: list[int]) -> Callable[[FrameType, str, object], None]:
    """A ``sys.setprofile`` hook adding one to ``calls[0]`` for every Python function called."""

    def hook(_frame: FrameType, event: str, _arg: object) -> None:
        if event == "call":
            calls[0] += 1

    return hook


def _line_cost(tmp_path: Path, count: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(Python calls, containers read by the indexes) of one line of ``count`` chained ``docker run -d nginx``."""
    client = Client()
    client.ok("init", {"workdir": str(tmp_path / f"p{count}"), "seed": 5})
    client.ok("run", {"line": "docker pull nginx && docker run -d nginx"})  # the image and a first run: untimed
    reads = [0]
    real = facts.facts_of

    def counted(record: object) -> facts.Facts:
        reads[0] += 1
        return real(record)  # type: ignore[arg-type]

    monkeypatch.setattr(facts, "facts_of", counted)
    calls = [0]
    sys.setprofile(_count_calls(calls))
    try:
        reply = client.ok("run", {"line": " && ".join(["docker run -d nginx"] * count)})
    finally:
        sys.setprofile(None)
    monkeypatch.setattr(facts, "facts_of", real)
    assert reply["exit_code"] == 0
    assert len(reply["stdout"].split()) == count
    return calls[0], reads[0]


def test_a_line_of_4n_runs_costs_about_4_times_a_line_of_n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python calls of a line of 4N ``docker run -d nginx`` against one of N: linear gives about 4 (less with the
    fixed costs), the indexes re-reading every record the line touched gave 9 at N=100 (16 for larger N).
    Each command reads a handful of containers into the indexes, however long the line."""
    short, short_reads = _line_cost(tmp_path, N, monkeypatch)
    long, long_reads = _line_cost(tmp_path, 4 * N, monkeypatch)
    # A line of 200 read 80,000 containers into the indexes when each command re-read the line's records.
    assert short_reads <= 4 * N and long_reads <= 4 * 4 * N, (short_reads, long_reads)
    assert long / short < 6.5, (short, long)
