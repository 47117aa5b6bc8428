"""Every docker-compose command line of the notes runs on the notes' e-commerce stack without an internal error."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from dockersim.context import CommandContext

cli = pytest.importorskip("dockersim.cli")
engine_module = pytest.importorskip("dockersim.engine.engine")

DOCS = Path(__file__).resolve().parents[3] / "docs"
DOCKERFILE = 'FROM node:20-alpine AS production\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n'
#: The notes' Node app (server.js, worker.js, package.json): node runs what the files say.
NODE_APP = DOCS / "contexts" / "node-app"
DOTENV = "JWT_SECRET=s\nSTRIPE_KEY=k\nREDIS_PASSWORD=redis-secret\nEMAIL_SERVICE=smtp://x\n"


def notes_compose_lines() -> list[str]:
    """``docker-compose …`` / ``docker compose …`` lines of the notes' bash blocks, in order."""
    lines: list[str] = []
    for page in sorted(DOCS.glob("*.md")):
        for block in re.findall(r"```bash[^\n]*\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                line = line.strip()
                if line.startswith(("docker-compose ", "docker compose ")):
                    lines.append(line)
    return lines


LINES = notes_compose_lines()


def test_notes_have_compose_commands() -> None:
    """The scan finds the notes' compose commands."""
    assert len(LINES) >= 15


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notes' my-ecommerce project laid out with its .env and Dockerfiles."""
    tmp_path = tmp_path_factory.mktemp("notes")
    root = tmp_path / "my-ecommerce"
    for sub in ("frontend", "backend", "nginx", "init-scripts"):
        (root / sub).mkdir(parents=True)
    text = (DOCS / "advanced.md").read_text(encoding="utf-8").split("**docker-compose.yml:**", 1)[1]
    (root / "docker-compose.yml").write_text(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))  # type: ignore[union-attr]
    (root / ".env").write_text(DOTENV)
    # The notes' nginx.conf: a missing one would be a directory docker creates, which runc cannot mount on a file.
    (root / "nginx" / "nginx.conf").write_text("events {}\nhttp {}\n")
    for sub in ("frontend", "backend"):
        (root / sub / "Dockerfile").write_text(DOCKERFILE)
        for name in ("server.js", "worker.js", "package.json"):
            (root / sub / name).write_text((NODE_APP / name).read_text(encoding="utf-8"))
    return root


@pytest.mark.parametrize("line", LINES)
def test_notes_command_runs_on_running_stack(stack: Path, line: str) -> None:
    """On a stack brought up with 'up -d', each command of the notes exits 0 without an internal error or a
    'not modelled' answer."""
    engine = engine_module.Engine(seed=1)

    def run(prog: str, argv: list[str]) -> tuple[int, str]:
        ctx = CommandContext(engine=engine, cwd=stack, env={"HOME": "/root"})
        code = cli.run_cli(argv, ctx, prog=prog)
        return code, ctx.out.getvalue() + ctx.err.getvalue()

    code, output = run("docker", ["compose", "up", "-d"])
    assert code == 0, output
    words = shlex.split(line, comments=True)
    prog, argv = ("docker-compose", words[1:]) if words[0] == "docker-compose" else ("docker", words[1:])
    code, output = run(prog, argv)
    assert "internal error" not in output, output
    assert "not modelled" not in output, output
    if "service" in argv:  # the summary's placeholder ('exec service sh'): compose's own answer
        assert code == 1 and output.endswith("no such service: service\n"), output
        return
    assert code == 0, output
