"""`node SCRIPT` behaves from what the script is in the container's files, never a stock "listening" line."""

from __future__ import annotations

from pathlib import Path

from dockersim.lessons import Lesson, record

EXPRESS = (
    'const express = require("express");\nconst app = express();\nconst port = process.env.PORT || 3000;\n'
    'app.get("/", (req, res) => res.send("hi"));\n'
    "app.listen(port, () => console.log(`Server listening on port ${port}`));\n"
)
PACKAGE = '{"name": "a", "version": "1.0.0", "dependencies": {"express": "^4.18.2"}}'
BUILT = 'FROM node:18-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n'


def _answers(key: str, files: dict[str, str], *lines: str) -> list[dict]:
    return record(Lesson.from_json({"key": f"node-{key}", "files": files, "lines": list(lines)}))["answers"]


def test_a_missing_script_is_nodes_error_and_exit_1() -> None:
    answers = _answers("missing", {}, "docker run --name nx node:18-alpine node /app/x.js", "docker ps -a")
    assert answers[0]["exit_code"] == 1
    assert "Error: Cannot find module '/app/x.js'" in answers[0]["stderr"]
    assert "requireStack: []" in answers[0]["stderr"] and "Node.js v18.20.5" in answers[0]["stderr"]
    assert "listening" not in answers[0]["stdout"] + answers[0]["stderr"]
    assert "Exited (1)" in answers[1]["stdout"]


def test_a_script_that_only_logs_prints_its_lines_and_exits() -> None:
    files = {"app.js": 'console.log("hello from node");\nconsole.log(`two`);\n'}
    answers = _answers("logs", files, "docker run --rm -v $(pwd):/app -w /app node:20 node app.js")
    assert answers[0]["exit_code"] == 0
    assert answers[0]["stdout"] == "hello from node\ntwo\n"


def test_express_without_node_modules_cannot_find_express() -> None:
    files = {"server.js": EXPRESS, "package.json": PACKAGE, "Dockerfile": BUILT.replace("RUN npm install\n", "")}
    answers = _answers("noinstall", files, "docker build -q -t app .", "docker run app")
    assert answers[1]["exit_code"] == 1
    assert "Error: Cannot find module 'express'\nRequire stack:\n- /app/server.js" in answers[1]["stderr"]
    assert "at Object.<anonymous> (/app/server.js:1:17)" in answers[1]["stderr"]


def test_an_installed_express_server_prints_its_own_line_with_its_port_and_keeps_running() -> None:
    files = {"server.js": EXPRESS.replace("Server listening", "Ready"), "package.json": PACKAGE, "Dockerfile": BUILT}
    answers = _answers(
        "server", files, "docker build -q -t app .", "docker run -d --name srv -e PORT=4000 app", "docker logs srv",
        "docker ps --format '{{.Status}}'",
    )  # fmt: skip
    assert answers[2]["stdout"] == "Ready on port 4000\n"
    assert answers[3]["stdout"].startswith("Up")


def test_an_unmodelled_script_says_so_instead_of_inventing_output() -> None:
    files = {"job.js": "setInterval(() => console.log('tick'), 1000);\n"}
    answers = _answers("unknown", files, "docker run --rm -v $(pwd):/app -w /app node:18 node job.js")
    assert answers[0]["exit_code"] == 1
    assert "dockersim: 'node job.js' is not modelled by the simulator" in answers[0]["stderr"]
    assert "tick" not in answers[0]["stdout"]


def test_exec_node_runs_the_script_inside_a_running_container() -> None:
    files = {"hi.js": "console.log('hi ' + process.env.WHO);\n"}
    answers = _answers(
        "exec", files, "docker run -d --name box -e WHO=you -v $(pwd):/w node:18 sleep infinity",
        "docker exec -w /w box node hi.js", "docker exec box node /nope.js",
    )  # fmt: skip
    assert answers[1]["stdout"] == "hi you\n"
    assert answers[2]["exit_code"] == 1 and "Cannot find module '/nope.js'" in answers[2]["stderr"]


def test_tsc_output_copied_from_a_build_stage_is_run() -> None:
    files = {
        "src/server.ts": 'import express from "express";\nconst app = express();\n'
        "const port = Number(process.env.PORT ?? 3000);\n"
        "app.listen(port, () => console.log(`Server listening on port ${port}`));\n",
        "tsconfig.json": '{"compilerOptions": {"module": "commonjs", "outDir": "dist", "rootDir": "src"}}',
        "package.json": PACKAGE.replace("}}", '}, "scripts": {"build": "tsc"}}'),
        "Dockerfile": "FROM node:18 AS b\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n"
        "FROM node:18-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --only=production\n"
        'COPY --from=b /app/dist ./dist\nCMD ["node", "dist/server.js"]\n',
    }
    answers = _answers(
        "tsc", files, "docker build -q -t ts .", "docker run -d --name tt ts", "docker logs tt",
        "docker exec tt head -2 dist/server.js",
    )  # fmt: skip
    assert answers[2]["stdout"] == "Server listening on port 3000\n"
    assert answers[3]["stdout"].startswith('"use strict";\nvar __importDefault')


SERVER = 'require("http").createServer().listen(3000, () => console.log("up"));\n'


def test_pid_1_signals_follow_the_scripts_handlers() -> None:
    """Node as PID 1 ignores SIGTERM and SIGINT without a handler (docker kill -s leaves it up, docker stop
    waits its grace period and kills: 137); a script's process.on("SIGTERM") ends it at once with its code."""
    files = {"plain.js": SERVER, "nice.js": SERVER + 'process.on("SIGTERM", () => process.exit(0));\n'}
    answers = _answers(
        "signals", files, "docker run -d --name plain -v $(pwd):/w -w /w node:20 node plain.js",
        "docker kill -s TERM plain", "docker kill -s INT plain", "docker ps --format '{{.Names}} {{.Status}}'",
        "docker stop plain", "docker ps -a --format '{{.Names}} {{.Status}}'",
        "docker run -d --name nice -v $(pwd):/w -w /w node:20 node nice.js", "docker stop nice",
        "docker ps -a --filter name=nice --format '{{.Status}}'",
    )  # fmt: skip
    assert answers[3]["stdout"].startswith("plain Up")
    assert "plain Exited (137)" in answers[5]["stdout"]
    assert answers[8]["stdout"].startswith("Exited (0)")


def test_a_redis_worker_connects_to_its_compose_service() -> None:
    """The notes' worker.js prints its line once its Redis answers (the compose service) and keeps running;
    with no Redis at REDIS_URL the simulator says it does not model node-redis's error."""
    app = Path(__file__).resolve().parents[3] / "docs" / "contexts" / "node-app"
    files = {name: (app / name).read_text(encoding="utf-8") for name in ("worker.js", "package.json")}
    files["Dockerfile"] = 'FROM node:18-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "worker.js"]\n'
    files["compose.yaml"] = (
        "services:\n  redis:\n    image: redis:7-alpine\n  worker:\n    build: .\n    environment:\n"
        "      REDIS_URL: redis://redis:6379\n    depends_on: [redis]\n"
    )
    answers = _answers(
        "redis", files, "docker compose up -d", "docker compose logs worker",
        "docker compose ps --format '{{.Service}} {{.Status}}'", "docker run --rm node-redis-worker",
    )  # fmt: skip
    assert answers[1]["stdout"] == "worker-1  | Worker waiting for jobs\n"
    assert "worker Up" in answers[2]["stdout"]
    assert "no Redis answers at localhost" in answers[3]["stderr"] and answers[3]["exit_code"] == 1


def test_listen_with_a_host_and_a_function_callback() -> None:
    files = {
        "s.js": 'const http = require("http");\nconst server = http.createServer((q, r) => r.end("x"));\n'
        'server.listen(process.env.PORT || 3000, "0.0.0.0", function () {\n'
        '  console.log("Listening on " + (process.env.PORT || 3000));\n});\n'
    }
    run = "docker run -d --name web -e PORT=8080 -v $(pwd):/w -w /w node:20 node s.js"
    answers = _answers("listen-host", files, run, "docker logs web")
    assert answers[1]["stdout"] == "Listening on 8080\n"
