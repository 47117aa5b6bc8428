"""What ``node SCRIPT`` does in a container, decided from the script as the container's files hold it.

The script is read from the container's file system (a bind mount live, the image's copied files, what the
container wrote). Node's own errors come first: a missing script or a ``require``/``import`` that does not
resolve (no ``node_modules`` with the package) ends with node's ``Cannot find module`` and status 1. A
recognisable server (``.listen(PORT, () => console.log(…))`` on Express, ``http``/``https``, Fastify or Koa)
prints its top-level ``console.log`` lines and the listen callback's text with its port, then keeps running.
A script made only of top-level ``console.log`` of literals prints them and exits 0. Anything else is said to
be beyond the model (status 1), never given invented output.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

#: Node's built-in modules (``require("fs")`` and ``require("node:fs")`` always resolve).
_BUILTIN_WORDS = (
    "assert async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns "
    "domain events fs fs/promises http http2 https inspector module net os path path/posix path/win32 perf_hooks "
    "process punycode querystring readline repl stream stream/promises string_decoder sys timers "
    "timers/promises tls trace_events tty url util util/types v8 vm wasi worker_threads zlib"
)
BUILTINS = frozenset(_BUILTIN_WORDS.split())
#: Packages whose ``listen`` starts an HTTP server.
SERVER_PACKAGES = frozenset({"express", "http", "https", "fastify", "koa", "node:http", "node:https"})
#: Where node's loader threw, per major version (loader line, _resolveFilename, _load, run_main, main module).
_LOADER = {
    "16": ("939", "936:15", "769:27", "run_main:76:12", "17:47"),
    "18": ("1080", "1077:15", "922:27", "run_main:86:12", "23:47"),
    "20": ("1228", "1225:15", "1051:27", "run_main:174:12", "28:49"),
    "22": ("1252", "1249:15", "1075:27", "run_main:170:5", "36:49"),
}
MAX_SCRIPT_CHARS = 200_000

_REQUIRE = re.compile(
    r"""\brequire\(\s*(["'])([^"'\n]+)\1\s*\)|^\s*import\s+(?:[^"';]*?\bfrom\s+)?(["'])([^"'\n]+)\3""", re.M
)
_CONST = re.compile(r"^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(.+?);?\s*$", re.M)
#: ``.listen(PORT[, HOST][, () => console.log(…)])`` (an arrow or a ``function () {…}`` callback).
_LISTEN = re.compile(
    r"\.listen\(\s*([^,()]+(?:\([^()]*\))?[^,()]*?)\s*(?:,\s*(?:['\"][^'\"]*['\"]|[\w$.]+)\s*(?=[,)]))?"
    r"(?:,\s*(?:(?:\([^)]*\)|[\w$]+)\s*=>|function\s*\w*\s*\([^)]*\))\s*\{?\s*"
    r"console\.log\((.*)\)\s*;?\s*\}?\s*)?\)\s*;?\s*$",
    re.M,
)
_TOP_LOG = re.compile(r"^console\.log\((.*)\)\s*;?\s*$")
_REDIS_CLIENT = re.compile(r"createClient\(\s*(?:\{\s*url:\s*([^}]+?)\s*,?\s*\})?\s*\)")
_CONNECTED = re.compile(r"\.connect\(\)\.then\(\(\)\s*=>\s*\{?\s*console\.log\((.*)\)\s*;?\s*\}?\s*\)")


class ScriptFiles(Protocol):
    """What the model reads: the container's files, as :class:`dockersim.engine.shell.ContainerSide` has them."""

    def read_raw(self, path: str) -> str | None:
        """A file's text, or None when there is none."""

    def is_dir(self, path: str) -> bool:
        """Whether the path is a directory."""


@dataclass
class NodeRun:
    """What ``node SCRIPT`` printed, and whether it exits (``exit_code``) or keeps serving (``port``)."""

    stdout: list[str] = field(default_factory=list)
    stderr: str = ""
    exit_code: int = 0
    port: str = ""
    #: A client whose open connection keeps node's event loop alive (a Redis worker).
    connected: bool = False

    @property
    def serves(self) -> bool:
        """Whether the script keeps running: a server listening, or a client holding its connection."""
        return bool(self.port) or self.connected


def run(
    files: ScriptFiles,
    script: str,
    cwd: str,
    env: dict[str, str],
    placed: list[str] | tuple[str, ...] = (),
    reach: Callable[[str, str], bool] | None = None,
) -> NodeRun:
    """Model ``node script`` run in ``cwd``; ``placed`` are paths the image's build made without their text;
    ``reach(service, host)`` says whether a server of that kind (``redis``) answers at ``host``."""
    major = env.get("NODE_VERSION", "18").split(".")[0]
    path = posixpath.normpath(posixpath.join(cwd or "/", script))
    text = _script_text(files, path)
    if text is None:
        if _under(path, placed):
            return NodeRun(stderr=_not_modelled(script, "the build made it and its text is not kept"), exit_code=1)
        return NodeRun(stderr=_cannot_find(path, "", 0, 0, major, env), exit_code=1)
    if len(text) > MAX_SCRIPT_CHARS:
        return NodeRun(stderr=_not_modelled(script, "it is too long to read"), exit_code=1)
    lines = text.splitlines()
    modules: list[str] = []
    for number, line in enumerate(lines, 1):
        for m in _REQUIRE.finditer(line):
            name = m.group(2) or m.group(4)
            modules.append(name)
            if not _resolves(files, name, posixpath.dirname(path), placed):
                column = m.start() + 1
                return NodeRun(stderr=_cannot_find(name, path, number, column, major, env), exit_code=1)
    consts = {m.group(1): m.group(2) for m in _CONST.finditer(text)}
    listen = _LISTEN.search(text)
    logs = [_top_log(line, consts, env) for line in lines if _TOP_LOG.match(line)]
    if listen and any(name in SERVER_PACKAGES for name in modules):
        port = _value(listen.group(1).strip(), consts, env)
        message = _value(listen.group(2), consts, env) if listen.group(2) else ""
        if port is None or None in logs or (listen.group(2) and message is None):
            return NodeRun(stderr=_not_modelled(script, "its port or messages are computed"), exit_code=1)
        return NodeRun(stdout=[*(str(x) for x in logs), *([message] if message else [])], port=port)
    client, connected = _REDIS_CLIENT.search(text), _CONNECTED.search(text)
    if client and connected and "redis" in modules and None not in logs:
        url = _value(client.group(1), consts, env) if client.group(1) else ""
        host = urlsplit(url or "redis://localhost:6379").hostname or "localhost"
        message = _value(connected.group(1), consts, env)
        if url is not None and message is not None and reach is not None and reach("redis", host):
            return NodeRun(stdout=[*(str(x) for x in logs), message], connected=True)
        return NodeRun(
            stderr=_not_modelled(script, f"no Redis answers at {host}; node-redis's error is not"), exit_code=1
        )
    if _only_logs(lines) and None not in logs:
        return NodeRun(stdout=[str(x) for x in logs])
    return NodeRun(stderr=_not_modelled(script, "only servers that listen and scripts that log are"), exit_code=1)


def signal_exit(text: str, signal: str) -> int | None:
    """The status a script that handles ``signal`` (``process.on("SIGINT", …)``) ends with: its handler's
    ``process.exit(N)`` (0 when it names none); None when it has no handler (node then does as the kernel
    says, and PID 1 ignores the signal)."""
    handler = re.search(rf"""process\.(?:on|once)\(\s*(["'`]){signal}\1""", text)
    if handler is None:
        return None
    code = re.search(r"process\.exit\(\s*(\d*)\s*\)", text[handler.end() :])
    return int(code.group(1)) if code and code.group(1) else 0


def _script_text(files: ScriptFiles, path: str) -> str | None:
    """The main module's text: the path itself, then node's extensions (``app`` runs ``app.js``)."""
    for candidate in (path, path + ".js", path + ".json", posixpath.join(path, "index.js")):
        if not files.is_dir(candidate):
            text = files.read_raw(candidate)
            if text is not None:
                return text
    return None


def _under(path: str, placed: list[str] | tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in placed)


def _resolves(files: ScriptFiles, name: str, here: str, placed: list[str] | tuple[str, ...]) -> bool:
    """Whether ``require(name)`` from a module in ``here`` finds something, as node's resolution walks."""
    if name.startswith("node:") or name in BUILTINS:
        return True
    if name.startswith(("./", "../", "/")):
        target = posixpath.normpath(posixpath.join(here, name))
        return _script_text(files, target) is not None or _under(target, placed)
    package = "/".join(name.split("/")[:2]) if name.startswith("@") else name.split("/")[0]
    directory = here
    while True:
        modules = posixpath.join(directory, "node_modules")
        if files.is_dir(posixpath.join(modules, package)) or files.read_raw(posixpath.join(modules, package)):
            return True
        if _under(modules, placed) and _declares(files, directory, package):
            return True
        if directory == "/":
            return False
        directory = posixpath.dirname(directory)


def _declares(files: ScriptFiles, directory: str, package: str) -> bool:
    """Whether the package.json beside an installed ``node_modules`` names the package (or cannot be read)."""
    text = files.read_raw(posixpath.join(directory, "package.json"))
    if text is None:
        return True
    try:
        data = json.loads(text)
    except ValueError:
        return True
    if not isinstance(data, dict):
        return True
    return any(isinstance(data.get(k), dict) and package in data[k] for k in ("dependencies", "devDependencies"))


def _env_value(expr: str, env: dict[str, str]) -> str | None:
    m = re.fullmatch(r"process\.env\.([A-Za-z_]\w*)|process\.env\[(['\"])(\w+)\2\]", expr)
    if not m:
        return None
    return env.get(m.group(1) or m.group(3) or "", "")


def _value(expr: str, consts: dict[str, str], env: dict[str, str], depth: int = 0) -> str | None:
    """The value of a small JavaScript expression (literals, env, ``||``/``??``, Number/parseInt, templates, +)."""
    expr = expr.strip()
    if depth > 8:
        return None
    if expr.startswith("(") and expr.endswith(")") and _balanced(expr[1:-1]):
        return _value(expr[1:-1], consts, env, depth + 1)
    if re.fullmatch(r"-?\d+(?:\.\d+)?", expr):
        return expr
    if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"" and expr[0] not in expr[1:-1]:
        return expr[1:-1]
    if len(expr) >= 2 and expr[0] == expr[-1] == "`" and "`" not in expr[1:-1]:
        parts = re.split(r"\$\{([^}]*)\}", expr[1:-1])
        out = []
        for index, part in enumerate(parts):
            if index % 2:
                value = _value(part, consts, env, depth + 1)
                if value is None:
                    return None
                out.append(value)
            else:
                out.append(part)
        return "".join(out)
    m = re.fullmatch(r"(?:Number|parseInt|String)\((.*?)(?:,\s*10)?\)", expr)
    if m:
        return _value(m.group(1), consts, env, depth + 1)
    for op in ("||", "??"):
        parts = _split_top(expr, op)
        if len(parts) > 1:
            value = _value(parts[0], consts, env, depth + 1)
            if value is None:
                return None
            if value:
                return value
            return _value(op.join(parts[1:]), consts, env, depth + 1)
    pieces_text = _split_top(expr, "+")
    if len(pieces_text) > 1:
        pieces = [_value(piece, consts, env, depth + 1) for piece in pieces_text]
        return None if None in pieces else "".join(str(p) for p in pieces)
    env_value = _env_value(expr, env)
    if env_value is not None:
        return env_value
    if expr in consts:
        return _value(consts[expr], consts, env, depth + 1)
    return None


def _split_top(expr: str, op: str) -> list[str]:
    """``expr`` split at ``op`` (``+``, ``||``, ``??``) outside quotes and parentheses."""
    pieces, start, quote, depth, index = [], 0, "", 0, 0
    while index < len(expr):
        ch = expr[index]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"`":
            quote = ch
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif depth == 0 and expr.startswith(op, index):
            pieces.append(expr[start:index])
            index += len(op)
            start = index
            continue
        index += 1
    return [*pieces, expr[start:]]


def _balanced(text: str) -> bool:
    """Whether the parentheses of ``text`` pair up (``(a) + (b)`` is not one parenthesised expression)."""
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _top_log(line: str, consts: dict[str, str], env: dict[str, str]) -> str | None:
    m = _TOP_LOG.match(line)
    return _value(m.group(1), consts, env) if m else None


def _only_logs(lines: list[str]) -> bool:
    """Whether every statement is a top-level ``console.log``, a constant, a ``require`` or a comment."""
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(("//", "/*", "*", '"use strict"', "'use strict'")):
            continue
        if _TOP_LOG.match(line) or (_CONST.match(stripped) and "=>" not in stripped and "function" not in stripped):
            continue
        return False
    return True


def _not_modelled(script: str, why: str) -> str:
    return f"dockersim: 'node {script}' is not modelled by the simulator ({why})"


def _cannot_find(name: str, parent: str, line: int, column: int, major: str, env: dict[str, str]) -> str:
    """Node's ``MODULE_NOT_FOUND`` report: the main script (no require stack) or a module a script requires."""
    loader, resolve, load, run_main, main_module = _LOADER.get(major, _LOADER["18"])
    version = env.get("NODE_VERSION", "18.20.5")
    head = f"node:internal/modules/cjs/loader:{loader}\n  throw err;\n  ^\n\nError: Cannot find module '{name}'\n"
    if not parent:
        trace = (
            f"    at Module._resolveFilename (node:internal/modules/cjs/loader:{resolve})\n"
            f"    at Module._load (node:internal/modules/cjs/loader:{load})\n"
            f"    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/{run_main})\n"
            f"    at node:internal/main/run_main_module:{main_module} {{\n"
            "  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n"
        )
    else:
        trace = (
            f"Require stack:\n- {parent}\n"
            f"    at Module._resolveFilename (node:internal/modules/cjs/loader:{resolve})\n"
            f"    at Module._load (node:internal/modules/cjs/loader:{load})\n"
            "    at Module.require (node:internal/modules/cjs/loader:1143:19)\n"
            "    at require (node:internal/modules/cjs/helpers:119:18)\n"
            f"    at Object.<anonymous> ({parent}:{line}:{column})\n"
            "    at Module._compile (node:internal/modules/cjs/loader:1256:14)\n"
            "    at Module._extensions..js (node:internal/modules/cjs/loader:1310:10)\n"
            "    at Module.load (node:internal/modules/cjs/loader:1119:32)\n"
            "    at Module._load (node:internal/modules/cjs/loader:960:12)\n"
            f"    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/{run_main}) {{\n"
            f"  code: 'MODULE_NOT_FOUND',\n  requireStack: [ '{parent}' ]\n}}\n"
        )
    return f"{head}{trace}\nNode.js v{version}"
