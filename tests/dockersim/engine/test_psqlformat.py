r"""psql's aligned tables: \l's columns per psql version (describe.c listAllDbs), \dt, centring and the footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.engine import Engine
from dockersim.engine.programs.psqlformat import aligned, connection, list_databases, list_relations
from dockersim.engine.shell import run_argv
from dockersim.runspec import ContainerSpec
from dockersim.session import Session

TEMPLATE_ROWS = {
    17: " template0 | postgres | UTF8     | libc            | en_US.utf8 | en_US.utf8 |        |           | "
    "=c/postgres          +\n"
    "           |          |          |                 |            |            |        |           | "
    "postgres=CTc/postgres",
    15: " template0 | postgres | UTF8     | en_US.utf8 | en_US.utf8 |            | libc            | "
    "=c/postgres          +\n"
    "           |          |          |            |            |            |                 | postgres=CTc/postgres",
}


@pytest.mark.parametrize(
    ("major", "header"),
    [
        (17, "   Name    |  Owner   | Encoding | Locale Provider |  Collate   |   Ctype    | Locale | ICU Rules | "
             "  Access privileges   "),
        (16, "   Name    |  Owner   | Encoding | Locale Provider |  Collate   |   Ctype    | ICU Locale | ICU Rules | "
             "  Access privileges   "),
        (15, "   Name    |  Owner   | Encoding |  Collate   |   Ctype    | ICU Locale | Locale Provider | "
             "  Access privileges   "),
        (13, "   Name    |  Owner   | Encoding |  Collate   |   Ctype    |   Access privileges   "),
    ],
)  # fmt: skip
def test_list_databases_has_the_columns_of_the_images_psql(major: int, header: str) -> None:
    lines = list_databases(major, [("postgres", "postgres")], "postgres").split("\n")
    assert lines[1] == header
    assert lines[0] == " " * ((len(lines[2]) - len("List of databases")) // 2) + "List of databases"
    assert lines[2] == "+".join("-" * len(cell) for cell in header.split("|"))
    assert lines[3].startswith(" postgres  | postgres | UTF8 ") and lines[3].endswith(" | ")
    if major in TEMPLATE_ROWS:
        assert "\n".join(lines[4:6]) == TEMPLATE_ROWS[major]
    assert lines[-3:] == ["(3 rows)", "", ""]


def test_list_relations_and_none() -> None:
    assert list_relations([]) == "Did not find any relations.\n"
    assert list_relations([("users", "postgres")]) == (
        "         List of relations\n"
        " Schema | Name  | Type  |  Owner   \n"
        "--------+-------+-------+----------\n"
        " public | users | table | postgres\n"
        "(1 row)\n\n"
    )


def test_aligned_right_aligns_numbers_and_marks_continued_cells() -> None:
    text = aligned("t", ["id", "note"], [["7", "a\nb"], ["12", "c"]], right=[0])
    assert text.split("\n")[1:6] == [" id | note ", "----+------", "  7 | a   +", "    | b", " 12 | c"]


def test_psql_in_a_container(tmp_path: Path) -> None:
    r"""\l as the image's psql 15 prints it, with POSTGRES_DB; -d selects the database \dt lists."""
    s = Session(seed=3, cwd=tmp_path, env={"HOME": "/root"})
    assert s.run_line("docker run -d --name db -e POSTGRES_PASSWORD=x -e POSTGRES_DB=shop postgres:15").exit_code == 0
    listed = s.run_line("docker exec db psql -U postgres -c '\\l'").stdout.split("\n")
    assert [line.split(" | ")[0].strip() for line in listed[3:-3]] == [
        "postgres",
        "shop",
        "template0",
        "",
        "template1",
        "",
    ]
    assert listed[-3] == "(4 rows)" and "ICU Locale | Locale Provider" in listed[1]
    assert s.run_line("docker exec db psql -U postgres -d shop -c 'CREATE TABLE t (id int)'").exit_code == 0
    assert " public | t    | table | postgres" in s.run_line("docker exec db psql -U postgres -d shop -c '\\dt'").stdout
    assert s.run_line("docker exec db psql -U postgres -c '\\dt'").stdout == "Did not find any relations.\n"


def test_a_query_result_is_psqls_table_without_a_title() -> None:
    """``SELECT``'s result: no title line, an integer column (a serial id) right-aligned, the last cell unpadded,
    then the row count and psql's blank line."""
    engine = Engine(seed=9)
    pg = engine.create_container(ContainerSpec(image="postgres:16", name="db", env=["POSTGRES_PASSWORD=x"]))
    engine.start_container(pg)
    psql = ["psql", "-U", "postgres", "-c"]
    run_argv(engine, pg, [*psql, "CREATE TABLE users (id serial, name text)"])
    run_argv(engine, pg, [*psql, "INSERT INTO users (name) VALUES ('alice'), ('bob')"])
    shown = run_argv(engine, pg, [*psql, "SELECT * FROM users"]).stdout
    assert shown == " id | name  \n----+-------\n  1 | alice\n  2 | bob\n(2 rows)\n\n"


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({"POSTGRES_USER": "app"}, [], ("root", "root", "")),
        ({"POSTGRES_USER": "app", "PGUSER": "ops"}, ["-c", "\\l"], ("ops", "ops", "\\l")),
        ({}, ["-U", "postgres", "-d", "shop"], ("postgres", "shop", "")),
        ({"PGDATABASE": "shop"}, ["-Ualice"], ("alice", "shop", "")),
        ({}, ["-U", "bob", "orders", "--command", "SELECT 1"], ("bob", "orders", "SELECT 1")),
    ],
)
def test_connection_reads_psqls_command_line_as_psql_does(
    env: dict[str, str], args: list[str], expected: tuple[str, str, str]
) -> None:
    """One reading of psql's user, database and -c for ``psql -c`` and the interactive client's prompt; with
    no ``-U`` nor ``PGUSER`` the user is the OS user running psql (root here), never ``POSTGRES_USER``."""
    assert connection(env, args, "root") == expected


def test_connection_has_no_user_for_a_uid_without_a_name() -> None:
    """psql started by a uid the passwd does not list, with no ``-U``: no user (psql refuses to start)."""
    assert connection({}, [], "")[0] == ""
