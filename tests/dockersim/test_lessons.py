"""Scratch lessons: a Try it block's own engine, deterministic, bounded, never the reader's playground."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from dockersim import worker
from dockersim.lessons import MAX_OPEN, Lesson, LessonError, LessonRegistry, machine_lock, record


@pytest.fixture(autouse=True)
def _alone_in_the_lessons_folder() -> Iterator[None]:
    """Lessons opened through the worker live in the machine's one lessons folder: no other process (a site
    build, another test worker) remakes it meanwhile (dockersim.lessons.machine_lock)."""
    with machine_lock():
        yield


DOCKERFILE = 'FROM alpine\nCMD ["echo", "hello from the lesson"]\n'


def _lesson(key: str = "test-lesson", **extra: object) -> Lesson:
    data = {"key": key, "files": {"Dockerfile": DOCKERFILE}, "setup": ["docker build -q -t my-app ."]}
    data.update(extra)
    return Lesson.from_json(data)


def test_record_runs_setup_then_lines_in_a_fresh_folder() -> None:
    """The set-up builds the section's image, so the block's `docker run my-app` finds it."""
    recording = record(_lesson(lines=["docker run my-app", "ls"]))
    assert [answer["exit_code"] for answer in recording["setup"]] == [0]
    run, listing = recording["answers"]
    assert run["stdout"] == "hello from the lesson\n"
    assert listing["stdout"].split() == ["Dockerfile"]


def test_recording_is_deterministic() -> None:
    """Two runs of one lesson print the same IDs and times: a recorded answer is what the live engine prints."""
    lesson = _lesson(lines=["docker run -d --name web nginx", "docker ps", "docker images"])
    assert record(lesson) == record(lesson)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"key": ""},
        {"key": "x" * 81},
        {"key": "k", "files": {"../escape": "x"}},
        {"key": "k", "files": {"/abs": "x"}},
        {"key": "k", "files": {"a": 1}},
        {"key": "k", "setup": "docker ps"},
        {"key": "k", "lines": ["docker ps"] * 65},
    ],
)
def test_bad_lessons_are_refused(data: object) -> None:
    with pytest.raises(LessonError):
        Lesson.from_json(data)


def test_registry_keeps_a_bounded_number_of_lessons() -> None:
    registry = LessonRegistry()
    for index in range(MAX_OPEN + 2):
        registry.open(_lesson(f"lesson-{index}"))
    with pytest.raises(LessonError):
        registry.get("lesson-0")
    assert registry.get(f"lesson-{MAX_OPEN + 1}") is not None


def _handle(kind: str, payload: dict[str, object], request_id: int = 1) -> dict[str, object]:
    return json.loads(worker.handle(json.dumps({"id": request_id, "type": kind, "payload": payload})))


def test_worker_runs_a_lesson_apart_from_the_playground() -> None:
    """`run` with `scratch` goes to the lesson's engine; the reader's playground sees none of it."""
    _handle("init", {"seed": 1})
    lesson = _lesson(lines=["docker run my-app"])
    spec = {"key": lesson.key, "files": dict(lesson.files), "setup": list(lesson.setup)}
    opened = _handle("lesson_open", {"lesson": spec})
    assert opened["ok"], opened
    reply = _handle("run", {"line": "docker images --format '{{.Repository}}'", "scratch": lesson.key})
    assert reply["ok"] and "my-app" in reply["payload"]["stdout"]
    assert "changes" not in reply["payload"]
    mine = _handle("run", {"line": "docker images --format '{{.Repository}}'"})
    assert "my-app" not in mine["payload"]["stdout"]
    unknown = _handle("run", {"line": "docker ps", "scratch": "never-opened"})
    assert unknown["ok"] is False and unknown["error"]["code"] == "bad_request"


def test_a_session_is_recorded_as_live_and_left_as_a_reader_leaves_it() -> None:
    """`docker run -it ubuntu bash` keeps running: only the live engine answers it; the recording ends it
    with exit (Ctrl+D), so the next line finds the container exited."""
    recording = record(Lesson.from_json({"key": "session", "lines": ["docker run -it ubuntu bash", "docker ps -a"]}))
    session, listing = recording["answers"]
    assert session["live"] and not listing["live"]
    assert "Exited (0)" in listing["stdout"]


def test_a_replayed_answer_is_the_readers() -> None:
    """A Try it reopened after a worker restart replays what the reader typed while a line ran: a prune they
    answered `y` prunes again (a bare line is left as a reader leaves it: Ctrl+D, a No)."""
    lesson = _lesson("replay-answer", setup=["docker run --name gone alpine true"])
    registry = LessonRegistry()
    answered = registry.open(lesson, [{"line": "docker container prune", "events": [["input", "y\n"]]}])
    assert "Deleted Containers:" in answered["replayed"][0]["stdout"]
    assert registry.get(lesson.key).shell.run("docker ps -aq").stdout == ""
    left = registry.open(lesson, ["docker container prune"])
    assert "Deleted Containers:" not in left["replayed"][0]["stdout"]
    assert registry.get(lesson.key).shell.run("docker ps -aq").stdout != ""


@pytest.mark.parametrize(
    "replay",
    [[{"line": 1}], [{"line": "ls", "events": [["type", "x"]]}], [{"line": "ls", "events": [["input"]]}], "ls"],
)
def test_bad_replays_are_refused(replay: object) -> None:
    with pytest.raises(LessonError):
        LessonRegistry().open(_lesson("replay-bad"), replay)  # type: ignore[arg-type]
