"""Hostile ``--format`` templates: Go 1.22's ``range`` over an integer, nested to 10^10 turns or printing a
billion lines. Each ends in a Go-shaped execution error at the simulator's bound, never a MemoryError (the
turns were made into a list first) or minutes of work."""

from __future__ import annotations

import pytest
from dockersim.context import MAX_OUTPUT_CHARS
from dockersim.formatting.template import MAX_STEPS, Template, TemplateError
from dockersim.session import Session


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("{{range 1000000000}}x{{end}}", f"stops a template after {MAX_STEPS:,} steps"),
        ("{{range 1000000000}}{{end}}", f"stops a template after {MAX_STEPS:,} steps"),
        ("{{range 100000}}{{range 100000}}{{end}}{{end}}", f"stops a template after {MAX_STEPS:,} steps"),
        ('{{range 1000}}{{printf "%5000d" 1}}{{end}}', f"prints at most {MAX_OUTPUT_CHARS:,} characters"),
    ],
    ids=["billion-lines", "empty-body", "nested", "wide-output"],
)
def test_templates_that_would_run_without_end_stop_at_the_bound(text: str, bound: str) -> None:
    with pytest.raises(TemplateError, match='executing "" at <') as caught:
        Template(text).execute({})
    assert bound in caught.value.message


def test_range_over_an_integer_still_counts_as_go_does() -> None:
    assert Template("{{range 3}}{{.}}{{end}}").execute({}) == "012"
    assert Template("{{range $i, $e := 2}}{{$i}}{{$e}} {{end}}").execute({}) == "00 11 "
    assert Template("{{range -1}}a{{else}}b{{end}}").execute({}) == "b"


@pytest.mark.timeout(60)
def test_a_hostile_format_leaves_the_engine_usable() -> None:
    session = Session(seed=1)
    session.run(["run", "-d", "--name", "web", "alpine", "sleep", "1000"])
    result = session.run(["ps", "--format", "{{range 1000000000}}{{.}}{{end}}"])
    assert result.exit_code != 0 and "internal error" not in result.stderr, result.stderr
    assert session.run(["ps", "--format", "{{.Names}}"]).stdout == "web\n"
