"""Database clients at their own prompt: `exec -it db psql`, `redis-cli`, statements run by the one-shot client."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.live.clients import interactive_client
from dockersim.session import Session


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(seed=1, cwd=tmp_path)
    s.live = True
    return s


def out(chunks: list[tuple[str, str]]) -> str:
    return "".join(text for _, text in chunks)


def test_psql_prompt_continues_statements_until_the_semicolon(session: Session) -> None:
    """`exec -it db psql -U postgres`: psql's banner and `postgres=#` prompt, `-#` while a statement is
    open, each finished statement answered as `psql -c` answers it, `\\q` leaves."""
    session.run_line("docker run -d --name db -e POSTGRES_PASSWORD=secret postgres")
    session.engine.tick(10)
    result = session.run_line("docker exec -it db psql -U postgres")
    job = session.take_job()
    assert job is not None and result.stdout.startswith("psql (17") and job.prompt == "postgres=# "
    assert out(job.feed("CREATE TABLE t (id int);\n")) == "CREATE TABLE\n"
    assert out(job.feed("INSERT INTO t\n")) == "" and job.prompt == "postgres-# "
    assert out(job.feed("VALUES (1);\n")) == "INSERT 0 1\n"
    assert "(1 row)" in out(job.feed("SELECT * FROM t;\n"))
    job.feed("\\q\n")
    assert job.exit_code == 0
    assert "Up" in session.run_line("docker ps --format '{{.Status}}'").stdout


def test_psql_without_a_user_connects_as_the_exec_user(session: Session) -> None:
    """psql's default role is the OS user running it: root under a bare `docker exec`, whose role the postgres
    image never creates (docker's well-known error, before any banner); `--user postgres` connects."""
    session.run_line("docker run -d --name db -e POSTGRES_PASSWORD=secret postgres")
    session.engine.tick(10)
    refused = 'FATAL:  role "root" does not exist'
    one_shot = session.run_line("docker exec db psql -c 'SELECT 1'")
    assert one_shot.exit_code == 2 and refused in one_shot.stderr
    result = session.run_line("docker exec -it db psql")
    job = session.take_job()
    assert job is None or job.done
    assert refused in result.stdout + result.stderr and "psql (17" not in result.stdout
    result = session.run_line("docker exec -it --user postgres db psql")
    job = session.take_job()
    assert job is not None and result.stdout.startswith("psql (17") and job.prompt == "postgres=# "
    job.feed("\\q\n")
    unknown = session.run_line("docker exec -u 4242 db psql -c 'SELECT 1'")
    assert unknown.exit_code == 2 and "local user with ID 4242 does not exist" in unknown.stderr


def test_redis_cli_prompt(session: Session) -> None:
    """`exec -it cache redis-cli`: its prompt, commands as `redis-cli CMD` answers them, `quit` leaves;
    with a command on the line it stays one-shot."""
    session.run_line("docker run -d --name cache redis")
    session.run_line("docker exec -it cache redis-cli")
    job = session.take_job()
    assert job is not None and job.prompt == "127.0.0.1:6379> "
    assert out(job.feed("set greeting hello\n")) == "OK\n"
    assert out(job.feed("get greeting\n")) == "hello\n"
    job.feed("quit\n")
    assert job.exit_code == 0
    assert session.run_line("docker exec -it cache redis-cli get greeting").stdout == "hello\n"
    assert session.take_job() is None


@pytest.mark.parametrize(
    ("argv", "interactive"),
    [
        (["psql", "-U", "postgres"], True),
        (["psql", "-U", "postgres", "-c", "SELECT 1"], False),
        (["redis-cli", "-h", "cache"], True),
        (["redis-cli", "ping"], False),
        (["mongosh"], True),
        (["mongosh", "--eval", "db.stats()"], False),
    ],
)
def test_which_command_lines_open_a_prompt(argv: list[str], interactive: bool) -> None:
    """Only a client started without a statement opens its prompt."""
    assert interactive_client(argv) is interactive
