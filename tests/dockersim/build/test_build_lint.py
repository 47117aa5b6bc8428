"""Lint rules: one 'catches' and one 'passes' Dockerfile per rule, the registry, and the docs links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from build_helpers import DOCS, write_tree
from dockersim.build.checks import BaseInfo, run_checks
from dockersim.build.context import from_files
from dockersim.build.instructions import parse_dockerfile
from dockersim.build.lint import RULES, check, lint_text
from dockersim.build.lint_command import run_lint
from dockersim.context import CommandContext
from dockersim.engine.engine import Engine
from markdown.extensions.toc import slugify

F = "FROM alpine:3.19\n"
U = "USER app\n"
#: rule → (Dockerfile it catches, Dockerfile it passes)
CASES: dict[str, tuple[str, str]] = {
    "DL3006": ("FROM ubuntu\n" + U, "FROM ubuntu:22.04\n" + U),
    "DL3007": ("FROM ubuntu:latest\n" + U, "FROM ubuntu:latest@sha256:" + "a" * 64 + "\n" + U),
    "FromAsCasing": ("FROM alpine:3.19 as build\n" + U, "FROM alpine:3.19 AS build\n" + U),
    "StageNameCasing": ("FROM alpine:3.19 AS Build\n" + U, "FROM alpine:3.19 AS build\n" + U),
    "DL3024": (F.strip() + " AS a\nFROM alpine:3.19 AS a\n" + U, F.strip() + " AS a\nFROM alpine:3.19 AS b\n" + U),
    "UndefinedArgInFrom": ("FROM alpine:${TAG}\n" + U, "ARG TAG=3.19\nFROM alpine:${TAG}\n" + U),
    "DL3002": (F + "USER root\n", F + "USER app\n"),
    "DS001": (F + 'CMD ["sh"]\n', F + U),
    "DL3009": (
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n" + U,
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl "
        "&& rm -rf /var/lib/apt/lists/*\n" + U,
    ),
    "DL3014": (
        "FROM debian:12\nRUN apt-get install --no-install-recommends curl\n" + U,
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n" + U,
    ),
    "DL3015": (
        "FROM debian:12\nRUN apt-get install -y curl\n" + U,
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n" + U,
    ),
    "DL3027": ("FROM debian:12\nRUN apt install -y curl\n" + U, "FROM debian:12\nRUN apt-get -y install curl\n" + U),
    "DL3019": (F + "RUN apk add curl\n" + U, F + "RUN apk add --no-cache curl\n" + U),
    "DL3042": (
        "FROM python:3.12\nRUN pip install flask\n" + U,
        "FROM python:3.12\nRUN pip install --no-cache-dir flask\n" + U,
    ),
    "DL3003": (F + "RUN cd /tmp && make\n" + U, F + "WORKDIR /tmp\nRUN make\n" + U),
    "DL3004": (F + "RUN sudo make\n" + U, F + "RUN make\n" + U),
    "DL3059": (F + "RUN mkdir /a\nRUN mkdir /b\n" + U, F + "RUN mkdir /a /b\n" + U),
    "DL3020": (F + "ADD app.py /app/\n" + U, F + "ADD app.tar.gz /app/\n" + U),
    "DL3022": (
        F + "COPY --from=builder /a /a\n" + U,
        F.strip() + " AS builder\nFROM alpine:3.19\nCOPY --from=builder /a /a\n" + U,
    ),
    "CopyIgnoredFile": (F + "COPY secret.env /app/\n" + U, F + "COPY app.py /app/\n" + U),
    "DS002": (F + "COPY . /app\n" + U, F + "COPY . /app\n" + U),
    "DS003": (F + "COPY a.txt /app/  # copy it\n" + U, F + "# copy it\nCOPY a.txt /app/\n" + U),
    "DL3025": (F + "CMD node server.js\n" + U, F + 'CMD ["node", "server.js"]\n' + U),
    "DL4003": (F + 'CMD ["a"]\nCMD ["b"]\n' + U, F + 'CMD ["b"]\n' + U),
    "DL4004": (F + 'ENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n' + U, F + 'ENTRYPOINT ["b"]\n' + U),
    "DL3012": (F + "HEALTHCHECK CMD true\nHEALTHCHECK NONE\n" + U, F + "HEALTHCHECK CMD true\n" + U),
    "DL3000": (F + "WORKDIR app\n" + U, F + "WORKDIR /app\nWORKDIR sub\n" + U),
    "SecretsUsedInArgOrEnv": (F + "ARG DB_PASSWORD\n" + U, F + "ARG PASSWORD_FILE\nENV KEYBOARD=us\n" + U),
    "LegacyKeyValueFormat": (F + "ENV MODE production\n" + U, F + "ENV MODE=production\n" + U),
    "DL4000": (F + "MAINTAINER me\n" + U, F + "LABEL maintainer=me\n" + U),
    "ExposeInvalidFormat": (F + "EXPOSE 8080:80\n" + U, F + "EXPOSE 80\n" + U),
    "ExposeProtoCasing": (F + "EXPOSE 80/TCP\n" + U, F + "EXPOSE 80/tcp\n" + U),
    "UndefinedVar": (F + "COPY $SRC /app/\n" + U, F + "ARG SRC=.\nCOPY $SRC /app/\n" + U),
    "ConsistentInstructionCasing": (F + "run echo\n" + U, F + "RUN echo\n" + U),
    "ReservedStageName": ("FROM alpine:3.19 AS context\n" + U, "FROM alpine:3.19 AS ctx\n" + U),
    "DL3029": ("FROM --platform=linux/amd64 alpine:3.19\n" + U, "FROM --platform=$BUILDPLATFORM alpine:3.19\n" + U),
    "DL4006": (
        "FROM debian:12\nRUN wget -O- x | tar x\n" + U,
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN wget -O- x | tar x\n' + U,
    ),
    "DL4001": (F + "RUN wget x\nRUN curl y\n" + U, F + "RUN curl x\nRUN curl y\n" + U),
    "DL3045": (F + "COPY a.txt app/\n" + U, F + "WORKDIR /srv\nCOPY a.txt app/\n" + U),
    "DL3044": (F + "ENV A=1 B=$A\n" + U, F + "ENV A=1\nENV B=$A\n" + U),
    "NoEmptyContinuation": (F + "RUN echo a \\\n\n  b\n" + U, F + "RUN echo a \\\n  b\n" + U),
    "InvalidDefaultArgInFrom": ("ARG IMAGE\nFROM $IMAGE\n" + U, "ARG IMAGE=alpine:3.19\nFROM $IMAGE\n" + U),
    "RedundantTargetPlatform": (
        "FROM --platform=$TARGETPLATFORM alpine:3.19\n" + U,
        "FROM --platform=$BUILDPLATFORM alpine:3.19\n" + U,
    ),
    "InvalidDefinitionDescription": (
        "# check=experimental=InvalidDefinitionDescription\n\n# the base\nFROM alpine:3.19 AS base\n" + U,
        "# check=experimental=InvalidDefinitionDescription\n\n# base the base\nFROM alpine:3.19 AS base\n" + U,
    ),
}
CONTEXTS = {
    "CopyIgnoredFile": ({"secret.env": "x", "app.py": "", ".dockerignore": "*.env\n"},) * 2,
    "DS002": ({"app.py": ""}, {"app.py": "", ".dockerignore": ".git\n"}),
}


def _rules(text: str, rule_id: str, which: int) -> set[str]:
    files = CONTEXTS.get(rule_id)
    context = from_files(files[which]) if files else None
    return {f.rule for f in lint_text(text, context)}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_catches(rule_id: str) -> None:
    """The rule reports its 'catches' Dockerfile."""
    assert rule_id in _rules(CASES[rule_id][0], rule_id, 0)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes(rule_id: str) -> None:
    """The rule stays quiet on its 'passes' Dockerfile."""
    assert rule_id not in _rules(CASES[rule_id][1], rule_id, 1)


def test_every_registered_rule_has_cases() -> None:
    """No rule in the registry goes untested, and IDs are unique."""
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(CASES)


def test_findings_carry_what_the_playground_needs() -> None:
    """A finding has rule, severity, line, message and a docs target; messages are the tools' texts."""
    [finding] = [f for f in lint_text(F + "CMD node server.js\n" + U) if f.rule == "DL3025"]
    assert finding.to_dict() == {
        "rule": "DL3025", "severity": "warning", "line": 2,
        "message": "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
        "docs": "intermediate.md#cmd-default-command-to-execute", "check": "JSONArgsRecommended",
    }  # fmt: skip


def test_hadolint_ignore_comment_and_check_skip_directive() -> None:
    """``# hadolint ignore=`` silences one instruction; ``# check=skip=`` drops a BuildKit check from builds."""
    text = "FROM ubuntu:22.04\n# hadolint ignore=DL3025\nCMD node a.js\nCMD node b.js\n" + U
    lines = [f.line for f in lint_text(text) if f.rule == "DL3025"]
    assert lines == [4]
    assert [w.line for w in run_checks(text).warnings if w.rule == "JSONArgsRecommended"] == [3, 4]
    skipped = run_checks("# check=skip=JSONArgsRecommended\n" + text)
    assert not [w for w in skipped.warnings if w.rule == "JSONArgsRecommended"]


def test_parse_error_becomes_a_finding() -> None:
    """lint on a broken Dockerfile reports the parse error instead of raising."""
    [finding] = lint_text("FROM alpine\nRUNN x\n")
    assert finding.rule == "DockerfileParseError"
    assert finding.line == 2


def _anchors(page: Path) -> set[str]:
    anchors: set[str] = set()
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        match = re.match(r"#{1,6}\s+(.*)", line)
        if match and not in_code:
            heading = re.sub(r"[*_`]", "", match.group(1)).strip()
            anchors.add(slugify(heading, "-"))
    return anchors


def test_every_docs_link_target_exists() -> None:
    """Each rule's docs target names an existing notes page and a heading slug on it."""
    for item in RULES:
        page, _, anchor = item.docs.partition("#")
        assert (DOCS / page).is_file(), item.docs
        assert anchor in _anchors(DOCS / page), item.docs


def test_lint_handler(tmp_path: Path) -> None:
    """``dockersim lint`` prints hadolint-style lines, stores findings and exits 1 when something is found."""
    write_tree(tmp_path, {"Dockerfile": "FROM ubuntu:latest\nCMD run\n", ".dockerignore": ""})
    ctx = CommandContext(engine=Engine(seed=1), cwd=tmp_path)
    assert run_lint(ctx, {}, []) == 1
    out = ctx.out.getvalue().splitlines()
    assert out[0] == (
        "Dockerfile:1 DL3007 warning: Using latest is prone to errors if the image will ever update. "
        "Pin the version explicitly to a release tag"
    )
    assert {f["rule"] for f in ctx.data["lint"]} >= {"DL3007", "DL3025", "DS001"}
    missing = CommandContext(engine=Engine(seed=1), cwd=tmp_path)
    assert run_lint(missing, {}, ["nope/Dockerfile"]) == 1
    assert "does not exist" in missing.err.getvalue()


def test_undefined_var_knows_base_image_env() -> None:
    """During a build UndefinedVar accepts variables the base image sets (here GOLANG_VERSION-like names)."""
    text = "FROM alpine:3.19\nCOPY $BASEVAR /x\n" + U
    assert "UndefinedVar" in {f.rule for f in lint_text(text)}
    dockerfile = parse_dockerfile(text)
    assert "UndefinedVar" not in {f.rule for f in check(dockerfile, None, {0: BaseInfo({"BASEVAR": "1"})})}
    node = "FROM node:20-alpine\nENV V=$NODE_VERSION\n" + U
    assert "UndefinedVar" not in {f.rule for f in lint_text(node)}, "the catalogue's node image sets NODE_VERSION"
