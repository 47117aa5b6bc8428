"""Fuzz accounting: how many generated inputs each parsing surface saw in this test run.

Hypothesis examples are counted by wrapping each ``@given`` test's ``hypothesis.inner_test`` (the hook
Hypothesis documents for plugins); the surface comes from the test's folder. Tests that feed hand-made
hostile inputs (huge lines, NUL bytes, YAML bombs, the share-link decoder in the browser) call
:func:`record`. ``pytest_terminal_summary`` prints one line, e.g. ``fuzz: cli 1200 cases, shell 500, …``.
Loaded from ``tests/conftest.py`` through ``pytest_plugins``. Under pytest-xdist each worker hands its counts to
the controller when it finishes (``workeroutput``), and the controller prints their sum.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

import pytest

COUNTS: Counter[str] = Counter()

# Test folder (or file) → surface; the first match wins, so files come before their folders.
SURFACES = [
    ("tests/dockersim/engine/test_engine_state.py", "state"),
    ("tests/dockersim/worker/", "state"),
    ("tests/dockersim/cli/", "cli"),
    ("tests/dockersim/shell/", "shell"),
    ("tests/dockersim/build/test_build_shell_ignore.py", "dockerignore"),
    ("tests/dockersim/build/", "dockerfile"),
    ("tests/dockersim/compose/test_compose_yaml_fuzz.py", "compose-yaml"),
    ("tests/dockersim/compose/", "compose"),
]


def record(surface: str, cases: int = 1) -> None:
    """Count ``cases`` inputs tried against ``surface``."""
    COUNTS[surface] += cases


def surface_of(nodeid: str) -> str | None:
    """The surface a test belongs to, from its path."""
    for prefix, surface in SURFACES:
        if nodeid.startswith(prefix):
            return surface
    return None


def _counting(inner: Any, surface: str) -> Any:
    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        COUNTS[surface] += 1
        return inner(*args, **kwargs)

    return wrapper


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """Wrap a Hypothesis test's inner function so every example it runs is counted."""
    function = getattr(item, "obj", None)
    handle = getattr(function, "hypothesis", None)
    surface = surface_of(item.nodeid)
    if handle is None or surface is None or getattr(handle.inner_test, "_fuzz_counted", False):
        return
    handle.inner_test = _counting(handle.inner_test, surface)
    handle.inner_test._fuzz_counted = True


def pytest_sessionfinish(session: pytest.Session) -> None:
    """xdist worker: hand this worker's counts to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["fuzz_counts"] = dict(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist controller: add a finished worker's counts."""
    COUNTS.update(getattr(node, "workeroutput", {}).get("fuzz_counts", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the per-surface counts (nothing when no fuzzing ran)."""
    if not COUNTS:
        return
    parts = [f"{surface} {count}" for surface, count in sorted(COUNTS.items(), key=lambda kv: (-kv[1], kv[0]))]
    parts[0] += " cases"
    terminalreporter.write_line("fuzz: " + ", ".join(parts))
