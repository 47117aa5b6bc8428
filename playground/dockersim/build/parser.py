"""Stage 1 of the frontend: Dockerfile text → untyped nodes with line numbers (BuildKit's ``parser``).

Follows ``moby/buildkit`` ``frontend/dockerfile/parser``: parser directives at the top, comments,
escape-character line continuations (comment and blank lines inside a continuation are dropped, the
blank ones with a NoEmptyContinuation warning), exec (JSON array) vs shell form with BuildKit's silent
fallback to shell form on malformed JSON, builder flags (``--from=x``), key/value grammars and heredocs.
Every loop here is linear in the input; no regular expression can backtrack catastrophically.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from dockersim.context import SimulatorError

#: Go's ``unicode.IsSpace`` set (Python's ``str.strip()`` also strips \x1c-\x1f, Go does not).
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
_SPLIT_WS = re.compile(r"[\t\v\f\r ]+")
_DIRECTIVE = re.compile(r"#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*)")
_HEREDOC = re.compile(r"(\d*)<<(-?)([^<]*)")
#: Parser directives BuildKit knows; any other ``# key=value`` line ends the directive block.
DIRECTIVES = ("syntax", "escape", "check")
#: Instructions whose node may carry heredocs.
HEREDOC_INSTRUCTIONS = ("run", "copy", "add")
#: bufio.Scanner's token limit less one: a longer line (in bytes, without its newline) is an error.
MAX_LINE = 65535
#: Instructions the simulator reads from one Dockerfile (each is planned, cached and shown; the notes' longest
#: has 30): a longer one ends in a parse error instead of an hour of work.
MAX_INSTRUCTIONS = 10_000
#: Bytes read from a Dockerfile on the command line.
MAX_DOCKERFILE_BYTES = 16 * 1024 * 1024


class DockerfileError(SimulatorError):
    """A Dockerfile the frontend rejects; ``str()`` reads like BuildKit (``dockerfile parse error on line 3: …``)."""

    def __init__(self, message: str, line: int = 0, *, parse: bool = True) -> None:
        self.detail = message
        self.line = line
        text = f"dockerfile parse error on line {line}: {message}" if parse and line else message
        super().__init__(text, 1)

    def __str__(self) -> str:
        return self.message


@dataclass
class Heredoc:
    """One heredoc body attached to a node (``RUN <<EOF`` … ``EOF``)."""

    name: str
    content: str
    expand: bool = True
    chomp: bool = False
    fd: int = 0


@dataclass
class Warning:
    """A parser-level build-check warning (rule name, message, line)."""

    rule: str
    message: str
    line: int


@dataclass
class Node:
    """One instruction as the parser sees it: keyword, raw flags, untyped arguments, source lines.

    ``args`` holds the whitespace/JSON-split values; ``pairs`` the key/value grammar of ENV, LABEL and
    ARG (value ``None`` for ``ARG name``); ``legacy_kv`` marks ``ENV k v``; ``child`` is ONBUILD's
    trigger; for HEALTHCHECK ``args[0]`` is the type (``CMD``/``NONE``) and the rest is the command.
    """

    keyword: str
    original: str
    start_line: int
    end_line: int
    args: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    json: bool = False
    pairs: list[tuple[str, str | None]] = field(default_factory=list)
    legacy_kv: bool = False
    heredocs: list[Heredoc] = field(default_factory=list)
    child: Node | None = None
    comments: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """A plain dump for golden tests."""
        out: dict[str, object] = {"keyword": self.keyword, "lines": [self.start_line, self.end_line]}
        if self.flags:
            out["flags"] = self.flags
        if self.args:
            out["args"] = self.args
        if self.json:
            out["json"] = True
        if self.pairs:
            out["pairs"] = [list(p) for p in self.pairs]
        if self.legacy_kv:
            out["legacy_kv"] = True
        if self.heredocs:
            out["heredocs"] = [
                {"name": h.name, "content": h.content, "expand": h.expand, "chomp": h.chomp} for h in self.heredocs
            ]
        if self.child is not None:
            out["child"] = self.child.to_dict()
        return out


@dataclass
class ParseResult:
    """The parsed file: nodes in order, directives, the escape token, warnings and the source lines."""

    nodes: list[Node]
    directives: dict[str, str]
    escape: str
    warnings: list[Warning]
    lines: list[str]


def go_strip(text: str) -> str:
    """``strings.TrimSpace`` with Go's notion of whitespace."""
    return text.strip(GO_SPACE)


# --- word splitting shared with the instruction stage -------------------------------------------------


def parse_words(rest: str, escape: str = "\\") -> list[str]:
    """BuildKit ``parseWords``: split on whitespace outside quotes, keeping quotes and escapes in the words."""
    words: list[str] = []
    word: list[str] = []
    in_word = in_quote = blank_ok = False
    quote = ""
    i, n = 0, len(rest)
    while i < n:
        ch = rest[i]
        if not in_word and not in_quote:
            if ch in GO_SPACE:
                i += 1
                continue
            in_word = True
        if in_word:
            if ch in GO_SPACE:
                if blank_ok or word:
                    words.append("".join(word))
                word, blank_ok, in_word = [], False, False
                i += 1
                continue
            if ch in "'\"":
                quote, blank_ok, in_word, in_quote = ch, True, False, True
            if ch == escape:
                if i + 1 == n:
                    i += 1
                    continue
                word.append(ch)
                i += 1
                ch = rest[i]
            word.append(ch)
            i += 1
            continue
        # in quote
        if ch == quote:
            in_quote, in_word = False, True
        if ch == escape and quote != "'":
            if i + 1 == n:
                in_quote, in_word = False, True
                i += 1
                continue
            word.append(ch)
            i += 1
            ch = rest[i]
        word.append(ch)
        i += 1
    if (in_word or in_quote) and (blank_ok or word):
        words.append("".join(word))
    return words


def extract_flags(line: str) -> tuple[str, list[str]]:
    """BuildKit ``extractBuilderFlags``: leading ``--name[=value]`` words and the rest of the line."""
    words: list[str] = []
    word: list[str] = []
    phase = "spaces"
    quote = ""
    blank_ok = False
    i, n = 0, len(line)
    while i <= n:
        ch = line[i] if i < n else ""
        if phase == "spaces":
            if i == n:
                break
            if ch in GO_SPACE:
                i += 1
                continue
            if ch != "-" or i + 1 == n or line[i + 1] != "-":
                return line[i:], words
            phase = "word"
        if i == n:
            text = "".join(word)
            if text != "--" and (blank_ok or text):
                words.append(text)
            break
        if phase == "word":
            if ch in GO_SPACE:
                phase = "spaces"
                text = "".join(word)
                if text == "--":
                    return line[i:], words
                if blank_ok or text:
                    words.append(text)
                word, blank_ok = [], False
                i += 1
                continue
            if ch in "'\"":
                quote, blank_ok, phase = ch, True, "quote"
                i += 1
                continue
            if ch == "\\":
                if i + 1 == n:
                    i += 1
                    continue
                i += 1
                ch = line[i]
            word.append(ch)
            i += 1
            continue
        if ch == quote:
            phase = "word"
            i += 1
            continue
        if ch == "\\":
            if i + 1 == n:
                phase = "word"
                i += 1
                continue
            i += 1
            ch = line[i]
        word.append(ch)
        i += 1
    return "", words


# --- per-instruction argument grammars (BuildKit line_parsers.go) --------------------------------------


class _NotJSONError(Exception):
    """The text is not a JSON array (the caller falls back to shell form)."""


def _reject_constant(name: str) -> object:
    raise ValueError(name)


def parse_json_array(rest: str) -> list[str]:
    """A JSON array of strings, or ``_NotJSONError``; a valid array with a non-string is BuildKit's error."""
    rest = rest.lstrip(GO_SPACE)
    if not rest.startswith("["):
        raise _NotJSONError
    try:
        value = json.loads(rest, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise _NotJSONError from exc
    if not isinstance(value, list):
        raise _NotJSONError
    if not all(isinstance(v, str) for v in value):
        raise DockerfileError("when using JSON array syntax, arrays must be comprised of strings only")
    return value


def _maybe_json(node: Node, rest: str) -> None:
    rest = rest.lstrip(GO_SPACE)
    if not rest:
        return
    if rest.startswith("["):
        try:
            node.args, node.json = parse_json_array(rest), True
            return
        except _NotJSONError:
            pass
    node.args = [rest]


def _maybe_json_to_list(node: Node, rest: str) -> None:
    try:
        node.args, node.json = parse_json_array(rest), True
    except _NotJSONError:
        node.args = [w for w in _SPLIT_WS.split(rest.strip(GO_SPACE)) if w] if rest.strip(GO_SPACE) else []


def _whitespace_list(node: Node, rest: str) -> None:
    rest = rest.strip(GO_SPACE)
    node.args = [w for w in _SPLIT_WS.split(rest) if w] if rest else []


def _string(node: Node, rest: str) -> None:
    node.args = [rest] if rest else []


def _name_val(node: Node, rest: str, key: str, escape: str) -> None:
    words = parse_words(rest, escape)
    if not words:
        return
    if "=" not in words[0]:
        parts = _SPLIT_WS.split(rest.strip(GO_SPACE), maxsplit=1)
        if len(parts) < 2:
            raise DockerfileError(f"{key} must have two arguments")
        node.pairs, node.legacy_kv = [(parts[0], parts[1])], True
        return
    for word in words:
        if "=" not in word:
            raise DockerfileError(f'Syntax error - can\'t find = in "{word}". Must be of the form: name=value')
        name, value = word.split("=", 1)
        node.pairs.append((name, value))


def _name_or_name_val(node: Node, rest: str, escape: str) -> None:
    for word in parse_words(rest, escape):
        if "=" in word:
            name, value = word.split("=", 1)
            node.pairs.append((name, value))
        else:
            node.pairs.append((word, None))


def _healthcheck(node: Node, rest: str) -> None:
    rest = rest.strip(GO_SPACE)
    if not rest:
        return
    parts = re.split(r"[\t\n\v\f\r \x85\xa0]+", rest, maxsplit=1)
    cmd = Node("cmd", "", node.start_line, node.end_line)
    _maybe_json(cmd, parts[1] if len(parts) > 1 else "")
    node.args = [parts[0], *cmd.args]
    node.json = cmd.json


def _split_command(line: str) -> tuple[str, str, list[str]]:
    parts = _SPLIT_WS.split(go_strip(line), maxsplit=1)
    keyword = parts[0].lower()
    rest = parts[1] if len(parts) > 1 else ""
    rest, flags = extract_flags(rest)
    return keyword, rest, flags


def node_from_line(line: str, escape: str, start: int, end: int, *, comments: list[str] | None = None) -> Node:
    """BuildKit ``newNodeFromLine``: keyword, flags and the instruction's own argument grammar."""
    keyword, rest, flags = _split_command(line)
    node = Node(keyword, line, start, end, flags=flags, comments=list(comments or []))
    try:
        if keyword in ("add", "copy", "volume"):
            _maybe_json_to_list(node, rest)
        elif keyword in ("run", "cmd", "entrypoint", "shell"):
            _maybe_json(node, rest)
        elif keyword in ("expose", "from"):
            _whitespace_list(node, rest)
        elif keyword in ("env", "label"):
            _name_val(node, rest, keyword.upper(), escape)
        elif keyword == "arg":
            _name_or_name_val(node, rest, escape)
        elif keyword == "healthcheck":
            _healthcheck(node, rest)
        elif keyword == "onbuild":
            if go_strip(rest):
                node.child = node_from_line(rest, escape, start, end)
        else:  # maintainer, stopsignal, user, workdir and unknown keywords: the rest as one string
            _string(node, rest)
    except DockerfileError as exc:
        raise DockerfileError(exc.detail, start) from None
    return node


def _can_contain_heredoc(node: Node) -> bool:
    target = node.child if node.keyword == "onbuild" and node.child is not None else node
    return target.keyword in HEREDOC_INSTRUCTIONS and not target.json


def heredoc_word(word: str) -> tuple[str, bool, bool, int] | None:
    """BuildKit ``ParseHeredoc``: (name, expand, chomp, fd) when ``word`` is ``[n]<<[-]NAME``, else ``None``.

    The name is the word after shell processing (quotes and escapes removed); quoting any part of it
    turns expansion of the body off.
    """
    from dockersim.build.shell import Lexer, LexError  # the shell module imports this one

    match = _HEREDOC.fullmatch(word)
    if not match or not match.group(3):
        return None
    rest = match.group(3)
    try:
        words = Lexer({}, skip_unset=True).words(rest)
        raw = Lexer({}, raw_quotes=True, skip_unset=True).words(rest)
    except LexError:
        return None
    if len(words) != 1 or len(raw) != 1:
        return None
    expand = words[0].count("'") + words[0].count('"') == raw[0].count("'") + raw[0].count('"')
    fd = int(match.group(1)) if match.group(1) and len(match.group(1)) < 20 else 0
    return words[0], expand, match.group(2) == "-", fd


def heredocs_in_line(line: str) -> list[tuple[str, bool, bool, int]]:
    """The heredoc openers of a line (BuildKit ``heredocsFromLine``), in order."""
    from dockersim.build.shell import Lexer, LexError  # the shell module imports this one

    try:
        words = Lexer({}, raw_quotes=True, raw_escapes=True, skip_unset=True).words(line)
    except LexError:
        return []
    return [doc for doc in map(heredoc_word, words) if doc is not None]


# --- the file -------------------------------------------------------------------------------------------


def _is_comment(raw: str) -> bool:
    return raw.lstrip(GO_SPACE).startswith("#")


def _continues(line: str, escape: str) -> tuple[str, bool]:
    """Strip a trailing escape char (spaces/tabs may follow): (line, continues).

    As BuildKit's continuation pattern, an escape token preceded by another one is an escaped escape
    token, not a continuation (``trailing\\\\`` ends the instruction); a lone token on its line continues.
    """
    stripped = line.rstrip(" \t")
    if stripped.endswith(escape) and (len(stripped) == 1 or stripped[-2] != escape):
        return stripped[:-1], True
    return line, False


class _Directives:
    """BuildKit's DirectiveParser: ``# key=value`` lines at the very top."""

    def __init__(self) -> None:
        self.done = False
        self.values: dict[str, str] = {}
        self.escape = "\\"

    def feed(self, line: str, lineno: int) -> None:
        if self.done:
            return
        match = _DIRECTIVE.fullmatch(line.rstrip(GO_SPACE))
        if not match or match.group(1).lower() not in DIRECTIVES or not match.group(2):
            self.done = True
            return
        key, value = match.group(1).lower(), match.group(2).strip(GO_SPACE)
        if key in self.values:
            raise DockerfileError(f"only one {key} parser directive can be used", lineno)
        if key == "escape":
            if value not in ("\\", "`"):
                raise DockerfileError(f"invalid escape token '{value}' does not match ` or \\", lineno)
            self.escape = value
        self.values[key] = value


def parse(text: str) -> ParseResult:
    """Parse Dockerfile text into nodes; raises :class:`DockerfileError` with BuildKit's wording."""
    if text.startswith("\ufeff"):
        text = text[1:]
    split = text.split("\n")
    if split and split[-1] == "" and text.endswith("\n"):
        split.pop()
    raw_lines = [line.rstrip("\r\n") for line in split]
    too_long = next((n for n, raw in enumerate(split) if len(raw.encode("utf-8", "surrogatepass")) > MAX_LINE), None)
    if too_long is not None:
        raw_lines = raw_lines[:too_long]
    directives = _Directives()
    nodes: list[Node] = []
    warnings: list[Warning] = []
    comments: list[str] = []
    i, total = 0, len(raw_lines)

    def process(raw: str, strip_left: bool, lineno: int) -> str:
        token = raw.lstrip(GO_SPACE) if strip_left else raw
        directives.feed(token, lineno)
        return "" if _is_comment(token) else token

    while i < total:
        raw = raw_lines[i]
        if _is_comment(raw):
            comment = go_strip(raw.lstrip(GO_SPACE)[1:])
            if comment:  # appended in place: a copy per line made 50,000 comment lines quadratic
                comments.append(comment)
            else:
                comments = []
        line = process(raw, True, i + 1)
        i += 1
        start = i
        line, continues = _continues(line, directives.escape)
        if not continues and line == "":
            continue
        parts = [line]
        empty_continuation = False
        while continues and i < total:
            raw = raw_lines[i]
            piece = process(raw, False, i + 1)
            i += 1
            if _is_comment(raw):
                continue
            if not piece.lstrip(GO_SPACE):
                empty_continuation = True
                continue
            piece, continues = _continues(piece, directives.escape)
            parts.append(piece)
        joined = "".join(parts)
        node = node_from_line(joined, directives.escape, start, i, comments=comments)
        if empty_continuation:
            warnings.append(Warning("NoEmptyContinuation", "Empty continuation line", i))
        if _can_contain_heredoc(node) and "<<" in joined:
            target = node.child if node.keyword == "onbuild" and node.child is not None else node
            for name, expand, chomp, fd in heredocs_in_line(joined):
                body: list[str] = []
                found = False
                while i < total:
                    raw = raw_lines[i]
                    i += 1
                    candidate = raw.lstrip("\t") if chomp else raw
                    if candidate == name:
                        found = True
                        break
                    body.append(raw + "\n")
                if not found:
                    raise DockerfileError("unterminated heredoc", start)
                content = "".join(body)
                target.heredocs.append(Heredoc(name, content, expand, chomp, fd))
            node.end_line = i
            if target is not node:
                target.end_line = i
        nodes.append(node)
        comments = []
        if len(nodes) > MAX_INSTRUCTIONS:
            raise DockerfileError(f"more than {MAX_INSTRUCTIONS} instructions (the simulator bounds a Dockerfile)", i)
    if not nodes:
        raise DockerfileError("file with no instructions", i, parse=False)
    if too_long is not None:
        raise DockerfileError(f"dockerfile line greater than max allowed size of {MAX_LINE}", i, parse=False)
    return ParseResult(nodes, dict(directives.values), directives.escape, warnings, raw_lines)


# --- BuildKit's AST dump (``Node.Dump()``), the form its parser tests compare -----------------------------


def go_quote(text: str) -> str:
    """Go's ``strconv.Quote``: double-quoted, Go escapes, printable Unicode kept as is."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _dump_values(node: Node) -> list[str]:
    """The values BuildKit chains on ``node.Next`` for one instruction."""
    if node.keyword in ("env", "label"):
        sep = "" if node.legacy_kv else "="
        return [v for name, value in node.pairs for v in (name, value or "", sep)]
    if node.keyword == "arg":
        return [name if value is None else f"{name}={value}" for name, value in node.pairs]
    return list(node.args)


def dump_node(node: Node) -> str:
    """One instruction in BuildKit's lisp-like ``Dump()`` form, without the parentheses."""
    text = node.keyword
    if node.flags:
        text += " [" + " ".join(go_quote(f) for f in node.flags) + "]"
    if node.keyword == "onbuild" and node.child is not None:
        text += " (" + dump_node(node.child) + ")"
    for value in _dump_values(node):
        text += " " + go_quote(value)
    return go_strip(text)


def dump_ast(result: ParseResult) -> str:
    """The whole file as BuildKit's ``AST.Dump()`` prints it (one ``(…)`` line per instruction)."""
    return go_strip("".join(f"({dump_node(node)})\n" for node in result.nodes))
