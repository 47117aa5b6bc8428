"""The simulated engine's own limits (engine.MAX_CONTAINERS): a daemon-style error, never a lost container."""

from __future__ import annotations

import pytest
from dockersim.engine import engine as engine_module
from dockersim.session import Session


def test_the_container_beyond_the_limit_is_refused_and_none_is_dropped(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the limit, `docker run` and `docker create` fail with a clear daemon error naming the limit and
    how to make room; every container made before stays, stopped ones included."""
    monkeypatch.setattr(engine_module, "MAX_CONTAINERS", 3)
    session = Session(seed=2, cwd=tmp_path)
    assert session.run(["run", "-d", "--name", "aa", "nginx"]).exit_code == 0
    assert session.run(["create", "--name", "bb", "nginx"]).exit_code == 0
    assert session.run(["run", "--name", "cc", "alpine", "true"]).exit_code == 0  # exited
    for argv in (["run", "-d", "nginx"], ["create", "nginx"]):
        refused = session.run(argv)
        assert refused.exit_code != 0
        assert "Error response from daemon: the simulated engine already holds 3 containers" in refused.stderr
        assert "docker container prune" in refused.stderr and "Traceback" not in refused.stderr
    session.engine.tick(10_000)
    assert sorted(c.name for c in session.engine.containers.peek()) == ["aa", "bb", "cc"]
    assert session.run(["rm", "cc"]).exit_code == 0
    assert session.run(["run", "-d", "--name", "dd", "nginx"]).exit_code == 0
