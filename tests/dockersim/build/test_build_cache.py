"""Cache scenarios: exactly which steps are CACHED after a change, and the reason each one states."""

from __future__ import annotations

import os
from pathlib import Path

from build_helpers import build, cached, new_engine, step, steps, write_tree

NODE = """FROM node:20-alpine
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
"""
FILES = {
    "Dockerfile": NODE,
    "package.json": '{"name": "app", "version": "1.0.0", "dependencies": {"express": "^4"}}\n',
    "package-lock.json": "{}\n",
    "server.js": "console.log('v1')\n",
    "src/app.js": "module.exports = 1\n",
    ".dockerignore": "*.log\n",
}


def _setup(tmp_path: Path, dockerfile: str = NODE) -> Path:
    return write_tree(tmp_path, {**FILES, "Dockerfile": dockerfile})


def test_rebuild_without_changes_is_fully_cached(tmp_path: Path) -> None:
    """A second identical build reuses every step and names the build it was cached against."""
    engine = new_engine()
    root = _setup(tmp_path)
    _, first = build(engine, root)
    code, second = build(engine, root)
    assert code == 0
    assert all(cached(second).values())
    assert step(second, "RUN npm ci")["reason"] == "same instruction, environment and parent as build 1"
    assert step(second, "COPY . .")["reason"] == "same instruction and same files as build 1"
    assert "#7 CACHED" in second.err.getvalue()
    assert second.data["build"]["image_id"] == first.data["build"]["image_id"]


def test_first_build_says_no_earlier_build(tmp_path: Path) -> None:
    """On a fresh engine every step runs with the reason 'no earlier build of this step'."""
    _, ctx = build(new_engine(), _setup(tmp_path))
    assert {s["reason"] for s in steps(ctx)} == {"no earlier build of this step"}


def test_editing_a_source_file_reruns_only_the_copy_of_it(tmp_path: Path) -> None:
    """Changing src/app.js misses only ``COPY . .``, and the reason names the file."""
    engine = new_engine()
    root = _setup(tmp_path)
    build(engine, root)
    (root / "src/app.js").write_text("module.exports = 2\n")
    _, ctx = build(engine, root)
    assert cached(ctx) == {"WORKDIR /app": True, "COPY package*.json ./": True, "RUN npm ci": True, "COPY . .": False}
    assert step(ctx, "COPY . .")["reason"] == "src/app.js changed content"


def test_mtime_only_change_stays_cached(tmp_path: Path) -> None:
    """``touch`` (a new mtime, same content and mode) never invalidates a COPY."""
    engine = new_engine()
    root = _setup(tmp_path)
    build(engine, root)
    os.utime(root / "package.json", (1_900_000_000, 1_900_000_000))
    _, ctx = build(engine, root)
    assert all(cached(ctx).values())


def test_mode_change_invalidates_and_cascades(tmp_path: Path) -> None:
    """``chmod +x package.json`` misses its COPY ('changed mode') and every later step of the stage."""
    engine = new_engine()
    root = _setup(tmp_path)
    build(engine, root)
    (root / "package.json").chmod(0o755)
    _, ctx = build(engine, root)
    assert cached(ctx) == {"WORKDIR /app": True, "COPY package*.json ./": False, "RUN npm ci": False, "COPY . .": False}
    assert step(ctx, "COPY package*.json")["reason"] == "package.json changed mode"
    assert step(ctx, "RUN npm ci")["reason"] == "parent step rebuilt"


def test_touching_an_ignored_file_changes_nothing(tmp_path: Path) -> None:
    """Files excluded by .dockerignore never reach the builder, so editing them keeps ``COPY . .`` cached."""
    engine = new_engine()
    root = _setup(tmp_path)
    (root / "debug.log").write_text("one\n")
    build(engine, root)
    (root / "debug.log").write_text("two\n")
    _, ctx = build(engine, root)
    assert all(cached(ctx).values())


ARGS = """FROM node:20-alpine
ARG NODE_ENV=production
WORKDIR /app
COPY package*.json ./
RUN npm ci
RUN echo done
"""


def test_declared_build_arg_change_invalidates_the_first_run(tmp_path: Path) -> None:
    """A declared ARG is in every later RUN's environment: changing it misses the first RUN after it."""
    engine = new_engine()
    root = _setup(tmp_path, ARGS)
    build(engine, root)
    _, ctx = build(engine, root, build_arg=["NODE_ENV=development"])
    assert cached(ctx) == {
        "WORKDIR /app": True,
        "COPY package*.json ./": True,
        "RUN npm ci": False,
        "RUN echo done": False,
    }
    assert step(ctx, "RUN npm ci")["reason"] == "build arg NODE_ENV changed from production to development"


def test_undeclared_build_arg_has_no_effect(tmp_path: Path) -> None:
    """A --build-arg the Dockerfile never declares is not in any key: everything stays cached."""
    engine = new_engine()
    root = _setup(tmp_path, ARGS)
    build(engine, root)
    _, ctx = build(engine, root, build_arg=["UNUSED=1"])
    assert all(cached(ctx).values())


def test_changing_the_base_tag_rebuilds_the_stage(tmp_path: Path) -> None:
    """FROM is keyed by the resolved image: another tag misses every step of the stage."""
    engine = new_engine()
    root = _setup(tmp_path)
    build(engine, root)
    (root / "Dockerfile").write_text(NODE.replace("node:20-alpine", "node:18-alpine"))
    _, ctx = build(engine, root)
    assert not any(cached(ctx).values())
    assert steps(ctx)[0]["reason"] == "base image changed from node:20-alpine to node:18-alpine"
    assert step(ctx, "WORKDIR /app")["reason"] == "parent step rebuilt"


def test_same_tag_resolving_to_another_image(tmp_path: Path) -> None:
    """When node:20-alpine now names another image, the reason says it resolved differently."""
    engine = new_engine()
    root = _setup(tmp_path)
    build(engine, root)
    image = engine.get_image("node:20-alpine")
    assert image is not None
    del engine.images[image.id]
    image.id = "sha256:" + "e" * 64
    engine.add_image(image)
    _, ctx = build(engine, root)
    assert steps(ctx)[0]["reason"] == "base image node:20-alpine resolved to a different image"
    assert not any(cached(ctx).values())


def test_no_cache_runs_everything(tmp_path: Path) -> None:
    """--no-cache executes every step and says so."""
    engine = new_engine()
    root = _setup(tmp_path)
    build(engine, root)
    _, ctx = build(engine, root, no_cache=True)
    assert not any(cached(ctx).values())
    assert step(ctx, "RUN npm ci")["reason"] == "--no-cache"


MULTI = """FROM node:20-alpine AS deps
WORKDIR /app
COPY package*.json ./
RUN npm ci

FROM node:20-alpine AS test
WORKDIR /app
COPY . .
RUN npm test

FROM node:20-alpine AS final
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
CMD ["node", "server.js"]
"""


def test_target_builds_only_needed_stages(tmp_path: Path) -> None:
    """--target deps builds that stage only; the final build skips the unused test stage."""
    engine = new_engine()
    root = _setup(tmp_path, MULTI)
    _, ctx = build(engine, root, target="deps")
    assert {s["stage"] for s in steps(ctx)} == {"deps"}
    assert ctx.data["build"]["skipped_stages"] == ["test", "final"]
    _, full = build(engine, root)
    assert {s["stage"] for s in steps(full)} == {"deps", "final"}
    assert full.data["build"]["skipped_stages"] == ["test"]
    assert step(full, "RUN npm ci", "deps")["cached"]
    assert "[test " not in full.err.getvalue()


def test_source_change_keeps_the_deps_stage_cached(tmp_path: Path) -> None:
    """Editing a source file rebuilds the final COPY only; the stage copied from stays cached."""
    engine = new_engine()
    root = _setup(tmp_path, MULTI)
    build(engine, root)
    (root / "server.js").write_text("console.log('v2')\n")
    _, ctx = build(engine, root)
    assert [s["instruction"] for s in steps(ctx) if not s["cached"] and s["kind"] != "from"] == ["COPY . ."]


def test_reordered_instructions_explain_what_was_there(tmp_path: Path) -> None:
    """Swapping two RUNs misses from the first swapped step and names the instruction that used to be there."""
    engine = new_engine()
    base = "FROM alpine:3.19\nRUN mkdir /a\nRUN mkdir /b\nRUN echo end\n"
    root = write_tree(tmp_path, {"Dockerfile": base})
    build(engine, root)
    (root / "Dockerfile").write_text("FROM alpine:3.19\nRUN mkdir /b\nRUN mkdir /a\nRUN echo end\n")
    _, ctx = build(engine, root)
    assert cached(ctx) == {"RUN mkdir /b": False, "RUN mkdir /a": False, "RUN echo end": False}
    assert step(ctx, "RUN mkdir /b")["reason"] == "the RUN text changed"
    assert step(ctx, "RUN mkdir /a")["reason"] == "parent step rebuilt"


def test_env_change_reason(tmp_path: Path) -> None:
    """An ENV value change is named with its old and new value on the first RUN after it."""
    engine = new_engine()
    root = write_tree(tmp_path, {"Dockerfile": "FROM alpine:3.19\nENV MODE=a\nRUN echo $MODE\n"})
    build(engine, root)
    (root / "Dockerfile").write_text("FROM alpine:3.19\nENV MODE=b\nRUN echo $MODE\n")
    _, ctx = build(engine, root)
    assert step(ctx, "RUN echo")["reason"] == "ENV MODE changed from a to b"


def test_explain_cache_prints_labelled_lines(tmp_path: Path) -> None:
    """--explain-cache adds one 'dockersim cache:' line per step, clearly marked as dockersim's own."""
    engine = new_engine()
    root = _setup(tmp_path)
    build(engine, root)
    _, ctx = build(engine, root, explain_cache=True)
    lines = [line for line in ctx.err.getvalue().splitlines() if line.startswith("dockersim cache:")]
    assert len(lines) == 5
    assert lines[3] == "dockersim cache: [4/5] RUN npm ci: CACHED (same instruction, environment and parent as build 1)"


def test_cache_store_is_json_and_bounded(tmp_path: Path) -> None:
    """engine.build_cache stays JSON-serializable and capped however many builds run."""
    import json

    from dockersim.build import cache

    engine = new_engine()
    root = write_tree(tmp_path, {"Dockerfile": "FROM alpine:3.19\nRUN echo 0\n"})
    for i in range(cache.MAX_ENTRIES // 2 + 20):
        (root / "Dockerfile").write_text(f"FROM alpine:3.19\nRUN echo {i}\nRUN echo again\n")
        build(engine, root)
    assert len(engine.build_cache["entries"]) <= cache.MAX_ENTRIES
    assert json.loads(json.dumps(engine.build_cache)) == engine.build_cache
    restored = type(engine).from_dict(json.loads(json.dumps(engine.to_dict())))
    _, ctx = build(restored, root)
    assert all(cached(ctx).values())
