"""The compose command specs: names, handlers and usage lines as the compose plugin declares them."""

from __future__ import annotations

import importlib

import pytest
from dockersim.compose.specs import COMPOSE_SPECS, TOP_LEVEL_FLAGS, usage_line


def test_group_first_with_top_level_flags() -> None:
    """The first spec is the ``compose`` group carrying -f/-p/--project-directory/--env-file/--profile."""
    group = COMPOSE_SPECS[0]
    assert group.path == "compose"
    longs = {f.long: f for f in group.persistent}
    assert longs["file"].short == "f" and longs["file"].type == "stringArray"
    assert longs["project-name"].short == "p"
    for name in ("project-directory", "env-file", "profile"):
        assert name in longs
    assert group.persistent == TOP_LEVEL_FLAGS


@pytest.mark.parametrize("spec", COMPOSE_SPECS[1:], ids=lambda s: s.path)
def test_every_handler_exists(spec: object) -> None:
    """Each subcommand spec names a handler that exists in dockersim.compose.commands."""
    module, _, func = spec.handler.partition(":")  # type: ignore[attr-defined]
    assert callable(getattr(importlib.import_module(module), func))


@pytest.mark.parametrize(
    ("sub", "flag", "short", "default"),
    [
        ("up", "detach", "d", False),
        ("up", "renew-anon-volumes", "V", False),
        ("up", "pull", "", "policy"),
        ("down", "volumes", "v", False),
        ("down", "timeout", "t", 0),
        ("ps", "format", "", "table"),
        ("ps", "quiet", "q", False),
        ("logs", "tail", "n", "all"),
        ("logs", "follow", "f", False),
        ("exec", "no-TTY", "T", True),
        ("exec", "index", "", 0),
        ("config", "format", "", "yaml"),
    ],
)
def test_flag_facts(sub: str, flag: str, short: str, default: object) -> None:
    """Flag shorthands and defaults match the compose v2 plugin."""
    spec = next(s for s in COMPOSE_SPECS if s.path == f"compose {sub}")
    declared = spec.flag(flag)
    assert declared is not None
    assert declared.short == short
    assert declared.zero() == default


def test_usage_lines() -> None:
    """Usage lines read as compose prints them."""
    assert usage_line("up") == "Usage:  docker compose up [OPTIONS] [SERVICE...]"
    assert usage_line("exec") == "Usage:  docker compose exec [OPTIONS] SERVICE COMMAND [ARGS...]"


def test_exec_and_run_stop_parsing_flags_after_service() -> None:
    """exec/run are not interspersed: flags after SERVICE belong to the command."""
    by_path = {s.path: s for s in COMPOSE_SPECS}
    assert not by_path["compose exec"].interspersed
    assert not by_path["compose run"].interspersed
    assert by_path["compose up"].interspersed
