"""Scaling under CPython: cost per command over a long session, cost per Dockerfile instruction."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from bench.report import Figure, median

#: A realistic cycle of the notes' commands that leaves the engine as it found it.
CYCLE = [
    "docker run -d --name web-{n} -p {port}:80 nginx",
    "docker ps",
    "docker logs web-{n}",
    "docker exec web-{n} whoami",
    "docker stop web-{n}",
    "docker ps -a --filter status=exited",
    "docker rm web-{n}",
    "docker volume create data-{n}",
    "docker volume rm data-{n}",
    "docker images",
]
RUNS = 5


def _session_seconds(commands: int) -> float:
    """Seconds for ``commands`` requests through the worker entry point (the browser's path)."""
    from dockersim import worker

    with tempfile.TemporaryDirectory() as folder:
        worker.handle(json.dumps({"id": 0, "type": "init", "payload": {"workdir": folder, "seed": 1}}))
        worker.handle(json.dumps({"id": 0, "type": "run", "payload": {"line": "docker pull nginx"}}))
        started = time.perf_counter()
        for index in range(commands):
            template = CYCLE[index % len(CYCLE)]
            cycle = index // len(CYCLE)
            line = template.format(n=cycle, port=20000 + cycle % 20000)
            worker.handle(json.dumps({"id": index, "type": "run", "payload": {"line": line}}))
        return time.perf_counter() - started


def dockerfile(instructions: int) -> str:
    """A generated Dockerfile of ``instructions`` instructions in the notes' style."""
    lines = ["FROM node:18-alpine", "WORKDIR /app"]
    kinds = ["ENV VAR_{i}=value-{i}", "RUN echo step {i} > /tmp/step-{i}", "COPY file-{f}.txt /app/", "LABEL k{i}=v{i}"]
    index = 0
    while len(lines) < instructions - 1:
        lines.append(kinds[index % len(kinds)].format(i=index, f=index % 10))
        index += 1
    lines.append('CMD ["node", "server.js"]')
    return "\n".join(lines) + "\n"


def _build_seconds(instructions: int) -> float:
    from dockersim.session import Session

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "Dockerfile").write_text(dockerfile(instructions), encoding="utf-8")
        for number in range(10):
            (root / f"file-{number}.txt").write_text(f"content {number}\n", encoding="utf-8")
        session = Session(seed=1, cwd=root)
        session.run(["pull", "node:18-alpine"])
        started = time.perf_counter()
        result = session.run(["build", "-t", "big", "."])
        elapsed = time.perf_counter() - started
        if result.exit_code != 0:
            raise RuntimeError(f"the generated Dockerfile did not build: {result.stderr[-500:]}")
        return elapsed


def measure(runs: int = RUNS) -> list[Figure]:
    """Per-command and per-instruction costs at 10× the size, against the small size in the same run."""
    small_cmd = [_session_seconds(1_000) / 1_000 * 1e3 for _ in range(runs)]
    large_cmd = [_session_seconds(10_000) / 10_000 * 1e3 for _ in range(runs)]
    small_build = [_build_seconds(100) / 100 * 1e3 for _ in range(runs)]
    large_build = [_build_seconds(1_000) / 1_000 * 1e3 for _ in range(runs)]
    return [
        Figure("cost per command, 10,000-command session", "ms", median(large_cmd), median(small_cmd),
               "1,000-command session", 1.3, large_cmd, small_cmd),
        Figure("cost per instruction, 1,000-instruction build", "ms", median(large_build), median(small_build),
               "100-instruction build", 1.3, large_build, small_build),
    ]
