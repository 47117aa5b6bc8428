"""docker build through the real CLI dispatcher and engine: the image shows up in images/history/run."""

from __future__ import annotations

from pathlib import Path

from build_helpers import write_tree
from dockersim.session import Session

FILES = {
    "Dockerfile": (
        'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n'
    ),
    "package.json": '{"name": "app", "version": "1.0.0", "dependencies": {"express": "^4"}}\n',
    "server.js": "require('express')().listen(3000)\n",
}


def test_build_then_images_and_history(tmp_path: Path) -> None:
    """``docker build -t`` registers an image that ``docker images`` and ``docker history`` list."""
    session = Session(seed=5, cwd=write_tree(tmp_path, FILES))
    built = session.run(["build", "-q", "-t", "myapp:1.0", "."])
    assert built.exit_code == 0, built.stderr
    assert built.stdout.startswith("sha256:")
    images = session.run(["images"]).stdout
    assert "myapp" in images and "1.0" in images
    history = session.run(["history", "--no-trunc", "myapp:1.0"]).stdout
    assert "RUN /bin/sh -c npm ci # buildkit" in history
    assert "WORKDIR /app" in history
    again = session.run(["build", "-t", "myapp:1.0", "--explain-cache", "."])
    assert "dockersim cache: [4/5] RUN npm ci: CACHED" in again.stderr
    assert again.data["build"]["steps"][3]["cached"] is True
