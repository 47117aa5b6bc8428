"""``.dockerignore`` as docker applies it (``moby/patternmatcher`` and its ``ignorefile`` reader).

Patterns are Go ``filepath.Match`` globs (``*`` and ``?`` never cross ``/``, ``[...]`` classes, ``\\``
escapes) plus ``**`` (any number of directories); ``!`` re-includes; the last matching line decides;
a pattern also matches every path below a matching directory. Matching is a table walk over pattern
tokens and path characters (no regular expressions), so its cost is bounded by their product. A pattern
without wildcards is a plain string comparison, and when no line re-includes (``!``) those are one set: a
1 MB ``.dockerignore`` of 50,000 names costs what reading it costs, not 50,000 table walks per file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

_MAX_PATTERN = 4096
_WILD = frozenset("*?[\\")


def clean(path: str) -> str:
    """Go's ``filepath.Clean`` for slash paths."""
    if not path:
        return "."
    rooted = path.startswith("/")
    out = posixpath.normpath(path)
    if out.startswith("//"):
        out = "/" + out.lstrip("/")
    if rooted and not out.startswith("/"):
        out = "/" + out
    return out


def read_patterns(text: str) -> list[str]:
    """``ignorefile.ReadAll``: comments in column 1, whitespace trimmed, leading ``/`` stripped, cleaned."""
    patterns: list[str] = []
    for index, raw in enumerate(text.split("\n")):
        line = raw[1:] if index == 0 and raw.startswith("\ufeff") else raw
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = clean(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        patterns.append(("!" if invert else "") + pattern)
    return patterns


Token = tuple[str, str]


def _tokens(pattern: str) -> list[Token]:
    """Compile a cleaned pattern to tokens: lit, any (``?``), star (``*``), dstar (``**/``), tail (final ``**``)."""
    tokens: list[Token] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                i += 2
                if i < n and pattern[i] == "/":
                    i += 1
                tokens.append(("tail", "") if i >= n else ("dstar", ""))
                continue
            tokens.append(("star", ""))
        elif ch == "?":
            tokens.append(("any", ""))
        elif ch == "\\" and i + 1 < n:
            i += 1
            tokens.append(("lit", pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                tokens.append(("lit", ch))
            else:
                tokens.append(("class", pattern[i + 1 : end]))
                i = end
        else:
            tokens.append(("lit", ch))
        i += 1
    return tokens


def _in_class(spec: str, ch: str) -> bool:
    negate = spec.startswith(("^", "!"))
    body = spec[1:] if negate else spec
    found, i = False, 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            found = found or body[i] <= ch <= body[i + 2]
            i += 3
        else:
            found = found or body[i] == ch
            i += 1
    return found != negate


def match_tokens(tokens: list[Token], path: str) -> bool:
    """Whether ``path`` matches the whole token list."""
    n = len(path)
    reach = [False] * (n + 1)
    reach[0] = True
    for kind, arg in tokens:
        nxt = [False] * (n + 1)
        if kind == "lit":
            for j in range(n):
                if reach[j] and path[j] == arg:
                    nxt[j + 1] = True
        elif kind == "any":
            for j in range(n):
                if reach[j] and path[j] != "/":
                    nxt[j + 1] = True
        elif kind == "class":
            for j in range(n):
                if reach[j] and _in_class(arg, path[j]):
                    nxt[j + 1] = True
        elif kind == "star":
            for j in range(n + 1):
                nxt[j] = reach[j] or (j > 0 and nxt[j - 1] and path[j - 1] != "/")
        elif kind == "dstar":
            seen = False
            for j in range(n + 1):
                nxt[j] = reach[j] or (seen and path[j - 1] == "/")
                seen = seen or reach[j]
        else:  # tail
            seen = False
            for j in range(n + 1):
                seen = seen or reach[j]
                nxt[j] = seen
        reach = nxt
        if not any(reach):
            return False
    return reach[n]


@dataclass
class Pattern:
    """One compiled ``.dockerignore`` line."""

    text: str
    exclusion: bool
    tokens: list[Token]
    literal: bool = False  # no wildcard: the tokens are not needed, ``path == text`` decides

    def match(self, path: str) -> bool:
        """Whether the pattern matches ``path`` exactly."""
        return path == self.text if self.literal else match_tokens(self.tokens, path)


class PatternMatcher:
    """``patternmatcher.PatternMatcher`` with ``MatchesOrParentMatches``."""

    def __init__(self, patterns: list[str]) -> None:
        self.patterns: list[Pattern] = []
        for raw in patterns:
            text = raw.strip()
            if not text:
                continue
            exclusion = text.startswith("!")
            if exclusion:
                text = text[1:]
                if not text:
                    continue
            text = clean(text)
            if text == "." or len(text) > _MAX_PATTERN:
                continue
            if _WILD.isdisjoint(text):
                self.patterns.append(Pattern(text, exclusion, [], literal=True))
            else:
                self.patterns.append(Pattern(text, exclusion, _tokens(text)))
        # Without a ``!`` line the last match cannot be undone: the plain names are one set lookup per path
        # and parent, and only the patterns with wildcards are walked.
        self._names: frozenset[str] | None = None
        self._wild: list[Pattern] = self.patterns
        if not self.has_exclusions:
            self._names = frozenset(p.text for p in self.patterns if p.literal)
            self._wild = [p for p in self.patterns if not p.literal]

    @property
    def has_exclusions(self) -> bool:
        """Whether any ``!`` line exists (then excluded directories must still be walked)."""
        return any(p.exclusion for p in self.patterns)

    def matches(self, path: str) -> bool:
        """Whether ``path`` (slash-separated, relative) is ignored."""
        matched = False
        parent = posixpath.dirname(path)
        parents = parent.split("/") if parent else []
        if self._names is not None:
            prefixes = [path, *("/".join(parents[: i + 1]) for i in range(len(parents)))]
            return any(prefix in self._names for prefix in prefixes) or any(
                p.match(prefix) for p in self._wild for prefix in prefixes
            )
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            hit = pattern.match(path)
            if not hit and parents:
                hit = any(pattern.match("/".join(parents[: i + 1])) for i in range(len(parents)))
            if hit:
                matched = not pattern.exclusion
        return matched
