"""Compose through the real command line: the CLI registers COMPOSE_SPECS for `docker compose` and `docker-compose`."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
from dockersim.context import CommandContext

cli = pytest.importorskip("dockersim.cli")
engine_module = pytest.importorskip("dockersim.engine.engine")

COMPOSE = """\
services:
  web:
    image: nginx:alpine
    ports: ['8080:80']
    depends_on: [cache]
  cache:
    image: redis:7
"""


@pytest.fixture
def run(tmp_path: Path) -> Any:
    """Run one command line in a project directory `shop` on one engine."""
    root = tmp_path / "shop"
    root.mkdir()
    (root / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    engine = engine_module.Engine(seed=11)

    def go(line: str) -> tuple[int, str, str]:
        words = shlex.split(line)
        prog = "docker-compose" if words[0] == "docker-compose" else "docker"
        ctx = CommandContext(engine=engine, cwd=root, env={"HOME": "/root"})
        code = cli.run_cli(words[1:], ctx, prog=prog)
        return code, ctx.out.getvalue(), ctx.err.getvalue()

    return go


def test_up_ps_down_both_spellings(run: Any) -> None:
    """`docker compose` and `docker-compose` reach the same handlers with the parsed flags."""
    code, _, err = run("docker compose up -d")
    assert code == 0, err
    assert " Container shop-cache-1 Started \n" in err
    code, out, _ = run("docker-compose ps")
    assert code == 0
    assert out.splitlines()[0].split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]
    assert "0.0.0.0:8080->80/tcp" in out
    code, _, err = run("docker-compose down -v")
    assert code == 0 and " Network shop_default Removed \n" in err


def test_top_level_flags(run: Any, tmp_path: Path) -> None:
    """-p and -f before the subcommand reach the loader."""
    other = tmp_path / "elsewhere.yml"
    other.write_text("services:\n  solo:\n    image: busybox\n", encoding="utf-8")
    code, out, err = run(f"docker compose -p demo -f {other} config --services")
    assert code == 0, err
    assert out == "solo\n"
    code, _, err = run("docker compose -p demo up -d")
    assert code == 0 and " Network demo_default Created \n" in err


def test_errors_are_printed_not_raised(run: Any) -> None:
    """Compose errors come back as text and an exit code."""
    code, _, err = run("docker compose up --scale web -d")
    assert code == 1 and err == 'invalid --scale option "web". Should be SERVICE=NUM\n'
    code, _, err = run("docker compose logs nope")
    assert code == 1 and err == "no such service: nope\n"


def test_lifecycle_extras(run: Any) -> None:
    """version, ls, port, pause/unpause, kill and rm behave and print as compose does."""
    assert run("docker compose version")[1] == "Docker Compose version v2.37.3\n"
    assert run("docker compose version --short")[1] == "2.37.3\n"
    run("docker compose up -d")
    ls = run("docker compose ls")[1].splitlines()
    assert ls[0].split() == ["NAME", "STATUS", "CONFIG", "FILES"]
    assert ls[1].split()[:2] == ["shop", "running(2)"]
    assert run("docker compose port web 80")[1] == "0.0.0.0:8080\n"
    assert " Container shop-web-1 Paused \n" in run("docker compose pause web")[2]
    assert " Container shop-web-1 Unpaused \n" in run("docker compose unpause web")[2]
    assert " Container shop-web-1 Killed \n" in run("docker compose kill web")[2]
    code, out, _ = run("docker compose rm")
    assert code == 0 and out.startswith("Going to remove shop-web-1\n")
    assert " Container shop-web-1 Removed \n" in run("docker compose rm -f")[2]
    assert run("docker compose rm -f")[2] == "No stopped containers\n"


def test_container_name_with_replicas_refused(run: Any, tmp_path: Path) -> None:
    """A fixed container_name with more than one replica is refused, by the loader and by --scale."""
    (tmp_path / "shop" / "compose.yaml").write_text(
        "services:\n  web:\n    image: nginx\n    container_name: web\n", encoding="utf-8"
    )
    message = (
        "services.deploy.replicas: can't set container_name and web as container name must be unique: "
        "invalid compose project\n"
    )
    assert run("docker compose up -d --scale web=2")[2] == message
    (tmp_path / "shop" / "compose.yaml").write_text(
        "services:\n  web:\n    image: nginx\n    container_name: web\n    deploy:\n      replicas: 2\n",
        encoding="utf-8",
    )
    assert run("docker compose config")[2] == message


def test_networks_and_aliases(run: Any, tmp_path: Path) -> None:
    """Services join every listed network with the service name and their aliases as DNS names."""
    (tmp_path / "shop" / "compose.yaml").write_text(
        "services:\n"
        "  api:\n    image: nginx\n    networks:\n      front:\n        aliases: [gateway]\n      back:\n"
        "networks:\n  front:\n  back:\n    driver: bridge\n    ipam:\n      config:\n        - subnet: 10.9.0.0/16\n",
        encoding="utf-8",
    )
    code, _, err = run("docker compose up -d")
    assert code == 0, err
    assert " Network shop_back Created \n" in err and " Network shop_front Created \n" in err
    code, out, _ = run("docker network inspect shop_back --format '{{json .IPAM.Config}}'")
    assert '"Subnet":"10.9.0.0/16"' in out
    code, out, _ = run("docker inspect shop-api-1 --format '{{json .NetworkSettings.Networks.shop_front.Aliases}}'")
    assert out.strip() == '["api","gateway"]'


def test_up_pull_policies_and_quiet(run: Any) -> None:
    """--pull never refuses a missing image; --quiet-pull and --progress quiet silence the events."""
    code, _, err = run("docker compose up -d --pull never")
    assert code == 1 and err.endswith("No such image: redis:7\n")
    code, _, err = run("docker compose up -d --quiet-pull")
    assert code == 0 and "Pulling" not in err and " Container shop-web-1 Started \n" in err
    code, _, err = run("docker compose --progress quiet restart")
    assert code == 0 and err == ""
    code, _, err = run("docker compose up -d --pull always")
    assert " cache Pulled \n" in err


def test_logs_time_window(run: Any) -> None:
    """--since/--until select log lines by time (durations, dates); a bad value is refused."""
    run("docker compose up -d")
    assert run("docker compose logs --since 1h cache")[1]
    assert run("docker compose logs --until 2000-01-01 cache")[1] == ""
    code, _, err = run("docker compose logs --since bogus cache")
    assert code == 1 and err == 'invalid value "bogus" for flag --since\n'


def test_watch_not_modelled(run: Any) -> None:
    """up --watch says plainly that it is not modelled."""
    code, _, err = run("docker compose up --watch")
    assert code == 1 and "is not modelled by the simulator" in err
