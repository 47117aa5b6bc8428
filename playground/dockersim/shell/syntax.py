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


@dataclass(frozen=True)
class Arithmetic:
    """``$((expression))``."""

    expression: str
    quoted: bool = False


Part = Literal | VarRef | CommandSub | Arithmetic


@dataclass
class Word:
    """One shell word made of parts; ``start``/``end`` locate it in the parsed text."""

    parts: list[Part] = field(default_factory=list)
    start: int = 0
    end: int = 0

    def is_plain(self) -> bool:
        """True when the word is only literal text."""
        return all(isinstance(part, Literal) for part in self.parts)

    def plain_text(self) -> str:
        """The literal text of a plain word."""
        return "".join(part.text for part in self.parts if isinstance(part, Literal))

    def unexpanded(self) -> str:
        """The word after quote removal, with ``$VAR`` and ``$(…)`` left as written (what ``shlex`` gives)."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, Literal):
                out.append(part.text)
            elif isinstance(part, VarRef):
                out.append(f"${{{part.name}{part.op}{part.arg}}}" if part.op else f"${part.name}")
            elif isinstance(part, Arithmetic):
                out.append(f"$(({part.expression}))")
            else:
                out.append(f"$({part.script})")
        return "".join(out)

    def is_reserved(self, *names: str) -> bool:
        """Whether the word is one of the reserved words ``names``, unquoted."""
        return (
            len(self.parts) == 1
            and isinstance(self.parts[0], Literal)
            and not self.parts[0].quoted
            and self.parts[0].text in names
        )


@dataclass
class Redirect:
    """``>``, ``>>``, ``<``, ``2>``, ``2>>``, ``2>&1`` or a heredoc (``<<``) with its body."""

    op: str
    target: Word | None = None
    heredoc: str | None = None
    heredoc_expand: bool = True


@dataclass
class SimpleCommand:
    """Assignments, words and redirections of one command; ``text`` is its source."""

    assignments: list[tuple[str, Word]] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    text: str = ""


@dataclass
class IfClause:
    """``if C; then B; [elif C; then B;]… [else B;] fi``."""

    branches: list[tuple[list[AndOrList], list[AndOrList]]]
    otherwise: list[AndOrList] | None = None


@dataclass
class LoopClause:
    """``while C; do B; done`` or ``until C; do B; done``."""

    until: bool
    condition: list[AndOrList]
    body: list[AndOrList]


@dataclass
class ForClause:
    """``for NAME [in WORDS]; do B; done``."""

    name: str
    words: list[Word] | None
    body: list[AndOrList]


@dataclass
class Group:
    """``{ B; }``."""

    body: list[AndOrList]


Command = SimpleCommand | IfClause | LoopClause | ForClause | Group


@dataclass
class Pipeline:
    """Commands joined by ``|``; ``negate`` for a leading ``!``."""

    commands: list[Command]
    negate: bool = False


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
        start = self.pos
        word = self._word_parts()
        word.start, word.end = start, self.pos
        return word

    def _word_parts(self) -> Word:
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
                raise self.error("unexpected EOF while looking for matching `\"'")
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
        if text.startswith("$((", self.pos):
            end = text.find("))", self.pos + 3)
            if end < 0:
                raise self.error("unexpected EOF while looking for matching `))'")
            expression = text[self.pos + 3 : end]
            self.pos = end + 2
            return Arithmetic(expression, quoted)
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
            if body.isidentifier() or body in {"?", "#", "$", "@", "*"} or body.isdecimal():
                return VarRef(body, quoted=quoted)
            if body.startswith("#") and body[1:].isidentifier():
                return VarRef(body[1:], "#", quoted=quoted)
            raise self.error(f"${{{body}}}: bad substitution")
        start = self.pos + 1
        if start < len(text) and text[start] in "?$#@*!-0123456789":
            self.pos = start + 1
            return VarRef(text[start], quoted=quoted)
        end = start
        while end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] == "_"):
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


RESERVED_ENDS = ("then", "elif", "else", "fi", "do", "done", "}")


def parse_script(text: str, depth: int = 0) -> list[AndOrList]:
    """Parse a whole script (one or more lines) into and-or lists, in order."""
    lexer = _Lexer(text, depth)
    return _Parser(lexer.tokens(), text).script()


class _Parser:
    """Recursive descent over the lexer's tokens: lists, and-or lists, pipelines, compound commands."""

    def __init__(self, tokens: list[object], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.index = 0
        self.count = 0

    def peek(self) -> object:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def at_reserved(self, *names: str) -> bool:
        token = self.peek()
        return isinstance(token, Word) and token.is_reserved(*names)

    def error(self, found: object = None) -> ShellSyntaxError:
        token = self.peek() if found is None else found
        if isinstance(token, Word):
            shown = self.text[token.start : token.end]
        elif isinstance(token, Redirect):
            shown = token.op
        else:
            shown = "newline" if token in (None, "\n") else str(token)
        return ShellSyntaxError(f"syntax error near unexpected token `{shown}'")

    def skip_newlines(self) -> None:
        while self.peek() == "\n":
            self.index += 1

    def script(self) -> list[AndOrList]:
        lists = self.compound_list(())
        if self.index < len(self.tokens):
            raise self.error()
        return lists

    def compound_list(self, ends: tuple[str, ...]) -> list[AndOrList]:
        """And-or lists separated by ``;``/newlines until one of the reserved words ``ends`` (or the end)."""
        lists: list[AndOrList] = []
        while True:
            while self.peek() in ("\n", ";"):
                self.index += 1
            token = self.peek()
            if token is None or (ends and self.at_reserved(*ends)):
                return lists
            if isinstance(token, Word) and token.is_reserved(*RESERVED_ENDS):
                raise self.error()
            if token == "&":
                raise ShellSyntaxError("background jobs (&) are not available in the simulator")
            lists.append(self.and_or())
            token = self.peek()
            if token == "&":
                raise ShellSyntaxError("background jobs (&) are not available in the simulator")
            if token not in (None, "\n", ";") and not (ends and self.at_reserved(*ends)):
                raise self.error()

    def and_or(self) -> AndOrList:
        and_or = AndOrList(self.pipeline())
        while self.peek() in ("&&", "||"):
            operator = str(self.peek())
            self.index += 1
            self.skip_newlines()
            and_or.rest.append((operator, self.pipeline()))
        return and_or

    def pipeline(self) -> Pipeline:
        negate = False
        if self.at_reserved("!"):
            negate = True
            self.index += 1
        pipeline = Pipeline([self.command()], negate)
        while self.peek() == "|":
            self.index += 1
            self.skip_newlines()
            pipeline.commands.append(self.command())
        return pipeline

    def expect(self, name: str) -> None:
        if not self.at_reserved(name):
            raise self.error()
        self.index += 1

    def command(self) -> Command:
        self.count += 1
        if self.count > MAX_COMMANDS:
            raise ShellSyntaxError(f"script has more than {MAX_COMMANDS} commands")
        if self.at_reserved("if"):
            self.index += 1
            branches = [(self.compound_list(("then",)), self._then())]
            otherwise = None
            while self.at_reserved("elif"):
                self.index += 1
                branches.append((self.compound_list(("then",)), self._then()))
            if self.at_reserved("else"):
                self.index += 1
                otherwise = self.compound_list(("fi",))
            self.expect("fi")
            return IfClause(branches, otherwise)
        if self.at_reserved("while", "until"):
            until = self.at_reserved("until")
            self.index += 1
            condition = self.compound_list(("do",))
            return LoopClause(until, condition, self._do_body())
        if self.at_reserved("for"):
            self.index += 1
            name_word = self.peek()
            if not isinstance(name_word, Word) or not name_word.plain_text().isidentifier():
                raise self.error()
            self.index += 1
            words: list[Word] | None = None
            self.skip_newlines()
            if self.at_reserved("in"):
                self.index += 1
                words = []
                while isinstance(self.peek(), Word) and not self.at_reserved("do"):
                    words.append(self.tokens[self.index])  # type: ignore[arg-type]
                    self.index += 1
            return ForClause(name_word.plain_text(), words, self._do_body())
        if self.at_reserved("{"):
            self.index += 1
            body = self.compound_list(("}",))
            self.expect("}")
            return Group(body)
        return self.simple_command()

    def _then(self) -> list[AndOrList]:
        self.expect("then")
        return self.compound_list(("elif", "else", "fi"))

    def _do_body(self) -> list[AndOrList]:
        while self.peek() in ("\n", ";"):
            self.index += 1
        self.expect("do")
        body = self.compound_list(("done",))
        self.expect("done")
        return body

    def simple_command(self) -> SimpleCommand:
        tokens = self.tokens
        command = SimpleCommand()
        start = end = -1
        while self.index < len(tokens):
            token = tokens[self.index]
            if isinstance(token, Word):
                head = token.parts[0] if token.parts else None
                plain = isinstance(head, Literal) and not head.quoted
                name, eq, _ = head.text.partition("=") if plain else ("", "", "")  # type: ignore[union-attr]
                if not command.words and eq and name.isidentifier():
                    command.assignments.append((name, _after_equals(token)))
                else:
                    command.words.append(token)
                start = token.start if start < 0 else start
                end = token.end
                self.index += 1
            elif token == "2>&1":
                command.redirects.append(Redirect("2>&1"))
                self.index += 1
            elif isinstance(token, Redirect):
                command.redirects.append(token)
                self.index += 1
            elif isinstance(token, str) and token in {">", ">>", "<", "2>", "2>>"}:
                self.index += 1
                target = tokens[self.index] if self.index < len(tokens) else None
                if not isinstance(target, Word):
                    raise self.error(target)
                command.redirects.append(Redirect(str(token), target))
                end = target.end
                self.index += 1
            else:
                break
        if not command.words and not command.assignments and not command.redirects:
            raise self.error()
        command.text = self.text[start:end] if start >= 0 else ""
        return command


def simple_commands(lists: list[AndOrList]) -> list[SimpleCommand]:
    """Every simple command of a parsed script, in source order, inside compound commands too."""
    found: list[SimpleCommand] = []

    def visit_lists(items: list[AndOrList]) -> None:
        for and_or in items:
            for pipeline in [and_or.first, *(p for _, p in and_or.rest)]:
                for command in pipeline.commands:
                    visit(command)

    def visit(command: Command) -> None:
        if isinstance(command, SimpleCommand):
            found.append(command)
        elif isinstance(command, IfClause):
            for condition, body in command.branches:
                visit_lists(condition)
                visit_lists(body)
            visit_lists(command.otherwise or [])
        elif isinstance(command, LoopClause):
            visit_lists(command.condition)
            visit_lists(command.body)
        else:
            visit_lists(command.body)

    visit_lists(lists)
    return found


def _after_equals(word: Word) -> Word:
    """The value part of a ``NAME=value`` word."""
    first = word.parts[0]
    assert isinstance(first, Literal)
    _, _, rest = first.text.partition("=")
    parts: list[Part] = [Literal(rest, first.quoted)] if rest else []
    return Word([*parts, *word.parts[1:]])


# ------------------------------------------------------------------------------------------- for other readers


def single_command_words(line: str) -> list[str]:
    """The words of a line that holds one simple command, quotes removed, ``$VAR``/``$(…)`` kept as written.

    What :meth:`dockersim.session.Session.run_line` runs; a pipe, a list or a redirection is a
    :class:`ShellSyntaxError` (they need :class:`dockersim.shell.Shell`).
    """
    lists = parse_script(line)
    if not lists:
        return []
    command = lists[0].first.commands[0]
    if len(lists) > 1 or lists[0].rest or len(lists[0].first.commands) > 1 or not isinstance(command, SimpleCommand):
        raise ShellSyntaxError("one command per line here; pipes, ';', '&&' and '||' need the terminal's shell")
    if command.redirects or command.assignments:
        raise ShellSyntaxError("redirections and assignments need the terminal's shell")
    return [word.unexpanded() for word in command.words]


@dataclass
class Segment:
    """One simple command of a line: its source text, its words and the scripts of its ``$(…)``."""

    text: str
    words: list[str]
    substitutions: list[str]


def segments(text: str) -> list[Segment]:
    """Every simple command of a script, in order (inside ``if``/loops too), for readers such as the cheat
    sheet and Try it: ``docker stop $(docker ps -q) && echo ok`` gives ``docker stop …`` and ``echo ok``,
    the first with its substitution ``docker ps -q``. Raises :class:`ShellSyntaxError` on bad input."""
    found: list[Segment] = []
    for command in simple_commands(parse_script(text)):
        words = [*(value for _, value in command.assignments), *command.words]
        subs = [part.script for word in words for part in word.parts if isinstance(part, CommandSub)]
        found.append(Segment(command.text, [word.unexpanded() for word in command.words], subs))
    return found
