"""``docker compose config`` normalization against golden files.

Each case is a folder with ``compose.yaml`` (and optional ``.env``) and ``expected.yaml``. The project
directory prints as ``$PROJECT`` and the home directory as ``$HOME``. Set ``COMPOSE_UPDATE_GOLDEN=1`` to
rewrite the expected files, then read the diff before committing.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from dockersim.cli.spec import Options
from dockersim.compose import commands
from dockersim.compose.specs import COMPOSE_SPECS
from dockersim.compose.yaml import load
from dockersim.context import CommandContext

GOLDEN = Path(__file__).resolve().parent / "golden"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "advanced.md"
UPDATE = os.environ.get("COMPOSE_UPDATE_GOLDEN") == "1"
CONFIG = next(s for s in COMPOSE_SPECS if s.path == "compose config")
HOME = "/home/reader"


def _docs_case(tmp_path: Path, marker: str, env: str = "") -> Path:
    text = DOCS.read_text(encoding="utf-8")
    body = re.search(r"```yaml\n(.*?)```", text.split(marker, 1)[1], re.S).group(1)  # type: ignore[union-attr]
    root = tmp_path / "my-ecommerce"
    root.mkdir()
    (root / "docker-compose.yml").write_text(body, encoding="utf-8")
    if env:
        (root / ".env").write_text(env, encoding="utf-8")
    return root


def _case_dir(name: str, tmp_path: Path) -> Path:
    if name == "docs-ecommerce":
        return _docs_case(
            tmp_path, "**docker-compose.yml:**", "JWT_SECRET=s\nSTRIPE_KEY=k\nREDIS_PASSWORD=r\nEMAIL_SERVICE=e\n"
        )
    if name == "docs-complete":
        return _docs_case(tmp_path, "**Complete Example with All Major Directives:**")
    target = tmp_path / name
    shutil.copytree(GOLDEN / name, target, ignore=shutil.ignore_patterns("expected.yaml"))
    return target


CASES = ["docs-ecommerce", "docs-complete", *sorted(p.name for p in GOLDEN.iterdir() if (p / "compose.yaml").exists())]


@pytest.mark.parametrize("case", CASES)
def test_config_golden(case: str, tmp_path: Path) -> None:
    """compose config prints the compose-go canonical model, in compose's key order and quoting."""
    root = _case_dir(case, tmp_path)
    ctx = CommandContext(engine=None, cwd=root, env={"HOME": HOME, "PATH": "/usr/bin"})  # type: ignore[arg-type]
    opts = Options.from_spec(CONFIG, {"profile": ["batch"]})
    assert commands.run_config(ctx, opts, []) == 0, ctx.err.getvalue()
    actual = ctx.out.getvalue().replace(str(root), "$PROJECT")
    expected_file = GOLDEN / case / "expected.yaml"
    if UPDATE or not expected_file.exists():
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote missing golden {expected_file}; review it and re-run")
    expected = expected_file.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
    assert actual == expected, diff


@pytest.mark.parametrize("case", CASES)
def test_config_output_reads_back(case: str, tmp_path: Path) -> None:
    """What config prints is YAML the reader loads back to the same model (emitter and reader agree)."""
    root = _case_dir(case, tmp_path)
    ctx = CommandContext(engine=None, cwd=root, env={"HOME": HOME})  # type: ignore[arg-type]
    commands.run_config(ctx, Options.from_spec(CONFIG, {"profile": ["batch"]}), [])
    json_ctx = CommandContext(engine=None, cwd=root, env={"HOME": HOME})  # type: ignore[arg-type]
    commands.run_config(json_ctx, Options.from_spec(CONFIG, {"profile": ["batch"], "format": "json"}), [])
    assert load(ctx.out.getvalue()) == json.loads(json_ctx.out.getvalue())


def test_config_escapes_dollars(tmp_path: Path) -> None:
    """config re-escapes literal dollars ($$) so its output can be loaded again, as compose does."""
    (tmp_path / "compose.yaml").write_text("services:\n  s:\n    image: x\n    command: echo $$HOME\n")
    ctx = CommandContext(engine=None, cwd=tmp_path, env={})  # type: ignore[arg-type]
    commands.run_config(ctx, Options.from_spec(CONFIG), [])
    assert "      - $$HOME\n" in ctx.out.getvalue()
