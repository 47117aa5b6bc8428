"""Helpers for the handler tests: a seeded Session, a transcript recorder and golden files."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from dockersim.context import CommandResult
from dockersim.session import Session

GOLDEN = Path(__file__).parent / "golden"
#: Set to 1 to rewrite golden files; read the diff before committing them.
UPDATE_ENV = "DOCKERSIM_UPDATE_GOLDEN"


class Docker:
    """Runs ``docker …`` lines on one seeded session and keeps a transcript."""

    def __init__(self, seed: int = 1) -> None:
        self.session = Session(seed=seed, cwd="/work", env={"HOME": "/root"})
        self.engine = self.session.engine
        self.transcript: list[str] = []

    def __call__(self, line: str, stdin: str = "") -> CommandResult:
        result = self.session.run_line(line if line.startswith("docker") else "docker " + line, stdin)
        self.transcript.append(f"$ {line}\n{result.stdout}")
        if result.stderr:
            self.transcript.append("[stderr]\n" + result.stderr)
        self.transcript.append(f"[exit {result.exit_code}]\n")
        return result

    def ok(self, line: str, stdin: str = "") -> CommandResult:
        """Run and assert exit 0."""
        result = self(line, stdin)
        assert result.exit_code == 0, f"{line}: {result.stderr}"
        return result

    def text(self) -> str:
        """The whole transcript."""
        return "".join(self.transcript)


def check_golden(name: str, actual: str) -> None:
    """Compare with ``golden/<name>``; with DOCKERSIM_UPDATE_GOLDEN=1 write it instead."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with {UPDATE_ENV}=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "actual"))
        raise AssertionError(f"{name} differs from its golden file:\n{diff}")
