"""docker top lists what ps -ef on the host shows: the exec'd command, a server's own processes, numeric users."""

from __future__ import annotations

from pathlib import Path

from dockersim.engine.cpus import HOST_CPUS
from dockersim.session import Session


def _top(s: Session, name: str) -> list[list[str]]:
    """docker top's rows split on its column gaps: [UID, PID, PPID, C, STIME, TTY, TIME, CMD]."""
    r = s.run(["top", name])
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    return [line.split(None, 7) for line in lines[1:]]


def _session(tmp_path: Path, *runs: list[str]) -> Session:
    s = Session(seed=7, cwd=tmp_path, env={"HOME": "/root"})
    for argv in runs:
        r = s.run(argv)
        assert r.exit_code == 0, r.stderr
    return s


def test_nginx_shows_its_master_and_one_worker_per_cpu_as_its_log_starts_them(tmp_path: Path) -> None:
    s = _session(tmp_path, ["run", "-d", "--name", "web", "nginx"])
    rows = _top(s, "web")
    # the entrypoint script exec'd nginx: no /docker-entrypoint.sh left, the arguments unquoted as ps joins them
    # worker_processes auto: one worker per CPU of the engine (docker info's CPUs)
    assert [(row[0], row[-1]) for row in rows] == [
        ("root", "nginx: master process nginx -g daemon off;"),
        *[("101", "nginx: worker process")] * HOST_CPUS,
    ]
    master = rows[0][1]
    assert [row[2] for row in rows[1:]] == [master] * HOST_CPUS  # the workers are the master's children
    assert len({row[1] for row in rows}) == HOST_CPUS + 1
    started = [line for line in s.run(["logs", "web"]).stderr.splitlines() if "start worker process " in line]
    assert len(started) == len(rows) - 1
    assert f"CPUs: {HOST_CPUS}" in s.run(["info"]).stdout
    stats = s.run(["stats", "--no-stream", "--format", "{{.PIDs}}", "web"])
    assert stats.stdout == f"{HOST_CPUS + 1}\n"


def test_nginx_workers_follow_the_cpus_its_c_library_counts(tmp_path: Path) -> None:
    """glibc's sysconf counts every CPU of the VM whatever the cpuset; musl (nginx:alpine) counts the cpuset.
    --cpus (a CPU-time quota) changes neither."""
    s = _session(
        tmp_path,
        ["run", "-d", "--name", "glibc", "--cpuset-cpus", "0,1", "nginx"],
        ["run", "-d", "--name", "musl", "--cpuset-cpus", "0-2", "nginx:alpine"],
        ["run", "-d", "--name", "quota", "--cpus", "0.5", "nginx:alpine"],
    )
    assert len(_top(s, "glibc")) == HOST_CPUS + 1
    assert len(_top(s, "musl")) == 3 + 1
    assert len(_top(s, "quota")) == HOST_CPUS + 1
    log = s.run(["logs", "musl"]).stderr
    assert [line.rsplit(" ", 1)[-1] for line in log.splitlines() if "start worker process " in line] == [
        "29",
        "30",
        "31",
    ]


def test_postgres_and_redis_run_as_their_service_user(tmp_path: Path) -> None:
    s = _session(
        tmp_path,
        ["run", "-d", "--name", "db", "-e", "POSTGRES_PASSWORD=secret", "postgres:15"],
        ["run", "-d", "--name", "cache", "redis:7-alpine"],
    )
    db = _top(s, "db")
    assert db[0][0] == "999" and db[0][-1] == "postgres"
    assert "postgres: checkpointer" in [row[-1].strip() for row in db[1:]]
    assert {row[0] for row in db} == {"999"}
    assert [(row[0], row[-1]) for row in _top(s, "cache")] == [("999", "redis-server *:6379")]


def test_plain_commands_users_and_inits(tmp_path: Path) -> None:
    s = _session(
        tmp_path,
        ["run", "-d", "--name", "sleeper", "alpine", "sleep", "1000"],
        ["run", "-d", "--name", "as-node", "--user", "node", "node:18-alpine", "sleep", "100"],
        ["run", "-d", "-t", "--name", "shell", "ubuntu", "bash", "-c", "sleep 100"],
        ["run", "-d", "--name", "search", "docker.elastic.co/elasticsearch/elasticsearch:8.11.0"],
    )
    assert [(row[0], row[-1]) for row in _top(s, "sleeper")] == [("root", "sleep 1000")]
    assert _top(s, "as-node")[0][0] == "1000"  # the host has no account "node": ps shows the number
    shell = _top(s, "shell")
    assert (shell[0][5], shell[0][-1]) == ("pts/0", "bash -c sleep 100")
    search = _top(s, "search")  # tini stays PID 1 and runs the command as its child
    assert search[0][-1].startswith("/bin/tini -- ") and search[1][2] == search[0][1]


def test_stats_pids_count_top_rows_of_single_threaded_processes(tmp_path: Path) -> None:
    """docker stats' PIDS counts tasks: for nginx, postgres and a lone sleep, exactly the processes top lists."""
    s = _session(
        tmp_path,
        ["run", "-d", "--name", "web", "nginx"],
        ["run", "-d", "--name", "db", "-e", "POSTGRES_PASSWORD=secret", "postgres:15"],
        ["run", "-d", "--name", "sleeper", "alpine", "sleep", "1000"],
    )
    for name in ("web", "db", "sleeper"):
        r = s.run(["stats", "--no-stream", "--format", "{{.PIDs}}", name])
        assert r.stdout == f"{len(_top(s, name))}\n", name
    assert s.run(["stop", "sleeper"]).exit_code == 0
    assert s.run(["stats", "--no-stream", "--format", "{{.PIDs}}", "sleeper"]).stdout == "0\n"
