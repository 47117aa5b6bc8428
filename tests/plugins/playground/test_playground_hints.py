"""The playground's own hints on a failed line (playground/web/hints.js), run in Node on the simulator's
real output: docker's error stays verbatim, the hint is added apart."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from dockersim.completion import complete
from dockersim.session import Session

ROOT = Path(__file__).resolve().parents[3]
MODULE = ROOT / "playground" / "web" / "hints.js"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def hints(cases: list[dict]) -> list[list[str]]:
    """hintsFor(reply, complete) for each case; `complete` answers from the case's `names` table."""
    script = (
        f"import {{ hintsFor }} from {json.dumps(MODULE.as_uri())};\n"
        "import { readFileSync } from 'node:fs';\n"
        "const cases = JSON.parse(readFileSync(0, 'utf8'));\n"
        "const out = [];\n"
        "for (const { reply, names } of cases) {\n"
        "  out.push(await hintsFor(reply, async (line) => ({ candidates: names[line] ?? [] })));\n"
        "}\n"
        "console.log(JSON.stringify(out));\n"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "--no-warnings", "-e", script],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def case(session: Session, line: str) -> dict:
    result = session.run_line(line)
    assert result.exit_code != 0
    names = {prefix: complete(session, prefix).candidates for prefix in ("docker ", "docker container ")}
    return {"reply": {"chunks": [["stderr", result.stderr]], "exit_code": result.exit_code}, "names": names}


def test_mistyped_commands_get_docker_s_nearest_names(tmp_path: Path) -> None:
    """`docker rnu` and `docker container sotp`: docker's error says nothing more; the hint names run and stop."""
    session = Session(seed=1, cwd=tmp_path)
    found = hints([case(session, "docker rnu"), case(session, "docker container sotp"), case(session, "docker zzzzzz")])
    assert found[0][0].startswith("Did you mean this?\n\tdocker run\n")
    assert found[1][0].startswith("Did you mean this?\n\tdocker container stop")
    assert found[2] == []  # nothing near: no hint


def test_an_example_id_points_to_docker_ps(tmp_path: Path) -> None:
    """An ID from the notes' example output that is not there: a pointer to `docker ps -a` / `docker images`."""
    session = Session(seed=1, cwd=tmp_path)
    found = hints(
        [
            case(session, "docker stop a1b2c3d4e5f6"),
            case(session, "docker rmi 0123456789ab"),
            case(session, "docker stop web"),  # a name, not an ID: docker's message says it all
        ]
    )
    assert len(found[0]) == 1 and "a1b2c3d4e5f6" in found[0][0] and "docker ps -a" in found[0][0]
    assert len(found[1]) == 1 and "docker images" in found[1][0]
    assert found[2] == []
