"""The notes' code blocks as text: which are try-able, their command lines, the rendered blocks and slots.

Pure functions over Markdown text (``logical_lines``, ``classify``, the docker segments of a line) and over
the HTML Material renders (``<div class="language-bash highlight">…``, the cheat sheet's
``<div class="cheatsheet-try" data-kind data-text>`` slots). What each block runs, and what it needs first,
is :mod:`docker_notes.lessons`' job.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from functools import lru_cache

COMMAND_LANGS = frozenset({"bash", "sh", "shell", "console", "shell-session", "zsh"})
DOCKERFILE_LANGS = frozenset({"dockerfile", "docker"})
YAML_LANGS = frozenset({"yaml", "yml"})
DOCKER_WORDS = frozenset({"docker", "docker-compose"})
SEPARATORS = frozenset({"&&", "||", "|", ";", "&"})

_BLOCK_START = re.compile(r'<div class="language-(?P<lang>[\w+-]+) highlight"(?P<attrs>[^>]*)>')
_BLOCK_END = "</code></pre>"
_SLOT = re.compile(r'<div class="cheatsheet-try"(?P<attrs>[^>]*)>')
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_USAGE = re.compile(r"\[OPTIONS\]|\[[A-Z_]+\.\.\.\]|\.\.\.\]|\bCONTAINER \[CONTAINER|<[a-z0-9-]+>")
_SERVICES = re.compile(r"^services:\s*(#.*)?$", re.MULTILINE)
_FROM = re.compile(r"^\s*FROM\s+\S", re.MULTILINE | re.IGNORECASE)
_SUBSTITUTION = re.compile(r"\$\([^()]*\)|`[^`]*`")



# --- text → command lines ---------------------------------------------------------------------------------------


def _strip_comment(line: str) -> str:
    """Drop a trailing ``# comment`` that is outside quotes and starts a word."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip()
    return line.rstrip()


def logical_lines(text: str) -> list[str]:
    """Join backslash continuations, drop comments, blank lines and ``$ `` prompts."""
    joined: list[str] = []
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if pending and stripped.startswith("#"):
            continue
        current = f"{pending} {stripped}".strip() if pending else stripped
        if current.endswith("\\") and not current.endswith("\\\\"):
            pending = current[:-1].rstrip()
            continue
        pending = ""
        joined.append(current)
    if pending:
        joined.append(pending)
    lines = []
    for line in joined:
        if line.startswith("$ "):
            line = line[2:]
        line = _strip_comment(line)
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def words(line: str) -> list[str] | None:
    """Shell words of a line with operators as their own words; ``None`` when it does not lex."""
    found = _lex(line)
    return None if found is None else list(found)


@lru_cache(maxsize=4096)
def _lex(line: str) -> tuple[str, ...] | None:
    """:func:`words`, memoized: a page asks about the same lines again and again (``shlex`` is slow)."""
    line = _SUBSTITUTION.sub("$SUB", line)
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars="|&;")
        lexer.whitespace_split = True
        return tuple(lexer)
    except ValueError:
        return None


def segments(tokens: list[str]) -> list[list[str]]:
    """Split a line's words at ``&&``, ``||``, ``|``, ``;`` and ``&``."""
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in SEPARATORS:
            parts.append([])
        else:
            parts[-1].append(token)
    return [part for part in parts if part]


def _command_words(segment: list[str]) -> list[str]:
    """A segment without leading ``VAR=value`` assignments and ``sudo``."""
    index = 0
    while index < len(segment) and (re.match(r"^[A-Za-z_]\w*=", segment[index]) or segment[index] == "sudo"):
        index += 1
    return segment[index:]


def is_usage(line: str) -> bool:
    """A syntax line such as ``docker run [OPTIONS] IMAGE [COMMAND]`` (shown, not run)."""
    return bool(_USAGE.search(line))


def is_docker_line(line: str) -> bool:
    """Whether a line runs a docker or docker-compose command (possibly after ``&&``, ``|``…)."""
    if is_usage(line):
        return False
    tokens = words(line)
    if tokens is None:
        return any(line.lstrip().startswith(word + " ") for word in DOCKER_WORDS)
    return any(seg and seg[0] in DOCKER_WORDS for seg in map(_command_words, segments(tokens)))


def docker_lines(text: str) -> list[str]:
    """The runnable docker command lines of a block, one per logical line."""
    return [line for line in logical_lines(text) if is_docker_line(line)]


# --- a line's docker commands ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def docker_calls(line: str) -> tuple[tuple[str, ...], ...]:
    """Each ``docker …`` segment of a line as its words after ``docker`` (``container``/… groups kept)."""
    tokens = words(line)
    if tokens is None:
        return ()
    calls = []
    for segment in segments(tokens):
        command = _command_words(segment)
        if command and command[0] == "docker":
            calls.append(tuple(command[1:]))
    return tuple(calls)


# --- blocks --------------------------------------------------------------------------------------------


def is_compose(text: str, title: str = "") -> bool:
    """A YAML block is a Compose file when it has a top-level ``services:`` key (or a compose file title)."""
    name = title.strip().lower()
    return bool(_SERVICES.search(text)) or name.endswith(("compose.yml", "compose.yaml"))


def content_kind(lang: str, text: str, title: str = "") -> str | None:
    """What a fenced block holds, by its language and title: ``command`` (a shell block), ``dockerfile``,
    ``dockerignore``, ``compose`` (YAML with a ``services:`` key or a compose file's name) or ``None``.

    The one rule for the notes' blocks: the cheat sheet collects these, Try it offers some of them.
    """
    lang, name = lang.lower(), title.strip().lower()
    if lang in COMMAND_LANGS:
        return "command"
    if lang in DOCKERFILE_LANGS or name.endswith("dockerfile"):
        return "dockerfile"
    if lang == "dockerignore" or name == ".dockerignore":
        return "dockerignore"
    if lang in YAML_LANGS and is_compose(text, title):
        return "compose"
    return None


def classify(lang: str, text: str, title: str = "") -> str | None:
    """What a reader can try in a block: ``command`` (it has a docker line), ``dockerfile`` (it has a
    ``FROM``), ``compose``, or ``None``."""
    kind = content_kind(lang, text, title)
    if kind == "command":
        return kind if docker_lines(text) else None
    if kind == "dockerfile":
        return kind if _FROM.search(text) else None
    return kind if kind == "compose" else None


@dataclass(frozen=True)
class _Block:
    """A highlighted block of a page: its language, the opening tag's attributes and where they start, its body."""

    start: int
    lang: str
    attrs: str
    attrs_start: int
    body: str


def _blocks(page_html: str) -> list[_Block]:
    """Each ``<div class="language-… highlight">`` up to its first ``</code></pre>``, in order (one scan)."""
    found = []
    position = 0
    while (match := _BLOCK_START.search(page_html, position)) is not None:
        end = page_html.find(_BLOCK_END, match.end())
        if end < 0:
            break
        body = page_html[match.end() : end]
        found.append(_Block(match.start(), match["lang"], match["attrs"], match.start("attrs"), body))
        position = end + len(_BLOCK_END)
    return found


def has_slots(page_html: str) -> bool:
    """Whether the page carries cheat-sheet slots (then its code blocks are not marked a second time)."""
    return '<div class="cheatsheet-try"' in page_html
