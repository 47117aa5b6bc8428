"""Hostile compose files: a section of the wrong type, keys that YAML reads as numbers, integers of thousands
of digits. Each ends in compose's own validation message, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.compose.yaml import resolve_plain
from dockersim.session import Session

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("services: [1, 2]\n", "services must be a mapping"),
        ("services: 5\nnetworks: {}\n", "services must be a mapping"),
        ("1: x\nservices: {a: {image: alpine}}\n", "additional properties '1' not allowed"),
        (f"services:\n  a:\n    image: alpine\n    ports: ['{HUGE}:80']\n", "Port: 999"),
    ],
    ids=["services-list", "services-int", "int-top-key", "huge-port"],
)
def test_hostile_compose_files_get_compose_messages(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "compose.yaml").write_text(text)
    result = Session(seed=1, cwd=tmp_path).run(["compose", "config"])
    output = result.stdout + result.stderr
    assert "internal error" not in output and "unknown problem" not in output, output
    assert result.exit_code != 0 and expected in output, output


def test_out_of_range_numbers_stay_strings_as_in_go_yaml() -> None:
    """go-yaml v3 keeps a plain scalar as a string when ParseInt and ParseFloat both fail with a range error."""
    assert resolve_plain(HUGE) == HUGE
    assert resolve_plain("1e400") == "1e400"
    assert resolve_plain("18446744073709551615") == 18446744073709551615
    assert resolve_plain("0" * 5000 + "5") == 5


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("text", "argv", "expected"),
    [
        (
            "services:\n  a:\n    image: alpine\n    deploy:\n      replicas: 1000000000\n",
            ["compose", "up", "-d"],
            "1000000000 more containers would pass the simulated engine's limit of 10000",
        ),
        (
            "services:\n  a:\n    image: alpine\n",
            ["compose", "up", "-d", "--scale", "a=99999999999999999999"],
            'strconv.Atoi: parsing "99999999999999999999": value out of range',
        ),
    ],
    ids=["replicas", "scale-out-of-range"],
)
def test_replicas_past_the_engine_limit_end_at_once(tmp_path: Path, text: str, argv: list[str], expected: str) -> None:
    """Compose created containers one by one up to the engine's 10,000 before it failed (minutes, then a
    state of 10,000 containers); it now asks for room first."""
    (tmp_path / "compose.yaml").write_text(text)
    session = Session(seed=1, cwd=tmp_path)
    result = session.run(argv)
    assert result.exit_code != 0 and expected in result.stderr, result.stderr
    assert not session.engine.containers
