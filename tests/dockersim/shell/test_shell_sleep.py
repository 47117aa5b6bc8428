"""``sleep`` with hostile values (issue 22): bounded, the clock stays in range and the state loads back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dockersim.engine import Engine
from dockersim.session import Session
from dockersim.shell import Shell
from dockersim.shell.host import MAX_SLEEP_SECONDS


@pytest.mark.parametrize("value", ["inf", "infinity", "1e11", "1e20", "1e308", "99999999999d"])
def test_huge_sleeps_stop_at_the_bound_and_break_nothing(tmp_path: Path, value: str) -> None:
    """A sleep past the bound ends there as if interrupted (130); later commands work; the state round-trips."""
    session = Session(seed=2, cwd=tmp_path)
    shell = Shell(session, tmp_path)
    assert shell.run("docker run -d --name box alpine sleep 1e308").exit_code == 0
    before = session.engine.now()
    result = shell.run(f"sleep {value}")
    assert result.exit_code == 130 and "stopped after 86400 seconds" in result.stderr
    assert session.engine.now() - before == pytest.approx(MAX_SLEEP_SECONDS)
    listing = shell.run("docker ps --format '{{.Names}} {{.Status}}'")
    assert (listing.stdout, listing.exit_code) == ("box Up 24 hours\n", 0)
    text = json.dumps(session.engine.to_dict(), allow_nan=False)  # what a browser's JSON.parse accepts
    again = Engine.from_dict(json.loads(text))
    assert again.find_container("box").running


@pytest.mark.parametrize(("value", "code"), [("1.5", 0), ("2m", 0), ("0", 0), ("-1", 1), ("nan", 1), ("1x", 1)])
def test_sleep_operands_as_coreutils(tmp_path: Path, value: str, code: int) -> None:
    """Numbers with s/m/h/d suffixes are accepted; negatives, NaN and junk are invalid time intervals."""
    result = Shell(Session(seed=2, cwd=tmp_path), tmp_path).run(f"sleep {value}")
    assert result.exit_code == code
    if code:
        assert result.stderr.startswith(f"sleep: invalid time interval '{value}'")


def test_a_container_that_sleeps_for_ever_keeps_running(tmp_path: Path) -> None:
    """``sleep inf`` in a container's script keeps it running; nothing unbounded reaches the saved state."""
    session = Session(seed=2, cwd=tmp_path)
    shell = Shell(session, tmp_path)
    assert shell.run("docker run -d --name s1 alpine sh -c 'echo hi; sleep inf'").exit_code == 0
    assert shell.run("docker run -d --name s2 alpine sleep 1e20").exit_code == 0
    assert shell.run("docker ps -q | wc -l").stdout == "2\n"
    json.dumps(session.engine.to_dict(), allow_nan=False)
