"""The terminal tells docker's progress on stderr from its errors (playground/web/output-kinds.js).

The texts are the simulator's own stderr for a pull, a build, a Compose start and two failures, run
through the module in Node.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from dockersim.session import Session

ROOT = Path(__file__).resolve().parents[3]
MODULE = ROOT / "playground" / "web" / "output-kinds.js"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def split(texts: list[str]) -> list[list[list[str]]]:
    """Each text → splitStderr's runs, computed by the real module in Node."""
    script = (
        f"import {{ splitStderr }} from {json.dumps(MODULE.as_uri())};\n"
        "import { readFileSync } from 'node:fs';\n"
        "const texts = JSON.parse(readFileSync(0, 'utf8'));\n"
        "console.log(JSON.stringify(texts.map((text) => splitStderr(text))));\n"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "--no-warnings", "-e", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def stderr_of(session: Session, line: str) -> tuple[str, int]:
    result = session.run_line(line)
    return result.stderr, result.exit_code


def test_progress_is_never_an_error_and_errors_stay_errors(tmp_path: Path) -> None:
    """A pull, a build, a Compose start and docker cp's report are all progress; a failed build or pull ends in
    an error run."""
    (tmp_path / "Dockerfile").write_text("FROM alpine\nRUN echo hi\n", encoding="utf-8")
    (tmp_path / "Dockerfile.bad").write_text("FROM alpine\nCOPY missing.txt /\n", encoding="utf-8")
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    session = Session(seed=1, cwd=tmp_path)
    lines = (
        "docker run -d --name db redis",
        "docker build -t app .",
        "docker compose up -d",
        "docker cp Dockerfile db:/tmp/",
    )
    good = [stderr_of(session, line) for line in lines]
    bad_build = stderr_of(session, "docker build -f Dockerfile.bad .")
    bad_pull = stderr_of(session, "docker run nosuchuser/nosuchimage")
    runs = split([text for text, _ in good] + [bad_build[0], bad_pull[0]])
    for (text, code), result in zip(good, runs[:4], strict=True):
        assert code == 0 and text.strip(), text
        assert [kind for kind, _ in result] == ["progress"]
    for (text, code), result in zip([bad_build, bad_pull], runs[4:], strict=True):
        assert code != 0
        assert [kind for kind, _ in result] == ["progress", "err"]
        assert "".join(part for _, part in result) == text
    assert runs[4][1][1].startswith(" => ERROR [2/2] COPY missing.txt /")
    assert runs[5][1][1].startswith("docker: Error response from daemon: pull access denied")
