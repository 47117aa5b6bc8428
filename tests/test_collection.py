"""The suite collects every test folder: no folder under tests/ matches a ``norecursedirs`` pattern."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_folder_is_skipped_by_norecursedirs() -> None:
    """pytest's default patterns once hid tests/dockersim/build (311 tests) from ``make test``."""
    config = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["pytest"]["ini_options"]["norecursedirs"]
    folders = {path.parent for path in TESTS.rglob("test_*.py")}
    hidden = sorted(
        str(folder.relative_to(TESTS))
        for folder in folders
        for part in folder.relative_to(TESTS).parts
        if any(fnmatch.fnmatch(part, pattern) for pattern in patterns)
    )
    assert hidden == []
