"""The subset of Go's text/template that docker users write in ``--format``, with Go's error texts.

Supported: text, ``{{.Field.Sub}}``, ``{{.}}``, ``{{$}}``, variables (``$x := …``), string/number/bool
literals, parenthesised pipelines, ``|`` pipes, ``if``/``else if``/``else``/``end``, ``range`` (with
``$i, $v :=``), ``with``, comments, ``{{-``/``-}}`` trimming, and the functions docker registers
(``json``, ``join``, ``split``, ``upper``, ``lower``, ``title``, ``pad``, ``truncate``, ``println``)
plus Go's builtins (``index``, ``len``, ``printf``, ``print``, ``not``, ``and``, ``or``, ``eq``, ``ne``,
``lt``, ``le``, ``gt``, ``ge``, ``slice``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from dockersim.context import MAX_OUTPUT_CHARS, SimulatorError


class TemplateError(SimulatorError):
    """A parse or execution error, worded as Go's text/template words it (without docker's prefix)."""

    def __init__(self, message: str, *, parse: bool) -> None:
        super().__init__(message, 1)
        self.parse = parse


class NoValue:
    """Go's ``<no value>``: a missing map key."""

    def __repr__(self) -> str:
        return "<no value>"


NO_VALUE = NoValue()


class Ctx:
    """A formatter context: named fields (values or zero-argument callables) and methods taking arguments.

    ``type_name`` is the Go type docker's error messages name (``*formatter.ContainerContext``).
    """

    def __init__(
        self,
        type_name: str,
        fields: dict[str, Any],
        methods: dict[str, Callable[..., Any]] | None = None,
        json_value: Callable[[], Any] | None = None,
    ) -> None:
        self.type_name = type_name
        self.fields = fields
        self.methods = methods or {}
        self._json_value = json_value

    def get(self, name: str) -> Any:
        """The value of field ``name`` (calling it when it is lazy)."""
        value = self.fields[name]
        return value() if callable(value) else value

    def json_value(self) -> Any:
        """What ``{{json .}}`` marshals: every field, keys sorted (docker marshals a Go map), unless overridden."""
        if self._json_value is not None:
            return self._json_value()
        return {name: self.get(name) for name in sorted(self.fields)}


# --------------------------------------------------------------------------------------------- lexing

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<decl>:=)
  | (?P<assign>=)
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)
  | (?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<dot>\.)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<pipe>\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
  | (?P<bad>\S)
)""",
    re.VERBOSE,
)


@dataclass
class Arg:
    """One operand: kind in field/var/dot/str/num/bool/nil/ident/pipe."""

    kind: str
    value: Any
    pos: int
    text: str = ""


@dataclass
class Command:
    """Operands of one pipeline stage."""

    args: list[Arg]
    pos: int


@dataclass
class Pipeline:
    """``$a, $b := cmd | cmd``."""

    decls: list[str]
    cmds: list[Command]
    pos: int
    assign: bool = False


@dataclass
class Node:
    """A template node: text, action, if, range or with."""

    kind: str
    pos: int = 0
    text: str = ""
    pipe: Pipeline | None = None
    body: list[Node] = field(default_factory=list)
    else_body: list[Node] = field(default_factory=list)


_BUILTIN_NAMES = {
    "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
    "slice", "html", "js", "urlquery", "call",
    "json", "split", "join", "title", "lower", "upper", "pad", "truncate",
}  # fmt: skip


#: Nested blocks (``if``/``range``/``with``, each ``else if``) a template may hold. Go has no limit short of its
#: stack; parsing and running recurse once per level here, so the simulator bounds the depth with a clear error.
MAX_NESTING = 100
#: Nodes one template may run over all the rows it renders (a table of 10,000 containers runs ~100,000).
MAX_STEPS = 2_000_000


class _Parser:
    """Recursive-descent parser producing :class:`Node` lists."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.vars: list[str] = ["$"]
        self.depth = 0

    def line_of(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def error(self, pos: int, message: str) -> TemplateError:
        return TemplateError(f"template: :{self.line_of(pos)}: {message}", parse=True)

    def parse(self) -> list[Node]:
        nodes, end = self.parse_list(top=True)
        if end is not None:
            raise self.error(end[1], f"unexpected {{{{{end[0]}}}}}")
        return nodes

    def next_action(self) -> tuple[str, int, int, bool, bool] | None:
        """Find the next ``{{…}}``: (inner text, start of inner, end after ``}}``, left trim)."""
        start = self.text.find("{{", self.pos)
        if start < 0:
            return None
        inner_start = start + 2
        ltrim = self.text.startswith("- ", inner_start) or self.text.startswith("-\t", inner_start)
        if ltrim:
            inner_start += 1
        close = self._find_close(inner_start)
        if close < 0:
            raise self.error(start, "unclosed action")
        inner_end = close
        after = close + 2
        rtrim = close >= 2 and self.text[close - 1] == "-" and self.text[close - 2] in " \t\n"
        if rtrim:
            inner_end -= 1
        return self.text[inner_start:inner_end], inner_start, after, ltrim, rtrim

    def _find_close(self, i: int) -> int:
        quote = ""
        while i < len(self.text):
            ch = self.text[i]
            if quote:
                if ch == "\\" and quote == '"':
                    i += 2
                    continue
                if ch == quote:
                    quote = ""
                elif ch == "\n" and quote == '"':
                    return -1
            elif ch in '"`':
                quote = ch
            elif self.text.startswith("}}", i):
                return i
            i += 1
        return -1

    def parse_list(self, top: bool = False) -> tuple[list[Node], tuple[str, int, Pipeline | None] | None]:
        """Parse nodes until ``end``/``else`` (returned) or the end of text (at most :data:`MAX_NESTING` deep)."""
        if self.depth > MAX_NESTING:
            raise self.error(self.pos, f"blocks nested more than {MAX_NESTING} deep: the simulated docker stops there")
        self.depth += 1
        try:
            return self._parse_list(top)
        finally:
            self.depth -= 1

    def _parse_list(self, top: bool) -> tuple[list[Node], tuple[str, int, Pipeline | None] | None]:
        nodes: list[Node] = []
        while True:
            found = self.next_action()
            if found is None:
                if self.pos < len(self.text):
                    nodes.append(Node("text", self.pos, self.text[self.pos :]))
                self.pos = len(self.text)
                if not top:
                    raise self.error(len(self.text), "unexpected EOF")
                return nodes, None
            inner, inner_start, after, ltrim, rtrim = found
            action_start = self.text.find("{{", self.pos)
            chunk = self.text[self.pos : action_start]
            if ltrim:
                chunk = chunk.rstrip(" \t\r\n")
            if chunk:
                nodes.append(Node("text", self.pos, chunk))
            self.pos = after
            if rtrim:
                while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                    self.pos += 1
            stripped = inner.strip()
            if stripped.startswith("/*"):
                if not stripped.endswith("*/"):
                    raise self.error(inner_start, "unclosed comment")
                continue
            tokens = self.lex(inner, inner_start)
            if not tokens:
                raise self.error(inner_start, "missing value for command")
            head = tokens[0]
            if head.kind == "ident" and head.value in ("end", "else"):
                if top and head.value == "end":
                    raise self.error(inner_start, "unexpected {{end}}")
                if top:
                    raise self.error(inner_start, "unexpected {{else}}")
                if head.value == "end":
                    if len(tokens) > 1:
                        raise self.error(inner_start, "unexpected " + tokens[1].text + " in end")
                    return nodes, ("end", inner_start, None)
                rest = tokens[1:]
                if rest and rest[0].kind == "ident" and rest[0].value == "if":
                    return nodes, ("else if", inner_start, self.pipeline(rest[1:], inner_start, "if"))
                if rest:
                    raise self.error(inner_start, "unexpected " + rest[0].text + " in else")
                return nodes, ("else", inner_start, None)
            if head.kind == "ident" and head.value in ("if", "range", "with"):
                nodes.append(self.control(head.value, tokens[1:], inner_start))
                continue
            if head.kind == "ident" and head.value in ("define", "template", "block", "break", "continue"):
                raise self.error(inner_start, f"{{{{{head.value}}}}} is not supported by dockersim's templates")
            nodes.append(Node("action", inner_start, pipe=self.pipeline(tokens, inner_start, "command")))

    def control(self, kind: str, tokens: list[Arg], pos: int) -> Node:
        """Parse the rest of an if/range/with block (``else if`` becomes a nested ``if``)."""
        saved = len(self.vars)
        node = Node(kind, pos, pipe=self.pipeline(tokens, pos, kind))
        node.body, end = self.parse_list()
        self._else(node, end)
        del self.vars[saved:]
        return node

    def _else(self, node: Node, end: tuple[str, int, Pipeline | None] | None) -> None:
        assert end is not None
        if end[0] == "else if":
            inner = Node("if", end[1], pipe=end[2])
            self.depth += 1  # an else-if is an if nested in the else: it counts as a level
            try:
                inner.body, nxt = self.parse_list()
                self._else(inner, nxt)
            finally:
                self.depth -= 1
            node.else_body = [inner]
        elif end[0] == "else":
            node.else_body, nxt = self.parse_list()
            if nxt is None or nxt[0] != "end":
                raise self.error(end[1], "expected end; found {{else}}")

    def lex(self, inner: str, base: int) -> list[Arg]:
        tokens: list[Arg] = []
        i = 0
        while i < len(inner):
            match = _TOKEN.match(inner, i)
            if match is None or match.end() == i:
                break
            kind = match.lastgroup or ""
            text = match.group(kind)
            pos = base + match.start(kind)
            i = match.end()
            if kind == "bad":
                raise self.error(pos, f"unexpected {text!r} in command".replace("'", '"'))
            if kind == "str":
                try:
                    value = json.loads(text)
                except ValueError as exc:
                    raise self.error(pos, f"unquote: invalid syntax: {text}") from exc
                tokens.append(Arg("str", value, pos, text))
            elif kind == "raw":
                tokens.append(Arg("str", text[1:-1], pos, text))
            elif kind == "num":
                tokens.append(Arg("num", float(text) if "." in text else int(text), pos, text))
            elif kind == "field":
                tokens.append(Arg("field", text[1:].split("."), pos, text))
            elif kind == "var":
                name, *chain = text.split(".")
                tokens.append(Arg("var", (name, chain), pos, text))
            elif kind == "ident":
                if text in ("true", "false"):
                    tokens.append(Arg("bool", text == "true", pos, text))
                elif text == "nil":
                    tokens.append(Arg("nil", None, pos, text))
                else:
                    tokens.append(Arg("ident", text, pos, text))
            else:
                tokens.append(Arg(kind, text, pos, text))
        return tokens

    def pipeline(self, tokens: list[Arg], pos: int, context: str) -> Pipeline:
        decls: list[str] = []
        assign = False
        if len(tokens) >= 2 and tokens[0].kind == "var":
            if tokens[1].kind in ("decl", "assign"):
                decls, assign, tokens = [tokens[0].value[0]], tokens[1].kind == "assign", tokens[2:]
            elif (
                tokens[1].kind == "comma"
                and len(tokens) >= 4
                and tokens[2].kind == "var"
                and tokens[3].kind in ("decl", "assign")
            ):
                decls = [tokens[0].value[0], tokens[2].value[0]]
                tokens = tokens[4:]
        if not tokens:
            raise self.error(pos, f"missing value for {context}")
        cmds: list[Command] = []
        current: list[Arg] = []
        depth = 0
        group_start = 0
        flat: list[Arg] = []
        for tok in tokens:
            if tok.kind == "lparen":
                if depth == 0:
                    group_start = len(flat)
                depth += 1
                flat.append(tok)
                continue
            if tok.kind == "rparen":
                depth -= 1
                if depth < 0:
                    raise self.error(tok.pos, "unexpected right paren")
                flat.append(tok)
                if depth == 0:
                    inner = flat[group_start + 1 : -1]
                    del flat[group_start:]
                    sub = self.pipeline(inner, tok.pos, "parenthesized pipeline")
                    flat.append(Arg("pipe", sub, inner[0].pos if inner else tok.pos))
                continue
            flat.append(tok)
        if depth > 0:
            raise self.error(pos, "unclosed left paren")
        for tok in flat:
            if tok.kind == "pipe" and tok.value == "|":
                if not current:
                    raise self.error(tok.pos, "missing value for command")
                cmds.append(Command(current, current[0].pos))
                current = []
                continue
            if tok.kind in ("decl", "assign", "comma"):
                raise self.error(tok.pos, f"unexpected {tok.text!r} in operand".replace("'", '"'))
            if tok.kind == "ident" and tok.value not in _BUILTIN_NAMES:
                raise self.error(tok.pos, f'function "{tok.value}" not defined')
            if tok.kind == "var" and tok.value[0] not in self.vars:
                raise self.error(tok.pos, f'undefined variable "{tok.value[0]}"')
            current.append(tok)
        if not current:
            raise self.error(pos, "missing value for command")
        cmds.append(Command(current, current[0].pos))
        for name in decls:
            if name not in self.vars:
                self.vars.append(name)
        return Pipeline(decls, cmds, pos, assign)


# ------------------------------------------------------------------------------------------ execution


class _ExecError(Exception):
    def __init__(self, pos: int, at: str, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.at = at
        self.message = message


def go_type(value: Any) -> str:
    """The Go type name docker's errors show for a value."""
    if isinstance(value, Ctx):
        return value.type_name
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]string" if all(isinstance(v, str) for v in value) else "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "interface {}"


def go_str(value: Any) -> str:
    """Print a value the way Go's ``fmt.Print`` does inside a template."""
    if value is None:
        return "<nil>"
    if isinstance(value, NoValue):
        return "<no value>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) or abs(value) >= 1e21 else str(int(value))
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_str(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, Ctx):
        return "{" + " ".join(go_str(value.get(k)) for k in value.fields) + "}"
    return str(value)


def _truth(value: Any) -> bool:
    if isinstance(value, NoValue) or value is None:
        return False
    if isinstance(value, Ctx):
        return True
    return bool(value)


def _json(value: Any) -> str:
    def plain(v: Any) -> Any:
        if isinstance(v, Ctx):
            return plain(v.json_value())
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [plain(x) for x in v]
        if isinstance(v, NoValue):
            return None
        return v

    return json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False)


def _index(item: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(item, dict):
            item = item.get(key, NO_VALUE) if isinstance(key, str) else NO_VALUE
        elif isinstance(item, list | str):
            if not isinstance(key, int):
                raise ValueError(f"cannot index slice/array with type {go_type(key)}")
            if not 0 <= key < len(item):
                raise ValueError(f"error calling index: index out of range: {key}")
            item = item[key]
        elif item is None or isinstance(item, NoValue):
            return NO_VALUE
        else:
            raise ValueError(f"can't index item of type {go_type(item)}")
    return item


#: Go's fmt stops reading a width or precision once it passes a million (``parsenum``'s ``tooLarge``).
_GO_NUM_LIMIT = 1_000_000
_PRINTF_SPEC = re.compile(r"%([-+ 0#]*)(\d*)(?:\.(\d+))?([vsdqfgtxX%])")


def _go_parsenum(digits: str) -> int | None:
    """The number Go's fmt reads from ``digits``, or None when it gives up (the number is too large)."""
    num = 0
    for digit in digits:
        if num > _GO_NUM_LIMIT:
            return None
        num = num * 10 + int(digit)
    return num


def _printf(fmt: str, *args: Any) -> str:
    out: list[str] = []
    it = iter(args)
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "%" and i + 1 < len(fmt):
            spec = _PRINTF_SPEC.match(fmt, i)
            if spec:
                flags, width, prec, verb = spec.groups()
                if _go_parsenum(width) is None or _go_parsenum(prec or "") is None:
                    # As Go: the rest of the format is taken as the number, so no verb follows it.
                    extra = list(it)
                    out.append("%!(NOVERB)")
                    if extra:
                        out.append("%!(EXTRA " + ", ".join(f"{go_type(x)}={go_str(x)}" for x in extra) + ")")
                    return "".join(out)
                i = spec.end()
                if verb == "%":
                    out.append("%")
                    continue
                value = next(it, NO_VALUE)
                if verb == "q":
                    text = json.dumps(go_str(value), ensure_ascii=False)
                elif verb == "d" and isinstance(value, int | float):
                    text = str(int(value))
                elif verb in "fg" and isinstance(value, int | float):
                    text = f"{value:.{prec or 6}f}" if verb == "f" else f"{value:g}"
                elif verb in "xX" and isinstance(value, int):
                    text = format(value, verb)
                else:
                    text = go_str(value)
                if width:
                    text = text.ljust(int(width)) if "-" in flags else text.rjust(int(width))
                out.append(text)
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _cmp(name: str) -> Callable[..., bool]:
    def compare(a: Any, *others: Any) -> bool:
        if name == "eq":
            return any(a == b for b in others)
        b = others[0] if others else None
        ops = {"ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}
        return ops[name]

    return compare


def _pad(value: Any, left: Any, right: Any) -> str:
    """docker's ``pad``: ``strings.Repeat(" ", left) + value + strings.Repeat(" ", right)``, bounded by what
    one command may print (Go would try to allocate it)."""
    text = go_str(value)
    if not isinstance(left, int) or not isinstance(right, int):
        raise ValueError(f"wrong type for value; expected int; got {go_type(right if isinstance(left, int) else left)}")
    if left < 0 or right < 0:
        raise ValueError("strings: negative Repeat count")  # Go's panic, which text/template reports
    if left + len(text) + right > MAX_OUTPUT_CHARS:
        raise ValueError(
            f"the padded text would be {left + len(text) + right:,} characters; "
            f"the simulated docker prints at most {MAX_OUTPUT_CHARS:,} per command"
        )
    return " " * left + text + " " * right


def _truncate(value: str, n: int) -> str:
    return value[:n] if len(value) > n else value


FUNCS: dict[str, Callable[..., Any]] = {
    "json": _json,
    "split": lambda s, sep: s.split(sep),
    "join": lambda items, sep: sep.join(go_str(x) for x in (items or [])),
    "title": lambda s: " ".join(w[:1].upper() + w[1:] for w in go_str(s).split(" ")),
    "lower": lambda s: go_str(s).lower(),
    "upper": lambda s: go_str(s).upper(),
    "pad": _pad,
    "truncate": _truncate,
    "println": lambda *a: " ".join(go_str(x) for x in a) + "\n",
    "print": lambda *a: "".join(go_str(x) for x in a),
    "printf": _printf,
    "len": lambda x: len(x),
    "index": _index,
    "not": lambda x: not _truth(x),
    "and": lambda *a: next((x for x in a if not _truth(x)), a[-1]),
    "or": lambda *a: next((x for x in a if _truth(x)), a[-1]),
    "slice": lambda x, *a: x[a[0] : a[1]] if len(a) == 2 else x[a[0] :] if a else x,
    "html": lambda x: go_str(x).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
    "js": lambda x: go_str(x),
    "urlquery": lambda x: go_str(x),
    "call": lambda f, *a: f(*a),
    **{name: _cmp(name) for name in ("eq", "ne", "lt", "le", "gt", "ge")},
}


_HEADER_FUNCS = {"json", "join", "lower", "split", "title", "upper", "pad", "truncate"}


class Template:
    """A parsed template; :meth:`execute` renders it against a value (usually a :class:`Ctx`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes = _Parser(text).parse()

    def _where(self, pos: int) -> str:
        line = self.text.count("\n", 0, pos) + 1
        last_nl = self.text.rfind("\n", 0, pos)
        col = pos if last_nl < 0 else pos - (last_nl + 1)
        return f"{line}:{col}"

    def execute(self, dot: Any) -> str:
        """Render; raises :class:`TemplateError` worded like Go's execution errors."""
        out: list[str] = []
        try:
            self._run(self.nodes, dot, {"$": dot}, out)
        except _ExecError as exc:
            raise TemplateError(
                f'template: :{self._where(exc.pos)}: executing "" at <{exc.at}>: {exc.message}', parse=False
            ) from None
        return "".join(out)

    def execute_header(self, header: Any) -> str:
        """docker's table header pass: formatting functions return their argument, errors cut the line short."""
        out: list[str] = []
        self._header = True
        try:
            self._run(self.nodes, header, {"$": header}, out)
        except _ExecError:
            pass
        finally:
            self._header = False
        return "".join(out)

    _header = False

    _steps = 0
    _chars = 0

    def _run(self, nodes: list[Node], dot: Any, scope: dict[str, Any], out: list[str]) -> None:
        for node in nodes:
            self._step(node)
            if node.kind == "text":
                out.append(node.text)
                self._count(node, len(node.text))
            elif node.kind == "action":
                assert node.pipe is not None
                value = self._pipe(node.pipe, dot, scope)
                if not node.pipe.decls:
                    out.append(go_str(value))
                    self._count(node, len(out[-1]))
            elif node.kind in ("if", "with"):
                assert node.pipe is not None
                inner_scope = dict(scope)
                value = self._pipe(node.pipe, dot, inner_scope)
                if _truth(value):
                    self._run(node.body, value if node.kind == "with" else dot, inner_scope, out)
                else:
                    self._run(node.else_body, dot, inner_scope, out)
            elif node.kind == "range":
                assert node.pipe is not None
                self._range(node, dot, scope, out)

    def _step(self, node: Node) -> None:
        """One node run or one range turn, over every row the template renders: {{range 1000000000}} ends."""
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise _ExecError(node.pos, node.kind, f"the simulated docker stops a template after {MAX_STEPS:,} steps")

    def _count(self, node: Node, chars: int) -> None:
        self._chars += chars
        if self._chars > MAX_OUTPUT_CHARS:
            raise _ExecError(
                node.pos, node.kind, f"the simulated docker prints at most {MAX_OUTPUT_CHARS:,} characters per command"
            )

    def _range(self, node: Node, dot: Any, scope: dict[str, Any], out: list[str]) -> None:
        assert node.pipe is not None
        decls = node.pipe.decls
        value = self._pipe(Pipeline([], node.pipe.cmds, node.pipe.pos), dot, scope)
        items: Iterable[tuple[Any, Any]]
        if isinstance(value, dict):
            items = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, list | tuple):
            items = list(enumerate(value))
        elif value is None or isinstance(value, NoValue):
            items = []
        elif isinstance(value, int) and not isinstance(value, bool):
            items = ((i, i) for i in range(value))  # lazily: the step bound ends {{range 1000000000}}
        else:
            raise _ExecError(node.pos, "range", f"range can't iterate over {go_str(value)}")
        if (value <= 0) if isinstance(value, int) and not isinstance(value, bool) else not items:
            self._run(node.else_body, dot, dict(scope), out)
            return
        for key, item in items:
            self._step(node)
            inner = dict(scope)
            if len(decls) == 1:
                inner[decls[0]] = item
            elif len(decls) == 2:
                inner[decls[0]], inner[decls[1]] = key, item
            self._run(node.body, item, inner, out)

    def _pipe(self, pipe: Pipeline, dot: Any, scope: dict[str, Any]) -> Any:
        value: Any = NO_VALUE
        piped = False
        for cmd in pipe.cmds:
            value = self._command(cmd, dot, scope, value if piped else None, piped)
            piped = True
        for name in pipe.decls[-1:]:
            scope[name] = value
        if len(pipe.decls) == 2:
            scope[pipe.decls[0]] = value
        return value

    def _command(self, cmd: Command, dot: Any, scope: dict[str, Any], final: Any, has_final: bool) -> Any:
        first = cmd.args[0]
        rest = cmd.args[1:]
        if first.kind == "ident":
            args = [self._operand(a, dot, scope) for a in rest]
            if has_final:
                args.append(final)
            func = FUNCS[first.value]
            if self._header and first.value in _HEADER_FUNCS:
                return args[0] if args else ""
            try:
                return func(*args)
            except _ExecError:
                raise
            except (TypeError, ValueError, AttributeError, IndexError, KeyError) as exc:
                message = str(exc)
                if isinstance(exc, TypeError):
                    message = f"wrong number of args for {first.value}: want more, got {len(args)}"
                if not message.startswith("error calling"):
                    message = f"error calling {first.value}: {message}"
                raise _ExecError(first.pos, first.text, message) from None
        if first.kind in ("field", "var") and (rest or has_final):
            args = [self._operand(a, dot, scope) for a in rest]
            if has_final:
                args.append(final)
            return self._operand(first, dot, scope, args)
        if rest or has_final:
            raise _ExecError(first.pos, first.text, f"can't give argument to non-function {first.text}")
        return self._operand(first, dot, scope)

    def _operand(self, arg: Arg, dot: Any, scope: dict[str, Any], call_args: list[Any] | None = None) -> Any:
        if arg.kind in ("str", "num", "bool", "nil"):
            return arg.value
        if arg.kind == "dot":
            return dot
        if arg.kind == "pipe":
            return self._pipe(arg.value, dot, dict(scope))
        if arg.kind == "ident":
            return FUNCS[arg.value]()
        if arg.kind == "var":
            name, chain = arg.value
            return self._chain(scope.get(name), chain, arg, call_args)
        return self._chain(dot, arg.value, arg, call_args)

    def _chain(self, value: Any, chain: list[str], arg: Arg, call_args: list[Any] | None) -> Any:
        for i, name in enumerate(chain):
            last = i == len(chain) - 1
            if isinstance(value, Ctx):
                if name in value.methods:
                    method = value.methods[name]
                    args = call_args if last and call_args is not None else []
                    try:
                        value = method(*args)
                    except TypeError:
                        raise _ExecError(
                            arg.pos, arg.text, f"wrong number of args for {name}: want 1 got {len(args)}"
                        ) from None
                    continue
                if name not in value.fields:
                    raise _ExecError(arg.pos, arg.text, f"can't evaluate field {name} in type {value.type_name}")
                value = value.get(name)
            elif isinstance(value, dict):
                value = value.get(name, NO_VALUE)
            elif value is None or isinstance(value, NoValue):
                if isinstance(value, NoValue):
                    value = NO_VALUE
                    continue
                raise _ExecError(arg.pos, arg.text, f"nil pointer evaluating interface {{}}.{name}")
            else:
                raise _ExecError(arg.pos, arg.text, f"can't evaluate field {name} in type {go_type(value)}")
            if last and call_args:
                raise _ExecError(arg.pos, arg.text, f"{name} has arguments but cannot be invoked as function")
        return value


def prepare_format(fmt: str) -> tuple[bool, str]:
    """docker's ``preFormat``: strip ``table``, trim spaces, turn literal ``\\t``/``\\n`` into tabs/newlines."""
    is_table = fmt.startswith("table")
    body = fmt[len("table") :] if is_table else fmt
    body = body.strip(" ").replace("\\t", "\t").replace("\\n", "\n")
    return is_table, body


def render_rows(fmt: str, rows: list[Ctx], header: Ctx | dict[str, str] | None = None) -> str:
    """Render ``--format`` for a list command: one line per row; ``table`` adds headers and alignment.

    Raises :class:`TemplateError` (message prefixed with docker's ``failed to parse/execute template``).
    """
    from dockersim.formatting.table import tabwrite

    if fmt == "json":
        return "".join(_json(row) + "\n" for row in rows)
    is_table, body = prepare_format(fmt)
    try:
        tmpl = Template(body)
    except TemplateError as exc:
        raise TemplateError(f"failed to parse template: {exc.message}", parse=True) from None
    parts: list[str] = []
    if is_table and header is not None:
        parts.append(tmpl.execute_header(dict(header.fields) if isinstance(header, Ctx) else dict(header)) + "\n")
    for row in rows:
        try:
            parts.append(tmpl.execute(row) + "\n")
        except TemplateError as exc:
            raise TemplateError(f"failed to execute template: {exc.message}", parse=False) from None
    text = "".join(parts)
    return tabwrite(text) if is_table else text
