"""Run parsed shell scripts: expansion, ``&&``/``||``, pipes, redirections, compound commands, utilities.

One interpreter for every shell of the simulator: the reader's terminal (a :class:`TerminalHost` on the
working directory) and the shells inside containers (``sh -c``, ``docker exec``, interactive sessions,
healthchecks), which pass their own :class:`~dockersim.shell.host.Host` and
:class:`~dockersim.shell.files.Files`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dockersim.shell import arith, glob, utilities
from dockersim.shell.files import FileError, Files
from dockersim.shell.host import DockerRunner, Host, TerminalHost
from dockersim.shell.syntax import (
    AndOrList,
    Arithmetic,
    Command,
    CommandSub,
    ForClause,
    Group,
    IfClause,
    Literal,
    LoopClause,
    Pipeline,
    ShellSyntaxError,
    SimpleCommand,
    VarRef,
    Word,
    parse_script,
)
from dockersim.shell.utilities import BreakLoopError, ShellExitError
from dockersim.shell.workspace import Workspace

#: Largest script accepted in one go (characters).
MAX_SCRIPT_CHARS = 2_000_000
#: Most fields one expansion may produce.
MAX_FIELDS = 10_000
#: Most iterations of one loop; a loop that would run longer stops with a message.
MAX_LOOP_ITERATIONS = 10_000
#: Most characters one script may print; the rest is dropped with a note.
MAX_OUTPUT_CHARS = 4_000_000
#: Most simple commands one top-level script may run, loops and nested shells included.
MAX_STEPS = 20_000
#: Deepest nesting of ``sh -c`` inside ``sh -c``.
MAX_SHELL_DEPTH = 16

__all__ = ["DockerRunner", "Shell", "ShellResult"]


class ShellResult:
    """What a script printed, in order (at most :data:`MAX_OUTPUT_CHARS`), and the exit code of its last command."""

    def __init__(self, exit_code: int = 0) -> None:
        self._pieces: list[tuple[str, list[str]]] = []
        self.exit_code = exit_code
        self.data: dict[str, Any] = {}
        self.size = 0
        self.truncated = False

    @property
    def chunks(self) -> list[tuple[str, str]]:
        """``(stream, text)`` in order, consecutive writes to one stream merged."""
        return [(stream, "".join(parts)) for stream, parts in self._pieces]

    @property
    def stdout(self) -> str:
        """Everything printed to stdout."""
        return "".join(text for stream, parts in self._pieces if stream == "stdout" for text in parts)

    @property
    def stderr(self) -> str:
        """Everything printed to stderr."""
        return "".join(text for stream, parts in self._pieces if stream == "stderr" for text in parts)

    def emit(self, stream: str, text: str) -> None:
        """Append output (linear in its size); past the bound, output stops with one note."""
        if not text or self.truncated:
            return
        room = MAX_OUTPUT_CHARS - self.size
        if len(text) > room:
            self.truncated = True
            text = text[:room]
            self._append(stream, text)
            self._append("stderr", f"\ndockersim: output stopped after {MAX_OUTPUT_CHARS} characters\n")
            return
        self._append(stream, text)

    def _append(self, stream: str, text: str) -> None:
        self.size += len(text)
        if self._pieces and self._pieces[-1][0] == stream:
            self._pieces[-1][1].append(text)
        else:
            self._pieces.append((stream, [text]))


class Shell:
    """A POSIX-like shell: one parser, one interpreter, one registry of utilities, a pluggable host and files.

    ``Shell(runner, cwd)`` is the reader's terminal (docker commands go to ``runner``, files are ``cwd``);
    ``Shell(host=…, files=…)`` runs somewhere else (a container). ``variables`` persist between calls
    (``VAR=x`` then ``echo $VAR``), as in an interactive shell; ``exported`` names reach programs' environment.
    """

    def __init__(
        self,
        runner: DockerRunner | None = None,
        cwd: Path | None = None,
        variables: dict[str, str] | None = None,
        *,
        host: Host | None = None,
        files: Files | None = None,
        exported: set[str] | None = None,
        positional: list[str] | None = None,
    ) -> None:
        if host is None:
            if runner is None:
                raise ValueError("a Shell needs a docker runner or a host")
            host = TerminalHost(runner)
        if files is None:
            files = Workspace(cwd if cwd is not None else Path.cwd())
        self.runner = runner
        self.host: Host = host
        self.files: Files = files
        self.variables: dict[str, str] = dict(variables or {})
        self.exported: set[str] = set(self.variables) if exported is None else set(exported)
        self.positional: list[str] = list(positional or ["sh"])
        self.last_status = 0
        self.exit_status: int | None = None
        #: The status of the last command substitution of the command being expanded (None: there was none).
        self.substituted: int | None = None
        self.depth = 0
        self.steps = [0]  # shared with nested shells: one budget per top-level run
        #: Above 0 while the running command's stdout goes to a pipe, a file or ``$(…)``, not the terminal.
        self.piping = 0

    @property
    def workspace(self) -> Files:
        """The shell's files (kept for callers of the terminal shell)."""
        return self.files

    def environment(self, assigned: dict[str, str] | None = None) -> dict[str, str]:
        """What a program started now gets as its environment: exported variables, then ``assigned``."""
        env = {name: value for name, value in self.variables.items() if name in self.exported}
        env.update(assigned or {})
        return env

    def child(self, positional: list[str]) -> Shell:
        """A nested ``sh``: same host and files, a copy of the exported variables."""
        shell = Shell(
            self.runner,
            host=self.host,
            files=self.files,
            variables=self.environment(),
            positional=positional,
        )
        shell.depth = self.depth + 1
        shell.steps = self.steps
        shell.piping = self.piping
        return shell

    def run(self, script: str, stdin: str = "") -> ShellResult:
        """Run a script of one or more lines and return everything it printed."""
        result = ShellResult()
        if "\x00" in script:
            result.emit(
                "stderr", f"{self.host.shell_name}: warning: command substitution: ignored null byte in input\n"
            )
            script = script.replace("\x00", "")
        if len(script) > MAX_SCRIPT_CHARS:
            limit = f"{len(script)} characters; the simulator takes {MAX_SCRIPT_CHARS}"
            result.emit("stderr", f"{self.host.shell_name}: input too long ({limit})\n")
            result.exit_code = self.last_status = 2
            return result
        if self.depth == 0:
            self.steps[0] = 0
        try:
            self._run_script(script, result, depth=0, stdin=stdin)
        except ShellExitError as done:
            result.exit_code = self.last_status = self.exit_status = done.code
        except BreakLoopError:
            result.exit_code = self.last_status
        except StepLimitError:
            if self.depth:
                raise
            result.emit("stderr", f"{self._prefix()}stopped after {MAX_STEPS} commands (the simulator bounds a line)\n")
            result.exit_code = self.last_status = 1
        return result

    def run_argv(self, argv: list[str], stdin: str = "") -> ShellResult:
        """Run one program with exactly these arguments, no shell parsing (``docker exec`` form)."""
        result = ShellResult()
        try:
            result.exit_code = self.last_status = self.dispatch(list(argv), {}, stdin, result)
        except ShellExitError as done:
            result.exit_code = self.last_status = self.exit_status = done.code
        except BreakLoopError:
            result.exit_code = self.last_status
        return result

    def _run_script(self, script: str, result: ShellResult, depth: int, stdin: str = "") -> None:
        try:
            lists = parse_script(script, depth)
        except ShellSyntaxError as error:
            result.emit("stderr", f"{self._prefix()}{error}\n")
            result.exit_code = self.last_status = 2
            return
        self._run_lists(lists, result, depth, stdin)

    def _prefix(self) -> str:
        """How errors start: ``bash: ``, ``sh: `` (BusyBox) or ``sh: 1: `` (dash)."""
        if self.host.shell_name == "sh" and not self.host.busybox:
            return "sh: 1: "
        return f"{self.host.shell_name}: "

    def _run_lists(
        self,
        lists: list[AndOrList],
        result: ShellResult,
        depth: int,
        stdin: str,
        start: tuple[int, int] = (0, -1),
    ) -> int:
        """Run and-or lists; ``start`` (list, pipeline after the first, -1 for the first) resumes a line."""
        status = self.last_status
        for index in range(start[0], len(lists)):
            and_or = lists[index]
            begin = start[1] if index == start[0] else -1
            if begin < 0:
                status = self._run_pipeline(and_or.first, result, depth, stdin)
                if self._suspend(lists, (index, 0), depth, stdin):
                    return status
            for position in range(max(begin, 0), len(and_or.rest)):
                operator, pipeline = and_or.rest[position]
                if (operator == "&&") == (status == 0):
                    status = self._run_pipeline(pipeline, result, depth, stdin)
                    if self._suspend(lists, (index, position + 1), depth, stdin):
                        return status
            result.exit_code = self.last_status = status
        return status

    def _suspend(self, lists: list[AndOrList], at: tuple[int, int], depth: int, stdin: str) -> bool:
        """A top-level command left a job (a ``[y/N]`` question, an attached run) and the line goes on: the
        rest waits for it (:class:`dockersim.live.chain.Chained`), as a shell waits for a command to end."""
        job = getattr(self.runner, "job", None)
        more = at[1] < len(lists[at[0]].rest) or at[0] + 1 < len(lists)
        if job is None or not more or depth or self.depth:
            return False
        from dockersim.live.chain import Chained

        def resume(code: int) -> tuple[list[tuple[str, str]], int, Any]:
            rest = ShellResult()
            self.last_status = code
            status = self._run_lists(lists, rest, 0, stdin, at)
            return rest.chunks, status, self.runner.take_job() if self.runner is not None else None

        self.runner.job = Chained(job, resume)  # type: ignore[union-attr]
        return True

    def _run_pipeline(self, pipeline: Pipeline, result: ShellResult, depth: int, stdin: str) -> int:
        data = stdin
        status = 0
        for position, command in enumerate(pipeline.commands):
            last = position == len(pipeline.commands) - 1
            step = ShellResult()
            self.piping += not last
            try:
                status = self._run_command(command, step, depth, data)
            finally:
                self.piping -= not last
            result.data.update(step.data)
            if last:
                for stream, text in step.chunks:
                    result.emit(stream, text)
            else:
                for stream, text in step.chunks:
                    if stream == "stderr":
                        result.emit(stream, text)
                data = step.stdout
        if pipeline.negate:
            status = 0 if status else 1
        self.last_status = status
        return status

    def _run_command(self, command: Command, result: ShellResult, depth: int, stdin: str) -> int:
        if isinstance(command, SimpleCommand):
            return self._run_simple(command, result, depth, stdin)
        if isinstance(command, IfClause):
            for condition, body in command.branches:
                if self._run_lists(condition, result, depth, stdin) == 0:
                    return self._run_lists(body, result, depth, stdin)
            return self._run_lists(command.otherwise, result, depth, stdin) if command.otherwise else 0
        if isinstance(command, Group):
            return self._run_lists(command.body, result, depth, stdin)
        return self._run_loop(command, result, depth, stdin)

    def _run_loop(self, loop: LoopClause | ForClause, result: ShellResult, depth: int, stdin: str) -> int:
        status = 0
        if isinstance(loop, ForClause):
            try:
                items = self._expand_words(loop.words, result, depth) if loop.words is not None else self.positional[1:]
            except ExpansionError as error:
                result.emit("stderr", f"{self._prefix()}{error}\n")
                return 1
        iterations = 0
        while True:
            if isinstance(loop, ForClause):
                if iterations >= len(items):
                    break
                self.variables[loop.name] = items[iterations]
            else:
                tested = self._run_lists(loop.condition, result, depth, stdin)
                if (tested == 0) == loop.until:
                    break
            iterations += 1
            if iterations > MAX_LOOP_ITERATIONS:
                result.emit(
                    "stderr",
                    f"{self._prefix()}loop stopped after {MAX_LOOP_ITERATIONS} iterations "
                    "(the simulator bounds loops)\n",
                )
                return 1
            try:
                status = self._run_lists(loop.body, result, depth, stdin)
            except BreakLoopError as jump:
                if jump.levels > 1:
                    raise BreakLoopError(jump.levels - 1, jump.proceed) from None
                if jump.proceed:
                    continue
                break
        return status

    def _run_simple(self, command: SimpleCommand, result: ShellResult, depth: int, stdin: str) -> int:
        self.steps[0] += 1
        if self.steps[0] > MAX_STEPS:
            raise StepLimitError
        self.substituted = None
        try:
            words = self._expand_words(command.words, result, depth)
            assigned = {name: self._expand_joined(value, result, depth) for name, value in command.assignments}
            stdin, out_target, err_target, merge = self._redirections(command, result, depth, stdin)
        except ExpansionError as error:
            result.emit("stderr", f"{self._prefix()}{error}\n")
            return 1
        except _RedirectError as error:
            result.emit("stderr", f"{error}\n")
            return 1
        if not words:
            # POSIX: with no command name, the status is that of the last command substitution, else 0.
            self.variables.update(assigned)
            return self.substituted if self.substituted is not None else 0
        step = ShellResult()
        redirected = out_target is not None
        self.piping += redirected
        try:
            status = self.dispatch(words, assigned, stdin, step)
        finally:
            self.piping -= redirected
        result.data.update(step.data)
        for stream, text in step.chunks:
            if stream == "stderr" and merge:
                stream = "stdout"
            target = out_target if stream == "stdout" else err_target
            if target is None:
                result.emit(stream, text)
            elif target != "/dev/null":
                try:
                    self.files.write(target, text, append=True)
                except FileError as error:
                    result.emit("stderr", f"{self._redirect_error('>', target, error.reason)}\n")
                    return 1
        return status

    def _redirect_error(self, op: str, target: str, reason: str) -> str:
        """The shell's words for a redirection that failed."""
        if self.host.shell_name == "bash":
            return f"bash: {target}: {reason}"
        verb = "open" if op == "<" else "create"
        if self.host.busybox:
            return f"sh: can't {verb} {target}: {reason}"
        return f"sh: 1: cannot {verb} {target}: {reason}"

    def _redirections(
        self, command: SimpleCommand, result: ShellResult, depth: int, stdin: str
    ) -> tuple[str, str | None, str | None, bool]:
        out_target: str | None = None
        err_target: str | None = None
        merge = False
        for redirect in command.redirects:
            if redirect.op == "2>&1":
                merge = True
                continue
            if redirect.heredoc is not None:
                body = redirect.heredoc
                stdin = self._expand_heredoc(body, result, depth) if redirect.heredoc_expand else body
                continue
            assert redirect.target is not None
            target = self._expand_joined(redirect.target, result, depth)
            try:
                if redirect.op == "<":
                    stdin = "" if target == "/dev/null" else self.files.read(target)
                elif redirect.op in {">", ">>"}:
                    if target != "/dev/null":
                        self.files.write(target, "", append=redirect.op == ">>")
                    out_target = target
                elif redirect.op in {"2>", "2>>"}:
                    if target != "/dev/null":
                        self.files.write(target, "", append=redirect.op == "2>>")
                    err_target = target
            except FileError as error:
                raise _RedirectError(self._redirect_error(redirect.op, target, error.reason)) from None
        return stdin, out_target, err_target, merge

    def dispatch(self, words: list[str], assigned: dict[str, str], stdin: str, result: ShellResult) -> int:
        """Run one program (its name and arguments already expanded) and return its status."""
        name, args = words[0], words[1:]
        base = name.rsplit("/", 1)[-1] if "/" in name.rstrip("/") else name
        if not self.host.available(name):
            result.emit("stderr", self.host.not_found(name) + "\n")
            return 127
        utility = utilities.find(base)
        if utility is None:
            result.emit("stderr", f"dockersim: '{base}' is not modelled by the simulator\n")
            return 1
        return utility(utilities.Call(args, stdin, self.environment(assigned), self, result, base))

    def clock(self) -> float:
        """Now, on the simulated clock."""
        return self.host.now()

    # expansion -------------------------------------------------------------------------------

    def _expand_words(self, words: list[Word], result: ShellResult, depth: int) -> list[str]:
        fields: list[str] = []
        for word in words:
            expanded = self._expand_fields(word, result, depth)
            if any(isinstance(part, Literal) and not part.quoted and glob.has_magic(part.text) for part in word.parts):
                expanded = [match for field in expanded for match in (glob.expand(field, self.files) or [field])]
            fields.extend(expanded)
            if len(fields) > MAX_FIELDS:
                raise ExpansionError(f"argument list too long (more than {MAX_FIELDS} words)")
        return fields

    def _expand_fields(self, word: Word, result: ShellResult, depth: int) -> list[str]:
        """Expand one word into fields: unquoted expansion results are split on whitespace."""
        fields: list[str] = []
        current: list[str] = []
        has_text = False
        for index, part in enumerate(word.parts):
            if index == 0 and isinstance(part, Literal) and not part.quoted and _tilde(part.text):
                part = Literal(self.variables.get("HOME", "/root") + part.text[1:])
            if isinstance(part, Literal):
                current.append(part.text)
                has_text = has_text or part.quoted or bool(part.text)
                continue
            value = self._expand_part(part, result, depth)
            if part.quoted:
                current.append(value)
                has_text = True
                continue
            pieces = value.split()
            if not pieces:
                continue
            if value[:1].isspace() and current:
                fields.append("".join(current))
                current = []
            current.append(pieces[0])
            for piece in pieces[1:]:
                fields.append("".join(current))
                current = [piece]
            has_text = True
            if value[-1:].isspace():
                fields.append("".join(current))
                current, has_text = [], False
        if current or has_text:
            fields.append("".join(current))
        return fields

    def _expand_joined(self, word: Word, result: ShellResult, depth: int) -> str:
        return "".join(
            part.text if isinstance(part, Literal) else self._expand_part(part, result, depth) for part in word.parts
        )

    def _expand_part(self, part: VarRef | CommandSub | Arithmetic, result: ShellResult, depth: int) -> str:
        if isinstance(part, Arithmetic):
            expression = (
                self._expand_text(part.expression, result, depth) if "$(" in part.expression else part.expression
            )
            try:
                return str(arith.evaluate(expression, self.variables))
            except arith.ArithmeticExpansionError as error:
                raise ExpansionError(str(error)) from None
        if isinstance(part, CommandSub):
            inner = ShellResult()
            self.piping += 1
            try:
                self._run_script(part.script, inner, depth + 1)
            except ShellExitError as done:
                self.last_status = done.code
            except BreakLoopError:
                pass
            finally:
                self.piping -= 1
            self.substituted = self.last_status
            for stream, text in inner.chunks:
                if stream == "stderr":
                    result.emit(stream, text)
            result.data.update(inner.data)
            return inner.stdout.rstrip("\n")
        if part.name == "?":
            return str(self.last_status)
        if part.name in {"$", "!", "-"}:
            return {"$": "1", "!": "", "-": ""}[part.name]
        if part.name == "#":
            return str(len(self.positional) - 1)
        if part.name in {"@", "*"}:
            return " ".join(self.positional[1:])
        if part.name.isdecimal():
            index = int(part.name)
            return self.positional[index] if index < len(self.positional) else ""
        value = self.variables.get(part.name)
        if part.op == "#":
            return str(len(value or ""))
        if part.op in {":-", "-"}:
            unset = value is None or (part.op == ":-" and value == "")
            return self._expand_text(part.arg, result, depth) if unset else str(value)
        if part.op in {":+", "+"}:
            present = value is not None and (part.op == "+" or value != "")
            return self._expand_text(part.arg, result, depth) if present else ""
        if part.op == ":=":
            if not value:
                self.variables[part.name] = value = self._expand_text(part.arg, result, depth)
            return value
        if part.op == ":?":
            if not value:
                raise ExpansionError(f"{part.name}: {part.arg or 'parameter null or not set'}")
            return value
        return value or ""

    def _expand_text(self, text: str, result: ShellResult, depth: int) -> str:
        """Expand ``$VAR`` and ``$(…)`` inside a piece of text (defaults, heredoc bodies)."""
        try:
            lists = parse_script(f'"{_escape_for_double_quotes(text)}"', depth)
        except ShellSyntaxError as error:
            raise ExpansionError(str(error)) from error
        word = lists[0].first.commands[0].words[0] if lists else Word()
        return self._expand_joined(word, result, depth)

    def _expand_heredoc(self, body: str, result: ShellResult, depth: int) -> str:
        return "\n".join(self._expand_text(line, result, depth) for line in body.split("\n"))


def _tilde(text: str) -> bool:
    """``~`` or ``~/…`` at the start of a word: the home directory."""
    return text == "~" or text.startswith("~/")


class ExpansionError(Exception):
    """An expansion failed (``${X:?}``, too many words)."""


class StepLimitError(Exception):
    """A line ran more than :data:`MAX_STEPS` commands."""


class _RedirectError(Exception):
    """A redirection's file could not be opened; the message is the shell's."""


def _escape_for_double_quotes(text: str) -> str:
    """Quote text so that only ``$`` and backticks stay active inside double quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"')
