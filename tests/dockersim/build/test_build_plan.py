"""Plan-level semantics: ARG/ENV scope and substitution, config instructions, stages and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from build_helpers import build, new_engine, step, write_tree
from dockersim.build.builder import BuildOptions
from dockersim.build.builder import build as build_api
from dockersim.build.cache import prune, usage
from dockersim.build.context import from_files


def _image(dockerfile: str, **opts: object):
    engine = new_engine()
    result = build_api(engine, from_files({"a.txt": "a", "src/x.js": "x"}), dockerfile, BuildOptions(**opts))  # type: ignore[arg-type]
    assert result.ok, result.error
    return result


def test_global_arg_is_visible_in_from_and_only_after_redeclaring() -> None:
    """ARG before FROM feeds FROM; inside the stage it is empty until ``ARG NAME`` re-declares it."""
    result = _image("ARG TAG=3.19\nARG V=1\nFROM alpine:${TAG}\nRUN echo [$V]\nARG V\nRUN echo [$V]\n")
    runs = [s.instruction for s in result.steps if s.kind == "run"]
    assert runs == ["RUN echo [$V]", "RUN echo [1]"]
    assert result.image is not None and result.image.parent_ref == "alpine:3.19"


def test_env_uses_values_from_before_the_instruction() -> None:
    """``ENV abc=bye def=$abc`` sees the old abc; a later ENV sees the new one."""
    result = _image("FROM alpine:3.19\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n")
    assert result.image is not None
    env = dict(item.split("=", 1) for item in result.image.config.env)
    assert (env["abc"], env["def"], env["ghi"]) == ("bye", "hello", "bye")


def test_arg_to_env_follows_build_arg() -> None:
    """``ARG V`` + ``ENV V=$V`` carries a --build-arg into the image; a constant ENV ignores it."""
    result = _image("FROM alpine:3.19\nARG V=a\nENV V=$V\nENV C=const\n", build_args={"V": "b"})
    assert result.image is not None
    assert "V=b" in result.image.config.env and "C=const" in result.image.config.env


def test_config_instructions() -> None:
    """WORKDIR (relative joins), USER, EXPOSE with ${PORT}, VOLUME, LABEL, HEALTHCHECK, SHELL, ENTRYPOINT+CMD."""
    result = _image(
        'FROM alpine:3.19\nENV PORT=3000\nWORKDIR /a\nWORKDIR b\nUSER app\nEXPOSE ${PORT} 53/UDP\nVOLUME ["/data"]\n'
        'LABEL version="1.0" team=docs\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -q localhost || exit 1\n'
        'SHELL ["/bin/bash", "-c"]\nENTRYPOINT ["node"]\nCMD ["server.js"]\nSTOPSIGNAL SIGQUIT\n'
    )
    config = result.image.config if result.image else None
    assert config is not None
    assert config.workdir == "/a/b" and config.user == "app"
    assert config.exposed_ports == ["3000/tcp", "53/udp"] and config.volumes == ["/data"]
    assert config.labels == {"version": "1.0", "team": "docs"}
    assert config.healthcheck is not None and config.healthcheck["Test"] == ["CMD-SHELL", "wget -q localhost || exit 1"]
    assert config.healthcheck["Interval"] == 30.0 and config.healthcheck["Timeout"] == 3.0
    assert config.entrypoint == ["node"] and config.cmd == ["server.js"] and config.stop_signal == "SIGQUIT"
    assert config.shell == ["/bin/bash", "-c"]


def test_shell_changes_the_run_argv() -> None:
    """SHELL is the prefix of later shell-form RUNs (and part of their history text)."""
    result = _image('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo hi | cat\n')
    assert result.image is not None
    assert result.image.layers[-1].created_by == "RUN /bin/bash -o pipefail -c echo hi | cat # buildkit"


def test_run_history_lists_args_in_scope() -> None:
    """docker history shows ``RUN |N k=v …`` for the ARGs in scope, as BuildKit records it."""
    result = _image("FROM alpine:3.19\nARG A=1\nARG B=2\nRUN echo\n")
    assert result.image is not None
    assert result.image.layers[-1].created_by == "RUN |2 A=1 B=2 /bin/sh -c echo # buildkit"


def test_copy_from_stage_index_and_ordering_errors() -> None:
    """``--from=0`` names the first stage; naming a later stage fails as BuildKit says."""
    result = _image("FROM alpine:3.19\nRUN echo > /x\nFROM alpine:3.19\nCOPY --from=0 /x /x\n")
    assert [s.stage for s in result.steps if s.kind != "from"] == ["stage-0", "stage-1"]
    bad = build_api(new_engine(), from_files({}), "FROM alpine:3.19 AS a\nCOPY --from=b /x /x\nFROM alpine:3.19 AS b\n")
    assert 'cannot copy from stage "b", it needs to be defined before current stage "a"' in bad.error


@pytest.mark.parametrize(
    ("dockerfile", "message"),
    [
        ("FROM ${NOPE}\n", "base name (${NOPE}) should not be blank"),
        ("FROM Alpine\n", 'failed to parse stage name "Alpine": invalid reference format: repository name'),
        ("FROM alpine:3.19\nCOPY ${A:-x /x\n", "failed to process \"${A:-x\": syntax error: missing '}'"),
        ("FROM nosuchimage-xyz:1\n", "failed to resolve source metadata for docker.io/library/nosuchimage-xyz:1"),
        ("ARG A\n", "dockerfile contains no stages to build"),
        (
            "FROM --platform=$BULIDPLATFORM scratch\n",
            "empty platform value from expression $BULIDPLATFORM (did you mean BUILDPLATFORM?)",
        ),
        (
            "ARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n",
            'failed to parse platform linux/${MYARCH}: "" is an invalid component of "linux/": platform specifier '
            'component must match "^[A-Za-z0-9_.-]+$": invalid argument (did you mean MY_ARCH?)',
        ),
    ],
)
def test_plan_errors(dockerfile: str, message: str) -> None:
    """Resolution errors carry BuildKit's wording."""
    result = build_api(new_engine(), from_files({}), dockerfile, BuildOptions())
    assert not result.ok and message in result.error


def test_chown_change_reason(tmp_path: Path) -> None:
    """COPY --chown is part of the key: changing it misses with the old and new owner named."""
    engine = new_engine()
    root = write_tree(tmp_path, {"Dockerfile": "FROM alpine:3.19\nCOPY --chown=1000 a.txt /a\n", "a.txt": "a"})
    build(engine, root)
    (root / "Dockerfile").write_text("FROM alpine:3.19\nCOPY --chown=2000 a.txt /a\n")
    _, ctx = build(engine, root)
    assert step(ctx, "COPY")["reason"] == "--chown changed from 1000 to 2000"


def test_copy_from_rebuilt_stage_reason(tmp_path: Path) -> None:
    """A COPY --from whose source stage produced other files says so."""
    engine = new_engine()
    files = {"Dockerfile": "FROM alpine:3.19 AS b\nCOPY a.txt /a\nRUN echo\nFROM alpine:3.19\nCOPY --from=b /a /a\n",
             "a.txt": "1"}  # fmt: skip
    root = write_tree(tmp_path, files)
    build(engine, root)
    (root / "a.txt").write_text("2")
    _, ctx = build(engine, root)
    assert step(ctx, "COPY --from=b")["reason"] == "files copied from stage b changed"


def test_prune_and_usage() -> None:
    """The helpers for ``docker builder prune`` / ``system df`` report and empty the store."""
    engine = new_engine()
    build_api(engine, from_files({}), "FROM alpine:3.19\nRUN apk add --no-cache curl\n", BuildOptions())
    count, size = usage(engine.build_cache)
    assert count == 2 and size > 1_000_000
    ids, reclaimed = prune(engine.build_cache)
    assert len(ids) == 2 and reclaimed == size
    assert usage(engine.build_cache) == (0, 0)
