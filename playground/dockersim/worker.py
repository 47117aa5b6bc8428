"""The one entry point the browser's Web Worker calls: JSON request in, JSON reply out.

The contract is written down in ``playground/WORKER.md``. Every request gets a reply with its ``id``;
failures come back as data (``ok: false``), never as an exception crossing into JavaScript.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dockersim import __version__
from dockersim.completion import complete
from dockersim.context import SimulatorError
from dockersim.folderfiles import FolderFiles
from dockersim.hostfile import make_dirs, remove_tree
from dockersim.lessons import Lesson, LessonError, LessonRegistry
from dockersim.live.clock import WallClock
from dockersim.live.job import SIGNALS, Chunks, Job
from dockersim.session import Session
from dockersim.shell import Shell
from dockersim.shell.workspace import NAME_MAX, too_long
from dockersim.statesync import StateTracker, pack, unpack
from dockersim.textsafe import may_hold_surrogates, scrub_data

#: Version of the saved playground state; older or unknown versions are reset with a notice.
STATE_VERSION = 1
#: Default working directory in Pyodide's in-memory filesystem.
DEFAULT_WORKDIR = Path("/home/pyodide/project")
#: Limits on what a saved state or a file write may hold.
MAX_FILES = 500
MAX_FILE_CHARS = 1_000_000
MAX_LINE_CHARS = 2_000_000


class BadRequestError(Exception):
    """A request that does not follow the contract."""


class Playground:
    """One simulator session, its shell and its working directory, for the whole visit."""

    def __init__(
        self, workdir: Path, seed: int | None = None, wall: Callable[[], float] | None = None, *, live: bool = False
    ) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        #: The folder's files, read back only where Python changed something (a walk costs the folder's depth³).
        self.folder = FolderFiles(workdir)
        self.session = Session(seed=seed, cwd=workdir, env={"HOME": "/home/reader", "USER": "reader"})
        #: Commands may keep running (the reader's playground; a lesson's records outputs at once).
        self.live = live
        self.session.live = live
        self.shell = Shell(self.session, workdir)
        #: Commands still running (attached runs, ``logs -f``, ``-it`` sessions), by the id of their ``run``.
        self.jobs: dict[Any, Job] = {}
        #: The wall clock the engine's clock follows (the browser's), or None (tests: deterministic).
        self.wall = wall
        self.clock = WallClock(wall) if wall is not None else None

    def follow_wall_clock(self) -> None:
        """Let the engine's clock catch up with real time (:class:`dockersim.live.clock.WallClock`)."""
        if self.clock is not None:
            self.clock.follow(self.session.engine)

    # state ------------------------------------------------------------------------------------

    def state(self, *, records: bool = True) -> dict[str, Any]:
        """Everything needed to restore the playground: engine, files, shell variables (without ``records``,
        all but the engine's record tables, which :class:`StateTracker` reads itself)."""
        return {
            "version": STATE_VERSION,
            "session": self.session.to_dict(records=records),
            "files": self.files(),
            "variables": dict(self.shell.variables),
        }

    def restore(self, state: Any) -> None:
        """Load a saved state; raises :class:`SimulatorError` when it is not one we can use."""
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            found = state.get("version") if isinstance(state, dict) else type(state).__name__
            raise SimulatorError(f"saved playground state has version {found!r}, this site uses {STATE_VERSION}")
        state = unpack(state)  # the page keeps the engine's tables keyed by id (statesync.pack)
        session = Session.from_dict(state.get("session"), cwd=self.workdir)
        files = state.get("files", {})
        variables = state.get("variables", {})
        if not isinstance(files, dict) or not isinstance(variables, dict):
            raise SimulatorError("saved playground state is malformed")
        self._replace_files(files)
        self.session = session
        self.session.env = {"HOME": "/home/reader", "USER": "reader"}
        self.session.live = self.live
        self.jobs.clear()
        self.clock = WallClock(self.wall) if self.wall is not None else None
        self.shell = Shell(self.session, self.workdir, {str(k): str(v) for k, v in variables.items()})

    # files ------------------------------------------------------------------------------------

    def files(self) -> dict[str, str]:
        """The working directory's files, by relative path (sorted; at most :data:`MAX_FILES`).

        Read after every command that may change the state: :class:`FolderFiles` walks the folder once and
        then reads back only the files Python wrote, renamed or removed since.
        """
        return self.folder.files(MAX_FILES)

    def path_of(self, name: Any) -> Path:
        """A path inside the working directory, or :class:`BadRequestError`."""
        if not isinstance(name, str) or not name.strip() or "\x00" in name:
            raise BadRequestError("a file name is required")
        if too_long(name):  # the browser's filesystem has no limit: a longer name would break saving and builds
            raise BadRequestError(f"{name[:60]}…: File name too long (at most {NAME_MAX} bytes a name)")
        path = (self.workdir / name).resolve()
        if path == self.workdir.resolve() or self.workdir.resolve() not in path.parents:
            raise BadRequestError(f"{name}: files must stay inside the playground's folder")
        return path

    def write_file(self, name: Any, content: Any) -> None:
        """Create or replace a file (folders are created as needed)."""
        if not isinstance(content, str) or len(content) > MAX_FILE_CHARS:
            raise BadRequestError(f"file content must be text of at most {MAX_FILE_CHARS} characters")
        if len(self.files()) >= MAX_FILES and not self.path_of(name).exists():
            raise BadRequestError(f"the playground holds at most {MAX_FILES} files")
        path = self.path_of(name)
        make_dirs(path.parent)  # without recursion: a folder may be 1,000 deep
        path.write_text(content, encoding="utf-8")

    def _replace_files(self, files: dict[Any, Any]) -> None:
        if len(files) > MAX_FILES:
            raise SimulatorError("saved playground state holds too many files")
        checked = [(self.path_of(name), content) for name, content in files.items()]
        if not all(isinstance(content, str) for _, content in checked):
            raise SimulatorError("saved playground state is malformed")
        # Everything is checked before the folder is emptied: a state that cannot be used changes nothing.
        for path in list(self.workdir.iterdir()):  # without recursion: a folder may be 1,000 deep
            remove_tree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        for path, content in checked:
            make_dirs(path.parent)
            path.write_text(content, encoding="utf-8")
        self.folder.rewritten([str(name) for name in files])


_PLAYGROUND: Playground | None = None
#: What the page knows of the state; kept across resets so revisions only move forward in one worker.
_TRACKER = StateTracker()
Handler = Callable[[Playground, dict[str, Any]], dict[str, Any]]


def _run(playground: Playground, payload: dict[str, Any], request_id: Any = None) -> dict[str, Any]:
    line = payload.get("line")
    if not isinstance(line, str):
        raise BadRequestError("run needs a 'line' string")
    if len(line) > MAX_LINE_CHARS:
        raise BadRequestError(f"the line is longer than {MAX_LINE_CHARS} characters")
    columns = payload.get("columns")
    if isinstance(columns, int) and not isinstance(columns, bool) and 20 <= columns <= 1000:
        playground.session.columns = columns  # the terminal's width, for ls's columns
    playground.follow_wall_clock()
    result = playground.shell.run(line)
    job = playground.session.take_job()
    chunks = [(stream, text) for stream, text in result.chunks]
    if job is not None and job.done:
        return _output(chunks, job.exit_code, result.data)
    if job is not None:
        playground.jobs[request_id] = job
        return _output(chunks, None, result.data, job)
    return _output(chunks, result.exit_code, result.data)


def _output(chunks: Chunks, exit_code: int | None, data: dict[str, Any], job: Job | None = None) -> dict[str, Any]:
    """The reply of ``run``, ``poll``, ``input`` and ``signal``: output, then the status or ``live``."""
    reply: dict[str, Any] = {
        "chunks": [[stream, text] for stream, text in chunks],
        "stdout": "".join(text for stream, text in chunks if stream == "stdout"),
        "stderr": "".join(text for stream, text in chunks if stream == "stderr"),
        "exit_code": exit_code,
        "data": data,
    }
    if job is not None and not job.done:
        reply["live"] = {"prompt": job.prompt, "input": job.reads_input, "detach": job.detachable}
        frame = getattr(job, "frame", None)
        if frame is not None:  # a table redrawn in place (docker stats)
            reply["live"]["frame"] = frame
    return reply


def _job_of(playground: Playground, payload: dict[str, Any]) -> tuple[Any, Job]:
    of = payload.get("of")
    job = playground.jobs.get(of)
    if job is None:
        raise BadRequestError(f"no command started by request {of!r} is running")
    return of, job


def _drive(playground: Playground, of: Any, job: Job, chunks: Chunks) -> dict[str, Any]:
    if job.done:
        del playground.jobs[of]
        return _output(chunks, job.exit_code, {})
    return _output(chunks, None, {}, job)


def _poll(playground: Playground, payload: dict[str, Any], _: Any) -> dict[str, Any]:
    of, job = _job_of(playground, payload)
    playground.follow_wall_clock()
    return _drive(playground, of, job, job.poll())


def _input(playground: Playground, payload: dict[str, Any], _: Any) -> dict[str, Any]:
    of, job = _job_of(playground, payload)
    text = payload.get("text")
    if not isinstance(text, str) or len(text) > MAX_LINE_CHARS:
        raise BadRequestError(f"input needs a 'text' string of at most {MAX_LINE_CHARS} characters")
    playground.follow_wall_clock()
    return _drive(playground, of, job, job.poll() + job.feed(text))


def _signal(playground: Playground, payload: dict[str, Any], _: Any) -> dict[str, Any]:
    of, job = _job_of(playground, payload)
    name = payload.get("signal")
    if name not in SIGNALS:
        raise BadRequestError(f"signal must be one of {', '.join(SIGNALS)}")
    playground.follow_wall_clock()
    return _drive(playground, of, job, job.poll() + job.signal(name))


def _complete(playground: Playground, payload: dict[str, Any]) -> dict[str, Any]:
    line = payload.get("line", "")
    cursor = payload.get("cursor")
    if not isinstance(line, str) or (cursor is not None and not isinstance(cursor, int)):
        raise BadRequestError("complete needs a 'line' string and an integer 'cursor'")
    found = complete(playground.session, line[:MAX_LINE_CHARS], cursor)
    return {"start": found.start, "candidates": found.candidates}


def _explain(playground: Playground, payload: dict[str, Any]) -> dict[str, Any]:
    from dockersim.cli.explain import explain

    line = payload.get("line")
    if not isinstance(line, str):
        raise BadRequestError("explain needs a 'line' string")
    return explain(line[:MAX_LINE_CHARS])


def _lint(playground: Playground, payload: dict[str, Any]) -> dict[str, Any]:
    """Lint the Dockerfile at ``path``, or the unsaved ``text`` an editor holds for it."""
    from dockersim.build.context import from_directory
    from dockersim.build.lint import lint_text

    path = playground.path_of(payload.get("path", "Dockerfile"))
    text = payload.get("text")
    if text is None:
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    if not isinstance(text, str) or len(text) > MAX_FILE_CHARS:
        raise BadRequestError(f"lint needs Dockerfile text of at most {MAX_FILE_CHARS} characters")
    findings = lint_text(text, from_directory(playground.workdir, path))
    return {"findings": [finding.to_dict() for finding in findings]}


def _files_reply(playground: Playground, _: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"files": playground.files()}


def _write(playground: Playground, payload: dict[str, Any]) -> dict[str, Any]:
    playground.write_file(payload.get("path"), payload.get("content"))
    return _files_reply(playground)


def _delete(playground: Playground, payload: dict[str, Any]) -> dict[str, Any]:
    path = playground.path_of(payload.get("path"))
    if not path.is_file():
        raise BadRequestError(f"{payload.get('path')}: no such file")
    path.unlink()
    return _files_reply(playground)


def _rename(playground: Playground, payload: dict[str, Any]) -> dict[str, Any]:
    source, target = playground.path_of(payload.get("path")), playground.path_of(payload.get("to"))
    if not source.is_file():
        raise BadRequestError(f"{payload.get('path')}: no such file")
    if target.exists():
        raise BadRequestError(f"{payload.get('to')}: a file with that name exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    source.rename(target)
    return _files_reply(playground)


def _whole_state(playground: Playground) -> dict[str, Any]:
    """The full state and its revision: the page's mirror starts again from it."""
    state = pack(playground.state())
    return {"state": state, "revision": _TRACKER.baseline(state, playground.session.engine)}


def _state(playground: Playground, _: dict[str, Any]) -> dict[str, Any]:
    return _whole_state(playground)


def _reset(playground: Playground, payload: dict[str, Any]) -> dict[str, Any]:
    global _PLAYGROUND
    seed = payload.get("seed") if isinstance(payload.get("seed"), int) else None
    fresh = Playground(playground.workdir, seed=seed, wall=playground.wall, live=playground.live)
    if payload.get("state") is None:
        fresh._replace_files({})
    else:
        fresh.restore(payload["state"])  # raises before touching the folder when the state is unusable
    _PLAYGROUND = fresh
    return _whole_state(fresh)


#: Requests about commands that may keep running; they know the request's id (a job's name).
LIVE_HANDLERS: dict[str, Callable[[Playground, dict[str, Any], Any], dict[str, Any]]] = {
    "run": _run,
    "poll": _poll,
    "input": _input,
    "signal": _signal,
}
HANDLERS: dict[str, Handler] = {
    "complete": _complete,
    "explain": _explain,
    "lint": _lint,
    "files": _files_reply,
    "write_file": _write,
    "delete_file": _delete,
    "rename_file": _rename,
    "state": _state,
    "reset": _reset,
}
#: Requests that may name a Try it block's scratch playground (``"scratch": key``): never saved, no ``changes``.
SCRATCH_HANDLERS = frozenset({"run", "poll", "input", "signal", "complete", "explain"})
#: The Try it blocks' scratch playgrounds. Imported at start-up, so in the snapshot (it adds only itself): a
#: block's live engine opens without the rest archive.
_LESSONS = LessonRegistry()


def _lesson_open(payload: dict[str, Any]) -> dict[str, Any]:
    return _LESSONS.open(Lesson.from_json(payload.get("lesson")), payload.get("replay") or [])


def _lesson_close(payload: dict[str, Any]) -> dict[str, Any]:
    _LESSONS.close(payload.get("key"))
    return {}


LESSON_HANDLERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "lesson_open": _lesson_open,
    "lesson_close": _lesson_close,
}
#: Requests that may change the state: their replies carry ``changes`` (a diff, or None).
CHANGING = frozenset({"run", "poll", "input", "signal", "write_file", "delete_file", "rename_file"})


def _init(payload: dict[str, Any]) -> dict[str, Any]:
    global _PLAYGROUND
    workdir = Path(payload["workdir"]) if isinstance(payload.get("workdir"), str) else DEFAULT_WORKDIR
    seed = payload.get("seed") if isinstance(payload.get("seed"), int) else None
    wall = time.time if payload.get("clock") == "wall" else None
    playground = Playground(workdir, seed, wall, live=True)
    notice = ""
    restored = False
    if payload.get("state") is not None:
        try:
            playground.restore(payload["state"])
            restored = True
        except (SimulatorError, BadRequestError, KeyError, TypeError, ValueError) as error:
            playground = Playground(workdir, seed, wall, live=True)
            playground._replace_files({})
            message = error.message if isinstance(error, SimulatorError) else str(error)
            notice = f"Your saved playground could not be restored ({message}); it starts fresh."
    _PLAYGROUND = playground
    return {"restored": restored, "notice": notice, "version": __version__, **_whole_state(playground)}


def handle(request_json: str, changes_later: bool = False) -> str:
    """Answer one request of the worker contract; never raises.

    With ``changes_later``, a request that may change the state is answered without its ``changes``; the
    reply says ``"changes_follow": true`` and :func:`changes` gives them. The browser's worker posts the
    output first and the diff right after it: a command's output waits for the command only.
    """
    request_id: Any = None
    try:
        request = json.loads(request_json)
        if may_hold_surrogates(request_json):  # a lone "\ud800" in a line would break the files it reaches
            request = scrub_data(request)
        if not isinstance(request, dict):
            raise BadRequestError("a request is a JSON object")
        request_id = request.get("id")
        kind = request.get("type")
        payload = request.get("payload") or {}
        if not isinstance(payload, dict):
            raise BadRequestError("payload must be an object")
        if kind == "init":
            reply = _init(payload)
        elif kind in LESSON_HANDLERS:
            _initialised()
            reply = LESSON_HANDLERS[kind](payload)
        elif kind in SCRATCH_HANDLERS and payload.get("scratch") is not None:
            lesson = _LESSONS.get(payload["scratch"])
            if kind in LIVE_HANDLERS:
                reply = LIVE_HANDLERS[kind](lesson, payload, request_id)
            else:
                reply = HANDLERS[kind](lesson, payload)
        elif kind in HANDLERS or kind in LIVE_HANDLERS:
            playground = _initialised()
            if kind in LIVE_HANDLERS:
                reply = LIVE_HANDLERS[kind](playground, payload, request_id)
            else:
                reply = HANDLERS[kind](playground, payload)
            if kind in LIVE_HANDLERS and (kind != "run" or "live" in reply):
                _TRACKER.drove(started=kind == "run")  # the records it holds may have changed (statesync.py)
            if "live" in reply:
                # A partial reply: what the reader's line changed comes with it; a poll carries no diff.
                if kind != "poll":
                    reply["changes"] = _diff(playground)
            elif kind in CHANGING and changes_later:
                reply["changes_follow"] = True
            elif kind in CHANGING:
                reply["changes"] = _diff(playground)
        else:
            raise BadRequestError(f"unknown request type {kind!r}")
        return json.dumps({"id": request_id, "ok": True, "payload": reply})
    except Exception as error:
        return _failure(request_id, error)


def changes(request_id: Any = None) -> str:
    """The reply that follows one whose ``changes_follow`` was true: ``{"changes": diff or null}`` since
    the page's revision; never raises."""
    try:
        diff = _diff(_initialised())
        return json.dumps({"id": request_id, "ok": True, "payload": {"changes": diff}})
    except Exception as error:
        return _failure(request_id, error)


def _diff(playground: Playground) -> dict[str, Any] | None:
    """What changed since the page's revision: the engine's touched records and the rest of the state."""
    running = any(not job.done for job in playground.jobs.values())
    return _TRACKER.changes(playground.state(records=False), playground.session.engine, running)


def _initialised() -> Playground:
    """The playground that ``init`` made, or :class:`BadRequestError`."""
    if _PLAYGROUND is None:
        raise BadRequestError("the playground is not initialised: send 'init' first")
    return _PLAYGROUND


def _failure(request_id: Any, error: Exception) -> str:
    """The error reply for what a request raised: the reader's mistake, the simulator's refusal, or a bug."""
    if isinstance(error, (BadRequestError, LessonError)):
        return _error(request_id, "bad_request", str(error))
    if isinstance(error, SimulatorError):
        return _error(request_id, "simulator", error.message)
    if isinstance(error, json.JSONDecodeError):
        return _error(request_id, "bad_request", f"request is not JSON: {error.msg}")
    return _error(request_id, "internal", f"{type(error).__name__}: {error}")


def _error(request_id: Any, code: str, message: str) -> str:
    return json.dumps({"id": request_id, "ok": False, "error": {"code": code, "message": message}})
