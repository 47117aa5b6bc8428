"""Scratch playgrounds for the notes' Try it blocks: one per block, made from the block's own set-up.

A lesson never touches the reader's playground. :func:`open_lesson` builds a fresh :class:`Playground` in its
own folder, with a seed of its own (so IDs, names and times are the same on every run), writes the block's
build context, and replays its set-up steps quietly; :func:`record` then runs the block's lines and keeps
what each printed. The site's build records every block under CPython (the answers a reader sees before the
engine has started), the browser's worker opens the same lesson under Pyodide: same code, same seed, same
folder, hence the same output.
"""

from __future__ import annotations

import sys
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

#: Where scratch playgrounds live, in Pyodide's memory and on the build machine alike (outputs name it).
LESSONS_ROOT = Path("/tmp/dockersim-lessons")
#: Scratch playgrounds a worker keeps at once (the least recently used goes first).
MAX_OPEN = 8
#: Bounds on what a lesson may carry.
MAX_FILES = 64
MAX_FILE_CHARS = 200_000
MAX_STEPS = 64
MAX_KEY_CHARS = 80
#: The mode of a lesson's files, whatever the file system's umask.
FILE_MODE = 0o644


_MACHINE_LOCK = threading.RLock()
_machine_depth = 0


@contextmanager
def machine_lock() -> Iterator[None]:
    """One user of :data:`LESSONS_ROOT` at a time on this machine (re-entrant within a process).

    Lessons share one folder because their outputs name it, so two processes recording at once (a site
    build and tests, or two test workers) would remake each other's scratch folders. In the browser each
    worker has a file system of its own: nothing to lock there.
    """
    global _machine_depth
    if sys.platform == "emscripten":
        yield
        return
    import fcntl

    with _MACHINE_LOCK:
        handle = None
        if _machine_depth == 0:
            LESSONS_ROOT.parent.mkdir(parents=True, exist_ok=True)
            handle = (LESSONS_ROOT.parent / "dockersim-lessons.lock").open("w")
            fcntl.flock(handle, fcntl.LOCK_EX)
        _machine_depth += 1
        try:
            yield
        finally:
            _machine_depth -= 1
            if handle is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()


class LessonError(ValueError):
    """A lesson spec that does not follow the contract."""


@dataclass(frozen=True)
class Lesson:
    """What one Try it block needs: files to write, set-up lines to replay, its own lines."""

    key: str
    files: Mapping[str, str] = field(default_factory=dict)
    setup: Sequence[str] = ()
    lines: Sequence[str] = ()

    @property
    def seed(self) -> int:
        """The block's own seed: the same IDs and names on every run of this lesson."""
        return zlib.crc32(self.key.encode("utf-8"))

    @property
    def folder(self) -> Path:
        """The scratch working directory (the key made safe for a path)."""
        safe = "".join(char if char.isalnum() or char in "-_." else "-" for char in self.key).strip(".-")
        return LESSONS_ROOT / (safe or "lesson")

    @classmethod
    def from_json(cls, data: Any) -> Lesson:
        """A lesson from the page's JSON (checked: types, counts, sizes, paths)."""
        if not isinstance(data, dict):
            raise LessonError("a lesson is an object")
        key = data.get("key")
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_CHARS:
            raise LessonError(f"a lesson needs a 'key' of 1 to {MAX_KEY_CHARS} characters")
        files = data.get("files") or {}
        setup = data.get("setup") or []
        lines = data.get("lines") or []
        if not isinstance(files, dict) or len(files) > MAX_FILES:
            raise LessonError(f"a lesson's 'files' is an object of at most {MAX_FILES} files")
        for name, content in files.items():
            _check_path(name)
            if not isinstance(content, str) or len(content) > MAX_FILE_CHARS:
                raise LessonError(f"{name}: a lesson file is text of at most {MAX_FILE_CHARS} characters")
        for steps, what in ((setup, "setup"), (lines, "lines")):
            if not isinstance(steps, list) or len(steps) > MAX_STEPS or not all(isinstance(s, str) for s in steps):
                raise LessonError(f"a lesson's '{what}' is a list of at most {MAX_STEPS} lines")
        return cls(key, dict(files), tuple(setup), tuple(lines))


def _check_path(name: Any) -> None:
    """A relative path that stays inside the lesson's folder."""
    if not isinstance(name, str) or not name or "\x00" in name or "\\" in name:
        raise LessonError(f"{name!r}: not a file name")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(name) > 255:
        raise LessonError(f"{name}: lesson files stay inside the lesson's folder")


@dataclass
class Answer:
    """One line run in a lesson: what it printed (in order) and its exit code.

    ``live`` marks a line that keeps running (an ``-it`` session, a foreground ``docker run``, ``logs -f``):
    a reader drives it (types in it, presses Ctrl+C), so only the live engine can answer it; its ``chunks``
    are what it printed before waiting, and the recording then ends it as a reader would.
    """

    line: str
    chunks: list[tuple[str, str]]
    exit_code: int
    live: bool = False

    def to_json(self) -> dict[str, Any]:
        """The answer as the worker's ``run`` reply shapes it (plus the line)."""
        return {
            "line": self.line,
            "chunks": [[stream, text] for stream, text in self.chunks],
            "stdout": "".join(text for stream, text in self.chunks if stream == "stdout"),
            "stderr": "".join(text for stream, text in self.chunks if stream == "stderr"),
            "exit_code": self.exit_code,
            "live": self.live,
        }


def _new_playground(lesson: Lesson) -> Any:
    from dockersim.worker import Playground

    folder = lesson.folder
    playground = Playground(folder, lesson.seed, live=True)
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    for name, content in sorted(lesson.files.items()):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        # As a checkout leaves them: the build's cache keys hold each file's mode, and Pyodide's file system
        # would otherwise give 0666 where the build machine's umask gives 0644.
        target.chmod(FILE_MODE)
    return playground


def run_line(playground: Any, line: str, events: Sequence[tuple[str, str]] = ()) -> Answer:
    """Run one shell line in a playground and keep its output; a line that keeps running gets ``events`` (what
    the reader typed, ``("input", text)``, and pressed, ``("signal", "INT")``, in order: a replayed ``[y/N]``
    answer is the reader's), then is ended as a reader leaves it (:func:`end_job`) so the next line finds the
    state it would."""
    result = playground.shell.run(line)
    chunks = list(result.chunks)
    job = playground.session.take_job()
    if job is None:
        return Answer(line, chunks, result.exit_code)
    chunks += job.take()
    if job.done:
        return Answer(line, chunks, job.exit_code or 0)
    for kind, value in events:
        if job.done:
            break
        chunks += job.feed(value) if kind == "input" else job.signal(value)
    if not job.done:
        end_job(job)
    return Answer(line, chunks, job.exit_code or 0, live=True)


#: Most input events one replayed line carries.
MAX_EVENTS = 64


def replay_steps(replay: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """``lesson_open``'s ``replay``: each line a string, or ``{"line", "events": [["input", text] |
    ["signal", name]]}`` with what the reader typed and pressed while it ran."""
    if not isinstance(replay, list) or len(replay) > MAX_STEPS:
        raise LessonError(f"'replay' is a list of at most {MAX_STEPS} lines")
    steps: list[tuple[str, list[tuple[str, str]]]] = []
    for item in replay:
        if isinstance(item, str):
            steps.append((item, []))
            continue
        line = item.get("line") if isinstance(item, dict) else None
        events = item.get("events", []) if isinstance(item, dict) else None
        if not isinstance(line, str) or not isinstance(events, list) or len(events) > MAX_EVENTS:
            raise LessonError(f"a replayed line is a string or {{'line', 'events'}} with at most {MAX_EVENTS} events")
        checked: list[tuple[str, str]] = []
        for event in events:
            ok = isinstance(event, list) and len(event) == 2 and all(isinstance(part, str) for part in event)
            if not ok or event[0] not in ("input", "signal") or len(event[1]) > MAX_FILE_CHARS:
                raise LessonError("a replayed event is ['input', text] or ['signal', name]")
            checked.append((event[0], event[1]))
        steps.append((line, checked))
    return steps


def end_job(job: Any) -> None:
    """End a command that keeps running as a reader does: ``exit`` (Ctrl+D) for a session that reads input,
    Ctrl+C for a stream or an attached container (three times: docker's client gives up at the third when the
    container ignores the signal)."""
    for signal in ("EOF", "INT", "DETACH") if job.reads_input else ("INT", "INT", "INT", "EOF", "DETACH"):
        if job.done:
            return
        job.signal(signal)
    if not job.done:
        job.finish(130)


def open_playground(lesson: Lesson) -> tuple[Any, list[Answer]]:
    """A fresh playground with the lesson's files written and its set-up replayed; the set-up's answers."""
    playground = _new_playground(lesson)
    return playground, [run_line(playground, line) for line in lesson.setup]


def record(lesson: Lesson) -> dict[str, Any]:
    """Everything a reader would see: the set-up's answers and each line's, run in a fresh playground."""
    with machine_lock():
        playground, setup = open_playground(lesson)
        answers = [run_line(playground, line) for line in lesson.lines]
    return {
        "key": lesson.key,
        "setup": [answer.to_json() for answer in setup],
        "answers": [answer.to_json() for answer in answers],
    }


class LessonRegistry:
    """The scratch playgrounds a worker holds, by key (at most :data:`MAX_OPEN`, least recently used out)."""

    def __init__(self) -> None:
        self._open: OrderedDict[str, Any] = OrderedDict()

    def open(self, lesson: Lesson, replay: Sequence[Any] = ()) -> dict[str, Any]:
        """(Re)make a lesson's playground: files, set-up, then the lines already run, each with what the reader
        typed and pressed while it ran (:func:`replay_steps`)."""
        steps = replay_steps(list(replay) if isinstance(replay, tuple) else replay)
        playground, setup = open_playground(lesson)
        replayed = [run_line(playground, line, events) for line, events in steps]
        self._open[lesson.key] = playground
        self._open.move_to_end(lesson.key)
        while len(self._open) > MAX_OPEN:
            self._open.popitem(last=False)
        return {
            "key": lesson.key,
            "setup": [answer.to_json() for answer in setup],
            "replayed": [answer.to_json() for answer in replayed],
        }

    def get(self, key: Any) -> Any:
        """The open playground of ``key``, or :class:`LessonError` (the page opens it again)."""
        if not isinstance(key, str) or key not in self._open:
            raise LessonError(f"no open lesson {key!r}: open it first")
        self._open.move_to_end(key)
        return self._open[key]

    def close(self, key: Any) -> None:
        """Forget a lesson's playground (its folder is emptied when it is opened again)."""
        if isinstance(key, str):
            self._open.pop(key, None)
