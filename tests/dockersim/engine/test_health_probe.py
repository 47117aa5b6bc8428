"""Healthchecks run their test in the container's shell: the probe's status decides healthy or unhealthy."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.session import Session
from dockersim.shell import Shell


@pytest.mark.parametrize(
    ("run", "status"),
    [
        ("--health-cmd 'curl -f http://localhost/ || exit 1' nginx", "healthy"),
        ("--health-cmd 'curl -f http://localhost/ || exit 1' alpine sleep 1000", "unhealthy"),  # no curl in Alpine
        ("--health-cmd 'wget -q --spider http://localhost/' nginx:alpine", "healthy"),
        ("--health-cmd 'exit 3' alpine sleep 1000", "unhealthy"),
        ("--health-cmd 'test -f /etc/hostname' alpine sleep 1000", "healthy"),
    ],
)
def test_probe_decides_health(tmp_path: Path, run: str, status: str) -> None:
    """After the first interval, the probe's exit status is the container's health."""
    shell = Shell(Session(seed=8, cwd=tmp_path), tmp_path)
    assert shell.run(f"docker run -d --name probed --health-interval 5s {run}").exit_code == 0
    assert shell.run("sleep 10").exit_code == 0
    shown = shell.run("docker inspect -f '{{.State.Health.Status}}' probed")
    assert shown.stdout == f"{status}\n"
