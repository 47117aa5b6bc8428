"""``COPY --from=<stage>``: a path the stage never created fails as BuildKit fails it; paths it has copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dockersim.build.command import build_files
from dockersim.build.stagefs import StageFiles
from dockersim.context import CommandContext
from dockersim.engine.engine import Engine

NOT_FOUND = re.compile(
    r"^ERROR: failed to build: failed to solve: failed to compute cache key: failed to calculate checksum of ref "
    r'[0-9a-f]{25}::[0-9a-f]{25}: "(?P<path>[^"]+)": not found$',
    re.M,
)


def _build(files: dict[str, str]) -> tuple[int, str]:
    ctx = CommandContext(engine=Engine(seed=1), cwd=Path("/tmp"))
    code = build_files(ctx, files)
    return code, ctx.err.getvalue()


@pytest.mark.parametrize(
    ("dockerfile", "missing"),
    [
        (
            "FROM node:20-alpine AS build\nWORKDIR /app\nRUN echo hi\nFROM nginx:alpine\n"
            "COPY --from=build /app/dist /usr/share/nginx/html\n",
            "/app/dist",
        ),
        ("FROM scratch AS a\nFROM alpine:3.19\nCOPY --from=a /etc/passwd /p\n", "/etc/passwd"),
        ("FROM alpine:3.19 AS a\nRUN mkdir /out\nFROM alpine:3.19\nCOPY --from=a /out/app /app\n", "/out/app"),
    ],
)
def test_missing_stage_path_fails(dockerfile: str, missing: str) -> None:
    """BuildKit's cache-key error names the missing path; the build exits 1."""
    code, err = _build({"Dockerfile": dockerfile})
    match = NOT_FOUND.search(err)
    assert code == 1 and match is not None and match.group("path") == missing


@pytest.mark.parametrize(
    "files",
    [
        {
            "Dockerfile": "FROM alpine:3.19 AS build\nRUN mkdir -p /out && echo hi > /out/x.txt\nFROM alpine:3.19\n"
            "COPY --from=build /out/x.txt /x\nCOPY --from=build /etc/passwd /p\n",
        },
        {
            "Dockerfile": "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY package.json .\nRUN npm run build\n"
            "FROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
            "package.json": '{"name": "x", "scripts": {"build": "vite build"}}',
        },
        {
            "Dockerfile": "FROM alpine:3.19 AS a\nWORKDIR /srv/data\nCOPY app.txt .\nFROM a AS b\nFROM alpine:3.19\n"
            "COPY --from=b /srv/data/app.txt /app.txt\nCOPY --from=a /srv/data /data\n",
            "app.txt": "x",
        },
    ],
)
def test_present_stage_path_copies(files: dict[str, str]) -> None:
    """Paths placed by COPY, named by RUN, made by WORKDIR or part of an image base copy fine."""
    code, err = _build(files)
    assert code == 0, err


def test_stage_files_model() -> None:
    """Exact paths imply their parents; trees cover everything below; wildcards match known paths."""
    known = StageFiles()
    known.add("/app/dist/index.html")
    known.add_tree("/usr")
    assert known.has("/app") and known.has("/app/dist/") and known.has("/usr/local/bin/node")
    assert known.has("/app/dist/*.html") and not known.has("/app/build")
    scripted = StageFiles()
    scripted.from_script("go build -o bin/app ./cmd && cp x.conf /etc/x.conf", "/src")
    assert scripted.has("/src/bin/app") and scripted.has("/etc/x.conf") and not scripted.has("/srv")
