"""A bounded reader for the YAML subset compose files use (standard library only).

Supported: block mappings and sequences, flow sequences and mappings, plain / single- / double-quoted
scalars (multi-line too), ``|`` and ``>`` block scalars with chomping and indentation indicators,
comments, anchors, aliases and ``<<`` merge keys, document markers and directives. Scalars are typed
as go-yaml v3 (which compose-go uses) resolves them into ``interface{}``: YAML 1.2 core-schema null,
bool, int (with go's ``0x``/``0o``/``0b``/leading-``0`` octal and ``_`` separators) and float;
timestamps stay strings.

Errors are :class:`YAMLError` with go-yaml's wording and line numbering (scanner errors report the
1-based line, parser errors go-yaml's 0-based one). Input is bounded: size, nesting depth and alias
expansion are capped, so no text can exhaust memory, recurse without bound or raise anything else.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from dockersim.context import SimulatorError

#: Largest document accepted, in characters.
MAX_INPUT_CHARS = 4_000_000
#: Deepest nesting of collections accepted (keeps the recursive reader far from Python's stack limit).
MAX_DEPTH = 100
#: Most nodes aliases may add to a document once expanded (defeats "billion laughs"; go-yaml caps by ratio).
MAX_ALIAS_NODES = 100_000

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INT_RE = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_ANCHOR_RE = re.compile(r"[^\s,\[\]{}]+")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_INT64 = 2**63
# Line-break markers inside quoted scalars (a lone surrogate can come neither from input nor an escape).
_BREAK = "\ud800B"
_ESC_BREAK = "\ud800E"


class YAMLError(SimulatorError):
    """A document that is not valid YAML (or exceeds a bound); the message reads as go-yaml's."""

    def __init__(self, message: str, line: int = 0) -> None:
        where = f"line {line}: " if line > 0 else ""
        super().__init__(f"yaml: {where}{message}", 1)
        self.line = line
        self.problem = message


def resolve_plain(text: str) -> Any:
    """Type an unquoted scalar as go-yaml v3 does when decoding into ``interface{}``."""
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    first = text[0]
    if first in "-+.0123456789":
        plain = text.replace("_", "")
        if _INT_RE.match(plain):
            sign = -1 if plain[0] == "-" else 1
            digits = plain.lstrip("+-")
            low = digits.lower()
            if low.startswith("0x"):
                value = int(digits[2:], 16)
            elif low.startswith("0o"):
                value = int(digits[2:], 8)
            elif low.startswith("0b"):
                value = int(digits[2:], 2)
            elif len(digits) > 1 and digits[0] == "0":
                value = int(digits, 8)
            else:  # past 40 digits it is out of range anyway (and Python refuses to convert 4,300)
                value = int(digits) if len(digits.lstrip("0")) <= 40 else 2 * _INT64
            value *= sign
            if -_INT64 <= value < 2 * _INT64:
                return value
        if _FLOAT_RE.match(plain):
            try:
                number = float(plain)
            except (ValueError, OverflowError):  # pragma: no cover - regex admits only floats
                return text
            return text if math.isinf(number) else number  # ParseFloat's range error: go-yaml keeps the string
        low = text.lower()
        if low in (".inf", "+.inf") and text[-3:] in ("inf", "Inf", "INF"):
            return math.inf
        if low == "-.inf" and text[-3:] in ("inf", "Inf", "INF"):
            return -math.inf
        if text in (".nan", ".NaN", ".NAN"):
            return math.nan
    return text


@dataclass
class _Pos:
    line: int  # index into lines
    col: int


class _Parser:
    """Recursive-descent reader over a list of lines (one document)."""

    def __init__(self, lines: list[str], start: int, end: int) -> None:
        self.lines = lines
        self.i = start
        self.end = end
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_nodes = 0
        self.depth = 0

    # -- errors -------------------------------------------------------------------------------
    def scan_error(self, message: str, index: int) -> YAMLError:
        """A scanner error: go-yaml reports the 1-based line of the problem."""
        return YAMLError(message, index + 1)

    def parse_error(self, message: str, index: int, context_index: int = 0) -> YAMLError:
        """A parser error: go-yaml reports the 0-based line (falling back to the context's)."""
        return YAMLError(message, index or context_index)

    # -- bookkeeping --------------------------------------------------------------------------
    def enter(self, index: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YAMLError(f"exceeded max depth of {MAX_DEPTH}", index + 1)

    def leave(self) -> None:
        self.depth -= 1

    def expand_alias(self, name: str, index: int) -> Any:
        """A copy of the node anchored as ``name``, within the alias budget."""
        if name not in self.anchors:
            raise YAMLError(f"unknown anchor '{name}' referenced", index + 1)
        node, size = self.anchors[name]
        self.alias_nodes += size
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise YAMLError("document contains excessive aliasing")
        return _clone(node)

    # -- line helpers -------------------------------------------------------------------------
    @staticmethod
    def indent_of(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    def is_blank(self, index: int) -> bool:
        stripped = self.lines[index].strip(" \t")
        return not stripped or stripped.startswith("#")

    def skip_blank(self) -> None:
        while self.i < self.end and self.is_blank(self.i):
            self.i += 1

    def check_tabs(self, index: int) -> None:
        line = self.lines[index]
        ind = self.indent_of(line)
        if ind < len(line) and line[ind] == "\t":
            raise self.scan_error("found character that cannot start any token", index)

    # -- block structure ----------------------------------------------------------------------
    def parse_document(self) -> Any:
        self.skip_blank()
        if self.i >= self.end:
            return None
        value = self.parse_block_node(-1)
        self.skip_blank()
        if self.i < self.end:
            raise self.parse_error("did not find expected <document start>", self.i)
        return value

    def parse_block_node(self, parent_indent: int, allow_seq_at_parent: bool = False) -> Any:
        """The node on the next content line, or None when that line is not indented enough."""
        self.skip_blank()
        if self.i >= self.end:
            return None
        self.check_tabs(self.i)
        line = self.lines[self.i]
        ind = self.indent_of(line)
        content = line[ind:]
        is_seq = content == "-" or content.startswith(("- ", "-\t"))
        if ind <= parent_indent and not (allow_seq_at_parent and ind == parent_indent and is_seq):
            return None
        if is_seq:
            return self.parse_seq(ind)
        if self.find_key(content, self.i, ind) is not None:
            return self.parse_map(ind)
        index = self.i
        return self.parse_inline(content, ind, index, parent_indent)

    def parse_seq(self, ind: int) -> list[Any]:
        start = self.i
        self.enter(start)
        items: list[Any] = []
        while True:
            self.skip_blank()
            if self.i >= self.end:
                break
            self.check_tabs(self.i)
            line = self.lines[self.i]
            cur = self.indent_of(line)
            content = line[cur:]
            if cur < ind:
                break
            if cur > ind:
                raise self.parse_error("did not find expected '-' indicator", self.i, start)
            if not (content == "-" or content.startswith(("- ", "-\t"))):
                if self.find_key(content, self.i, cur) is not None:
                    break  # a sibling key of the mapping this sequence is the value of
                raise self.parse_error("did not find expected '-' indicator", self.i, start)
            rest = content[1:]
            stripped = rest.lstrip(" \t")
            if not stripped or stripped.startswith("#"):
                self.i += 1
                items.append(self.parse_block_node(ind))
            else:
                # Blank out the dash so the item's content sits at its own column.
                lead = len(rest) - len(stripped)
                self.lines[self.i] = " " * (ind + 1 + lead) + stripped
                items.append(self.parse_block_node(ind))
        self.leave()
        return items

    def find_key(self, content: str, index: int, col: int) -> tuple[Any, str, int] | None:
        """Split ``key: rest`` off a block line; None when the line is not a mapping entry."""
        if not content or content[0] in "[{&*!|>%@`":
            return None
        if content.startswith("? ") or content == "?":
            raise self.scan_error("complex mapping keys ('? ') are not supported by the simulator", index)
        if content[0] in "\"'":
            text, end = self.scan_quoted_inline(content, index)
            if end is None:
                return None
            after = content[end:]
            stripped = after.lstrip(" \t")
            if stripped.startswith(":") and (len(stripped) == 1 or stripped[1] in " \t"):
                rest = stripped[1:]
                return text, rest, col + len(content) - len(rest)
            return None
        if content[0] == "-" and (len(content) == 1 or content[1] in " \t"):
            return None
        pos = 0
        while True:
            pos = content.find(":", pos)
            if pos < 0:
                return None
            hash_pos = content.find(" #")
            if 0 <= hash_pos < pos:
                return None
            if pos + 1 == len(content) or content[pos + 1] in " \t":
                key_text = content[:pos].rstrip(" \t")
                key = resolve_plain(key_text) if key_text else None
                rest = content[pos + 1 :]
                return key, rest, col + pos + 1
            pos += 1

    def parse_map(self, ind: int) -> dict[Any, Any]:
        start = self.i
        self.enter(start)
        result: dict[Any, Any] = {}
        key_lines: dict[Any, int] = {}
        merged: list[dict[Any, Any]] = []
        while True:
            self.skip_blank()
            if self.i >= self.end:
                break
            self.check_tabs(self.i)
            line = self.lines[self.i]
            cur = self.indent_of(line)
            if cur < ind:
                break
            content = line[cur:]
            if cur > ind:
                raise self.parse_error("did not find expected key", self.i, start)
            if content == "-" or content.startswith(("- ", "-\t")):
                raise self.parse_error("did not find expected key", self.i, start)
            found = self.find_key(content, self.i, cur)
            if found is None:
                raise self.scan_error("could not find expected ':'", self.i + 1)
            key, rest, _col = found
            key_index = self.i
            self.i += 1
            value = self.parse_value(rest, ind, key_index, mapping_value=True)
            if key == "<<" and content.startswith("<<"):
                merged.extend(self.merge_sources(value, key_index))
                continue
            try:
                hash(key)
            except TypeError:  # pragma: no cover - keys are scalars here
                key = str(key)
            if key in key_lines:
                raise YAMLError(f'mapping key "{key}" already defined at line {key_lines[key] + 1}', key_index + 1)
            key_lines[key] = key_index
            result[key] = value
        self.leave()
        if merged:
            base: dict[Any, Any] = {}
            for source in reversed(merged):
                base.update(source)
            base.update(result)
            return base
        return result

    def merge_sources(self, value: Any, index: int) -> list[dict[Any, Any]]:
        if isinstance(value, dict):
            return [value]
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return list(value)
        raise YAMLError("map merge requires map or sequence of maps as the value", index + 1)

    # -- values -------------------------------------------------------------------------------
    def split_props(self, text: str, index: int) -> tuple[str | None, str]:
        """Strip an anchor (``&name``) and a tag (``!!str``) from the front of a value."""
        anchor = None
        while text and text[0] in "&!":
            match = _ANCHOR_RE.match(text, 1)
            if not match:
                what = "anchor" if text[0] == "&" else "tag"
                raise self.scan_error(
                    f"did not find expected alphabetic or numeric character (while scanning an {what})", index
                )
            if text[0] == "&":
                anchor = match.group(0)
            text = text[match.end() :].lstrip(" \t")
        return anchor, text

    def parse_value(self, rest: str, ind: int, index: int, mapping_value: bool) -> Any:
        """The value after ``key:`` (or a sequence dash): inline text, or a block on the next lines."""
        text = rest.strip(" \t")
        if text.startswith("#"):
            text = ""
        anchor, text = self.split_props(text, index)
        if text.startswith("#"):
            text = ""
        if not text:
            value = self.parse_block_node(ind, allow_seq_at_parent=mapping_value)
        else:
            value = self.parse_inline(text, ind + 1, index, ind, already_split=True)
        if anchor is not None:
            self.anchors[anchor] = (value, _size(value))
        return value

    def parse_inline(self, text: str, col: int, index: int, parent_indent: int, already_split: bool = False) -> Any:
        """A node that starts inside a line: alias, flow collection, quoted, block or plain scalar."""
        anchor = None
        if not already_split:
            anchor, text = self.split_props(text, index)
            if not text or text.startswith("#"):
                self.i = index + 1
                value = self.parse_block_node(parent_indent)
                if anchor is not None:
                    self.anchors[anchor] = (value, _size(value))
                return value
        first = text[0]
        if first == "*":
            match = _ANCHOR_RE.match(text, 1)
            name = match.group(0) if match else ""
            tail = text[1 + len(name) :].strip(" \t")
            if tail and not tail.startswith("#"):
                if tail.startswith(":"):
                    raise self.scan_error("mapping values are not allowed in this context", index)
                raise self.parse_error("did not find expected key", index)
            value = self.expand_alias(name, index)
            self.i = index + 1
            return value
        if first in "[{":
            value = self.parse_flow_at(index, text)
        elif first in "\"'":
            value = self.parse_quoted_block(index, text, parent_indent)
        elif first in "|>":
            value = self.parse_block_scalar(index, text, parent_indent)
        elif first in "@`" or first == "%":
            raise self.scan_error("found character that cannot start any token", index)
        else:
            value = self.parse_plain_block(index, text, parent_indent)
        if anchor is not None:
            self.anchors[anchor] = (value, _size(value))
        return value

    def parse_plain_block(self, index: int, text: str, parent_indent: int) -> Any:
        head = _strip_comment(text)
        if _has_mapping_indicator(head):
            raise self.scan_error("mapping values are not allowed in this context", index)
        parts = [head.rstrip(" \t")]
        self.i = index + 1
        multi = False
        if head == text.rstrip(" \t"):  # no comment ended the first line
            pending_breaks = 0
            j = self.i
            while j < self.end:
                raw = self.lines[j]
                stripped = raw.strip(" \t")
                if not stripped:
                    pending_breaks += 1
                    j += 1
                    continue
                if self.indent_of(raw) <= parent_indent or stripped.startswith("#"):
                    break
                body = _strip_comment(stripped)
                if _has_mapping_indicator(body):
                    raise self.scan_error("mapping values are not allowed in this context", j)
                if body == "-" or body.startswith(("- ", "-\t")):
                    raise self.scan_error("block sequence entries are not allowed in this context", j)
                parts.append("\n" * pending_breaks if pending_breaks else " ")
                parts.append(body.rstrip(" \t"))
                pending_breaks = 0
                multi = True
                j += 1
                self.i = j
                if body != stripped:
                    break
        value = "".join(parts)
        return value if multi else resolve_plain(value)

    # -- quoted scalars -----------------------------------------------------------------------
    def scan_quoted_inline(self, content: str, index: int) -> tuple[str, int | None]:
        """A quoted scalar that ends on this line: (text, end offset) or (…, None) if it does not."""
        quote = content[0]
        out: list[str] = []
        pos = 1
        while pos < len(content):
            ch = content[pos]
            if quote == "'" and ch == "'":
                if content[pos + 1 : pos + 2] == "'":
                    out.append("'")
                    pos += 2
                    continue
                return "".join(out), pos + 1
            if quote == '"' and ch == '"':
                return "".join(out), pos + 1
            if quote == '"' and ch == "\\":
                if pos + 1 >= len(content):
                    return "".join(out), None
                esc, pos = self.escape(content, pos + 1, index)
                out.append(esc)
                continue
            out.append(ch)
            pos += 1
        return "".join(out), None

    def escape(self, text: str, pos: int, index: int) -> tuple[str, int]:
        ch = text[pos]
        if ch in _ESCAPES:
            return _ESCAPES[ch], pos + 1
        if ch in _HEX_ESCAPES:
            width = _HEX_ESCAPES[ch]
            digits = text[pos + 1 : pos + 1 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.scan_error("did not find expected hexdecimal number", index)
            code = int(digits, 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise self.scan_error("found invalid Unicode character escape code", index)
            return chr(code), pos + 1 + width
        raise self.scan_error("found unknown escape character", index)

    def parse_quoted_block(self, index: int, text: str, parent_indent: int) -> str:
        """A quoted scalar starting at ``text`` on line ``index``, possibly folded over several lines."""
        quote = text[0]
        out: list[str] = []
        cur = text[1:]
        line_index = index
        while True:
            pos = 0
            closed_at = None
            while pos < len(cur):
                ch = cur[pos]
                if ch == quote:
                    if quote == "'" and cur[pos + 1 : pos + 2] == "'":
                        out.append("'")
                        pos += 2
                        continue
                    closed_at = pos + 1
                    break
                if quote == '"' and ch == "\\":
                    if pos + 1 >= len(cur):
                        out.append(_ESC_BREAK)
                        pos += 1
                        continue
                    esc, pos = self.escape(cur, pos + 1, line_index)
                    out.append(esc)
                    continue
                out.append(ch)
                pos += 1
            if closed_at is not None:
                tail = cur[closed_at:].strip(" \t")
                self.i = line_index + 1
                if tail and not tail.startswith("#"):
                    if tail.startswith(":"):
                        raise self.scan_error("mapping values are not allowed in this context", line_index)
                    raise self.parse_error("did not find expected key", line_index)
                return _fold_quoted(out)
            # continue on the next line
            line_index += 1
            if line_index >= self.end:
                raise self.scan_error("found unexpected end of stream", line_index - 1)
            out.append(_BREAK)
            cur = self.lines[line_index].lstrip(" \t")

    # -- block scalars ------------------------------------------------------------------------
    def parse_block_scalar(self, index: int, header: str, parent_indent: int) -> str:
        style = header[0]
        spec = _strip_comment(header[1:]).strip(" \t")
        chomp = "clip"
        explicit = 0
        for ch in spec:
            if ch in "+-" and chomp == "clip":
                chomp = "keep" if ch == "+" else "strip"
            elif ch in "123456789" and not explicit:
                explicit = int(ch)
            else:
                raise self.scan_error(
                    "did not find expected comment or line break (while scanning a block scalar)", index
                )
        base = max(parent_indent, 0) if parent_indent >= 0 else 0
        block_indent = base + explicit if explicit else 0
        j = index + 1
        body: list[str] = []
        while j < self.end:
            raw = self.lines[j]
            if not raw.strip(" "):
                body.append(raw)
                j += 1
                continue
            ind = self.indent_of(raw)
            if not block_indent:
                if ind <= parent_indent:
                    break
                block_indent = ind
            if ind < block_indent:
                break
            body.append(raw)
            j += 1
        self.i = j
        lines = [raw[block_indent:] if len(raw) >= block_indent else "" for raw in body]
        content_end = len(lines)
        while content_end and not lines[content_end - 1].strip(" "):
            content_end -= 1
        trailing = len(lines) - content_end
        lines = lines[:content_end]
        text = "\n".join(lines) if style == "|" else _fold_block(lines)
        if not lines:
            return "\n" * trailing if chomp == "keep" else ""
        if chomp == "strip":
            return text
        if chomp == "keep":
            return text + "\n" * (trailing + 1)
        return text + "\n"

    # -- flow collections ---------------------------------------------------------------------
    def parse_flow_at(self, index: int, text: str) -> Any:
        line = self.lines[index]
        col = len(line.rstrip(" \t")) - len(text.rstrip(" \t"))
        reader = _FlowReader(self, index, col)
        value = reader.node()
        tail_line, tail_col = reader.li, reader.col
        rest = self.lines[tail_line][tail_col:].strip(" \t") if tail_line < self.end else ""
        self.i = tail_line + 1
        if rest and not rest.startswith("#"):
            if rest.startswith(":"):
                raise self.scan_error("mapping values are not allowed in this context", tail_line)
            raise self.parse_error("did not find expected key", tail_line)
        return value


class _FlowReader:
    """Character reader for ``[...]`` / ``{...}`` that may span lines."""

    def __init__(self, parser: _Parser, li: int, col: int) -> None:
        self.p = parser
        self.li = li
        self.col = col

    def peek(self) -> str:
        if self.li >= self.p.end:
            return ""
        line = self.p.lines[self.li]
        if self.col >= len(line):
            return "\n"
        return line[self.col]

    def skip_space(self) -> None:
        while True:
            ch = self.peek()
            if ch in (" ", "\t"):
                self.col += 1
            elif ch == "#":
                prev = self.p.lines[self.li][self.col - 1 : self.col] if self.col else " "
                if prev in (" ", "\t", ""):
                    self.col = len(self.p.lines[self.li])
                else:
                    return
            elif ch == "\n":
                if self.li + 1 >= self.p.end:
                    return
                self.li += 1
                self.col = 0
            else:
                return

    def node(self) -> Any:
        self.skip_space()
        ch = self.peek()
        if ch == "[":
            return self.collection("]")
        if ch == "{":
            return self.collection("}")
        if ch in ('"', "'"):
            return self.quoted()
        if ch == "*":
            return self.alias()
        if ch in ("&", "!"):
            line = self.p.lines[self.li]
            match = _ANCHOR_RE.match(line, self.col + 1)
            name = match.group(0) if match else ""
            if not name:
                raise self.p.scan_error("did not find expected alphabetic or numeric character", self.li)
            self.col += 1 + len(name)
            value = self.node()
            if ch == "&":
                self.p.anchors[name] = (value, _size(value))
            return value
        return self.plain()

    def alias(self) -> Any:
        line = self.p.lines[self.li]
        match = _ANCHOR_RE.match(line, self.col + 1)
        name = match.group(0) if match else ""
        self.col += 1 + len(name)
        return self.p.expand_alias(name, self.li)

    def collection(self, closing: str) -> Any:
        start = self.li
        self.p.enter(start)
        self.col += 1
        is_map = closing == "}"
        items: list[Any] = []
        mapping: dict[Any, Any] = {}
        while True:
            self.skip_space()
            ch = self.peek()
            if ch == "" or (ch == "\n" and self.li + 1 >= self.p.end):
                raise self.p.parse_error(f"did not find expected ',' or '{closing}'", self.p.end, start)
            if ch == closing:
                self.col += 1
                break
            if ch in "]}":
                raise self.p.parse_error(f"did not find expected ',' or '{closing}'", self.li, start)
            if ch == ",":
                raise self.p.parse_error("did not find expected node content", self.li, start)
            if ch == "\n":
                raise self.p.scan_error("found unexpected end of stream", self.li)
            key = self.node()
            self.skip_space()
            value: Any = None
            pair = False
            if self.peek() == ":":
                pair = True
                self.col += 1
                self.skip_space()
                if self.peek() not in (",", closing):
                    value = self.node()
                    self.skip_space()
            if is_map:
                mapping[_hashable(key)] = value
            elif pair:
                items.append({_hashable(key): value})
            else:
                items.append(key)
            ch = self.peek()
            if ch == ",":
                self.col += 1
                continue
            if ch == closing:
                self.col += 1
                break
            if ch == "" or (ch == "\n" and self.li + 1 >= self.p.end):
                raise self.p.parse_error(f"did not find expected ',' or '{closing}'", self.p.end, start)
            raise self.p.parse_error(f"did not find expected ',' or '{closing}'", self.li, start)
        self.p.leave()
        return mapping if is_map else items

    def quoted(self) -> str:
        line = self.p.lines[self.li]
        quote = line[self.col]
        out: list[str] = []
        self.col += 1
        while True:
            line = self.p.lines[self.li]
            if self.col >= len(line):
                if self.li + 1 >= self.p.end:
                    raise self.p.scan_error("found unexpected end of stream", self.li)
                self.li += 1
                self.col = len(self.p.lines[self.li]) - len(self.p.lines[self.li].lstrip(" \t"))
                out.append(_BREAK)
                continue
            ch = line[self.col]
            if ch == quote:
                if quote == "'" and line[self.col + 1 : self.col + 2] == "'":
                    out.append("'")
                    self.col += 2
                    continue
                self.col += 1
                return _fold_quoted(out)
            if quote == '"' and ch == "\\":
                if self.col + 1 >= len(line):
                    out.append(_ESC_BREAK)
                    self.col += 1
                    continue
                esc, self.col = self.p.escape(line, self.col + 1, self.li)
                out.append(esc)
                continue
            out.append(ch)
            self.col += 1

    def plain(self) -> Any:
        line = self.p.lines[self.li]
        ch = line[self.col] if self.col < len(line) else ""
        if ch in "@`%|>":
            raise self.p.scan_error("found character that cannot start any token", self.li)
        parts: list[str] = []
        multi = False
        while True:
            buf: list[str] = []
            line = self.p.lines[self.li]
            ended = False
            while self.col < len(line):
                ch = line[self.col]
                nxt = line[self.col + 1 : self.col + 2]
                if ch in ",[]{}" or (ch == ":" and nxt in ("", " ", "\t", ",", "]", "}")):
                    ended = True
                    break
                if ch == "#" and (not buf or buf[-1] in " \t"):
                    ended = True
                    break
                buf.append(ch)
                self.col += 1
            parts.append("".join(buf).strip(" \t"))
            if ended or self.li + 1 >= self.p.end:
                break
            # A plain scalar in a flow collection may continue on the next line (folded with a space).
            nxt_line = self.p.lines[self.li + 1]
            body = nxt_line.lstrip(" \t")
            if not body or body[0] in ",[]{}#" or (body[0] == ":" and body[1:2] in ("", " ", "\t")):
                break
            self.li += 1
            self.col = len(nxt_line) - len(body)
            multi = True
        text = " ".join(p for p in parts if p)
        return text if multi else resolve_plain(text)


def _hashable(key: Any) -> Any:
    try:
        hash(key)
    except TypeError:
        return repr(key)
    return key


def _clone(node: Any) -> Any:
    """A structural copy (aliases must not share mutable nodes with their anchor)."""
    if isinstance(node, dict):
        return {k: _clone(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_clone(v) for v in node]
    return node


def _size(node: Any) -> int:
    """How many nodes ``node`` stands for once expanded (aliases inside it were counted already)."""
    if isinstance(node, dict):
        return 1 + sum(_size(v) for v in node.values()) + len(node)
    if isinstance(node, list):
        return 1 + sum(_size(v) for v in node)
    return 1


def _strip_comment(text: str) -> str:
    """Cut a trailing `` #comment`` off plain text."""
    for match in re.finditer(r"[ \t]#", text):
        return text[: match.start()]
    if text.startswith("#"):
        return ""
    return text


def _has_mapping_indicator(text: str) -> bool:
    """Whether plain text contains ``: `` or ends with ``:`` (a key where none is allowed)."""
    return bool(re.search(r":([ \t]|$)", text))


def _fold_quoted(parts: list[str]) -> str:
    """Fold line breaks inside a quoted scalar: one break → space, n breaks → n-1 newlines.

    A break escaped with a trailing backslash (double quotes) is removed outright.
    """
    text = "".join(parts)
    if "\ud800" not in text:
        return text
    out: list[str] = []
    breaks = 0
    escape_pending = False
    for chunk in re.split(f"({_BREAK}|{_ESC_BREAK})", text):
        if chunk == _ESC_BREAK:
            escape_pending = True
        elif chunk == _BREAK:
            if escape_pending:
                escape_pending = False
            else:
                breaks += 1
        elif chunk:
            out.append(_join_break(out, breaks))
            out.append(chunk)
            breaks = 0
    out.append(_join_break(out, breaks))
    return "".join(out)


def _join_break(out: list[str], breaks: int) -> str:
    """What ``breaks`` folded (unescaped) line breaks become."""
    if not breaks:
        return ""
    if out:
        out[-1] = out[-1].rstrip(" \t")
    return " " if breaks == 1 else "\n" * (breaks - 1)


def _fold_block(lines: list[str]) -> str:
    """Folded (``>``) block scalar body: join normal lines with spaces, keep breaks around indented ones."""
    out: list[str] = []
    prev_normal = False
    pending_empty = 0
    for line in lines:
        if not line.strip(" "):
            pending_empty += 1
            continue
        normal = not line.startswith((" ", "\t"))
        if out:
            if prev_normal and normal and not pending_empty:
                out.append(" ")
            elif prev_normal and normal:
                out.append("\n" * pending_empty)
            else:
                out.append("\n" * (pending_empty + 1))
        else:
            out.append("\n" * pending_empty)
        out.append(line)
        pending_empty = 0
        prev_normal = normal
    return "".join(out)


def _split_documents(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges of the documents in a stream (``---`` starts one, ``...`` ends one)."""
    ranges: list[tuple[int, int]] = []
    start = 0
    in_directives = True
    explicit = False
    for index, line in enumerate(lines):
        if line.startswith("%") and in_directives:
            lines[index] = ""
            continue
        if line == "---" or line.startswith(("--- ", "---\t")):
            if explicit or any(lines[k].strip() and not lines[k].lstrip().startswith("#") for k in range(start, index)):
                ranges.append((start, index))
            lines[index] = "   " + line[3:] if line[3:].strip() else ""
            start = index
            explicit = True
            in_directives = False
            continue
        if line == "..." or line.startswith(("... ", "...\t")):
            ranges.append((start, index))
            lines[index] = ""
            start = index + 1
            explicit = False
            in_directives = True
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            in_directives = False
    if explicit or any(lines[k].strip() and not lines[k].lstrip().startswith("#") for k in range(start, len(lines))):
        ranges.append((start, len(lines)))
    return ranges


def _prepare(text: str) -> list[str]:
    if not isinstance(text, str):
        raise YAMLError("input is not text")
    if len(text) > MAX_INPUT_CHARS:
        raise YAMLError(f"input is larger than {MAX_INPUT_CHARS} characters")
    if text.startswith("\ufeff"):
        text = text[1:]
    if _CONTROL_RE.search(text):
        raise YAMLError("control characters are not allowed")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text if c >= "\ud800"):
        raise YAMLError("invalid Unicode character")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the text after the final line break is not a line
    return lines


def load_all(text: str) -> list[Any]:
    """Every document in ``text``; raises :class:`YAMLError` (and nothing else) on bad input."""
    lines = _prepare(text)
    docs: list[Any] = []
    try:
        for start, end in _split_documents(lines):
            docs.append(_Parser(lines, start, end).parse_document())
    except YAMLError:
        raise
    except RecursionError:  # pragma: no cover - depth is capped well below the stack limit
        raise YAMLError(f"exceeded max depth of {MAX_DEPTH}") from None
    except Exception as exc:  # pragma: no cover - a reader bug must still read as a YAML error
        raise YAMLError(f"unknown problem parsing YAML content ({type(exc).__name__})") from None
    return docs


def load(text: str) -> Any:
    """The first document in ``text`` (None when there is none)."""
    docs = load_all(text)
    return docs[0] if docs else None
