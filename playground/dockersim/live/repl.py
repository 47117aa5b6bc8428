"""Interactive language prompts in containers (``docker run -it python:3.11 python``, ``node``).

Python: each line is compiled and run by the Python the simulator itself runs (Pyodide in the browser,
CPython on the command line), in a fresh namespace of the session, with the builtins that reach files,
the network or the host taken away. The banner says so. Node: the simulator has no JavaScript engine of
its own; the prompt says so, knows ``.exit``, ``.help`` and Ctrl+D, and answers every other line with
that note.
"""

from __future__ import annotations

import builtins
import codeop
import contextlib
import io
import sys
import traceback
from typing import TYPE_CHECKING, Any

from dockersim.live.job import Job

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord

#: Standard modules a session may import: computation only, nothing that reaches files, processes or sockets.
SAFE_MODULES = frozenset({
    "math", "cmath", "json", "random", "re", "string", "textwrap", "datetime", "time", "calendar", "itertools",
    "functools", "operator", "collections", "statistics", "decimal", "fractions", "dataclasses", "enum", "typing",
    "heapq", "bisect", "copy", "pprint", "uuid", "hashlib", "base64", "unicodedata", "difflib", "array",
})  # fmt: skip
#: Builtins a session does not get (they reach the host, or block on a console the simulator has not).
DENIED_BUILTINS = ("open", "input", "breakpoint", "help", "exit", "quit", "__import__")


class _LeaveRequest(Exception):  # noqa: N818 - a request, not an error
    def __init__(self, code: int) -> None:
        self.code = code


def _image_version(c: ContainerRecord, variable: str, default: str) -> str:
    return c.env_map().get(variable, default)


class ReplSession(Job):
    """Shared by the language prompts: a main process that ends the container when it ends."""

    def __init__(self, engine: Engine, c: ContainerRecord, *, main: bool, tty: bool) -> None:
        super().__init__()
        self.engine = engine
        self.c = c
        self.main = main
        self.tty = tty
        self.reads_input = True
        self.detachable = tty

    def owned(self) -> list[Any]:
        """The session's container."""
        return [self.c]

    def tick(self) -> None:
        """See what time did."""
        self.engine.refresh()
        if not self.c.running:
            self.finish(int(self.c.exit_code) if self.main else 137)

    def leave(self, code: int) -> None:
        """The program ended with ``code``."""
        if self.main:
            self.engine.end_process(self.c, code)
        self.finish(code)


class PythonRepl(ReplSession):
    """``python`` at a TTY: the banner, ``>>>``/``...`` prompts, values echoed, tracebacks as Python prints them."""

    def __init__(self, engine: Engine, c: ContainerRecord, *, main: bool, tty: bool) -> None:
        super().__init__(engine, c, main=main, tty=tty)
        self.version = _image_version(c, "PYTHON_VERSION", "3")
        self.compiler = codeop.CommandCompiler()
        self.buffer: list[str] = []
        self._failed = False
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": _safe_builtins(self._leave)}
        if tty:
            here = ".".join(map(str, sys.version_info[:3]))
            self.emit(
                "stdout",
                f"Python {self.version} (main) [GCC 12.2.0] on linux\n"
                'Type "help", "copyright", "credits" or "license" for more information.\n',
            )
            self.emit(
                "stderr",
                f"dockersim: this prompt runs your lines with the simulator's own Python {here}, not the image's "
                f"{self.version}, in a namespace of its own: no files, network, processes or packages of the image; "
                "exit() or Ctrl+D leaves.\n",
            )

    @property
    def prompt(self) -> str | None:  # type: ignore[override]
        """The prompt shown while waiting for a line."""
        if not self.tty or self.done:
            return None
        return "... " if self.buffer else ">>> "

    def _leave(self, code: Any = 0) -> None:
        raise _LeaveRequest(code if isinstance(code, int) else 1)

    def line(self, line: str) -> None:
        """Run one typed line."""
        self.tick()
        if self.done:
            return
        self.buffer.append(line)
        if not self.tty:  # no terminal: Python reads its input as one script, run at the end of input
            return
        source = "\n".join(self.buffer)
        try:
            code = self.compiler(source, "<stdin>", "single")
        except (OverflowError, SyntaxError, ValueError):
            self.buffer = []
            self._traceback(with_stack=False)
            return
        if code is None:
            return
        self.buffer = []
        self._run(code)

    def _run(self, code: Any) -> None:
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                exec(code, self.namespace)
        except _LeaveRequest as request:
            self._flush(out, err)
            self.leave(request.code)
            return
        except SystemExit as request:
            self._flush(out, err)
            self.leave(request.code if isinstance(request.code, int) else 1)
            return
        except BaseException:
            self._flush(out, err)
            self._traceback(with_stack=True)
            self._failed = True
            return
        self._flush(out, err)

    def _flush(self, out: io.StringIO, err: io.StringIO) -> None:
        self.emit("stdout", out.getvalue())
        self.emit("stdout" if self.tty else "stderr", err.getvalue())

    def _traceback(self, *, with_stack: bool) -> None:
        kind, value, tb = sys.exc_info()
        assert kind is not None and value is not None
        head = ""
        if with_stack:
            frames = [frame for frame in traceback.extract_tb(tb) if frame.filename == "<stdin>"]
            where = "".join(f'  File "<stdin>", line {frame.lineno}, in {frame.name}\n' for frame in frames)
            head = "Traceback (most recent call last):\n" + where
        text = head + "".join(traceback.format_exception_only(kind, value))
        self.emit("stdout" if self.tty else "stderr", text)

    def interrupt(self) -> None:
        """Ctrl+C."""
        self.buffer = []
        self.emit("stdout" if self.tty else "stderr", "KeyboardInterrupt\n")
        if not self.tty:
            self.leave(130)

    def end_of_input(self) -> None:
        """Ctrl+D."""
        if not self.tty and self.buffer:
            source, self.buffer = "\n".join(self.buffer) + "\n", []
            try:
                code = compile(source, "<stdin>", "exec")
            except (OverflowError, SyntaxError, ValueError):
                self._traceback(with_stack=False)
                self.leave(1)
                return
            self._run(code)
            if self.done:
                return
            if self._failed:
                self.leave(1)
                return
        if self.tty:
            self.emit("stdout", "\n")
        self.leave(0)


class NodeRepl(ReplSession):
    """``node`` at a TTY: Node's banner and ``>`` prompt, honest that no JavaScript runs."""

    def __init__(self, engine: Engine, c: ContainerRecord, *, main: bool, tty: bool) -> None:
        super().__init__(engine, c, main=main, tty=tty)
        version = _image_version(c, "NODE_VERSION", "22.12.0")
        self._interrupted = False
        if tty:
            self.emit("stdout", f'Welcome to Node.js v{version}.\nType ".help" for more information.\n')
        self.emit(
            "stderr",
            "dockersim: the simulator has no JavaScript engine, so this prompt evaluates nothing: it knows .exit, "
            ".help and Ctrl+D. To try JavaScript, use your browser's console.\n",
        )

    @property
    def prompt(self) -> str | None:  # type: ignore[override]
        """The prompt shown while waiting for a line."""
        return "> " if self.tty and not self.done else None

    def line(self, line: str) -> None:
        """Run one typed line."""
        self._interrupted = False
        word = line.strip()
        if not word:
            return
        if word == ".exit":
            self.leave(0)
        elif word == ".help":
            self.emit(
                "stdout",
                ".break     Sometimes you get stuck, this gets you out\n.clear     Alias for .break\n"
                ".editor    Enter editor mode\n.exit      Exit the REPL\n.help      Print this help message\n"
                ".load      Load JS from a file into the REPL session\n"
                ".save      Save all evaluated commands in this REPL session to a file\n\n"
                "Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n",
            )
        else:
            self.emit("stderr", "dockersim: not evaluated (the simulator runs no JavaScript)\n")

    def interrupt(self) -> None:
        """Ctrl+C."""
        if self._interrupted:
            self.leave(0)
            return
        self._interrupted = True
        self.emit("stdout", "(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n")

    def end_of_input(self) -> None:
        """Ctrl+D."""
        self.leave(0)


def _safe_builtins(leave: Any) -> dict[str, Any]:
    """Python's builtins without those that reach the host; ``exit()``/``quit()`` end the session."""
    allowed = {name: getattr(builtins, name) for name in dir(builtins) if name not in DENIED_BUILTINS}

    def guarded_import(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:
        root = name.split(".")[0]
        if level or root not in SAFE_MODULES:
            if root in sys.stdlib_module_names:
                raise ImportError(
                    f"dockersim: the module '{root}' is not available in this simulated Python (it would reach the "
                    "playground's own machine, not the container)"
                )
            raise ModuleNotFoundError(f"No module named '{root}'")
        return builtins.__import__(name, globals, locals, fromlist, level)

    allowed["__import__"] = guarded_import
    allowed["exit"] = allowed["quit"] = leave
    return allowed


def session_for(engine: Engine, c: ContainerRecord, program: str, *, main: bool, tty: bool) -> ReplSession | None:
    """The language prompt for ``program``, or None when the simulator has none."""
    base = program.rsplit("/", 1)[-1]
    if base in ("python", "python3"):
        return PythonRepl(engine, c, main=main, tty=tty)
    if base == "node":
        return NodeRepl(engine, c, main=main, tty=tty)
    return None
