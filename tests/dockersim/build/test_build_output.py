"""What ``docker build`` prints and stores: BuildKit plain/tty/quiet output, failures, the image it registers.

Golden files live in golden/; set ``DOCKERSIM_UPDATE_GOLDEN=1`` to rewrite them (read the diff first).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from build_helpers import build, build_options, new_engine, step, write_tree
from dockersim.build.command import build_files
from dockersim.context import CommandContext, NotModelledError

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DOCKERSIM_UPDATE_GOLDEN") == "1"

APP = {
    "Dockerfile": (
        "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\n"
        "USER node\nEXPOSE 3000\nCMD node server.js\n"
    ),
    "package.json": '{"name": "app", "version": "1.0.0", "dependencies": {"express": "^4"}}\n',
    "server.js": "require('express')().listen(3000)\n",
    ".dockerignore": "node_modules\n",
}


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_plain_progress_first_and_cached_build(tmp_path: Path) -> None:
    """--progress=plain matches BuildKit's vertex blocks: a first build, then a fully cached one."""
    engine = new_engine()
    root = write_tree(tmp_path, APP)
    code, first = build(engine, root, tag=["myapp:1.0"])
    assert code == 0 and first.out.getvalue() == ""
    _golden("plain-first.txt", first.err.getvalue())
    _, second = build(engine, root, tag=["myapp:1.0"])
    _golden("plain-cached.txt", second.err.getvalue())


def test_tty_frame(tmp_path: Path) -> None:
    """--progress=tty and auto print the frame BuildKit's TTY display leaves (goldens: a first and a cached build)."""
    engine = new_engine()
    root = write_tree(tmp_path, APP)
    _, first = build(engine, root, progress="tty", tag=["myapp:1.0"])
    _golden("tty-first.txt", first.err.getvalue())
    _, ctx = build(engine, root, progress="auto", tag=["myapp:1.0"])
    text = ctx.err.getvalue()
    _golden("tty-cached.txt", text)
    lines = text.splitlines()
    assert lines[0].startswith("[+] Building ")
    assert all(len(line) == 79 for line in lines if line.startswith((" =>", "[+]"))), "80-column frame"
    assert lines[0].endswith(" docker:default") and " FINISHED " in lines[0]
    assert " => CACHED [4/5] RUN npm ci --omit=dev" in text and "done" not in text
    assert sum(1 for line in lines if line.startswith(" => => exporting layers")) == 1


def test_tty_one_metadata_load_per_image_and_cut_names(tmp_path: Path) -> None:
    """Two stages on one base image load its metadata once; long step names are cut to the width."""
    files = {
        "Dockerfile": "FROM alpine:3.19 AS a\nRUN echo hi > /x\nFROM alpine:3.19\nCOPY --from=a /x /x\n"
        'RUN echo "a long command line that certainly does not fit on one line of the terminal display"\n',
    }
    _, ctx = build(new_engine(), write_tree(tmp_path, files), progress="tty")
    lines = ctx.err.getvalue().splitlines()
    assert sum("load metadata for docker.io/library/alpine:3.19" in line for line in lines) == 1
    [run] = [line for line in lines if "[stage-1 3/3] RUN" in line]
    name = '[stage-1 3/3] RUN echo "a long command line that certainly does not fit on one line'
    assert run == " => " + name[:69] + "  " + run[-4:] and len(run) == 79


def test_quiet_prints_only_the_image_id(tmp_path: Path) -> None:
    """-q prints the image ID on stdout and nothing on stderr."""
    code, ctx = build(new_engine(), write_tree(tmp_path, APP), quiet=True)
    assert code == 0
    assert ctx.out.getvalue() == ctx.data["build"]["image_id"] + "\n"
    assert ctx.err.getvalue() == ""


def test_rawjson_progress(tmp_path: Path) -> None:
    """--progress=rawjson prints one JSON status object per vertex."""
    import json

    _, ctx = build(new_engine(), write_tree(tmp_path, APP), progress="rawjson")
    objects = [json.loads(line) for line in ctx.err.getvalue().splitlines() if line.startswith("{")]
    assert objects[0]["vertexes"][0]["name"] == "[internal] load build definition from Dockerfile"


def test_failing_run_epilogue(tmp_path: Path) -> None:
    """A failing RUN prints the ERROR line, the log tail, the Dockerfile excerpt and exits 1."""
    dockerfile = 'FROM debian:12\nWORKDIR /x\nRUN apt-get update && apt-get install curl\nCMD ["x"]\n'
    code, ctx = build(new_engine(), write_tree(tmp_path, {"Dockerfile": dockerfile}))
    assert code == 1
    _golden("failure-run.txt", ctx.err.getvalue().split("#6 [3/3]", 1)[1])
    assert ctx.data["build"]["ok"] is False and ctx.data["build"]["error_line"] == 3


def test_parse_error_epilogue(tmp_path: Path) -> None:
    """A parse error prints the excerpt with >>> on the line and BuildKit's message."""
    code, ctx = build(new_engine(), write_tree(tmp_path, {"Dockerfile": "FROM debian:12\n\nRUNN x\n"}))
    assert code == 1
    _golden("failure-parse.txt", ctx.err.getvalue())


def test_missing_copy_source(tmp_path: Path) -> None:
    """COPY of a file that is not in the context fails at cache-key time, as BuildKit words it."""
    code, ctx = build(new_engine(), write_tree(tmp_path, {"Dockerfile": "FROM alpine:3.19\nCOPY main.c .\n"}))
    assert code == 1
    assert '"/main.c": not found' in ctx.err.getvalue()
    assert ctx.err.getvalue().rstrip().endswith('"/main.c": not found')


@pytest.mark.parametrize(
    ("opts", "args", "message"),
    [
        ({"file": "nope"}, ["."], "ERROR: failed to build: failed to solve: failed to read dockerfile: open nope:"),
        ({}, ["missing-dir"], 'ERROR: unable to prepare context: path "missing-dir" not found'),
        ({"tag": ["Bad Tag"]}, ["."], 'ERROR: invalid tag "Bad Tag": invalid reference format'),
        ({"target": "nope"}, ["."], 'target stage "nope" could not be found'),
        ({"progress": "fancy"}, ["."], 'ERROR: invalid progress mode "fancy"'),
    ],
)
def test_handler_errors(tmp_path: Path, opts: dict[str, object], args: list[str], message: str) -> None:
    """Bad paths, tags, targets and progress modes fail with docker's messages and exit 1."""
    code, ctx = build(new_engine(), write_tree(tmp_path, APP), args=args, **opts)
    assert code == 1
    assert message in ctx.err.getvalue()


def test_stdin_context_is_not_modelled(tmp_path: Path) -> None:
    """``docker build -`` is said plainly to be outside the simulation."""
    with pytest.raises(NotModelledError):
        build(new_engine(), write_tree(tmp_path, APP), args=["-"])


def test_dockerfile_from_stdin_and_build_arg_from_env(tmp_path: Path) -> None:
    """``-f -`` reads the Dockerfile from stdin; ``--build-arg NAME`` takes the value from the environment."""
    from dockersim.build.command import run_build

    root = write_tree(tmp_path, {"a.txt": "a"})
    ctx = CommandContext(engine=new_engine(), cwd=root, env={"MODE": "fast"},
                         stdin="FROM alpine:3.19\nARG MODE\nRUN echo $MODE\n")  # fmt: skip
    code = run_build(ctx, build_options({"file": "-", "build-arg": ["MODE"], "progress": "plain"}), ["."])
    assert code == 0
    assert "#5 [2/2] RUN echo fast\n#5 0.350 fast\n" in ctx.err.getvalue()


def test_registered_image_history_and_config(tmp_path: Path) -> None:
    """The image is registered with one layer per instruction in docker's history form and the final config."""
    engine = new_engine()
    build(engine, write_tree(tmp_path, APP), tag=["myapp:1.0", "myapp:latest"])
    image = engine.get_image("myapp:1.0")
    assert image is not None and image.built_locally
    assert image.repo_tags == ["myapp:1.0", "myapp:latest"]
    assert image.config.cmd == ["/bin/sh", "-c", "node server.js"]
    assert image.config.workdir == "/app" and image.config.user == "node"
    assert image.config.exposed_ports == ["3000/tcp"]
    assert [layer.created_by for layer in image.layers[-7:]] == [
        "WORKDIR /app", "COPY package*.json ./ # buildkit", "RUN /bin/sh -c npm ci --omit=dev # buildkit",
        "COPY . . # buildkit", "USER node", "EXPOSE map[3000/tcp:{}]", 'CMD ["/bin/sh" "-c" "node server.js"]',
    ]  # fmt: skip
    assert image.size == sum(layer.size for layer in image.layers)


def test_structured_data_shape(tmp_path: Path) -> None:
    """ctx.data['build'] carries steps with stage, index, text, line, cached, reason, duration, size; lint; ids."""
    _, ctx = build(new_engine(), write_tree(tmp_path, APP))
    data = ctx.data["build"]
    assert set(data) >= {"ok", "image_id", "size", "tags", "steps", "lint", "error", "context_size", "build_number"}
    run = step(ctx, "RUN npm ci")
    assert {k: run[k] for k in ("stage", "index", "total", "line", "cached", "kind")} == {
        "stage": "stage-0", "index": 4, "total": 5, "line": 4, "cached": False, "kind": "run",
    }  # fmt: skip
    assert run["duration"] > 1 and run["size"] > 1_000_000
    assert {f["rule"] for f in data["lint"]} == {"DL3025"}
    assert "JSONArgsRecommended: JSON arguments recommended for CMD" in ctx.err.getvalue()


def test_build_from_files_for_the_playground() -> None:
    """build_files builds from an in-memory mapping with the same output and data as a directory build."""
    ctx = CommandContext(engine=new_engine(), cwd=Path("/"))
    assert build_files(ctx, APP, tags=["web"]) == 0
    assert ctx.data["build"]["tags"] == ["web:latest"]
    again = CommandContext(engine=ctx.engine, cwd=Path("/"))
    build_files(again, {**APP, "server.js": "changed\n"}, explain=True)
    assert "dockersim cache: [5/5] COPY . .: RUN (server.js changed content)" in again.err.getvalue()


def test_sizes_follow_the_command(tmp_path: Path) -> None:
    """Package installs are big and slow; mkdir/useradd are tiny and quick; cleanup in the same RUN shrinks."""
    dockerfile = (
        "FROM debian:12\nRUN mkdir -p /data\nRUN useradd -m app\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends gcc\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\n"
    )
    _, ctx = build(new_engine(), write_tree(tmp_path, {"Dockerfile": dockerfile}))
    mkdir, useradd = step(ctx, "RUN mkdir"), step(ctx, "RUN useradd")
    dirty, clean = (s for s in ctx.data["build"]["steps"] if "apt-get" in s["instruction"])
    assert mkdir["size"] < 100_000 and useradd["size"] < 100_000 and mkdir["duration"] < 1
    assert clean["size"] > 100_000_000 and clean["duration"] > 5
    assert clean["size"] + 10_000_000 < dirty["size"]


def test_scratch_run_fails(tmp_path: Path) -> None:
    """RUN in a scratch stage has no /bin/sh and fails as runc reports."""
    code, ctx = build(new_engine(), write_tree(tmp_path, {"Dockerfile": "FROM scratch\nRUN echo hi\n"}))
    assert code == 1
    assert "/bin/sh: no such file or directory" in ctx.err.getvalue()


def test_label_iidfile_and_pull_flags(tmp_path: Path) -> None:
    """--label adds image labels, --iidfile writes the image ID, --pull re-resolves the base image."""
    engine = new_engine()
    root = write_tree(tmp_path, APP)
    code, ctx = build(engine, root, label=["team=docs", "tier"], iidfile="id.txt", pull=True)
    assert code == 0
    image_id = ctx.data["build"]["image_id"]
    assert (root / "id.txt").read_text() == image_id
    assert engine.images[image_id].config.labels == {"team": "docs", "tier": ""}


def test_cache_mounts_keep_tool_caches_out_of_the_layer(tmp_path: Path) -> None:
    """``RUN --mount=type=cache,target=/root/.npm npm ci`` makes a smaller layer than plain ``npm ci``."""
    plain = "FROM node:20-alpine\nCOPY package.json .\nRUN npm ci\n"
    mounted = "FROM node:20-alpine\nCOPY package.json .\nRUN --mount=type=cache,target=/root/.npm npm ci\n"
    _, a = build(new_engine(), write_tree(tmp_path / "a", {**APP, "Dockerfile": plain}))
    _, b = build(new_engine(), write_tree(tmp_path / "b", {**APP, "Dockerfile": mounted}))
    assert step(b, "RUN --mount")["size"] < step(a, "RUN npm ci")["size"]


def test_legacy_builder_is_not_modelled(tmp_path: Path) -> None:
    """DOCKER_BUILDKIT=0 asks for the legacy builder, which the simulator says plainly it does not model."""
    from dockersim.build.command import run_build

    ctx = CommandContext(engine=new_engine(), cwd=write_tree(tmp_path, APP), env={"DOCKER_BUILDKIT": "0"})
    with pytest.raises(NotModelledError):
        run_build(ctx, build_options({}), ["."])


def test_plain_progress_multi_stage(tmp_path: Path) -> None:
    """Multi-stage step names carry the stage ([builder 4/6], [stage-1 2/4]); COPY --from copies the binary's size."""
    from build_helpers import standard_files

    text = GO_MULTI_STAGE
    code, ctx = build(new_engine(), write_tree(tmp_path, standard_files(text)), tag=["goapp:1.0"])
    assert code == 0
    _golden("plain-multistage.txt", ctx.err.getvalue())
    binary = step(ctx, "COPY --from=builder /app/main")["size"]
    assert 5_000_000 < binary < 10_000_000


#: advanced.md Example 2 (copied so that edits to the notes do not move this golden file).
GO_MULTI_STAGE = """\
# Stage 1: Build
FROM golang:1.21-alpine AS builder
WORKDIR /app

# Copy go mod files
COPY go.mod go.sum ./
RUN go mod download

# Copy source code
COPY . .

# Build binary with optimizations
RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo \\
    -ldflags="-w -s" \\
    -o main .

# Stage 2: Production (minimal!)
FROM alpine:latest
RUN apk --no-cache add ca-certificates

WORKDIR /root/

# Copy only the binary
COPY --from=builder /app/main .

EXPOSE 8080
CMD ["./main"]

# Result: ~15MB image!
"""


def test_compose_prefixes_build_steps_and_uses_container_name_in_logs(tmp_path: Path) -> None:
    """Compose names a service's build vertices ``[web internal]``, ``[web 1/2]``, ``[web] exporting…``; a
    ``container_name`` is the log prefix as it is."""
    from dockersim.build.command import prefixed
    from dockersim.session import Session

    assert prefixed("web", "[internal] load .dockerignore") == "[web internal] load .dockerignore"
    assert prefixed("web", "[builder 1/3] FROM x") == "[web builder 1/3] FROM x"
    assert prefixed("web", "exporting to image") == "[web] exporting to image"
    compose = (
        "services:\n  backend:\n    build: .\n  db:\n    image: postgres:16\n    container_name: postgres\n"
        "    environment:\n      POSTGRES_PASSWORD: x\n"
    )
    write_tree(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM alpine:3.19\nRUN echo hi\n"})
    session = Session(seed=1, cwd=tmp_path)
    up = session.run(["compose", "up", "-d"])
    assert up.exit_code == 0, up.stderr
    assert "#1 [backend internal] load build definition from Dockerfile\n" in up.stderr
    assert "#5 [backend 2/2] RUN echo hi\n" in up.stderr and "] exporting to image\n" in up.stderr
    logs = session.run(["compose", "logs", "db"]).stdout
    assert logs.split(" | ", 1)[0].strip() == "postgres"
