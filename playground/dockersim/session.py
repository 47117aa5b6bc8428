"""A simulator session: one engine, a working directory and environment variables.

``Session.run(argv)`` runs one docker command line (argv without the leading ``docker``) and
returns its :class:`CommandResult`; ``Session.run_line("docker ps -a")`` splits a single docker or
docker-compose line with the one shell parser (pipes, ``&&`` and ``$(…)`` belong to ``dockersim.shell``).
State round-trips through JSON with :meth:`Session.save` / :meth:`Session.load`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dockersim.context import TTY_VARIABLES, CommandContext, CommandResult, SimulatorError

if TYPE_CHECKING:
    from dockersim.live import Job

SESSION_VERSION = 1


def _new_engine(seed: int | None) -> Any:
    from dockersim.engine import Engine

    return Engine(seed=seed)


class Session:
    """One engine + cwd + env; runs docker command lines against them."""

    def __init__(
        self,
        *,
        seed: int | None = None,
        cwd: Path | str | None = None,
        env: Mapping[str, str] | None = None,
        engine: Any = None,
    ) -> None:
        self.engine = engine if engine is not None else _new_engine(seed)
        self.cwd = Path(cwd) if cwd is not None else Path.cwd()
        # The reader's folder is the host as the containers' binds see it (dockersim.engine.binds).
        self.engine.host_root = os.path.realpath(self.cwd)
        self.env: dict[str, str] = dict(env) if env is not None else {"HOME": "/root"}
        #: Whether a command may keep running after it returns (attached runs, ``logs -f``, ``-it``
        #: sessions): the caller then drives :attr:`job` (:mod:`dockersim.live`).
        self.live = False
        self.job: Job | None = None

    @property
    def columns(self) -> int | None:
        """The reader's terminal width when the page says it (``ls`` prints columns that fit; else 80); a
        container's ``-t`` terminal has the same width, as docker sizes it from the client's."""
        return self.engine.terminal_columns

    @columns.setter
    def columns(self, width: int | None) -> None:
        self.engine.terminal_columns = width

    def context(self, stdin: str = "", *, piped: bool = False) -> CommandContext:
        """A fresh :class:`CommandContext` on this session's engine, cwd and env; ``piped``: its stdout is
        a pipe or a file, not a terminal (:data:`dockersim.context.TTY_VARIABLES`)."""
        env = dict(self.env)
        if piped:
            env[TTY_VARIABLES["stdout"]] = "0"
        return CommandContext(engine=self.engine, cwd=self.cwd, env=env, stdin=stdin, live=self.live)

    def run(self, argv: list[str], stdin: str = "", prog: str = "docker", *, piped: bool = False) -> CommandResult:
        """Run one docker command line (``argv`` without ``docker``); a command that keeps running leaves
        its job in :attr:`job` (the first one of a line wins; see :meth:`take_job`). ``piped``: the
        shell sends its stdout to a pipe or a file."""
        from dockersim.cli import run_cli

        ctx = self.context(stdin, piped=piped)
        code = run_cli(list(argv), ctx, prog=prog)
        self.engine.settle()  # the command ended: the engine's indexes stop re-reading what it was handed
        if ctx.job is not None and self.job is None:
            self.job = ctx.job
        return ctx.result(code)

    def take_job(self) -> Job | None:
        """The job the last line left running, handed over once."""
        job, self.job = self.job, None
        return job

    def run_line(self, line: str, stdin: str = "") -> CommandResult:
        """Run a single ``docker …`` or ``docker-compose …`` line, split by the one shell parser
        (:mod:`dockersim.shell.syntax`); pipes, ``&&`` and ``$(…)`` belong to :class:`dockersim.shell.Shell`."""
        from dockersim.shell.syntax import ShellSyntaxError, single_command_words

        try:
            words = single_command_words(line)
        except ShellSyntaxError as exc:
            return CommandResult("", f"dockersim: cannot parse the line: {exc}\n", 2)
        if not words:
            return CommandResult("", "", 0)
        prog, argv = words[0], words[1:]
        if prog not in ("docker", "docker-compose"):
            return CommandResult("", f"dockersim: only docker and docker-compose lines run here, not '{prog}'\n", 127)
        return self.run(argv, stdin, prog=prog)

    # ------------------------------------------------------------------------------- state

    def to_dict(self, *, records: bool = True) -> dict[str, Any]:
        """Session state as JSON-able data (engine, cwd, env); ``records``: see ``Engine.to_dict``."""
        return {
            "session_version": SESSION_VERSION,
            "engine": self.engine.to_dict(records=records),
            "cwd": str(self.cwd),
            "env": dict(self.env),
        }

    @classmethod
    def from_dict(cls, data: Any, *, cwd: Path | str | None = None, env: Mapping[str, str] | None = None) -> Session:
        """Rebuild a session; raises :class:`SimulatorError` with a clear message when malformed."""
        from dockersim.engine import Engine

        if not isinstance(data, dict):
            raise SimulatorError("dockersim: saved session state is not a JSON object")
        raw_engine = data["engine"] if "session_version" in data else data
        engine = Engine.from_dict(raw_engine)
        saved_env = data.get("env") if isinstance(data.get("env"), dict) else None
        saved_cwd = data.get("cwd") if isinstance(data.get("cwd"), str) else None
        return cls(engine=engine, cwd=cwd if cwd is not None else saved_cwd, env=env if env is not None else saved_env)

    def save(self, path: Path | str) -> None:
        """Write the state JSON atomically (temp file in the same directory, then rename)."""
        write_json_atomic(Path(path), self.to_dict())

    @classmethod
    def load(cls, path: Path | str, **kwargs: Any) -> Session:
        """Read a state file written by :meth:`save`; errors are :class:`SimulatorError`."""
        data = read_state_file(Path(path))
        return cls.from_dict(data, **kwargs)


def read_state_file(path: Path) -> Any:
    """Parse a JSON state file; a corrupt file raises a clear :class:`SimulatorError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SimulatorError(f"dockersim: cannot read state file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SimulatorError(
            f"dockersim: state file {path} is not UTF-8 text; not touching it "
            "(move it away or point DOCKERSIM_STATE elsewhere)"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SimulatorError(
            f"dockersim: state file {path} is corrupt ({exc.msg} at line {exc.lineno}); not "
            "touching it (move it away or point DOCKERSIM_STATE elsewhere)"
        ) from None


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically."""
    text = json.dumps(data, indent=1, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
