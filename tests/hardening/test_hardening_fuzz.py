"""Hostile inputs the property tests do not generate: 1 MB lines, 10,000-line Dockerfiles, NUL bytes,
lone surrogates, deeply nested $(…), YAML bombs, malformed JSON state, and a few hundred generated share
links through the browser's decoder. Each must end in a result or a clean error, within a time bound."""

from __future__ import annotations

import contextlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from dockersim import worker
from dockersim.build.parser import parse
from dockersim.compose.yaml import YAMLError, load_all
from dockersim.context import SimulatorError

from tests.hardening.fuzz_accounting import record

HOSTILE_LINES = [
    "docker run " + "a" * 1_000_000,
    "echo " + "x" * 1_000_000,
    "docker ps\x00 -a",
    "echo \x00\x00\x00",
    "docker run --name \ud800 nginx",
    "echo \udfff\ud800",
    "echo " + "$(" * 500 + "echo hi" + ")" * 500,
    "echo " + "$((" * 200 + "1" + "))" * 200,
    "echo " + "'" * 10_001,
    "echo " + '"' * 10_001,
    "echo " + "\\" * 100_001,
    "docker " + " ".join(["-D"] * 50_000) + " ps",
    "docker run " + " ".join(f"-e V{i}=x" for i in range(20_000)) + " nginx",
    ";" * 100_000,
    "|" * 10_000,
    "&&" * 10_000,
    "docker inspect --format '" + "{{" * 5_000 + "' x",
    "docker ps --format '{{" + "(" * 5_000 + "' ",
]


@pytest.fixture
def playground(tmp_path: Path) -> worker.Playground:
    """A fresh worker-side playground in a temporary folder."""
    return worker.Playground(tmp_path / "project", seed=1)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("line", HOSTILE_LINES, ids=range(len(HOSTILE_LINES)))
def test_hostile_shell_lines_end_in_an_exit_code(line: str, tmp_path: Path) -> None:
    """Through the worker's run handler: a reply (exit code or bad_request), never an escaped exception."""
    worker.handle(json.dumps({"id": 1, "type": "init", "payload": {"workdir": str(tmp_path / "p"), "seed": 1}}))
    reply = json.loads(worker.handle(json.dumps({"id": 2, "type": "run", "payload": {"line": line}})))
    record("shell")
    assert reply["id"] == 2
    if reply["ok"]:
        assert isinstance(reply["payload"]["exit_code"], int)
    else:
        assert reply["error"]["code"] in {"bad_request", "error", "simulator_error"}, reply


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine\n" + "RUN echo hi\n" * 10_000,
        "FROM alpine\n" + "".join(f"LABEL k{i}=v{i}\n" for i in range(10_000)),
        "FROM alpine\nRUN " + "a \\\n" * 10_000 + "b\n",
        "FROM alpine\nRUN echo " + "x" * 1_000_000 + "\n",
        "FROM alpine\x00\nRUN echo \x00\n",
        "FROM alpine\nRUN echo \ud800\udfff\n",
        "FROM alpine\nRUN <<EOF\n" + "line\n" * 10_000 + "EOF\n",
        "\ufeff# escape=`\nFROM alpine\nRUN echo `\n",
        "FROM " + "a" * 100_000,
    ],
    ids=[
        "10k-run",
        "10k-label",
        "10k-continuations",
        "1mb-line",
        "nul",
        "surrogates",
        "heredoc",
        "escape",
        "long-from",
    ],
)
def test_hostile_dockerfiles_parse_or_fail_cleanly(text: str) -> None:
    """The Dockerfile parser returns a result or a SimulatorError for huge and malformed files."""
    record("dockerfile")
    with contextlib.suppress(SimulatorError):
        parse(text)


BILLION_LAUGHS = (
    "a: &a ["
    + ",".join(["x"] * 10)
    + "]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9))
)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text",
    [
        BILLION_LAUGHS,
        "a: " + "[" * 10_000 + "]" * 10_000,
        "a: " + "{b: " * 5_000 + "c" + "}" * 5_000,
        "".join("  " * i + f"k{i}:\n" for i in range(2_000)),
        "services:\n  web:\n    image: \x00nginx\n",
        "services:\n  web:\n    image: \ud800\n",
        "x: " + "y" * 1_000_000,
        "- " * 10_000 + "x",
        "a: &a\n  b: *a\n",
    ],
    ids=[
        "billion-laughs",
        "deep-flow-seq",
        "deep-flow-map",
        "deep-block",
        "nul",
        "surrogate",
        "1mb",
        "deep-seq",
        "self-alias",
    ],
)
def test_yaml_bombs_and_depth_fail_cleanly(text: str) -> None:
    """The Compose YAML reader refuses bombs and absurd depth with YAMLError, never a RecursionError or hang."""
    record("compose-yaml")
    with contextlib.suppress(YAMLError):
        load_all(text)


MALFORMED_STATES: list[Any] = [
    None,
    [],
    "state",
    {"version": 1},
    {"version": 1, "session": None},
    {"version": 1, "session": {"engine": "x"}},
    {"version": 1, "session": {}, "files": {"../escape": "x"}},
    {"version": 1, "session": {}, "files": {"/abs": "x"}},
    {"version": 1, "session": {}, "files": {"a\x00b": "x"}},
    {"version": 1, "session": {}, "files": {"a": 7}},
    {"version": 1, "session": {}, "files": {f"f{i}": "" for i in range(600)}},
    {"version": 1, "session": {}, "variables": []},
    {"version": 1, "session": {"containers": [{"id": 1}] * 3}},
    {"version": 2**64},
    {"version": 1, "session": {"engine": {"containers": {"x": {"name": ["<img src=x>"]}}}}},
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("state", MALFORMED_STATES, ids=range(len(MALFORMED_STATES)))
def test_malformed_state_starts_fresh_with_a_notice(state: Any, tmp_path: Path) -> None:
    """init with a malformed saved state: a fresh playground and a notice (or a clean restore), never a crash."""
    record("state")
    request = {"id": 3, "type": "init", "payload": {"state": state, "workdir": str(tmp_path / "p"), "seed": 1}}
    reply = json.loads(worker.handle(json.dumps(request)))
    assert reply["ok"], reply
    assert reply["payload"]["restored"] or state is None or reply["payload"]["notice"]
    run = json.loads(worker.handle(json.dumps({"id": 4, "type": "run", "payload": {"line": "docker ps"}})))
    assert run["ok"] and run["payload"]["exit_code"] == 0
    assert not (tmp_path / "escape").exists()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "raw", ['{"id": 1, "type": "init", "payload": ', "\ud800", "[" * 100_000, '{"id": 1e999}', "\x00"]
)
def test_malformed_request_json_is_answered(raw: str) -> None:
    """Broken request JSON gets an ``ok: false`` reply, never an exception into JavaScript."""
    record("state")
    reply = json.loads(worker.handle(raw))
    assert reply["ok"] is False


def share_candidates(count: int) -> list[str]:
    """Generated ``#share=`` values: random base64url, damaged real links, wrong formats, odd characters."""
    rng = random.Random(20261128)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    found = ["", ".", "0.", "1.", "2.AAAA", "0.e30", "1.%%%", "0.\ud800", "1." + "A" * 70_000]
    while len(found) < count:
        kind = rng.randrange(5)
        body = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
        if kind == 0:
            found.append(f"{rng.choice('01')}.{body}")
        elif kind == 1:
            found.append(body)
        elif kind == 2:
            found.append(f"0.{body}" + rng.choice(["=", "+", "/", " ", "\n", "<", "é"]))
        elif kind == 3:
            found.append("".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(1, 60))))
        else:
            found.append(f"{rng.randrange(-5, 50)}.{body}")
    return found


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_share_decoder_survives_generated_links(page: Any, site_url: str) -> None:
    """A few hundred generated share values through share.js's decodeShare: each one decodes to a valid
    shape or rejects with an Error whose message is text; none hangs or throws something else."""
    candidates = share_candidates(400)
    page.goto(site_url)
    outcomes = page.evaluate(
        """async (candidates) => {
          const share = await import(new URL("assets/playground/share.js", document.baseURI));
          const seen = {decoded: 0, rejected: 0, odd: []};
          for (const text of candidates) {
            try {
              const data = await share.decodeShare(text);
              if (!Array.isArray(data.commands) || typeof data.files !== "object") seen.odd.push(text.slice(0, 40));
              seen.decoded += 1;
            } catch (error) {
              if (!(error instanceof Error) || typeof error.message !== "string" || !error.message) {
                seen.odd.push(String(error).slice(0, 80));
              }
              seen.rejected += 1;
            }
            share.shareFromHash("#share=" + text);
          }
          return seen;
        }""",
        candidates,
    )
    record("share-url", len(candidates))
    assert outcomes["odd"] == []
    assert outcomes["decoded"] + outcomes["rejected"] == len(candidates)
