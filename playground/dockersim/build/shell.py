"""Variable substitution and word processing as BuildKit's ``frontend/dockerfile/shell/lex.go`` does it.

``$name``, ``${name}``, ``${name:-w}``, ``${name-w}``, ``${name:+w}``, ``${name+w}``, ``${name:?msg}``,
``${name?msg}``, the prefix/suffix removals ``#``, ``##``, ``%``, ``%%`` and the replacements
``${name/pattern/repl}`` and ``${name//pattern/repl}``. Names are a run of digits (``$999``), one
special parameter (``$@ $* $# $? $- $$ $! $0``, never set in a Dockerfile) or letters, digits and
``_``. Single quotes stop expansion, double quotes do not; the escape character makes the next
character literal. Patterns are shell globs (``*``, ``?``, ``\\*``) matched by a small automaton, so no
pattern can backtrack catastrophically; nesting is bounded so no input can exhaust the stack.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from dockersim.build.parser import GO_SPACE

MAX_NESTING = 64
#: Go's ``string(scanner.EOF)``: what BuildKit prints for a modifier cut off by the end of the word.
EOF_RUNE = "\ufffd"
SPECIAL_PARAMS = "@*#?-$!0"


class LexError(Exception):
    """A substitution error worded as BuildKit words it (``syntax error: missing '}'``)."""


def _is_digit(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch) == "Nd"


def _is_name_char(ch: str) -> bool:
    return ch == "_" or _is_digit(ch) or (bool(ch) and unicodedata.category(ch).startswith("L"))


class _Words:
    """BuildKit's ``wordsStruct``: splits expanded text on unquoted whitespace."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.word: list[str] = []
        self.size = 0
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if ch in GO_SPACE:
            if self.in_word and self.size:
                self.words.append("".join(self.word))
                self.word, self.size, self.in_word = [], 0, False
        else:
            self.add_raw(ch)

    def add_raw(self, text: str) -> None:
        self.word.append(text)
        self.size += len(text)
        self.in_word = True

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def result(self) -> list[str]:
        if self.size:
            self.words.append("".join(self.word))
            self.word, self.size, self.in_word = [], 0, False
        return self.words


@dataclass
class Lexer:
    """One pass over a word.

    ``raw_quotes`` keeps quote characters and ``raw_escapes`` escape characters (for displayed step
    names and heredoc words); ``skip_unset`` leaves references to unknown variables as written.
    ``used`` collects every referenced name, ``unset`` those that were not defined.
    """

    env: Mapping[str, str]
    escape: str = "\\"
    raw_quotes: bool = False
    skip_unset: bool = False
    raw_escapes: bool = False
    used: list[str] = field(default_factory=list)
    unset: list[str] = field(default_factory=list)

    def word(self, text: str) -> str:
        """Expand ``text`` as one word (BuildKit ``ProcessWord``)."""
        return self._run(text)[0]

    def words(self, text: str) -> list[str]:
        """Expand and split on unquoted whitespace (BuildKit ``ProcessWords``)."""
        return self._run(text)[1]

    # -- internals --------------------------------------------------------------------------------------

    def _run(self, text: str) -> tuple[str, list[str]]:
        self._text, self._pos, self._depth = text, 0, 0
        self._raw_escapes = self.raw_escapes
        return self._process("", self.raw_escapes)

    def _peek(self) -> str:
        return self._text[self._pos] if self._pos < len(self._text) else ""

    def _next(self) -> str:
        ch = self._peek()
        if ch:
            self._pos += 1
        return ch

    def _process(self, stop: str, raw_escapes: bool) -> tuple[str, list[str]]:
        saved, self._raw_escapes = self._raw_escapes, raw_escapes
        try:
            return self._process_stop_on(stop)
        finally:
            self._raw_escapes = saved

    def _process_stop_on(self, stop: str) -> tuple[str, list[str]]:
        result: list[str] = []
        words = _Words()
        while self._pos < len(self._text):
            ch = self._peek()
            if stop and ch == stop:
                self._pos += 1
                return "".join(result), words.result()
            if ch == "$":
                text = self._dollar()
                result.append(text)
                words.add_string(text)
            elif ch in "'\"":
                text = self._single_quote() if ch == "'" else self._double_quote()
                result.append(text)
                words.add_raw(text)
            else:
                self._pos += 1
                if ch == self.escape:
                    if self._raw_escapes:
                        words.add_raw(ch)
                        result.append(ch)
                    ch = self._next()
                    if not ch:
                        break
                    words.add_raw(ch)
                else:
                    words.add_char(ch)
                result.append(ch)
        if stop:
            raise LexError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(result), words.result()

    def _single_quote(self) -> str:
        self._pos += 1
        end = self._text.find("'", self._pos)
        if end < 0:
            raise LexError("unexpected end of statement while looking for matching single-quote")
        body = self._text[self._pos : end]
        self._pos = end + 1
        return f"'{body}'" if self.raw_quotes else body

    def _double_quote(self) -> str:
        self._pos += 1
        out: list[str] = ['"'] if self.raw_quotes else []
        while True:
            ch = self._peek()
            if not ch:
                raise LexError("unexpected end of statement while looking for matching double-quote")
            if ch == '"':
                self._pos += 1
                if self.raw_quotes:
                    out.append('"')
                return "".join(out)
            if ch == "$":
                out.append(self._dollar())
                continue
            self._pos += 1
            if ch == self.escape:
                if self._raw_escapes:
                    out.append(ch)
                nxt = self._peek()
                if not nxt:
                    continue
                if nxt in ('"', "$", self.escape):
                    ch = self._next()
            out.append(ch)

    def _name(self) -> str:
        start = self._pos
        ch = self._peek()
        if _is_digit(ch):
            while _is_digit(self._peek()):
                self._pos += 1
            return self._text[start : self._pos]
        if ch and ch in SPECIAL_PARAMS:
            self._pos += 1
            return ch
        while self._pos < len(self._text) and _is_name_char(self._text[self._pos]):
            self._pos += 1
        return self._text[start : self._pos]

    def _lookup(self, name: str) -> str | None:
        self.used.append(name)
        value = self.env.get(name)
        if value is None:
            self.unset.append(name)
        return value

    def _dollar(self) -> str:
        self._pos += 1
        if self._peek() != "{":
            name = self._name()
            if not name:
                return "$"
            value = self._lookup(name)
            if value is None:
                return "$" + name if self.skip_unset else ""
            return value
        self._pos += 1
        ch = self._peek()
        if not ch:
            raise LexError("syntax error: missing '}'")
        if ch in "{}:":
            raise LexError("syntax error: bad substitution")
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise LexError("syntax error: substitution nested too deeply")
        try:
            return self._braced()
        finally:
            self._depth -= 1

    def _stop_on(self, stop: str, raw_escapes: bool, missing: str) -> str:
        try:
            return self._process(stop, raw_escapes)[0]
        except LexError:
            if not self._peek():
                raise LexError(missing) from None
            raise

    def _braced(self) -> str:
        name = self._name()
        ch = self._next()
        if ch == "}":
            value = self._lookup(name)
            if value is None:
                return "${" + name + "}" if self.skip_unset else ""
            return value
        modifier = ch or EOF_RUNE
        colon = ch == ":"
        if colon:
            ch = self._next()
            modifier += ch or EOF_RUNE
        if colon or (ch and ch in "+-?#%"):
            word = self._stop_on("}", ch in ("#", "%") and bool(ch), "syntax error: missing '}'")
            value = self._lookup(name)
            if value is None and self.skip_unset:
                return "${" + name + modifier + word + "}"
            empty = value is None or (colon and value == "")
            if ch == "-":
                return word if empty else value or ""
            if ch == "+":
                return "" if empty else word
            if ch == "?":
                if value is None:
                    raise LexError(f"{name}: {word or 'is not allowed to be unset'}")
                if colon and value == "":
                    raise LexError(f"{name}: {word or 'is not allowed to be empty'}")
                return value
            if ch in ("#", "%"):
                greedy = word.startswith(ch)
                pattern = word[1:] if greedy else word
                return trim(value or "", pattern, prefix=ch == "#", greedy=greedy)
            raise LexError(f"unsupported modifier ({modifier}) in substitution")
        if ch == "/":
            replace_all = self._peek() == "/"
            if replace_all:
                self._pos += 1
            pattern = self._stop_on("/", True, "syntax error: missing '/' in ${}")
            replacement = self._stop_on("}", True, "syntax error: missing '}'")
            value = self._lookup(name)
            if value is None and self.skip_unset:
                return "${" + name + "/" + pattern + "/" + replacement + "}"
            return replace(value or "", pattern, replacement, replace_all=replace_all)
        raise LexError(f"unsupported modifier ({modifier}) in substitution")


# --- shell patterns -------------------------------------------------------------------------------------

_STAR, _ANY = 0, 1


def compile_pattern(pattern: str) -> list[int | str]:
    """A glob as tokens (``_STAR``, ``_ANY`` or a literal character); BuildKit's escape rules and errors."""
    tokens: list[int | str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            tokens.append(_STAR)
        elif ch == "?":
            tokens.append(_ANY)
        elif ch == "\\":
            if i < n and pattern[i] in "}/":
                continue
            nxt = pattern[i] if i < n else EOF_RUNE
            i += 1
            if nxt not in "*?\\":
                raise LexError(f"invalid pattern ({pattern}) in substitution: invalid escape '\\{nxt}'")
            tokens.append(nxt)
        else:
            tokens.append(ch)
    return tokens


def _closure(tokens: list[int | str], states: set[int]) -> set[int]:
    todo = list(states)
    while todo:
        i = todo.pop()
        if i < len(tokens) and tokens[i] == _STAR and i + 1 not in states:
            states.add(i + 1)
            todo.append(i + 1)
    return states


def _step(tokens: list[int | str], states: set[int], ch: str) -> set[int]:
    out: set[int] = set()
    for i in states:
        if i < len(tokens):
            tok = tokens[i]
            if tok == _STAR:
                out.add(i)
            elif tok in (_ANY, ch):
                out.add(i + 1)
    return _closure(tokens, out)


def _match_end(tokens: list[int | str], value: str, start: int, greedy: bool) -> int | None:
    """End of the shortest (or longest) match of ``tokens`` anchored at ``start``, or ``None``."""
    accept = len(tokens)
    states = _closure(tokens, {0})
    best = start if accept in states else None
    if best is not None and not greedy:
        return best
    for j in range(start, len(value)):
        states = _step(tokens, states, value[j])
        if not states:
            break
        if accept in states:
            best = j + 1
            if not greedy:
                break
    return best


def trim(value: str, pattern: str, *, prefix: bool, greedy: bool) -> str:
    """``${v#p}`` (shortest prefix), ``${v##p}`` (longest), ``${v%p}`` and ``${v%%p}`` (suffixes)."""
    tokens = compile_pattern(pattern)
    if prefix:
        end = _match_end(tokens, value, 0, greedy)
        return value if end is None else value[end:]
    reverse = value[::-1]
    end = _match_end(tokens[::-1], reverse, 0, greedy)
    return value if end is None else reverse[end:][::-1]


def _starts(tokens: list[int | str], value: str) -> list[bool]:
    """For each position, whether some match of ``tokens`` starts there (one backward pass)."""
    backward = tokens[::-1]
    accept = len(backward)
    states = _closure(backward, {0})
    flags = [False] * (len(value) + 1)
    flags[len(value)] = accept in states
    for j in range(len(value) - 1, -1, -1):
        states = _step(backward, states, value[j]) | _closure(backward, {0})
        flags[j] = accept in states
    return flags


def _template(replacement: str, matched: str) -> str:
    """Go's ``Regexp.Expand`` for a pattern without groups: ``$$``, ``$0``/``${0}``, other names empty."""
    out: list[str] = []
    i, n = 0, len(replacement)
    while i < n:
        dollar = replacement.find("$", i)
        if dollar < 0:
            break
        out.append(replacement[i:dollar])
        i = dollar + 1
        if i < n and replacement[i] == "$":
            out.append("$")
            i += 1
            continue
        brace = i < n and replacement[i] == "{"
        j = i + 1 if brace else i
        k = j
        while k < n and _is_name_char(replacement[k]):
            k += 1
        if k == j or (brace and (k >= n or replacement[k] != "}")):
            out.append("$")
            continue
        name = replacement[j:k]
        i = k + 1 if brace else k
        if name.isdigit() and int(name) == 0:
            out.append(matched)
    out.append(replacement[i:])
    return "".join(out)


def replace(value: str, pattern: str, replacement: str, *, replace_all: bool) -> str:
    """``${v/p/r}`` (first, longest match) and ``${v//p/r}`` (every match), as Go's regexp replaces."""
    tokens = compile_pattern(pattern)
    starts = _starts(tokens, value)
    if not replace_all:
        start = next((s for s, ok in enumerate(starts) if ok), None)
        if start is None:
            return value
        end = _match_end(tokens, value, start, True)
        return value[:start] + replacement + value[end or start :]
    out: list[str] = []
    last_end = search = 0
    while search <= len(value):
        start = next((s for s in range(search, len(value) + 1) if starts[s]), None)
        if start is None:
            break
        end = _match_end(tokens, value, start, True)
        end = start if end is None else end
        out.append(value[last_end:start])
        if end > last_end or start == 0:
            out.append(_template(replacement, value[start:end]))
        last_end = end
        search = search + 1 if search + 1 > end else end
    out.append(value[last_end:])
    return "".join(out)


def expand(text: str, env: Mapping[str, str], escape: str = "\\") -> str:
    """``ProcessWord`` in one call."""
    return Lexer(env, escape).word(text)


def expand_words(text: str, env: Mapping[str, str], escape: str = "\\") -> list[str]:
    """``ProcessWords`` in one call."""
    return Lexer(env, escape).words(text)


def display(text: str, env: Mapping[str, str], escape: str = "\\") -> str:
    """Step-name text: known variables substituted, quotes and unknown references kept (``processCmdEnv``)."""
    try:
        return Lexer(env, escape, raw_quotes=True, skip_unset=True).word(text)
    except LexError:
        return text


def referenced(text: str, escape: str = "\\") -> list[str]:
    """Names a text refers to with ``$name``/``${name…}`` (outside single quotes); never raises."""
    lexer = Lexer({}, escape, raw_quotes=True, skip_unset=True)
    with contextlib.suppress(LexError):
        lexer.word(text)
    return list(dict.fromkeys(lexer.used))
