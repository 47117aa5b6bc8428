"""The ``dockersim`` console command: ``dockersim <docker args…>`` behaves as ``docker <args>``.

Engine state lives in the JSON file named by ``DOCKERSIM_STATE`` (loaded before, written
atomically after; in memory when unset); ``DOCKERSIM_SEED`` makes IDs and names deterministic.
A state file that cannot be read (not a regular file, too large, corrupt: :mod:`dockersim.cli.statefile`)
is reported and left untouched.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dockersim.cli.statefile import read_state
from dockersim.context import TTY_VARIABLES, SimulatorError

if TYPE_CHECKING:
    from dockersim.cli.console import Console
    from dockersim.live import Job
    from dockersim.session import Session

#: A surrogate surrogateescape cannot write back as a byte (only U+DC80..U+DCFF stand for bytes).
_LONE = re.compile("[\ud800-\udc7f\udd00-\udfff]")


def _seed(env: Mapping[str, str]) -> int | None:
    raw = env.get("DOCKERSIM_SEED", "")
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def main(
    argv: list[str],
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: str = "",
    prog: str = "docker",
    console: Console | None = None,
) -> tuple[str, str, int]:
    """Run one command line with state from/to ``DOCKERSIM_STATE``; returns (stdout, stderr, code).

    With a ``console`` a command that keeps running (an attached run, ``logs -f``, an ``-it`` session) is
    driven there with real input, output and time; what it printed has then been written already."""
    from dockersim.session import Session

    environ = dict(os.environ if env is None else env)
    directory = cwd or Path.cwd()
    state = environ.get("DOCKERSIM_STATE", "")
    seed = _seed(environ)
    if env is not None and "DOCKERSIM_SEED" in environ and seed is None:
        return "", f"dockersim: DOCKERSIM_SEED must be an integer, got {environ['DOCKERSIM_SEED']!r}\n", 2
    try:
        if state and os.path.lexists(state):
            session = _load(state, directory, environ)
        else:
            session = Session(seed=seed, cwd=directory, env=environ)
    except SimulatorError as exc:
        return "", exc.message.rstrip("\n") + "\n", 1
    except (KeyError, TypeError, ValueError, RecursionError) as exc:
        kind = type(exc).__name__
        return "", f"dockersim: state file {state} is not a dockersim state ({kind}); not touching it\n", 1
    session.live = console is not None
    result = session.run(argv, stdin=stdin, prog=prog)
    job = session.take_job()
    if job is not None and console is not None:
        console.write(result.ordered_chunks())
        # Other terminals see the container while this one stays attached; what they do meanwhile is kept.
        written = _save(session, state) if state else ""
        stamp = _stamp(state) if state and not written else None
        code = console.drive(session.engine, job)
        if state and stamp is not None and _stamp(state) != stamp:
            saved = _save_merged(session, job, state, directory, environ)
        else:
            saved = _save(session, state) if state else ""
        return "", saved, 1 if saved else code
    if state:
        saved = _save(session, state)
        if saved:
            return result.stdout, result.stderr + saved, 1
    return result.stdout, result.stderr, result.exit_code


def _load(state: str, directory: Path, environ: dict[str, str]) -> Session:
    """The session saved in the state file; a state from a newer dockersim is refused, never rewritten."""
    from dockersim.session import SESSION_VERSION, Session

    data = read_state(Path(state))
    version = data.get("session_version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > SESSION_VERSION:
        raise SimulatorError(
            f"dockersim: state file {state} was written by a newer dockersim (session version {version}; this one "
            f"reads {SESSION_VERSION}); not touching it (move it away or point DOCKERSIM_STATE elsewhere)"
        )
    return Session.from_dict(data, cwd=directory, env=environ)


def _stamp(state: str) -> tuple[int, int] | None:
    """When and how big the state file was last written (None when it is gone)."""
    try:
        info = Path(state).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _save_merged(session: Session, job: Job, state: str, directory: Path, environ: dict[str, str]) -> str:
    """Another dockersim wrote the state while this command stayed attached: keep its state and put back
    only the containers this command acted on (as they are now, or gone when ``--rm`` removed them)."""
    try:
        fresh = _load(state, directory, environ)
    except (SimulatorError, KeyError, TypeError, ValueError, RecursionError):
        return _save(session, state)
    for c in job.owned():
        if c.id in session.engine.containers:
            fresh.engine.containers[c.id] = c
        else:
            fresh.engine.containers.pop(c.id, None)
    fresh.engine.clock.advance(session.engine.now() - fresh.engine.now())
    return _save(fresh, state)


def _save(session: Session, state: str) -> str:
    """Write the state file; the error line when it cannot be written."""
    try:
        session.save(state)
    except OSError as exc:  # the operating system's words, never Python's ("[Errno 2] …: '/x/.tmp'")
        return f"dockersim: cannot write state file {state}: {exc.strerror or exc}\n"
    return ""


def console_main() -> int:
    """Entry point of the ``dockersim`` script (and ``python -m dockersim``); Ctrl+C before a command
    could take it, or a closed pipe, ends the program as the signal does (status 130, 141), never with a
    traceback."""
    try:
        return _console_main()
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:  # the reader of a stream went away (`dockersim stats | head`): end as SIGPIPE does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _console_main() -> int:
    from dockersim.textsafe import scrub

    prog = "docker-compose" if Path(sys.argv[0]).name == "dockersim-compose" else "docker"
    argv = [scrub(arg) for arg in sys.argv[1:]]  # bytes that are not UTF-8 come as surrogates: U+FFFD
    stdin = ""
    from dockersim.cli.console import Console, reads_stdin

    wants_stdin = "--password-stdin" in argv or "-" in argv or reads_stdin(argv)
    if wants_stdin and sys.stdin is not None and not sys.stdin.isatty():
        try:
            stdin = scrub(sys.stdin.read(16_000_000))
        except (OSError, ValueError):
            stdin = ""
    env = dict(os.environ)
    for name, variable in TTY_VARIABLES.items():  # docker asks each stream whether it is a terminal
        stream = getattr(sys, name)
        if variable not in env and stream is not None and not stream.isatty():
            env[variable] = "0"
    console = Console(sys.stdin, sys.stdout, sys.stderr)
    out, err, code = main(argv, env=env, stdin=stdin, prog=prog, console=console)
    _write(sys.stdout, out)
    _write(sys.stderr, err)
    return code


def _write(stream: TextIO, text: str) -> None:
    """Write ``text``; a host file name that is not UTF-8 (a surrogate) goes out as its own bytes, never as
    a UnicodeEncodeError under a strict UTF-8 locale."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogateescape") if not _LONE.search(text) else text.encode("utf-8", "replace")
        stream.flush()
        stream.buffer.write(data)
    stream.flush()


if __name__ == "__main__":
    raise SystemExit(console_main())
