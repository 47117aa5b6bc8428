"""Shell syntax: lines with continuations and heredocs → lists of pipelines of simple commands.

Words are kept as lists of parts (literal text, variable references, command substitutions) so that
expansion can happen later, command by command, with the quoting each part had.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Deepest ``$(…)`` nesting accepted; deeper input is an error, not a recursion blow-up.
MAX_NESTING = 16
#: Most simple commands one script may hold.
MAX_COMMANDS = 2_000


class ShellSyntaxError(Exception):
    """Input the shell cannot parse; the message reads like bash's."""


@dataclass(frozen=True)
class Literal:
    """Literal text; ``quoted`` text is never split into fields."""

    text: str
    quoted: bool = False


@dataclass(frozen=True)
class VarRef:
    """``$NAME``, ``${NAME}``, ``${NAME:-default}``, ``${NAME:+alt}`` or ``$?``."""

    name: str
    op: str = ""
    arg: str = ""
    quoted: bool = False


@dataclass(frozen=True)
class CommandSub:
    """``$(…)`` or backticks: the inner script, run and replaced by its output."""

    script: str
    quoted: bool = False


Part = Literal | VarRef | CommandSub


@dataclass
class Word:
    """One shell word made of parts."""

    parts: list[Part] = field(default_factory=list)

    def is_plain(self) -> bool:
        """True when the word is only literal text."""
        return all(isinstance(part, Literal) for part in self.parts)

    def plain_text(self) -> str:
        """The literal text of a plain word."""
        return "".join(part.text for part in self.parts if isinstance(part, Literal))


@dataclass
class Redirect:
    """``>``, ``>>``, ``<``, ``2>``, ``2>>``, ``2>&1`` or a heredoc (``<<``) with its body."""

    op: str
    target: Word | None = None
    heredoc: str | None = None
    heredoc_expand: bool = True


@dataclass
class SimpleCommand:
    """Assignments, words and redirections of one command."""

    assignments: list[tuple[str, Word]] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Pipeline:
    """Commands joined by ``|``."""

    commands: list[SimpleCommand]


@dataclass
class AndOrList:
    """Pipelines joined by ``&&`` / ``||`` (the operator before each pipeline after the first)."""

    first: Pipeline
    rest: list[tuple[str, Pipeline]] = field(default_factory=list)


OPERATORS = ("&&", "||", ";", "|", "2>&1", "2>>", "2>", ">>", "<<-", "<<", ">", "<", "&")


class _Lexer:
    """A single pass over the script text producing words and operators, with heredoc bodies."""

    def __init__(self, text: str, depth: int) -> None:
        self.text = text
        self.pos = 0
        self.depth = depth
        self.pending_heredocs: list[Redirect] = []

    def error(self, message: str) -> ShellSyntaxError:
        return ShellSyntaxError(message)

    def tokens(self) -> list[object]:
        """Words, operator strings and ``"\\n"`` separators."""
        out: list[object] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "\\" and text.startswith("\\\n", self.pos):
                self.pos += 2
            elif char in " \t\r":
                self.pos += 1
            elif char == "\n":
                self.pos += 1
                out.append("\n")
                self._read_heredoc_bodies()
            elif char == "#" and (not out or out[-1] in ("\n", *OPERATORS) or text[self.pos - 1] in " \t"):
                while self.pos < len(text) and text[self.pos] != "\n":
                    self.pos += 1
            else:
                operator = next((op for op in OPERATORS if text.startswith(op, self.pos)), None)
                if operator in {"<<", "<<-"}:
                    self.pos += len(operator)
                    out.append(self._heredoc_redirect(operator))
                elif operator and not (operator in {"2>&1", "2>>", "2>"} and not self._at_word_start()):
                    self.pos += len(operator)
                    out.append(operator)
                else:
                    out.append(self._word())
        if self.pending_heredocs:
            raise self.error(f"warning: here-document delimited by end-of-file (wanted `{self._delimiter()}')")
        return out

    def _heredoc_redirect(self, operator: str) -> Redirect:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        if self.pos >= len(self.text) or self.text[self.pos] in "\n;|&<>":
            raise self.error("syntax error near unexpected token `newline'")
        delimiter = self._word()
        quoted = any(isinstance(part, Literal) and part.quoted for part in delimiter.parts)
        redirect = Redirect(operator, Word([Literal(delimiter.plain_text())]), heredoc_expand=not quoted)
        self.pending_heredocs.append(redirect)
        return redirect

    def _at_word_start(self) -> bool:
        return self.pos == 0 or self.text[self.pos - 1] in " \t\n;|&"

    def _delimiter(self) -> str:
        target = self.pending_heredocs[0].target
        return target.plain_text() if target else "EOF"

    def _read_heredoc_bodies(self) -> None:
        while self.pending_heredocs:
            redirect = self.pending_heredocs.pop(0)
            delimiter = redirect.target.plain_text() if redirect.target else ""
            body: list[str] = []
            while True:
                if self.pos >= len(self.text):
                    raise self.error(f"warning: here-document delimited by end-of-file (wanted `{delimiter}')")
                end = self.text.find("\n", self.pos)
                end = len(self.text) if end < 0 else end
                line = self.text[self.pos : end]
                self.pos = end + 1
                check = line.lstrip("\t") if redirect.op == "<<-" else line
                if check == delimiter:
                    break
                body.append(check)
            redirect.heredoc = "".join(f"{line}\n" for line in body)

    def _word(self) -> Word:
        parts: list[Part] = []
        text = self.text
        buffer: list[str] = []

        def flush(quoted: bool = False) -> None:
            if buffer:
                parts.append(Literal("".join(buffer), quoted))
                buffer.clear()

        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n;|&<>":
                break
            if char == "\\":
                if text.startswith("\\\n", self.pos):
                    self.pos += 2
                    continue
                flush()
                if self.pos + 1 < len(text):
                    parts.append(Literal(text[self.pos + 1], True))
                self.pos += 2
            elif char == "'":
                flush()
                end = text.find("'", self.pos + 1)
                if end < 0:
                    raise self.error("unexpected EOF while looking for matching `''")
                parts.append(Literal(text[self.pos + 1 : end], True))
                self.pos = end + 1
            elif char == '"':
                flush()
                self.pos += 1
                parts.extend(self._double_quoted())
            elif char == "$" or char == "`":
                flush()
                parts.append(self._dollar(quoted=False))
            else:
                buffer.append(char)
                self.pos += 1
        flush()
        return Word(parts)

    def _double_quoted(self) -> list[Part]:
        parts: list[Part] = []
        buffer: list[str] = []
        text = self.text
        while True:
            if self.pos >= len(text):
                raise self.error('unexpected EOF while looking for matching `"\'')
            char = text[self.pos]
            if char == '"':
                self.pos += 1
                break
            if char == "\\" and self.pos + 1 < len(text) and text[self.pos + 1] in '"\\$`\n':
                if text[self.pos + 1] != "\n":
                    buffer.append(text[self.pos + 1])
                self.pos += 2
            elif char in "$`":
                if buffer:
                    parts.append(Literal("".join(buffer), True))
                    buffer.clear()
                parts.append(self._dollar(quoted=True))
            else:
                buffer.append(char)
                self.pos += 1
        if buffer or not parts:
            parts.append(Literal("".join(buffer), True))
        return parts

    def _dollar(self, *, quoted: bool) -> Part:
        text = self.text
        if text[self.pos] == "`":
            end = text.find("`", self.pos + 1)
            if end < 0:
                raise self.error("unexpected EOF while looking for matching ``'")
            inner = text[self.pos + 1 : end]
            self.pos = end + 1
            return self._substitution(inner, quoted)
        if text.startswith("$(", self.pos):
            end = self._matching_paren(self.pos + 2)
            inner = text[self.pos + 2 : end]
            self.pos = end + 1
            return self._substitution(inner, quoted)
        if text.startswith("${", self.pos):
            end = text.find("}", self.pos + 2)
            if end < 0:
                raise self.error("unexpected EOF while looking for matching `}'")
            body = text[self.pos + 2 : end]
            self.pos = end + 1
            for op in (":-", ":+", ":=", ":?", "-", "+"):
                name, sep, arg = body.partition(op)
                if sep and name.isidentifier():
                    return VarRef(name, op, arg, quoted)
            if body.isidentifier() or body in {"?", "#", "$"}:
                return VarRef(body, quoted=quoted)
            raise self.error(f"${{{body}}}: bad substitution")
        start = self.pos + 1
        if start < len(text) and text[start] in "?$#":
            self.pos = start + 1
            return VarRef(text[start], quoted=quoted)
        end = start
        while end < len(text) and (text[end].isalnum() or text[end] == "_"):
            end += 1
        if end == start:
            self.pos = start
            return Literal("$", quoted)
        self.pos = end
        return VarRef(text[start:end], quoted=quoted)

    def _substitution(self, inner: str, quoted: bool) -> CommandSub:
        if self.depth + 1 > MAX_NESTING:
            raise self.error(f"command substitution nested more than {MAX_NESTING} levels deep")
        parse_script(inner, self.depth + 1)  # validate now, so errors surface before anything runs
        return CommandSub(inner, quoted)

    def _matching_paren(self, start: int) -> int:
        depth, pos, text = 1, start, self.text
        quote = ""
        while pos < len(text):
            char = text[pos]
            if quote:
                if char == quote:
                    quote = ""
                elif char == "\\" and quote == '"':
                    pos += 1
            elif char in "'\"":
                quote = char
            elif char == "\\":
                pos += 1
            elif char == "(":
                depth += 1
                if depth > MAX_NESTING * 4:
                    raise self.error(f"command substitution nested more than {MAX_NESTING} levels deep")
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return pos
            pos += 1
        raise self.error("unexpected EOF while looking for matching `)'")


def parse_script(text: str, depth: int = 0) -> list[AndOrList]:
    """Parse a whole script (one or more lines) into and-or lists, in order."""
    lexer = _Lexer(text, depth)
    tokens = lexer.tokens()
    lists: list[AndOrList] = []
    index = 0
    count = 0

    def parse_command() -> SimpleCommand:
        nonlocal index, count
        command = SimpleCommand()
        count += 1
        if count > MAX_COMMANDS:
            raise ShellSyntaxError(f"script has more than {MAX_COMMANDS} commands")
        while index < len(tokens):
            token = tokens[index]
            if isinstance(token, Word):
                head = token.parts[0] if token.parts else None
                plain = isinstance(head, Literal) and not head.quoted
                name, eq, _ = head.text.partition("=") if plain else ("", "", "")  # type: ignore[union-attr]
                if not command.words and eq and name.isidentifier():
                    command.assignments.append((name, _after_equals(token)))
                else:
                    command.words.append(token)
                index += 1
            elif token == "2>&1":
                command.redirects.append(Redirect("2>&1"))
                index += 1
            elif isinstance(token, Redirect):
                command.redirects.append(token)
                index += 1
            elif isinstance(token, str) and token in {">", ">>", "<", "2>", "2>>"}:
                index += 1
                if index >= len(tokens) or not isinstance(tokens[index], Word):
                    raise ShellSyntaxError("syntax error near unexpected token `newline'")
                command.redirects.append(Redirect(str(token), tokens[index]))
                index += 1
            else:
                break
        if not command.words and not command.assignments and not command.redirects:
            found = tokens[index] if index < len(tokens) else "newline"
            raise ShellSyntaxError(f"syntax error near unexpected token `{'newline' if found == chr(10) else found}'")
        return command

    while index < len(tokens):
        if tokens[index] in ("\n", ";"):
            index += 1
            continue
        if tokens[index] == "&":
            raise ShellSyntaxError("background jobs (&) are not available in the simulator")
        first = Pipeline([parse_command()])
        while index < len(tokens) and tokens[index] == "|":
            index += 1
            first.commands.append(parse_command())
        and_or = AndOrList(first)
        while index < len(tokens) and tokens[index] in ("&&", "||"):
            operator = str(tokens[index])
            index += 1
            while index < len(tokens) and tokens[index] == "\n":
                index += 1
            pipeline = Pipeline([parse_command()])
            while index < len(tokens) and tokens[index] == "|":
                index += 1
                pipeline.commands.append(parse_command())
            and_or.rest.append((operator, pipeline))
        lists.append(and_or)
    return lists


def _after_equals(word: Word) -> Word:
    """The value part of a ``NAME=value`` word."""
    first = word.parts[0]
    assert isinstance(first, Literal)
    _, _, rest = first.text.partition("=")
    parts: list[Part] = [Literal(rest, first.quoted)] if rest else []
    return Word([*parts, *word.parts[1:]])
