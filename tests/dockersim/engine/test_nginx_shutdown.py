"""nginx stops every worker its log started, on docker stop (SIGQUIT, graceful) and on Ctrl+C (SIGINT, fast)."""

from __future__ import annotations

import re
from pathlib import Path

from dockersim.engine.cpus import HOST_CPUS
from dockersim.session import Session


def _workers(log: str, pattern: str) -> list[str]:
    return re.findall(pattern, log)


def test_docker_stop_shuts_down_every_worker_gracefully(tmp_path: Path) -> None:
    s = Session(seed=5, cwd=tmp_path)
    assert s.run(["run", "-d", "--name", "web", "nginx"]).exit_code == 0
    assert s.run(["stop", "web"]).stdout == "web\n"
    log = s.run(["logs", "web"]).stderr
    started = _workers(log, r"start worker process (\d+)")
    assert len(started) == HOST_CPUS
    assert "signal 3 (SIGQUIT) received, shutting down" in log
    assert _workers(log, r"(\d+)#\d+: gracefully shutting down") == started
    assert _workers(log, r"worker process (\d+) exited with code 0") == started
    assert log.rstrip().endswith("[notice] 1#1: exit")


def test_ctrl_c_on_an_attached_run_stops_every_worker(tmp_path: Path) -> None:
    s = Session(seed=5, cwd=tmp_path)
    s.live = True
    s.run_line("docker run --name web nginx")
    job = s.take_job()
    assert job is not None and not job.done
    log = "".join(text for _, text in job.signal("INT"))
    assert job.exit_code == 0
    full = s.run(["logs", "web"]).stderr
    started = _workers(full, r"start worker process (\d+)")
    assert "signal 2 (SIGINT) received, exiting" in log and "gracefully" not in log
    assert _workers(log, r"(\d+)#\d+: exiting") == started
    assert _workers(log, r"worker process (\d+) exited with code 0") == started
