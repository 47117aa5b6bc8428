"""``<!-- try: … -->`` comments: what the Markdown says about the block right under them.

A comment on its own line(s), directly above a fence (blank lines allowed between), holds ``key=value``
words in shell quoting; keys may repeat::

    <!-- try: id=nonroot context=node-app tag=my-secure-app expect="appuser" -->
    <!-- try: fails="Permission denied" -->
    <!-- try: none -->

The comments are removed from the page before it is rendered.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

TRY_COMMENT = re.compile(r"^[ \t]*<!--[ \t]*try:(?P<body>.*?)-->[ \t]*$", re.DOTALL)
_COMMENT_LINE = re.compile(r"^[ \t]*<!--[ \t]*try:.*?-->[ \t]*\n?", re.MULTILINE | re.DOTALL)
#: Keys a directive may carry, and whether they repeat.
KEYS = {
    "none": False,  # no Try it: a placeholder or a syntax template
    "id": False,  # a name other blocks refer to
    "context": False,  # docs/contexts/<name>/ is the block's build context
    "tag": False,  # the tag a Dockerfile block builds (else the one its section runs)
    "files-from": False,  # a command block works in the folder of the block with this id
    "file": False,  # the file name a Dockerfile or Compose block is written to
    "setup": True,  # a line to run first, besides what the section's earlier steps give
    "then": True,  # a line offered after the block's own (edit a file and build again, run what was built)
    "expect": True,  # text the block's output must contain
    "fails": True,  # an error that is the lesson's point (text of the error)
    "note": False,  # a sentence the panel shows (why a set-up is what it is)
}


class DirectiveError(ValueError):
    """A ``try:`` comment that does not parse."""


@dataclass
class Directives:
    """What one or more ``try:`` comments say about a block."""

    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def get(self, key: str, default: str = "") -> str:
        """A single-valued key."""
        return self.values.get(key, default)

    def all(self, key: str) -> list[str]:
        """Every value of a repeatable key, in order."""
        return list(self.lists.get(key, []))

    def __bool__(self) -> bool:
        return bool(self.values or self.lists or self.flags)


def parse(body: str, into: Directives | None = None) -> Directives:
    """The ``key=value`` words of one comment's body (added to ``into``)."""
    found = into if into is not None else Directives()
    try:
        words = shlex.split(body)
    except ValueError as error:
        raise DirectiveError(f"try: comment does not parse: {error}") from None
    for word in words:
        key, eq, value = word.partition("=")
        if key not in KEYS:
            raise DirectiveError(f"try: unknown key {key!r} (known: {', '.join(sorted(KEYS))})")
        if not eq:
            found.flags.add(key)
        elif KEYS[key]:
            found.lists.setdefault(key, []).append(value)
        else:
            found.values[key] = value
    return found


def strip(markdown: str) -> str:
    """The page without its ``try:`` comments."""
    return _COMMENT_LINE.sub("", markdown)
