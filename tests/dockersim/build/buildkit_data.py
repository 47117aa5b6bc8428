"""BuildKit's own Dockerfile-frontend test data, read in place from ``../shared/conformance/buildkit/``.

The data is never copied into the project. When the folder is absent every data-driven test is
collected as one visible skip (never as zero tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__import__("os").environ.get("BUILDKIT_CONFORMANCE", ROOT.parent / "shared" / "conformance" / "buildkit"))
MISSING = pytest.param(None, marks=pytest.mark.skip(reason=f"BuildKit test data absent: {DATA}"), id="data-absent")


def case_dirs(sub: str) -> list[object]:
    """Each case folder of ``sub`` (``testfiles``, ``testfiles-negative``), or one visible skip."""
    folder = DATA / sub
    if not folder.is_dir():
        return [MISSING]
    return [pytest.param(p, id=p.name) for p in sorted(folder.iterdir()) if (p / "Dockerfile").is_file()]


def data_lines(name: str) -> list[object]:
    """The case lines of ``shell/<name>`` with their line numbers (comments and blanks dropped), or a skip."""
    path = DATA / "shell" / name
    if not path.is_file():
        return [MISSING]
    out: list[object] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            out.append(pytest.param((number, line), id=f"{name}:{number}"))
    return out
