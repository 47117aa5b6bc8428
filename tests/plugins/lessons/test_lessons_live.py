"""Recorded answers are what the live engine prints: every block of the notes, opened through the worker's
contract (lesson_open, then run with scratch) as the browser does, answers exactly as the build recorded.
The browser test does the same under Pyodide (tests/plugins/playground)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from docker_notes.lessons.model import read_page
from docker_notes.lessons.plan import plan_page
from docker_notes.lessons.record import record_lessons
from dockersim import worker
from dockersim.lessons import machine_lock

DOCS = Path(__file__).resolve().parents[3] / "docs"
PAGES = ("beginner.md", "intermediate.md", "advanced.md", "summary.md")


@pytest.fixture(autouse=True)
def _alone_in_the_lessons_folder() -> Iterator[None]:
    """Lessons opened through the worker live in the machine's one lessons folder: no other process (a site
    build, another test worker) remakes it meanwhile (dockersim.lessons.machine_lock)."""
    with machine_lock():
        yield


def _request(kind: str, payload: dict) -> dict:
    reply = json.loads(worker.handle(json.dumps({"id": 1, "type": kind, "payload": payload})))
    assert reply["ok"], reply
    return reply["payload"]


def test_every_block_live_equals_recorded() -> None:
    _request("init", {})
    mismatches = []
    for page in PAGES:
        model = read_page(page, (DOCS / page).read_text(encoding="utf-8"))
        plans = plan_page(model, DOCS)
        for plan, recording in zip(plans, record_lessons([p.lesson_json() for p in plans]), strict=True):
            _request("lesson_open", {"lesson": plan.lesson_json()})
            for answer in recording["answers"]:
                if answer["live"]:
                    break  # a session or a stream: the reader drives it, the live engine alone answers it
                live = _request("run", {"line": answer["line"], "scratch": plan.key})
                if any(live[name] != answer[name] for name in ("stdout", "stderr", "exit_code")):
                    mismatches.append(f"{plan.key}: {answer['line']}")
            _request("lesson_close", {"key": plan.key})
    assert not mismatches, mismatches


def test_replayed_lines_continue_where_the_recording_stopped() -> None:
    """After answering two lines from the recording, the live engine opened with them replayed is in the
    state the reader saw: the third line's answer is the recorded one."""
    _request("init", {})
    model = read_page("beginner.md", (DOCS / "beginner.md").read_text(encoding="utf-8"))
    plan = next(p for p in plan_page(model, DOCS) if p.key == "beginner-7")
    recording = record_lessons([plan.lesson_json()])[0]
    lines = [answer["line"] for answer in recording["answers"]]
    _request("lesson_open", {"lesson": plan.lesson_json(), "replay": lines[:2]})
    live = _request("run", {"line": lines[2], "scratch": plan.key})
    assert live["stdout"] == recording["answers"][2]["stdout"]
