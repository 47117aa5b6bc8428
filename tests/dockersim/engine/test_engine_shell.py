"""The exec model: commands, filesystem, users, databases and the not-modelled answer."""

from __future__ import annotations

import pytest
from dockersim.engine import Engine, shell
from dockersim.engine.state import ContainerRecord
from dockersim.runspec import ContainerSpec, MountSpec


def _running(engine: Engine, **kw: object) -> ContainerRecord:
    c = engine.create_container(ContainerSpec(**kw))  # type: ignore[arg-type]
    engine.start_container(c)
    return c


@pytest.fixture
def box() -> tuple[Engine, ContainerRecord]:
    engine = Engine(seed=9)
    return engine, _running(engine, image="alpine", name="box", command=["sleep", "1000"], env=["A=1"])


@pytest.mark.parametrize(
    ("argv", "stdout", "code"),
    [
        (["echo", "hello", "world"], "hello world\n", 0),
        (["echo", "-n", "x"], "x", 0),
        (["pwd"], "/\n", 0),
        (["whoami"], "root\n", 0),
        (["printenv", "A"], "1\n", 0),
        (["true"], "", 0),
        (["false"], "", 1),
        (["sh", "-c", "echo a; echo b"], "a\nb\n", 0),
        (["sh", "-c", "false && echo no || echo yes"], "yes\n", 0),
        (["sh", "-c", "exit 4"], "", 4),
        (["sh", "-c", "cd /tmp && pwd"], "/tmp\n", 0),
        (["sh", "-c", "echo $A$A"], "11\n", 0),
        (["cat", "/etc/os-release"], None, 0),
        (["uname", "-m"], "x86_64\n", 0),
    ],
)
def test_simple_commands(box: tuple[Engine, ContainerRecord], argv: list[str], stdout: str | None, code: int) -> None:
    """Everyday commands print what they print in a real container and return its status."""
    engine, c = box
    result = shell.run_argv(engine, c, argv)
    if stdout is not None:
        assert result.stdout == stdout
    assert result.exit_code == code


def test_filesystem_writes_reads_and_lists(box: tuple[Engine, ContainerRecord]) -> None:
    """touch/mkdir/echo > file/rm act on the container's layer and ls/cat see it."""
    engine, c = box
    assert shell.run_script(engine, c, "mkdir -p /srv/app && echo hi > /srv/app/a.txt").exit_code == 0
    assert shell.run_argv(engine, c, ["cat", "/srv/app/a.txt"]).stdout == "hi\n"
    assert shell.run_script(engine, c, "echo more >> /srv/app/a.txt").exit_code == 0
    assert shell.run_argv(engine, c, ["cat", "/srv/app/a.txt"]).stdout == "hi\nmore\n"
    assert shell.run_argv(engine, c, ["ls", "/srv/app"]).stdout == "a.txt\n"
    assert shell.run_argv(engine, c, ["touch", "/srv/app/b"]).exit_code == 0
    assert shell.run_argv(engine, c, ["ls", "/srv/app"]).stdout == "a.txt\nb\n"
    assert shell.run_argv(engine, c, ["rm", "/srv/app/b"]).exit_code == 0
    missing = shell.run_argv(engine, c, ["cat", "/nope"])
    assert (missing.exit_code, missing.stderr) == (1, "cat: can't open '/nope': No such file or directory\n")
    assert "hosts" in shell.run_argv(engine, c, ["ls", "/etc"]).stdout


def test_permissions_and_read_only(box: tuple[Engine, ContainerRecord]) -> None:
    """A non-root user cannot write to /etc; a :ro mount refuses writes for everyone."""
    engine, _ = box
    ro = _running(engine, image="alpine", command=["sleep", "100"], mounts=[MountSpec("volume", "/cfg", "cfg", True)])
    assert shell.run_argv(engine, ro, ["touch", "/cfg/x"]).stderr == "touch: /cfg/x: Read-only file system\n"
    nobody = shell.run_argv(engine, ro, ["touch", "/etc/x"], user="nobody")
    assert nobody.stderr == "touch: /etc/x: Permission denied\n"
    assert shell.run_argv(engine, ro, ["touch", "/tmp/x"], user="nobody").exit_code == 0


def test_users_and_ids(box: tuple[Engine, ContainerRecord]) -> None:
    """id/whoami for named, well-known and numeric users."""
    engine, c = box
    assert shell.run_argv(engine, c, ["id"], user="node").stdout == "uid=1000(node) gid=1000(node) groups=1000(node)\n"
    assert shell.run_argv(engine, c, ["whoami"], user="1234").stderr == "whoami: unknown uid 1234\n"
    assert shell.run_argv(engine, c, ["id"], user="1234").stdout == "uid=1234 gid=0(root) groups=0(root)\n"


def test_not_modelled_and_not_found(box: tuple[Engine, ContainerRecord]) -> None:
    """Unmodelled known programs say so (exit 1); unknown ones are 'not found' (127)."""
    engine, c = box
    r = shell.run_argv(engine, c, ["find", "/"])
    assert (r.exit_code, r.stderr) == (1, "dockersim: 'find' is not modelled by the simulator\n")
    r = shell.run_argv(engine, c, ["frobnicate"])
    assert (r.exit_code, r.stderr) == (127, "sh: frobnicate: not found\n")


def test_service_clients() -> None:
    """redis-cli, pg_isready, nginx -t and curl answer as the real tools do."""
    engine = Engine(seed=9)
    redis = _running(engine, image="redis:7-alpine", name="cache")
    assert shell.run_argv(engine, redis, ["redis-cli", "ping"]).stdout == "PONG\n"
    assert shell.run_argv(engine, redis, ["redis-cli", "set", "k", "v"]).stdout == "OK\n"
    assert shell.run_argv(engine, redis, ["redis-cli", "get", "k"]).stdout == "v\n"
    pg = _running(engine, image="postgres:15", name="db", env=["POSTGRES_PASSWORD=x"])
    assert shell.run_argv(engine, pg, ["pg_isready"]).stdout == "/var/run/postgresql:5432 - accepting connections\n"
    bad = shell.run_argv(engine, pg, ["psql", "-U", "nobody", "-c", "SELECT 1"])
    assert bad.exit_code == 2 and 'role "nobody" does not exist' in bad.stderr
    web = _running(engine, image="nginx", name="web")
    test = shell.run_argv(engine, web, ["nginx", "-t"])
    assert test.stderr.endswith("nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
    assert "Welcome to nginx!" in shell.run_argv(engine, web, ["curl", "http://localhost"]).stdout
    refused = shell.run_argv(engine, web, ["curl", "http://localhost:8080"])
    assert refused.exit_code == 7


def test_wget_and_mongosh_errors() -> None:
    """wget -qO- prints the body; mongosh without --eval explains it cannot be interactive."""
    engine = Engine(seed=9)
    engine.create_network("n")
    web = _running(engine, image="nginx", name="web", network="n")
    client = _running(engine, image="alpine", name="client", network="n", command=["sleep", "100"])
    assert "Welcome to nginx!" in shell.run_argv(engine, client, ["wget", "-qO-", "http://web"]).stdout
    assert shell.run_argv(engine, client, ["wget", "http://nope"]).stderr == "wget: bad address 'nope'\n"
    mongo = _running(engine, image="mongo:7", name="mongo1")
    assert "cannot be simulated" in shell.run_argv(engine, mongo, ["mongosh"]).stderr
    assert shell.run_argv(engine, mongo, ["mongosh", "--eval", "db.users.countDocuments()"]).stdout == "0\n"
    assert web.state == "running"


def test_psql_meta_commands_and_damaged_data() -> None:
    r"""psql \dt lists created tables and \l the databases; damaged stored rows give a clear message."""
    engine = Engine(seed=9)
    pg = _running(engine, image="postgres:16", name="db", env=["POSTGRES_PASSWORD=x"])
    assert (
        shell.run_argv(engine, pg, ["psql", "-U", "postgres", "-c", "\\dt"]).stdout == "Did not find any relations.\n"
    )
    shell.run_argv(engine, pg, ["psql", "-U", "postgres", "-c", "CREATE TABLE users (id serial, name text)"])
    assert (
        " public | users | table | postgres"
        in shell.run_argv(engine, pg, ["psql", "-U", "postgres", "-c", "\\dt"]).stdout
    )
    assert " postgres  | postgres | UTF8" in shell.run_argv(engine, pg, ["psql", "-U", "postgres", "-c", "\\l"]).stdout
    vol = next(v for v in engine.volumes.values())
    vol.data["pg:postgres.users"] = [1, 2]
    r = shell.run_argv(engine, pg, ["psql", "-U", "postgres", "-c", "SELECT * FROM users"])
    assert r.exit_code == 1 and "damaged" in r.stderr
