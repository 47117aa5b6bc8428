"""Compose scenarios through the handlers on the real engine: the notes' e-commerce stack end to end."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dockersim.cli.spec import Options
from dockersim.compose import commands
from dockersim.compose.specs import COMPOSE_SPECS
from dockersim.context import CommandContext, CommandResult, SimulatorError

engine_module = pytest.importorskip("dockersim.engine.engine")

DOCS = Path(__file__).resolve().parents[3] / "docs" / "advanced.md"
SPECS = {s.path.split()[-1]: s for s in COMPOSE_SPECS[1:]}
DOTENV = "JWT_SECRET=your-secret-key\nSTRIPE_KEY=your-stripe-key\nREDIS_PASSWORD=redis-secret\nEMAIL_SERVICE=smtp://x\n"
DOCKERFILE = 'FROM node:20-alpine AS production\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n'

Run = Callable[..., CommandResult]


def ecommerce_compose() -> str:
    """The notes' e-commerce docker-compose.yml (the yaml fence after '**docker-compose.yml:**')."""
    text = DOCS.read_text(encoding="utf-8")
    after = text.split("**docker-compose.yml:**", 1)[1]
    return re.search(r"```yaml\n(.*?)```", after, re.S).group(1)  # type: ignore[union-attr]


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """my-ecommerce/ laid out as the notes' project structure, with the .env of the notes' usage block."""
    root = tmp_path / "my-ecommerce"
    for sub in ("frontend", "backend", "nginx", "init-scripts"):
        (root / sub).mkdir(parents=True)
    (root / "docker-compose.yml").write_text(ecommerce_compose(), encoding="utf-8")
    (root / ".env").write_text(DOTENV, encoding="utf-8")
    for sub in ("frontend", "backend"):
        (root / sub / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
        (root / sub / "server.js").write_text("console.log('hi')\n", encoding="utf-8")
    (root / "nginx" / "nginx.conf").write_text("events {}\n", encoding="utf-8")
    return root


@pytest.fixture
def engine() -> Any:
    """A fresh deterministic engine."""
    return engine_module.Engine(seed=42)


@pytest.fixture
def compose(engine: Any, project_dir: Path) -> Run:
    """Run ``docker compose <sub>`` through its handler, printing errors as the dispatcher does."""

    def run(
        sub: str, *args: str, cwd: Path | None = None, environ: dict[str, str] | None = None, **flags: Any
    ) -> CommandResult:
        ctx = CommandContext(engine=engine, cwd=cwd or project_dir, env=environ or {"HOME": "/root"})
        opts = Options.from_spec(SPECS[sub], {k.replace("_", "-"): v for k, v in flags.items()})
        try:
            code = getattr(commands, f"run_{sub}")(ctx, opts, list(args))
        except SimulatorError as exc:
            ctx.err.line(exc.message)
            code = exc.exit_code
        return ctx.result(code)

    return run


def events(result: CommandResult) -> list[str]:
    """Progress lines without their single leading and trailing space."""
    return [line[1:].rstrip() for line in result.stderr.splitlines() if line.startswith(" ")]


def test_up_detached_starts_in_dependency_order(compose: Run, engine: Any) -> None:
    """up -d creates network and volumes, builds, then starts containers after their dependencies."""
    result = compose("up", detach=True)
    assert result.exit_code == 0, result.stderr
    lines = events(result)
    assert (
        lines[lines.index("Network my-ecommerce_app-network Creating") + 1]
        == "Network my-ecommerce_app-network Created"
    )
    for volume in ("postgres-data", "redis-data", "elasticsearch-data"):
        assert f'Volume "my-ecommerce_{volume}" Created' in lines
    started = [line.split()[1] for line in lines if line.endswith(" Started")]
    assert started.index("my-ecommerce-postgres-1") < started.index("my-ecommerce-backend-1")
    assert started.index("my-ecommerce-redis-1") < started.index("my-ecommerce-backend-1")
    assert started.index("my-ecommerce-backend-1") < started.index("my-ecommerce-nginx-1")
    assert started.index("my-ecommerce-frontend-1") < started.index("my-ecommerce-nginx-1")
    healthy = lines.index("Container my-ecommerce-postgres-1 Healthy")
    assert lines.index("Container my-ecommerce-postgres-1 Waiting") < healthy
    assert healthy < lines.index("Container my-ecommerce-backend-1 Starting")
    names = {c.name for c in engine.containers.values()}
    assert {f"my-ecommerce-{s}-1" for s in ("nginx", "frontend", "backend", "postgres", "redis", "worker")} <= names
    web = next(c for c in engine.containers.values() if c.name == "my-ecommerce-backend-1")
    assert web.labels["com.docker.compose.project"] == "my-ecommerce"
    assert web.labels["com.docker.compose.service"] == "backend"
    assert web.labels["com.docker.compose.container-number"] == "1"
    assert web.labels["com.docker.compose.oneoff"] == "False"
    assert "JWT_SECRET=your-secret-key" in web.env
    assert result.stdout == ""


def test_progress_line_shape(compose: Run) -> None:
    """Plain progress is fmt.Fprintln(out, "", ID, text, ""): leading space, single spaces, trailing space."""
    result = compose("up", detach=True)
    assert " Network my-ecommerce_app-network Creating \n" in result.stderr
    assert " Container my-ecommerce-redis-1 Started \n" in result.stderr


def test_version_warning_printed(compose: Run, project_dir: Path) -> None:
    """Every command warns about the obsolete version: key, as compose v2 does."""
    result = compose("config", quiet=True)
    assert result.stderr == (
        f"WARN[0000] {project_dir}/docker-compose.yml: the attribute `version` is obsolete, it will be ignored, "
        "please remove it to avoid potential confusion\n"
    )


def test_ps_table(compose: Run) -> None:
    """ps lists the running project containers with compose's columns."""
    compose("up", detach=True)
    result = compose("ps")
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]
    names = [row.split()[0] for row in rows]
    assert "my-ecommerce-postgres-1" in names and "my-ecommerce-redis-1" in names
    postgres = next(row for row in rows if row.startswith("my-ecommerce-postgres-1"))
    assert "(healthy)" in postgres and "postgres:15-alpine" in postgres
    assert compose("ps", services=True).stdout.split() == sorted(
        {r.split()[0].removeprefix("my-ecommerce-").rsplit("-", 1)[0] for r in rows}
    )
    assert len(compose("ps", quiet=True).stdout.split()) == len(rows)


def test_logs_prefixes(compose: Run) -> None:
    """logs prefixes every line with the padded service-N name and ' | '."""
    compose("up", detach=True)
    result = compose("logs", "postgres", "redis")
    lines = result.stdout.splitlines()
    assert lines
    assert all(line.startswith(("postgres-1  | ", "redis-1     | ")) for line in lines)
    follow = compose("logs", "redis", follow=True)
    assert follow.exit_code == 0
    assert "returns immediately" in follow.stderr
    assert len(compose("logs", "postgres", tail="2").stdout.splitlines()) == 2


def test_exec_runs_in_service_container(compose: Run) -> None:
    """exec runs the command in the service's running container (docker exec's modelled programs)."""
    compose("up", "redis", detach=True)
    result = compose("exec", "redis", "redis-cli", "-a", "redis-secret", "ping")
    assert result.exit_code == 0, result.stderr
    assert "PONG" in result.stdout
    assert compose("exec", "nope", "sh").stderr.endswith("no such service: nope\n")
    assert compose("exec", "postgres", "ls").stderr.endswith('service "postgres" is not running\n')
    assert compose("exec", "redis", "ls", index=2).stderr.endswith('service "redis" is not running container #2\n')


def test_exec_passes_options(compose: Run, engine: Any) -> None:
    """exec hands user, env, TTY and index through to the engine's exec for the right container."""
    compose("up", "redis", detach=True)
    compose("up", "redis", detach=True, scale=["redis=2"])
    calls: list[tuple[str, list[str], dict[str, Any]]] = []

    def exec_container(ref: str, argv: list[str], **kwargs: Any) -> int:
        calls.append((ref, argv, kwargs))
        return 3

    engine.exec_container = exec_container
    result = compose("exec", "redis", "sh", "-c", "echo hi", user="redis", env=["A=1"], index=2)
    assert result.exit_code == 3
    ref, argv, kwargs = calls[-1]
    assert engine.containers[ref].name == "my-ecommerce-redis-2"
    assert argv == ["sh", "-c", "echo hi"]
    assert kwargs["user"] == "redis" and kwargs["env"] == ["A=1"] and kwargs["tty"] is False


def test_down_v_removes_everything(compose: Run, engine: Any) -> None:
    """down stops and removes containers and the network; -v also removes the named volumes."""
    compose("up", detach=True)
    result = compose("down", volumes=True)
    assert result.exit_code == 0, result.stderr
    lines = events(result)
    assert "Container my-ecommerce-nginx-1 Removed" in lines
    assert lines.index("Container my-ecommerce-nginx-1 Stopping") < lines.index(
        "Container my-ecommerce-postgres-1 Stopping"
    )
    assert "Network my-ecommerce_app-network Removed" in lines
    assert "Volume my-ecommerce_postgres-data Removed" in lines
    assert not [c for c in engine.containers.values() if c.labels.get("com.docker.compose.project") == "my-ecommerce"]
    assert not [v for v in engine.volumes if v.startswith("my-ecommerce_")]
    assert not [n for n in engine.networks.values() if n.name == "my-ecommerce_app-network"]
    again = compose("down")
    assert again.stderr.endswith('Warning: No resource found to remove for project "my-ecommerce".\n')


def test_down_keeps_volumes_without_v(compose: Run, engine: Any) -> None:
    """Plain down keeps named volumes."""
    compose("up", detach=True)
    compose("down")
    assert "my-ecommerce_postgres-data" in engine.volumes


def test_scale_up_and_down(compose: Run, engine: Any) -> None:
    """--scale worker=3 adds worker-2 and -3; --scale worker=1 removes them again."""
    compose("up", detach=True)
    result = compose("up", detach=True, scale=["worker=3"])
    assert result.exit_code == 0, result.stderr
    lines = events(result)
    assert "Container my-ecommerce-postgres-1 Running" in lines
    assert "Container my-ecommerce-worker-3 Started" in lines
    workers = sorted(
        c.name for c in engine.containers.values() if c.labels.get("com.docker.compose.service") == "worker"
    )
    assert workers == [f"my-ecommerce-worker-{n}" for n in (1, 2, 3)]
    down = compose("up", detach=True, scale=["worker=1"])
    assert "Container my-ecommerce-worker-3 Removed" in events(down)
    assert compose("up", detach=True, scale=["worker"]).stderr.endswith(
        'invalid --scale option "worker". Should be SERVICE=NUM\n'
    )


def test_stop_start_restart(compose: Run, engine: Any) -> None:
    """stop keeps containers, start brings them back, restart restarts one service."""
    compose("up", detach=True)
    stopped = compose("stop")
    assert "Container my-ecommerce-redis-1 Stopped" in events(stopped)
    assert not any(c.running for c in engine.containers.values())
    started = compose("start")
    assert "Container my-ecommerce-redis-1 Started" in events(started)
    restarted = compose("restart", "redis")
    assert events(restarted) == ["Container my-ecommerce-redis-1 Restarting", "Container my-ecommerce-redis-1 Started"]


def test_attached_up_says_it_returns(compose: Run) -> None:
    """up without -d prints the start-up, 'Attaching to', the logs, and says plainly that it returns."""
    result = compose("up", "redis")
    assert result.exit_code == 0
    assert result.stdout.startswith("Attaching to redis-1\n")
    assert commands.ATTACHED_NOTE in result.stderr


def test_errors(compose: Run, tmp_path: Path) -> None:
    """Compose's own errors: no file, unknown service."""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert compose("up", cwd=empty, detach=True).stderr == "no configuration file provided: not found\n"
    result = compose("up", "foo", detach=True)
    assert result.exit_code == 1 and result.stderr.endswith("no such service: foo\n")


def test_pull_output(compose: Run) -> None:
    """pull pulls image services and skips build-only services."""
    result = compose("pull")
    lines = events(result)
    assert "postgres Pulling" in lines and "postgres Pulled" in lines
    assert "backend Skipped - No image to be pulled" in lines


def test_run_one_off(compose: Run, engine: Any) -> None:
    """run creates a one-off container named <project>-<service>-run-<id>, labelled oneoff, removed by --rm."""
    result = compose("run", "redis", "redis-cli", "ping", rm=True)
    assert result.exit_code in (0, 1), result.stderr
    assert not [c for c in engine.containers.values() if "-redis-run-" in c.name]


def test_docker_compose_v1_style_file_name(compose: Run, project_dir: Path) -> None:
    """config --services lists the services (the notes use docker-compose.yml)."""
    result = compose("config", services=True)
    assert result.stdout.split() == ["backend", "elasticsearch", "frontend", "nginx", "postgres", "redis", "worker"]
    assert compose("config", volumes=True).stdout.split() == ["postgres-data", "redis-data", "elasticsearch-data"]


def test_build_builds_services_with_build_section(compose: Run, engine: Any, project_dir: Path) -> None:
    """compose build builds every service that has build:, tagging <project>-<service>."""
    result = compose("build")
    assert result.exit_code == 0, result.stderr
    for service in ("backend", "frontend", "worker"):
        assert engine.get_image(f"my-ecommerce-{service}") is not None
    (project_dir / "frontend" / "Dockerfile").unlink()
    failed = compose("build", "frontend")
    assert failed.exit_code == 1
    assert "failed to read dockerfile" in failed.stderr


def test_wait_reports_health(compose: Run) -> None:
    """up -d --wait waits for health checks and reports Healthy."""
    result = compose("up", "postgres", detach=True, wait=True)
    assert result.exit_code == 0, result.stderr
    lines = events(result)
    assert lines[-2:] == ["Container my-ecommerce-postgres-1 Waiting", "Container my-ecommerce-postgres-1 Healthy"]


def test_unhealthy_dependency_fails(compose: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service_healthy dependency that turns unhealthy stops up with compose's error."""
    from dockersim.compose.engine_adapter import Backend

    monkeypatch.setattr(Backend, "wait_healthy", lambda self, container: "unhealthy")
    result = compose("up", "backend", detach=True)
    assert result.exit_code == 1
    assert result.stderr.endswith("dependency failed to start: container my-ecommerce-postgres-1 is unhealthy\n")
    assert " Container my-ecommerce-postgres-1 Error \n" in result.stderr


def test_completed_successfully_and_no_healthcheck(compose: Run, tmp_path: Path) -> None:
    """service_completed_successfully waits for the dependency to exit 0; service_healthy needs a health check."""
    root = tmp_path / "jobs"
    root.mkdir()
    (root / "compose.yaml").write_text(
        "services:\n"
        '  migrate:\n    image: busybox\n    command: ["echo", "migrated"]\n'
        "  app:\n    image: nginx:alpine\n    depends_on:\n"
        "      migrate:\n        condition: service_completed_successfully\n"
        "  needy:\n    image: nginx:alpine\n    depends_on:\n      migrate:\n        condition: service_healthy\n",
        encoding="utf-8",
    )
    result = compose("up", "app", cwd=root, detach=True)
    assert result.exit_code == 0, result.stderr
    lines = events(result)
    assert lines.index("Container jobs-migrate-1 Exited") < lines.index("Container jobs-app-1 Started")
    needy = compose("up", "needy", cwd=root, detach=True)
    assert needy.exit_code == 1
    assert needy.stderr.endswith("dependency failed to start: container jobs-migrate-1 has no healthcheck configured\n")


def test_recreate_when_config_changes(compose: Run, project_dir: Path) -> None:
    """A changed service configuration recreates its container; unchanged ones keep running."""
    compose("up", "redis", detach=True)
    path = project_dir / "docker-compose.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("--appendonly yes", "--appendonly no"), encoding="utf-8")
    result = compose("up", "redis", detach=True)
    lines = events(result)
    assert "Container my-ecommerce-redis-1 Recreate" in lines
    assert "Container my-ecommerce-redis-1 Recreated" in lines
    assert "Container my-ecommerce-redis-1 Running" in events(compose("up", "redis", detach=True))


def test_orphans_warned_then_removed(compose: Run, project_dir: Path, engine: Any) -> None:
    """Containers of services no longer in the file are orphans: warned about, removed with --remove-orphans."""
    compose("up", "redis", "elasticsearch", detach=True)
    path = project_dir / "docker-compose.yml"
    text = path.read_text(encoding="utf-8")
    without = re.sub(r"  # Elasticsearch for search\n  elasticsearch:\n(?:    .*\n)*", "", text)
    assert "elasticsearch:" not in without.split("volumes:\n  postgres-data")[0]
    path.write_text(without, encoding="utf-8")
    warned = compose("up", "redis", detach=True)
    assert "Found orphan containers ([my-ecommerce-elasticsearch-1]) for this project." in warned.stderr
    removed = compose("up", "redis", detach=True, remove_orphans=True)
    assert "Container my-ecommerce-elasticsearch-1 Removed" in events(removed)
    assert not [c for c in engine.containers.values() if c.name == "my-ecommerce-elasticsearch-1"]


def test_down_rmi_all(compose: Run, engine: Any) -> None:
    """down --rmi all also removes the services' images."""
    compose("up", "redis", detach=True)
    result = compose("down", rmi="all")
    assert "Image redis:7-alpine Removed" in events(result)
    assert engine.get_image("redis:7-alpine") is None


def test_ps_formats(compose: Run) -> None:
    """ps --format: Go templates over compose's fields, 'table' adds headers, json prints one object per line."""
    compose("up", "redis", detach=True)
    assert compose("ps", format="{{.Name}} {{.Service}} {{.State}}").stdout == "my-ecommerce-redis-1 redis running\n"
    table = compose("ps", format="table {{.Name}}\t{{.RunningFor}}").stdout.splitlines()
    assert table[0].split() == ["NAME", "CREATED"]
    import json

    row = json.loads(compose("ps", format="json").stdout)
    assert row["Name"] == "my-ecommerce-redis-1" and row["Service"] == "redis" and row["State"] == "running"
    assert compose("ps", format="{{.Name").exit_code == 1
