"""The engine's CPUs and how many a container's program counts (cpuset lists, glibc vs musl)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.engine.cpus import cpuset_error, parse_cpuset
from dockersim.session import Session


@pytest.mark.parametrize(
    ("text", "cpus"),
    [("0", {0}), ("0-3", {0, 1, 2, 3}), ("0,2", {0, 2}), ("1-2,5", {1, 2, 5}), ("3-1", None), ("abc", None),
     ("0,", None), ("-1", None), ("1-", None)],
)  # fmt: skip
def test_parse_cpuset(text: str, cpus: set[int] | None) -> None:
    assert parse_cpuset(text) == cpus


def test_the_daemon_refuses_a_cpuset_it_cannot_give(tmp_path: Path) -> None:
    """Checked before the image is looked up: no pull, docker run's 125 and the daemon's words."""
    s = Session(seed=3, cwd=tmp_path, env={"HOME": "/root"})
    r = s.run_line("docker run -d --cpuset-cpus 0-9 nginx")
    assert (r.exit_code, r.stdout) == (125, "")
    assert r.stderr.startswith(
        "docker: Error response from daemon: Requested CPUs are not available - requested 0-9, available: 0-7\n"
    )
    r = s.run_line("docker create --cpuset-cpus abc alpine")
    assert "Error response from daemon: Invalid value abc for cpuset cpus: invalid format: abc\n" in r.stderr
    assert cpuset_error("0-7") == cpuset_error("") == ""
    assert s.run_line("docker images -q").stdout == ""
