"""The engine's CPUs and how many a container's program counts (cpuset lists, glibc vs musl)."""

from __future__ import annotations

import pytest
from dockersim.engine.cpus import parse_cpuset


@pytest.mark.parametrize(
    ("text", "cpus"),
    [("0", {0}), ("0-3", {0, 1, 2, 3}), ("0,2", {0, 2}), ("1-2,5", {1, 2, 5}), ("3-1", None), ("abc", None),
     ("0,", None), ("-1", None), ("1-", None)],
)  # fmt: skip
def test_parse_cpuset(text: str, cpus: set[int] | None) -> None:
    assert parse_cpuset(text) == cpus
