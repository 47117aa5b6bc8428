"""Numbers longer than any count: thousands of digits or past 2**63 in a flag or a shell utility end in the
program's own answer (strconv's "value out of range", seq's limit), never Python's int-conversion limit or
an ``OverflowError`` reported as an internal error."""

from __future__ import annotations

import pytest
from dockersim.cli.gotext import GoError, parse_int, parse_uint
from dockersim.session import Session

HUGE = "9" * 5000  # past Python's 4,300-digit conversion limit


@pytest.mark.parametrize("text", [HUGE, "-" + HUGE, "9" * 41, "18446744073709551616"])
def test_parse_int_says_out_of_range_for_any_length(text: str) -> None:
    with pytest.raises(GoError, match="value out of range"):
        parse_int(text, 10)
    with pytest.raises(GoError, match="value out of range"):
        parse_int(text, 0)


def test_parse_int_keeps_leading_zeros_and_bases() -> None:
    assert parse_int("0" * 5000 + "7", 10) == 7
    assert (parse_int("017"), parse_int("0x1f"), parse_int("0b11"), parse_int("-5", 10)) == (15, 31, 3, -5)
    with pytest.raises(GoError, match="value out of range"):
        parse_uint(HUGE, 10, 16)


@pytest.fixture(scope="module")
def session() -> Session:
    s = Session(seed=1)
    assert s.run(["run", "-d", "--name", "web", "alpine", "sleep", "100"]).exit_code == 0
    return s


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["update", "--restart", f"on-failure:{HUGE}", "web"], "maximum retry count must be an integer"),
        (["run", "--rm", "alpine", "sh", "-c", "seq 99999999999999999999999"], "more than 100000 numbers"),
        (["run", "--rm", "alpine", "sh", "-c", "seq 9223372036854775808"], "more than 100000 numbers"),
        (["run", "--rm", "alpine", "sh", "-c", f"seq 3 | head -n {HUGE}"], "1\n2\n3\n"),
        (["run", "--rm", "alpine", "sh", "-c", f"seq 3 | tail -{HUGE}"], "1\n2\n3\n"),
        (["run", "--rm", "alpine", "sh", "-c", f"echo abc | cut -c 2-{HUGE}"], "bc\n"),
    ],
    ids=["restart-count", "seq-huge", "seq-2^63", "head-n", "tail-n", "cut-range"],
)
def test_huge_numbers_get_a_clear_answer(session: Session, argv: list[str], expected: str) -> None:
    result = session.run(argv)
    text = result.stdout + result.stderr
    assert "internal error" not in text and "Traceback" not in text, text
    assert expected in text, text
