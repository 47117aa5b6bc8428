"""The notes' Dockerfiles: every block parses, lints and builds, and the lessons the notes teach hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from build_helpers import (
    Block,
    build,
    cached,
    doc_block,
    doc_blocks,
    new_engine,
    standard_files,
    step,
    strip_inline_comments,
    write_tree,
)
from dockersim.build.lint import lint_text
from dockersim.build.parser import parse

BLOCKS = doc_blocks()


def _block_id(page: str, opening: str) -> str:
    """The id (``page:line``) of the block of ``page`` whose text starts with ``opening`` (lines move, text stays)."""
    found = [b.id for b in BLOCKS if b.page == page and b.text.startswith(opening)]
    return found[0] if found else f"{page}:missing {opening!r}"


NO_STAGE = "no build stage in current context"
#: Blocks that are syntax templates or fragments, or that real docker also rejects, with the error it gives.
EXPECTED_FAILURES = {
    _block_id(
        "intermediate.md", "# 1. Base Image"
    ): 'failed to parse stage name "<image>:<tag>": invalid reference format',
    _block_id("intermediate.md", "FROM <image>[:<tag>]"): "FROM requires either one or three arguments",
    _block_id("intermediate.md", "# Shell form (runs in shell"): f"dockerfile parse error on line 2: {NO_STAGE}",
    _block_id("intermediate.md", "# Install package"): f"dockerfile parse error on line 2: {NO_STAGE}",
    _block_id("intermediate.md", "# Creates 3 separate layers"): f"dockerfile parse error on line 2: {NO_STAGE}",
    _block_id("intermediate.md", "# Creates 1 layer"): f"dockerfile parse error on line 2: {NO_STAGE}",
    _block_id("intermediate.md", "# Exec form (preferred)\nCMD"): f"dockerfile parse error on line 2: {NO_STAGE}",
    _block_id(
        "intermediate.md", "# Exec form (preferred)\nENTRYPOINT"
    ): f"dockerfile parse error on line 2: {NO_STAGE}",
    _block_id("intermediate.md", "EXPOSE <port>"): f"dockerfile parse error on line 1: {NO_STAGE}",
    _block_id("intermediate.md", "WORKDIR /path/to/directory"): f"dockerfile parse error on line 1: {NO_STAGE}",
    _block_id(
        "intermediate.md", "FROM custom-app"
    ): "failed to resolve source metadata for docker.io/library/custom-app:latest",
}
#: Fragments without FROM that build once put on a base image (placeholders like <command> excluded).
FRAGMENT_BASES = {
    _block_id("intermediate.md", "# Install package"): "ubuntu:22.04",
    _block_id("intermediate.md", "# Creates 3 separate layers"): "ubuntu:22.04",
    _block_id("intermediate.md", "# Creates 1 layer"): "ubuntu:22.04",
    _block_id("intermediate.md", "# Exec form (preferred)\nCMD"): "alpine:3.19",
    _block_id("intermediate.md", "# Exec form (preferred)\nENTRYPOINT"): "alpine:3.19",
}


def test_block_scan_finds_the_notes_dockerfiles() -> None:
    """The fence scan finds the ~60 dockerfile blocks of the notes (guards against a broken scan)."""
    assert len(BLOCKS) >= 55
    assert set(EXPECTED_FAILURES) <= {b.id for b in BLOCKS}


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_every_block_parses_lints_and_builds(block: Block, tmp_path: Path) -> None:
    """Each block reaches the node stage, lints without crashing, and builds (or fails exactly like docker)."""
    assert parse(block.text).nodes
    findings = lint_text(block.text)
    assert all(f.line >= 0 and f.docs for f in findings)
    root = write_tree(tmp_path, standard_files(block.text))
    code, ctx = build(new_engine(), root, tag=["notes:test"])
    if block.id in EXPECTED_FAILURES:
        assert code == 1
        assert EXPECTED_FAILURES[block.id] in ctx.err.getvalue()
        assert ctx.data["build"]["ok"] is False
    else:
        assert code == 0, ctx.err.getvalue()[-2000:]
        assert ctx.data["build"]["image_id"].startswith("sha256:")


@pytest.mark.parametrize("block_id", sorted(FRAGMENT_BASES))
def test_fragments_build_on_a_base(block_id: str, tmp_path: Path) -> None:
    """Fragments without FROM build once a base image is put in front of them."""
    block = next(b for b in BLOCKS if b.id == block_id)
    text = f"FROM {FRAGMENT_BASES[block_id]}\n" + block.text
    code, ctx = build(new_engine(), write_tree(tmp_path, standard_files(text)))
    assert code == 0, ctx.err.getvalue()[-1500:]


def test_no_notes_block_has_an_inline_comment() -> None:
    """The seed's ``COPY . .  # comment`` lines were moved to their own lines at import: DS003 finds none."""
    flagged = [b.id for b in BLOCKS if "DS003" in {f.rule for f in lint_text(b.text)}]
    assert flagged == []


def test_an_inline_comment_is_flagged_and_fails_like_buildkit(tmp_path: Path) -> None:
    """``COPY . .  # comment``: docker reads ``#`` as a comment only at line start, so COPY looks for "#"."""
    text = "FROM node:18-alpine\nWORKDIR /app\nCOPY . .  # copy the sources\n"
    assert "DS003" in {f.rule for f in lint_text(text)}
    code, ctx = build(new_engine(), write_tree(tmp_path, standard_files(text)))
    assert code == 1
    assert '"/#": not found' in ctx.err.getvalue()
    code, _ = build(new_engine(), write_tree(tmp_path / "fixed", standard_files(strip_inline_comments(text))))
    assert code == 0


def _split_examples(text: str) -> list[str]:
    """Blocks holding a bad and a good example (marked ❌/✅) split into separate Dockerfiles."""
    parts = re.split(r"\n(?=# ✅)", text)
    return [p if p.endswith("\n") else p + "\n" for p in parts]


def _rebuild_after_source_edit(dockerfile: str, tmp_path: Path) -> dict[str, bool]:
    engine = new_engine()
    root = write_tree(tmp_path, standard_files(dockerfile))
    assert build(engine, root)[0] == 0
    (root / "server.js").write_text("require('express')().listen(8080)\n")
    code, ctx = build(engine, root)
    assert code == 0
    return cached(ctx)


def test_lesson_copy_dependencies_first(tmp_path: Path) -> None:
    """Build Cache Optimization: a source edit re-runs npm install in the bad file, only COPY . . in the good one."""
    bad = strip_inline_comments(doc_block("intermediate.md", "# ❌ Bad: Copying all files first"))
    good = doc_block("intermediate.md", "# 1. Copy dependency files first")
    bad_cached = _rebuild_after_source_edit(bad, tmp_path / "bad")
    good_cached = _rebuild_after_source_edit(good, tmp_path / "good")
    assert bad_cached == {"WORKDIR /app": True, "COPY . .": False, "RUN npm install": False}
    assert good_cached == {"WORKDIR /app": True, "COPY package*.json ./": True,
                           "RUN npm ci --only=production": True, "COPY . .": False}  # fmt: skip


#: advanced.md multi-stage examples: (snippet, notes' multi-stage size, notes' single-stage size) in MB.
MULTI_STAGE = [
    ("FROM node:18 AS builder\nWORKDIR /app\n\n# Install ALL", 180, 1200),
    ("FROM golang:1.21-alpine AS builder\nWORKDIR /app\n\n# Copy go mod", 15, 800),
    ("# Stage 2: Scratch base", 8, 800),
    ("FROM python:3.11-slim AS builder", 200, 800),
    ("FROM node:18-alpine AS builder\nWORKDIR /app\n\n# Install dependencies", 25, 1200),
    ("FROM maven:3.9-openjdk-17-slim AS builder", 250, 700),
]
MB = 1_000_000


def _size(ctx: object) -> int:
    return int(ctx.data["build"]["size"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(("snippet", "multi_mb", "single_mb"), MULTI_STAGE, ids=lambda v: str(v)[:20])
def test_lesson_multi_stage_is_far_smaller(snippet: str, multi_mb: int, single_mb: int, tmp_path: Path) -> None:
    """Each multi-stage example's image is less than half its builder stage built as a single-stage image,
    and both sizes are within the order of magnitude the notes claim (a factor of 4 either way)."""
    text = doc_block("advanced.md", snippet)
    engine = new_engine()
    root = write_tree(tmp_path, standard_files(text))
    code, multi = build(engine, root)
    assert code == 0, multi.err.getvalue()[-1500:]
    code, single = build(engine, root, target="builder")
    assert code == 0
    assert _size(multi) * 2 < _size(single)
    assert multi_mb / 4 <= _size(multi) / MB <= multi_mb * 4
    assert single_mb / 4 <= _size(single) / MB <= single_mb * 4


def test_lesson_node_single_stage_twin(tmp_path: Path) -> None:
    """The notes' own single-stage Node.js Dockerfile (~1.2GB) dwarfs the multi-stage one (~180MB)."""
    single = doc_block("advanced.md", "RUN npm install  # Includes dev dependencies!")
    multi = doc_block("advanced.md", "FROM node:18 AS builder\nWORKDIR /app\n\n# Install ALL")
    _, single_ctx = build(new_engine(), write_tree(tmp_path / "single", standard_files(single)))
    _, multi_ctx = build(new_engine(), write_tree(tmp_path / "multi", standard_files(multi)))
    assert 900 * MB < _size(single_ctx) < 1600 * MB
    assert _size(multi_ctx) * 5 < _size(single_ctx)


def _layers(ctx: object) -> int:
    return int(ctx.data["build"]["layers"])  # type: ignore[attr-defined]


def test_lesson_combined_runs_make_fewer_layers(tmp_path: Path) -> None:
    """Layer Optimization: one combined RUN makes fewer layers than one RUN per command."""
    separate = doc_block("intermediate.md", "RUN npm install -g npm\nRUN npm install -g yarn")
    combined = doc_block("intermediate.md", "# Combine RUN commands")
    _, a = build(new_engine(), write_tree(tmp_path / "a", standard_files(separate)))
    _, b = build(new_engine(), write_tree(tmp_path / "b", standard_files(combined)))
    assert _layers(b) == _layers(a) - 2
    three = "FROM ubuntu:22.04\n" + doc_block("intermediate.md", "# Creates 3 separate layers")
    one = "FROM ubuntu:22.04\n" + doc_block("intermediate.md", "# Creates 1 layer")
    _, c = build(new_engine(), write_tree(tmp_path / "c", standard_files(three)))
    _, d = build(new_engine(), write_tree(tmp_path / "d", standard_files(one)))
    assert _layers(c) == _layers(d) + 2
    assert _size(d) < _size(c)


def test_lesson_cleanup_in_the_same_run(tmp_path: Path) -> None:
    """Reducing Image Size: apt lists removed in the same RUN shrink the image; removed later they still cost."""
    bad, good = _split_examples(doc_block("intermediate.md", "# ❌ Bad: Creates unnecessary layers"))
    _, bad_ctx = build(new_engine(), write_tree(tmp_path / "bad", standard_files(bad)))
    _, good_ctx = build(new_engine(), write_tree(tmp_path / "good", standard_files(good)))
    assert _size(good_ctx) + 20 * MB < _size(bad_ctx)
    later = "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n"
    same = "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    _, later_ctx = build(new_engine(), write_tree(tmp_path / "later", {"Dockerfile": later}))
    _, same_ctx = build(new_engine(), write_tree(tmp_path / "same", {"Dockerfile": same}))
    assert _size(same_ctx) + 20 * MB < _size(later_ctx)
    assert step(later_ctx, "RUN rm -rf")["size"] < 100_000


def test_lesson_alpine_and_production_deps_are_smaller(tmp_path: Path) -> None:
    """Reducing Image Size: node:18 + all deps (❌ ~900MB) is much bigger than alpine + production deps (✅ ~170MB)."""
    large, small = _split_examples(doc_block("intermediate.md", "# ❌ Large: 900MB"))
    _, a = build(new_engine(), write_tree(tmp_path / "a", standard_files(large)))
    _, b = build(new_engine(), write_tree(tmp_path / "b", standard_files(small)))
    assert _size(b) * 4 < _size(a)
