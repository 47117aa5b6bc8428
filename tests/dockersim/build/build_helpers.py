"""Shared helpers for the build tests: an engine, contexts on disk, builds, and the notes' Dockerfiles."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dockersim.build.command import run_build
from dockersim.cli import Options, find_spec
from dockersim.context import CommandContext
from dockersim.engine.engine import Engine

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"


@dataclass
class Block:
    """A ```dockerfile block of the notes."""

    page: str
    line: int
    text: str

    @property
    def id(self) -> str:
        """``page.md:line``."""
        return f"{self.page}:{self.line}"


def doc_blocks() -> list[Block]:
    """Every ```dockerfile fenced block of docs/*.md (simple fence scan)."""
    blocks: list[Block] = []
    for page in sorted(DOCS.glob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            if lines[i].strip().startswith("```dockerfile"):
                j = i + 1
                while j < len(lines) and not lines[j].strip().startswith("```"):
                    j += 1
                blocks.append(Block(page.name, i + 1, "\n".join(lines[i + 1 : j]) + "\n"))
                i = j
            i += 1
    return blocks


def doc_block(page: str, first_line_contains: str, index: int = 0) -> str:
    """The text of a notes block selected by page and a snippet it contains."""
    found = [b for b in doc_blocks() if b.page == page and first_line_contains in b.text]
    return found[index].text


PACKAGE_JSON = {
    "name": "app",
    "version": "1.0.0",
    "scripts": {"start": "node server.js", "build": "tsc -p .", "dev": "nodemon server.js"},
    "dependencies": {"express": "^4.18.2", "dotenv": "^16.0.0"},
    "devDependencies": {"typescript": "^5.0.0", "nodemon": "^3.0.0", "jest": "^29.0.0"},
}


def standard_files(dockerfile: str) -> dict[str, str]:
    """A context that supplies what the notes' Dockerfiles COPY (package.json, requirements.txt, go.mod, …)."""
    package = dict(PACKAGE_JSON)
    if "nginx" in dockerfile and "/app/build" in dockerfile:
        package = {**package, "dependencies": {"react": "^18", "react-dom": "^18", "react-scripts": "5.0.1"},
                   "scripts": {"build": "react-scripts build"}}  # fmt: skip
    return {
        "Dockerfile": dockerfile,
        "package.json": json.dumps(package, indent=2) + "\n",
        "package-lock.json": '{"lockfileVersion": 3}\n',
        "server.js": "require('express')().listen(3000)\n",
        "index.js": "console.log('hello')\n",
        "src/app.js": "module.exports = () => 'v1'\n",
        "src/main/java/App.java": "class App {}\n",
        "requirements.txt": "flask==3.0.0\ngunicorn==21.2.0\npsycopg2-binary==2.9.9\n",
        "app.py": "print('hi')\n",
        "go.mod": "module example.com/app\n\ngo 1.21\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n)\n",
        "go.sum": "github.com/gin-gonic/gin v1.9.1 h1:abc=\n",
        "main.go": "package main\nfunc main() {}\n",
        "pom.xml": "<project><dependencies>" + "<dependency></dependency>" * 4 + "</dependencies></project>\n",
        "nginx.conf": "server { listen 80; }\n",
        "build/index.html": "<html></html>\n",
        "docker-entrypoint.sh": '#!/bin/sh\nexec "$@"\n',
        "README.md": "# app\n",
        ".dockerignore": "node_modules\n.git\n*.log\n",
    }


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def new_engine() -> Engine:
    """A deterministic engine."""
    return Engine(seed=7)


def build(engine: Engine, root: Path, *, args: list[str] | None = None, **opts: Any) -> tuple[int, CommandContext]:
    """Run ``docker build`` on ``root`` with ``opts`` (flag long names, dashes as underscores)."""
    ctx = CommandContext(engine=engine, cwd=root)
    values = {"progress": "plain", **{k.replace("_", "-"): v for k, v in opts.items()}}
    code = run_build(ctx, build_options(values), args or ["."])
    return code, ctx


def build_options(values: dict[str, Any]) -> Options:
    """``docker build``'s typed options with docker's defaults and ``values`` (flag long names) set."""
    spec = find_spec("image build")
    assert spec is not None
    return Options.from_spec(spec, values)


def steps(ctx: CommandContext) -> list[dict[str, Any]]:
    """The structured steps of the last build."""
    return list(ctx.data["build"]["steps"])


def step(ctx: CommandContext, text: str, stage: str | None = None) -> dict[str, Any]:
    """The step whose instruction starts with ``text`` (optionally in ``stage``)."""
    for item in steps(ctx):
        if item["instruction"].startswith(text) and (stage is None or item["stage"] == stage):
            return item
    raise AssertionError(f"no step {text!r} in {[s['instruction'] for s in steps(ctx)]}")


def cached(ctx: CommandContext) -> dict[str, bool]:
    """Instruction → cached (FROM steps left out)."""
    return {s["instruction"]: s["cached"] for s in steps(ctx) if s["kind"] != "from"}


def strip_inline_comments(text: str) -> str:
    """Drop ``  # …`` after instructions (what a reader fixing the notes would do)."""
    return "\n".join(re.sub(r"\s+#\s.*$", "", line) if not line.lstrip().startswith("#") else line
                     for line in text.splitlines()) + "\n"  # fmt: skip
