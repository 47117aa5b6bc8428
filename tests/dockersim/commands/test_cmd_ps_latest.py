"""``docker ps -l`` and ``-n N`` pick the newest containers without sorting them all
(commands/container.py ``sorted_containers(engine, first)``), in the same order as ``ps -a``."""

from __future__ import annotations

from pathlib import Path

from dockersim.session import Session


def test_latest_and_last_n_are_the_head_of_ps_a(tmp_path: Path) -> None:
    """Containers made in one clock second (ties broken by creation order), one exited and one only created:
    ``-l`` is the first row of ``ps -a`` and ``-n 3`` its first three; this fails when the partial pick orders
    ties or states otherwise than the full sort."""
    session = Session(seed=2, cwd=tmp_path)
    for argv in (["run", "-d", "nginx"], ["run", "alpine", "true"], ["create", "alpine"], ["run", "-d", "redis"]):
        assert session.run(argv).exit_code == 0
    session.engine.containers.peek_get(next(iter(session.engine.containers))).created += 1e6  # oldest made newest
    every = session.run(["ps", "-aq"]).stdout.split()
    assert len(every) == 4
    assert session.run(["ps", "-lq"]).stdout.split() == every[:1]
    assert session.run(["ps", "-q", "-n", "3"]).stdout.split() == every[:3]
    assert session.run(["ps", "-q", "-n", "9"]).stdout.split() == every
