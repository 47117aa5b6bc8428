"""docker top CONTAINER [ps OPTIONS]: ps's own table for the options, and the daemon's errors when ps fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.engine.cpus import HOST_CPUS
from dockersim.session import Session


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    s = Session(seed=7, cwd=Path(tmp_path_factory.mktemp("top")), env={"HOME": "/root"})
    for line in ("docker run -d --name web nginx", "docker run -dit --name shell alpine sh"):
        assert s.run_line(line).exit_code == 0, line
    return s


def _top(session: Session, line: str) -> list[list[str]]:
    r = session.run_line(f"docker top {line}")
    assert r.exit_code == 0, r.stderr
    # docker's tabwriter pads every cell to 20 columns (+3): a cell never holds 3 blanks in a row
    return [[cell.strip() for cell in row.split("   ") if cell.strip()] for row in r.stdout.splitlines()]


def test_aux_prints_ps_user_format(session: Session) -> None:
    rows = _top(session, "web aux")
    assert rows[0] == ["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"]
    master, *workers = rows[1:]
    assert master[0] == "root" and master[7] == "Ss" and master[9] == "0:00"
    assert master[-1] == "nginx: master process nginx -g daemon off;"
    assert len(workers) == HOST_CPUS
    assert {(w[0], w[7], w[-1]) for w in workers} == {("101", "S", "nginx: worker process")}
    assert all(int(cell) > 0 for row in rows[1:] for cell in row[4:6])  # VSZ and RSS in KiB


def test_default_is_ef_and_other_formats_have_ps_headers(session: Session) -> None:
    assert _top(session, "web") == _top(session, "web -ef")
    assert _top(session, "web")[0] == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert _top(session, "web x")[0] == ["PID", "TTY", "STAT", "TIME", "COMMAND"]
    assert _top(session, "web -e")[1][-1] == "nginx"  # SysV's CMD is the executable's name
    assert _top(session, "web -o pid,comm")[0:2][1][1] == "nginx"
    eo = _top(session, "web -eo pid,user,args")
    assert eo[0] == ["PID", "USER", "COMMAND"] and eo[1][1:] == ["root", "nginx: master process nginx -g daemon off;"]
    assert _top(session, "shell aux")[1][6:8] == ["pts/0", "Ss+"]


@pytest.mark.parametrize(
    ("options", "stderr"),
    [
        ("-o swap", 'Error response from daemon: ps: error: unknown user-defined format specifier "swap"\n'),
        ("-o comm", "Error response from daemon: Couldn't find PID field in ps output\n"),
        (
            "-o args,pid",
            "Error response from daemon: Unexpected pid 'master': strconv.Atoi: parsing \"master\": invalid syntax\n",
        ),
        ("l", "dockersim: 'ps l' (docker top's ps options) is not modelled by the simulator\n"),
    ],
)
def test_what_ps_or_the_daemon_refuses(session: Session, options: str, stderr: str) -> None:
    r = session.run_line(f"docker top web {options}")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", stderr)
