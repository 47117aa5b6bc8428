"""The page may say how wide its terminal is: ls fits its columns to it (80 when it does not say)."""

from __future__ import annotations

import json
from pathlib import Path

from dockersim import worker


def _handle(kind: str, payload: dict[str, object], request_id: int = 1) -> dict[str, object]:
    return json.loads(worker.handle(json.dumps({"id": request_id, "type": kind, "payload": payload})))


def test_run_with_columns_fits_ls_to_the_terminal(tmp_path: Path) -> None:
    _handle("init", {"workdir": str(tmp_path / "project"), "seed": 1})
    names = [f"file-number-{index:02d}" for index in range(8)]
    _handle("run", {"line": "touch " + " ".join(names)})
    wide = _handle("run", {"line": "ls", "columns": 200})["payload"]
    narrow = _handle("run", {"line": "ls", "columns": 40})["payload"]
    assert wide["stdout"].count("\n") == 1  # type: ignore[index]
    assert narrow["stdout"].count("\n") == 4  # type: ignore[index]
    bad = _handle("run", {"line": "ls", "columns": "wide"})["payload"]
    assert bad["stdout"] == narrow["stdout"]  # type: ignore[index]
