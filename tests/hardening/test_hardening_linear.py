"""Per-line features are linear in the line's length and capped: Explain and completion of a pasted
1.9 MB line answer at once (bounded work, counted here; timings belong in ``make bench``)."""

from __future__ import annotations

import shlex

import pytest
from dockersim.cli import explain as explain_module
from dockersim.cli.explain import MAX_EXPLAIN_CHARS, MAX_PARTS, explain, split_words
from dockersim.completion import MAX_COMPLETE_CHARS, complete
from dockersim.session import Session
from hypothesis import given, settings
from hypothesis import strategies as st

HUGE = ["docker run " + "a" * 1_900_000, "docker run " + "-e A=1 " * 270_000, "echo a | " * 210_000 + "docker ps -"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "é", " ", "\t", "\n", "'", '"', "\\", "$"]), max_size=30))
def test_split_words_is_shlex(line: str) -> None:
    """The linear splitter gives shlex.split's words, or its error message."""
    try:
        expected: object = shlex.split(line)
    except ValueError as error:
        expected = str(error)
    try:
        found: object = split_words(line)
    except ValueError as error:
        found = str(error)
    assert found == expected


@pytest.mark.parametrize("line", HUGE, ids=["one-word", "many-words", "pipes"])
def test_explain_refuses_huge_lines_without_reading_them(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the cap: one error at once; the line is never split (so the cost cannot depend on its shape)."""
    monkeypatch.setattr(explain_module, "split_words", lambda _: pytest.fail("a huge line was split"))
    data = explain(line)
    assert data["ok"] is False and "too long to explain" in data["error"]["stderr"]
    assert len(data["line"]) <= 200


def test_explain_lists_at_most_max_parts() -> None:
    """A line at the cap with thousands of flags lists MAX_PARTS of them and counts the rest."""
    line = "docker run -" + "i" * (MAX_EXPLAIN_CHARS - 30) + " nginx"
    data = explain(line)
    assert len(data["parts"]) == MAX_PARTS and data["more"] > 0


@pytest.mark.parametrize("line", HUGE, ids=["one-word", "many-words", "pipes"])
def test_completion_caps_the_command_it_reads(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Completion reads only the command under the cursor, and none longer than its cap."""
    session = Session(seed=1)
    monkeypatch.setattr(session, "run", lambda *_a, **_k: pytest.fail("object names listed for a huge line"))
    found = complete(session, line, len(line))
    assert isinstance(found.candidates, list)
    assert MAX_COMPLETE_CHARS < 100_000
