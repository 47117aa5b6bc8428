"""Parser golden cases: each folder under cases/ holds a Dockerfile and its expected dump or error.

Set ``DOCKERSIM_UPDATE_GOLDEN=1`` to (re)write the expected files; read the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from dockersim.build.instructions import dump, parse_dockerfile
from dockersim.build.parser import DockerfileError

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("DOCKERSIM_UPDATE_GOLDEN") == "1"
POSITIVE = sorted(p for p in CASES.iterdir() if p.is_dir() and p.name != "negative")
NEGATIVE = sorted(p for p in (CASES / "negative").iterdir() if p.is_dir())


def _text(folder: Path) -> str:
    return (folder / "Dockerfile").read_bytes().decode("utf-8")


@pytest.mark.parametrize("folder", POSITIVE, ids=lambda p: p.name)
def test_case_dump(folder: Path) -> None:
    """The nodes and stages BuildKit's parser would produce for each positive case stay as recorded."""
    got = json.dumps(dump(parse_dockerfile(_text(folder))), indent=2, ensure_ascii=False) + "\n"
    expected = folder / "expected.json"
    if UPDATE or not expected.exists():
        if not UPDATE:
            pytest.fail(f"{expected} missing; run with DOCKERSIM_UPDATE_GOLDEN=1")
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", NEGATIVE, ids=lambda p: p.name)
def test_case_error(folder: Path) -> None:
    """Each negative case fails with BuildKit's wording and line number, never with a Python exception."""
    with pytest.raises(DockerfileError) as info:
        parse_dockerfile(_text(folder))
    got = str(info.value) + "\n"
    expected = folder / "expected-error.txt"
    if UPDATE:
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")
