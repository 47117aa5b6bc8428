"""Variable substitution and word processing as BuildKit's ``frontend/dockerfile/shell/lex.go`` does it.

``$name``, ``${name}``, ``${name:-w}``, ``${name-w}``, ``${name:+w}``, ``${name+w}``, ``${name:?msg}``,
``${name?msg}`` and the prefix/suffix removals ``#``, ``##``, ``%``, ``%%``; single quotes stop
expansion, double quotes do not; the escape character makes the next character literal. Nesting is
bounded so that no input can exhaust the stack.
"""

from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field

from dockersim.build.parser import GO_SPACE

MAX_NESTING = 64
MAX_PATTERN_VALUE = 1024


class LexError(Exception):
    """A substitution error worded as BuildKit words it (``syntax error: missing '}'``)."""


def _is_name_char(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


@dataclass
class Lexer:
    """One pass over a word.

    ``raw_quotes`` keeps quote and escape characters (for displayed step names); ``skip_unset`` leaves
    references to unknown variables as written. ``used`` collects every referenced name, ``unset``
    those that were not defined.
    """

    env: Mapping[str, str]
    escape: str = "\\"
    raw_quotes: bool = False
    skip_unset: bool = False
    used: list[str] = field(default_factory=list)
    unset: list[str] = field(default_factory=list)

    def word(self, text: str) -> str:
        """Expand ``text`` as one word (BuildKit ``ProcessWord``)."""
        self._text, self._pos, self._depth = text, 0, 0
        out, _ = self._process(stop="", split=False)
        return out

    def words(self, text: str) -> list[str]:
        """Expand and split on unquoted whitespace (BuildKit ``ProcessWords``)."""
        self._text, self._pos, self._depth = text, 0, 0
        _, words = self._process(stop="", split=True)
        return words

    # -- internals --------------------------------------------------------------------------------------

    def _peek(self) -> str:
        return self._text[self._pos] if self._pos < len(self._text) else ""

    def _next(self) -> str:
        ch = self._peek()
        if ch:
            self._pos += 1
        return ch

    def _process(self, stop: str, split: bool) -> tuple[str, list[str]]:
        result: list[str] = []
        words: list[str] = []
        current: list[str] = []
        in_word = False

        def raw(text: str) -> None:
            nonlocal in_word
            current.append(text)
            in_word = True

        def add(text: str) -> None:
            nonlocal in_word, current
            for ch in text:
                if ch in GO_SPACE:
                    if in_word:
                        words.append("".join(current))
                        current, in_word = [], False
                else:
                    raw(ch)

        while self._pos < len(self._text):
            ch = self._peek()
            if stop and ch == stop:
                self._pos += 1
                return "".join(result), words
            if ch == "'":
                text = self._single_quote()
                result.append(text)
                raw(text)
            elif ch == '"':
                text = self._double_quote()
                result.append(text)
                raw(text)
            elif ch == "$":
                text = self._dollar()
                result.append(text)
                add(text)
            elif ch == self.escape:
                self._pos += 1
                nxt = self._next()
                if not nxt:
                    continue
                text = ch + nxt if self.raw_quotes else nxt
                result.append(text)
                raw(text)
            else:
                self._pos += 1
                result.append(ch)
                if split:
                    add(ch)
                else:
                    raw(ch)
        if stop:
            raise LexError("syntax error: missing '}'")
        if in_word:
            words.append("".join(current))
        return "".join(result), words

    def _single_quote(self) -> str:
        self._pos += 1
        start = self._pos
        end = self._text.find("'", start)
        if end < 0:
            raise LexError("unexpected end of statement while looking for matching single-quote")
        self._pos = end + 1
        body = self._text[start:end]
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
                nxt = self._peek()
                if nxt in ('"', "$", self.escape) and nxt:
                    self._pos += 1
                    out.append(ch + nxt if self.raw_quotes else nxt)
                    continue
            out.append(ch)

    def _name(self) -> str:
        start = self._pos
        if self._peek().isdigit():
            self._pos += 1
            return self._text[start : self._pos]
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
        start = self._pos
        self._pos += 1
        if self._peek() != "{":
            name = self._name()
            if not name:
                return "$"
            value = self._lookup(name)
            if value is None:
                return self._text[start : self._pos] if self.skip_unset else ""
            return value
        self._pos += 1
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise LexError("syntax error: substitution nested too deeply")
        try:
            return self._braced(start)
        finally:
            self._depth -= 1

    def _braced(self, start: int) -> str:
        name = self._name()
        if not name:
            raise LexError("syntax error: bad substitution")
        ch = self._next()
        if ch == "}":
            value = self._lookup(name)
            if value is None:
                return self._text[start : self._pos] if self.skip_unset else ""
            return value
        if not ch:
            raise LexError("syntax error: missing '}'")
        colon = ch == ":"
        if colon:
            ch = self._next()
        if ch in ("-", "+", "?"):
            word, _ = self._process(stop="}", split=False)
            value = self._lookup(name)
            if ch == "-":
                if value is None or (colon and value == ""):
                    return word
                return value
            if ch == "+":
                if value is None or (colon and value == ""):
                    return ""
                return word
            if value is None or (colon and value == ""):
                default = "is not allowed to be empty" if colon else "is not allowed to be unset"
                raise LexError(f"{name}: {word or default}")
            return value
        if colon:
            raise LexError(f"unsupported modifier (:{ch}) in substitution")
        if ch in ("#", "%"):
            longest = self._peek() == ch
            if longest:
                self._pos += 1
            pattern, _ = self._process(stop="}", split=False)
            value = self._lookup(name) or ""
            return _trim(value, pattern, prefix=ch == "#", longest=longest)
        raise LexError(f"unsupported modifier ({ch}) in substitution")


def _trim(value: str, pattern: str, *, prefix: bool, longest: bool) -> str:
    """``${v#p}`` and friends with glob patterns; long values are left as they are."""
    if len(value) > MAX_PATTERN_VALUE or not pattern:
        return value
    cuts = range(len(value), -1, -1) if longest else range(len(value) + 1)
    for cut in cuts:
        if prefix and fnmatch.fnmatchcase(value[:cut], pattern):
            return value[cut:]
        if not prefix and fnmatch.fnmatchcase(value[len(value) - cut :], pattern):
            return value[: len(value) - cut]
    return value


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
