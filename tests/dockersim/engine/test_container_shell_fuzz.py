"""Any script inside a container ends cleanly and leaves a state that loads back (issue 22's property)."""

from __future__ import annotations

import json

from dockersim.engine import Engine
from dockersim.runspec import ContainerSpec
from hypothesis import given, settings
from hypothesis import strategies as st

PIECES = st.sampled_from(
    ["echo", "a", "'q'", '"$HOME"', "|", "&&", "||", ";", "wc", "-l", "cat", "/etc/hosts", ">", "/tmp/f", "<",
     "sleep", "inf", "1e308", "for", "x", "in", "do", "done", "if", "then", "fi", "while", "false", "$(", ")",
     "*", "/tmp/*", "exit", "2>&1", "ping", "curl", "apk", "add", "id", "-u", "\n", "$?", "{", "}", "!", "sh", "-c"]
)  # fmt: skip


def _box() -> tuple[Engine, object]:
    engine = Engine(seed=11)
    c = engine.create_container(ContainerSpec(image="alpine", name="box", command=["sleep", "1000"]))
    engine.start_container(c)
    return engine, c


ENGINE, BOX = _box()


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=30).map(" ".join)))
def test_any_script_in_a_container_ends_and_the_state_loads_back(script: str) -> None:
    """No exception escapes, the status is a byte, and the engine's JSON is strict and loads again."""
    result = ENGINE.open_shell(BOX).run(script)  # type: ignore[arg-type]
    assert isinstance(result.exit_code, int) and 0 <= result.exit_code <= 255
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    text = json.dumps(ENGINE.to_dict(), allow_nan=False)
    Engine.from_dict(json.loads(text))


def test_the_round_trip_check_can_fail() -> None:
    """The check refuses what a browser's JSON.parse cannot read, so the property above can fail."""
    import pytest

    with pytest.raises(ValueError):
        json.dumps({"ends_at": float("inf")}, allow_nan=False)
