"""Run parsed shell scripts: expansion, ``&&``/``||``, pipes, redirections, and dispatch to commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from dockersim.context import CommandResult
from dockersim.shell import utilities
from dockersim.shell.syntax import (
    CommandSub,
    Literal,
    Pipeline,
    ShellSyntaxError,
    SimpleCommand,
    VarRef,
    Word,
    parse_script,
)
from dockersim.shell.workspace import Workspace, WorkspaceError

#: Largest script accepted in one go (characters).
MAX_SCRIPT_CHARS = 2_000_000
#: Most fields one expansion may produce.
MAX_FIELDS = 10_000


class DockerRunner(Protocol):
    """What the shell needs from a simulator session: run one docker argv with some stdin."""

    def run(self, argv: list[str], stdin: str = "") -> CommandResult:
        """Run ``docker <argv>``."""
        ...


@dataclass
class ShellResult:
    """What a script printed, in order, and the exit code of its last command."""

    chunks: list[tuple[str, str]] = field(default_factory=list)
    exit_code: int = 0
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def stdout(self) -> str:
        """Everything printed to stdout."""
        return "".join(text for stream, text in self.chunks if stream == "stdout")

    @property
    def stderr(self) -> str:
        """Everything printed to stderr."""
        return "".join(text for stream, text in self.chunks if stream == "stderr")

    def emit(self, stream: str, text: str) -> None:
        """Append output, merging with the previous chunk of the same stream."""
        if not text:
            return
        if self.chunks and self.chunks[-1][0] == stream:
            self.chunks[-1] = (stream, self.chunks[-1][1] + text)
        else:
            self.chunks.append((stream, text))


class Shell:
    """A tiny POSIX-like shell whose only real commands are the simulator's.

    ``variables`` persist between calls (``VAR=x`` then ``echo $VAR``), as in an interactive shell.
    """

    def __init__(self, runner: DockerRunner, cwd: Path, variables: dict[str, str] | None = None) -> None:
        self.runner = runner
        self.workspace = Workspace(cwd)
        self.variables: dict[str, str] = dict(variables or {})
        self.last_status = 0

    def run(self, script: str) -> ShellResult:
        """Run a script of one or more lines and return everything it printed."""
        result = ShellResult()
        if "\x00" in script:
            result.emit("stderr", "bash: warning: command substitution: ignored null byte in input\n")
            script = script.replace("\x00", "")
        if len(script) > MAX_SCRIPT_CHARS:
            limit = f"{len(script)} characters; the simulator takes {MAX_SCRIPT_CHARS}"
            result.emit("stderr", f"bash: input too long ({limit})\n")
            result.exit_code = self.last_status = 2
            return result
        self._run_script(script, result, depth=0)
        return result

    def _run_script(self, script: str, result: ShellResult, depth: int, stdin: str = "") -> None:
        try:
            lists = parse_script(script, depth)
        except ShellSyntaxError as error:
            result.emit("stderr", f"bash: {error}\n")
            result.exit_code = self.last_status = 2
            return
        for and_or in lists:
            status = self._run_pipeline(and_or.first, result, depth, stdin)
            for operator, pipeline in and_or.rest:
                if (operator == "&&") == (status == 0):
                    status = self._run_pipeline(pipeline, result, depth, stdin)
            result.exit_code = self.last_status = status

    def _run_pipeline(self, pipeline: Pipeline, result: ShellResult, depth: int, stdin: str) -> int:
        data = stdin
        status = 0
        for position, command in enumerate(pipeline.commands):
            last = position == len(pipeline.commands) - 1
            step = ShellResult()
            status = self._run_command(command, step, depth, data)
            result.data.update(step.data)
            if last:
                for stream, text in step.chunks:
                    result.emit(stream, text)
            else:
                for stream, text in step.chunks:
                    if stream == "stderr":
                        result.emit(stream, text)
                data = step.stdout
        self.last_status = status
        return status

    def _run_command(self, command: SimpleCommand, result: ShellResult, depth: int, stdin: str) -> int:
        try:
            words = self._expand_words(command.words, result, depth)
            assigned = {name: self._expand_joined(value, result, depth) for name, value in command.assignments}
            stdin, out_target, err_target, merge = self._redirections(command, result, depth, stdin)
        except (ExpansionError, WorkspaceError) as error:
            result.emit("stderr", f"bash: {error}\n")
            return 1
        if not words:
            self.variables.update(assigned)
            return 0
        step = ShellResult()
        status = self._dispatch(words, assigned, stdin, step)
        result.data.update(step.data)
        for stream, text in step.chunks:
            if stream == "stderr" and merge:
                stream = "stdout"
            target = out_target if stream == "stdout" else err_target
            if target is None:
                result.emit(stream, text)
            elif target != "/dev/null":
                try:
                    self.workspace.append(target, text)
                except WorkspaceError as error:
                    result.emit("stderr", f"bash: {error}\n")
                    return 1
        return status

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
            if redirect.op == "<":
                stdin = self.workspace.read(target)
            elif redirect.op in {">", ">>"}:
                if target != "/dev/null" and redirect.op == ">":
                    self.workspace.write(target, "")
                out_target = target
            elif redirect.op in {"2>", "2>>"}:
                if target != "/dev/null" and redirect.op == "2>":
                    self.workspace.write(target, "")
                err_target = target
        return stdin, out_target, err_target, merge

    def _dispatch(self, words: list[str], assigned: dict[str, str], stdin: str, result: ShellResult) -> int:
        name, args = words[0], words[1:]
        if name in {"docker", "docker-compose"}:
            argv = args if name == "docker" else ["compose", *args]
            outcome = self.runner.run(argv, stdin)
            for stream, text in outcome.ordered_chunks():
                result.emit(stream, text)
            result.data.update(outcome.data)
            return outcome.exit_code
        if name in {"sudo"}:
            return self._dispatch(args, assigned, stdin, result) if args else 1
        utility = utilities.REGISTRY.get(name)
        if utility is None:
            result.emit(
                "stderr",
                f"bash: {name}: not available in the simulator (it runs docker and docker-compose "
                "commands and a few shell basics: echo, cat, ls, grep, …; type 'help')\n",
            )
            return 127
        env = {**self.variables, **assigned}
        return utility(utilities.Call(args, stdin, env, self, result))

    def clock(self) -> float:
        """Now, on the simulated engine's clock when there is one."""
        engine = getattr(self.runner, "engine", None)
        clock = getattr(engine, "clock", None)
        return float(clock.now()) if clock is not None else 1_735_689_600.0

    def advance_clock(self, seconds: float) -> None:
        """Let simulated time pass (``sleep``) without waiting."""
        engine = getattr(self.runner, "engine", None)
        clock = getattr(engine, "clock", None)
        advance = getattr(clock, "advance", None)
        if callable(advance):
            advance(seconds)

    # expansion -------------------------------------------------------------------------------

    def _expand_words(self, words: list[Word], result: ShellResult, depth: int) -> list[str]:
        fields: list[str] = []
        for word in words:
            fields.extend(self._expand_fields(word, result, depth))
            if len(fields) > MAX_FIELDS:
                raise ExpansionError(f"argument list too long (more than {MAX_FIELDS} words)")
        return fields

    def _expand_fields(self, word: Word, result: ShellResult, depth: int) -> list[str]:
        """Expand one word into fields: unquoted expansion results are split on whitespace."""
        fields: list[str] = []
        current: list[str] = []
        has_text = False
        for part in word.parts:
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

    def _expand_part(self, part: VarRef | CommandSub, result: ShellResult, depth: int) -> str:
        if isinstance(part, CommandSub):
            inner = ShellResult()
            self._run_script(part.script, inner, depth + 1)
            for stream, text in inner.chunks:
                if stream == "stderr":
                    result.emit(stream, text)
            result.data.update(inner.data)
            return inner.stdout.rstrip("\n")
        if part.name == "?":
            return str(self.last_status)
        if part.name in {"$", "#"}:
            return "1" if part.name == "$" else "0"
        value = self.variables.get(part.name)
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


class ExpansionError(Exception):
    """An expansion failed (``${X:?}``, too many words)."""


def _escape_for_double_quotes(text: str) -> str:
    """Quote text so that only ``$`` and backticks stay active inside double quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"')
