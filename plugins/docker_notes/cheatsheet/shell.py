"""Read shell code blocks the way a reader would type them: logical lines, comments, heredocs, operators.

Only as much shell as the notes use: backslash continuations, ``$ `` prompts, trailing ``#`` comments,
heredoc bodies, ``&&``/``||``/``;``/``|``/``&`` chains and ``$(…)``/backtick substitutions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PROMPT = re.compile(r"^\$\s+")
HEREDOC = re.compile(r"(?<!<)<<(?!<)(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
OUTPUT_COMMENT = re.compile(r"^(output|result|prints|returns)\b", re.IGNORECASE)
CONNECTIVE_COMMENT = re.compile(
    r"^(or|and|then|else|also|equivalent( to)?|same as|alternatively)[\s:.!]*$", re.IGNORECASE
)
NUMBERING = re.compile(r"^\d+[.)]\s+")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
WRAPPERS = frozenset({"sudo", "time", "command", "nohup"})
PROGRAMS = frozenset({"docker", "docker-compose"})


@dataclass
class LogicalLine:
    """One line as the shell reads it: continuations joined, prompt dropped, trailing comment split off."""

    kind: str
    """``code``, ``comment``, ``blank``, ``output`` (example output) or ``heredoc`` (a heredoc body line)."""
    code: str
    """The code with continuations joined by single spaces (empty for non-code lines)."""
    comment: str
    """The trailing comment, or the whole comment of a comment line, without ``#``."""
    line: int
    """Line number of the first physical line (in the numbering the caller gave)."""
    paragraph: int
    """Index of the blank-line-separated paragraph of the block."""
    parts: list[str] = field(default_factory=list)
    """The code of each physical line (without its continuation backslash), for display."""


def split_comment(line: str) -> tuple[str, str]:
    """Split ``line`` into code and trailing comment; ``#`` counts only outside quotes and after a blank."""
    quote = ""
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
            continue
        if char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1 :].strip()
    return line.rstrip(), ""


def logical_lines(text: str, first_line: int = 1, *, console: bool = False) -> list[LogicalLine]:
    """Cut a shell block into logical lines; see :class:`LogicalLine` for the kinds.

    In a ``console`` block that has ``$`` prompts, only prompted lines are code (the rest is output).
    After a comment like ``# Output:`` that ends with a colon, the following uncommented lines of the
    paragraph are example output. Heredoc bodies are skipped up to their delimiter.
    """
    raw = text.split("\n")
    prompted = console and any(PROMPT.match(line.strip()) for line in raw)
    result: list[LogicalLine] = []
    paragraph = 0
    in_output = False
    index = 0
    while index < len(raw):
        lineno = first_line + index
        stripped = raw[index].strip()
        index += 1
        if not stripped:
            if result and result[-1].kind != "blank":
                paragraph += 1
            in_output = False
            result.append(LogicalLine("blank", "", "", lineno, paragraph))
            continue
        if stripped.startswith("#"):
            comment = stripped.lstrip("#").strip()
            if OUTPUT_COMMENT.match(comment) and comment.endswith(":"):
                in_output = True
            result.append(LogicalLine("comment", "", comment, lineno, paragraph))
            continue
        has_prompt = bool(PROMPT.match(stripped))
        if in_output or (prompted and not has_prompt):
            result.append(LogicalLine("output", "", "", lineno, paragraph))
            continue
        code, comment = split_comment(PROMPT.sub("", stripped, count=1))
        parts: list[str] = []
        while code.endswith("\\") and index < len(raw):
            parts.append(code[:-1].rstrip())
            code, more = split_comment(raw[index].strip())
            comment = more or comment
            index += 1
        parts.append(code.rstrip("\\").rstrip())
        joined = " ".join(part for part in parts if part)
        result.append(LogicalLine("code", joined, comment, lineno, paragraph, parts))
        for match in HEREDOC.finditer(joined):
            before = joined[: match.start()]
            if before.count("'") % 2 or before.count('"') % 2:
                continue
            delimiter, strip_tabs = match.group(3), bool(match.group(1))
            while index < len(raw):
                body = raw[index].lstrip("\t") if strip_tabs else raw[index]
                result.append(LogicalLine("heredoc", "", "", first_line + index, paragraph))
                index += 1
                if body.strip() == delimiter:
                    break
    return result


def split_commands(code: str) -> tuple[list[str], list[str]]:
    """Split a logical line on ``&&``, ``||``, ``;``, ``|`` and ``&`` outside quotes and substitutions.

    Returns the segments and the inner texts of the ``$(…)`` and backtick substitutions found in them.
    """
    segments: list[str] = []
    nested: list[str] = []
    current: list[str] = []
    quote = ""
    depth = 0
    brackets = 0
    sub_start = 0
    index = 0
    while index < len(code):
        char = code[index]
        pair = code[index : index + 2]
        if not quote and not depth and char in "[]":
            brackets = max(0, brackets + (1 if char == "[" else -1))
        if char == "\\" and quote != "'":
            current.append(code[index : index + 2])
            index += 2
            continue
        if quote == "'":
            if char == "'":
                quote = ""
        elif pair == "$(":
            if depth == 0:
                sub_start = index + 2
            depth += 1
            current.append(pair)
            index += 2
            continue
        elif depth and char == "(":
            depth += 1
        elif depth and char == ")":
            depth -= 1
            if depth == 0:
                nested.append(code[sub_start:index])
        elif char == "`" and depth == 0:
            end = code.find("`", index + 1)
            if end > index:
                nested.append(code[index + 1 : end])
                current.append(code[index : end + 1])
                index = end + 1
                continue
        elif quote == '"':
            if char == '"':
                quote = ""
        elif depth == 0 and char in "'\"":
            quote = char
        elif depth == 0 and brackets == 0 and pair in ("&&", "||"):
            segments.append("".join(current))
            current = []
            index += 2
            continue
        elif depth == 0 and brackets == 0 and char in ";|&" and code[index - 1 : index] not in (">", "<"):
            segments.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    segments.append("".join(current))
    return [segment.strip() for segment in segments if segment.strip()], nested


def words(segment: str) -> list[str]:
    """Split a simple command into words, keeping quotes and substitutions inside their word."""
    result: list[str] = []
    current: list[str] = []
    quote = ""
    depth = 0
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "\\" and quote != "'" and index + 1 < len(segment):
            current.append(segment[index : index + 2])
            index += 2
            continue
        if quote:
            if char == quote and not depth:
                quote = ""
        elif segment[index : index + 2] == "$(":
            depth += 1
            current.append("$(")
            index += 2
            continue
        elif depth and char == "(":
            depth += 1
        elif depth and char == ")":
            depth -= 1
        elif char in "'\"" and not depth:
            quote = char
        elif char.isspace() and not depth:
            if current:
                result.append("".join(current))
                current = []
            index += 1
            continue
        current.append(char)
        index += 1
    if current:
        result.append("".join(current))
    return result


def unquote(word: str) -> str:
    """The value of a word once the shell removed its quotes (substitutions are left as written)."""
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        return word[1:-1]
    return word.replace('"', "").replace("'", "")


def docker_words(segment: str) -> list[str] | None:
    """The words of ``segment`` from ``docker``/``docker-compose`` on, or ``None`` if it runs another program.

    Leading variable assignments and wrappers such as ``sudo`` are skipped.
    """
    items = words(segment)
    while items and (ASSIGNMENT.match(items[0]) or items[0] in WRAPPERS):
        items.pop(0)
    if items and items[0] in PROGRAMS:
        return items
    return None


def find_commands(code: str) -> list[tuple[list[str], bool]]:
    """Every docker command in a logical line, outer commands first, then commands nested in ``$(…)``.

    Each item is the command's words and whether it is the whole line (so its layout can be kept).
    """
    segments, nested = split_commands(code)
    found = [(items, len(segments) == 1) for items in map(docker_words, segments) if items]
    for inner in nested:
        found.extend((items, False) for items, _ in find_commands(inner))
    return found


def is_description(comment: str) -> bool:
    """Whether a comment reads as a description (not example output, a connective or a shebang)."""
    text = comment.strip()
    return bool(
        text
        and not text.startswith(("!", "/", "$"))
        and not OUTPUT_COMMENT.match(text)
        and not CONNECTIVE_COMMENT.match(text)
        and "root@" not in text
    )


def clean_description(comment: str) -> str:
    """A comment as a description: numbering such as ``2.`` dropped, whitespace collapsed."""
    return " ".join(NUMBERING.sub("", comment.strip()).split())
