"""``explain(line)``: a token-by-token breakdown of a docker / docker-compose command line.

Every part (command, each flag with its value, the image, the container's command, other
arguments) gets a one-line meaning in our own words and a ``link`` (``page.md#anchor``) into the
study notes. Parse errors come back as data (docker's exact error text), never as exceptions.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from dockersim.cli.links import (  # noqa: F401 - re-exported: where explain's parts link
    BINDS,
    CACHE,
    CHEATSHEET,
    COMPOSE,
    CONTAINER,
    DOCKERFILE,
    ENGINE,
    HUB,
    IMAGE,
    NETWORKS,
    PORTS,
    RUN,
    STOP,
    VOLUMES,
)
from dockersim.cli.pflag import FlagSet
from dockersim.cli.registry import GLOBAL_FLAGS, Node, get_tree
from dockersim.cli.spec import Arity, CommandSpec, FlagSpec
from dockersim.cli.unit import Unit, command, unit_for
from dockersim.context import CommandContext

#: Longest line explained (characters): a longer one gets a one-line answer at once, not a wait.
MAX_EXPLAIN_CHARS = 20_000
#: Parts listed at most; the reply says how many more there were (``more``).
MAX_PARTS = 300
# One piece of a word, as shlex.split (POSIX) reads it, or the lone character where a quote never closes.
_PIECE = re.compile(r"""\s+|[^\s'"\\]+|'[^']*+'|"(?:[^"\\]++|\\.)*+"|\\.|.""", re.DOTALL)
_QUOTED_ESCAPE = re.compile(r'\\([\\"])')

#: What a flag word means wherever it appears (``--format`` lists, ``--force`` removes…): a glossary of flag
#: words, looked up after the command's own unit (``flag_meanings``); ``compose --file`` is the compose group's.
FLAGS: dict[str, tuple[str, str]] = {
    "--detach": ("run in the background and give the terminal back", RUN),
    "--interactive": ("keep the container's standard input open", RUN),
    "--tty": ("give the container a terminal (so shells and colours work)", RUN),
    "--name": ("choose the container's name instead of a random one", RUN),
    "--rm": ("delete the container automatically when it exits", RUN),
    "--publish": ("make a container port reachable on a host port (host:container)", PORTS),
    "--publish-all": ("publish every exposed port on random host ports", PORTS),
    "--env": ("set an environment variable inside the container", RUN),
    "--env-file": ("read environment variables from a file", RUN),
    "--volume": ("mount a volume or a host directory into the container", "intermediate.md#data-persistence"),
    "--mount": ("mount a volume, bind or tmpfs with explicit key=value fields", "intermediate.md#data-persistence"),
    "--network": ("connect the container to this network", NETWORKS),
    "--network-alias": ("an extra DNS name for the container on its network", NETWORKS),
    "--restart": ("when docker should restart the container by itself", RUN),
    "--user": ("run the process as this user (name or uid[:gid])", "advanced.md#non-root-users-best-practices"),
    "--workdir": ("the directory the process starts in", "intermediate.md#workdir-set-working-directory"),
    "--entrypoint": (
        "replace the image's entrypoint program",
        "intermediate.md#entrypoint-configure-container-as-executable",
    ),
    "--expose": (
        "declare a port the container listens on (without publishing it)",
        "intermediate.md#expose-document-port-usage",
    ),
    "--memory": ("cap the memory the container may use", RUN),
    "--cpus": ("cap how many CPUs' worth of time the container may use", RUN),
    "--label": ("attach a key=value label (metadata)", CHEATSHEET),
    "--hostname": ("the host name the container sees", RUN),
    "--read-only": ("make the container's root filesystem read-only", "advanced.md#security-environment"),
    "--pull": ("when to pull the image before running", IMAGE),
    "--all": ("include everything, not just the default selection", CHEATSHEET),
    "--quiet": ("print only IDs (handy for scripts)", CHEATSHEET),
    "--filter": ("only show items matching key=value", CHEATSHEET),
    "--format": ("print each item with a Go template instead of the default table", CHEATSHEET),
    "--force": ("do it without asking / even if it is running", CHEATSHEET),
    "--no-trunc": ("do not shorten IDs and commands", CHEATSHEET),
    "--follow": ("keep printing new output as it arrives", CONTAINER),
    "--tail": ("only show the last N lines", CONTAINER),
    "--timeout": ("seconds to wait for a graceful stop before killing", STOP),
    "--signal": ("the signal to send", CONTAINER),
    "--volumes": ("also remove the volumes involved", VOLUMES),
    "compose --file": ("use this compose file instead of compose.yaml/docker-compose.yml", COMPOSE),
    "compose --project-name": ("name the project (prefix of containers, networks, volumes)", COMPOSE),
}

GLOBAL_MEANINGS: dict[str, str] = {
    "--host": "talk to the docker engine at this socket or address",
    "--context": "use this saved connection context",
    "--config": "read client configuration from this directory",
    "--debug": "print debugging information",
    "--log-level": "how chatty the client's logging is",
    "--version": "print the client version and stop",
    "--tls": "connect to the engine over TLS",
    "--tlsverify": "connect over TLS and verify the engine's certificate",
    "--tlscacert": "the CA certificate for TLS",
    "--tlscert": "the client certificate for TLS",
    "--tlskey": "the client key for TLS",
    "--help": "print the help text instead of running the command",
}


def _unit(path: str) -> Unit | None:
    """The declared unit of a docker command (compose's subcommands and dockersim's own have none)."""
    return None if not path or path.startswith("compose") else unit_for(path)


def _link(path: str) -> str:
    unit = _unit(path)
    if unit is not None and unit.link:
        return unit.link
    return COMPOSE if path.startswith("compose") else CHEATSHEET


def _flag_meaning(path: str, flag: FlagSpec) -> tuple[str, str]:
    unit = _unit(path)
    if unit is not None and flag.long in unit.flag_meanings:
        return unit.flag_meanings[flag.long]
    for key in (f"{path.split()[0]} --{flag.long}", f"--{flag.long}"):
        if key in FLAGS:
            return FLAGS[key]
    return f"the --{flag.long} option of docker {path} (a {flag.type} value)" if flag.takes_value else (
        f"turns on --{flag.long} for docker {path}"
    ), _link(path)


def _positional_role(path: str, index: int) -> tuple[str, str, str]:
    """What positional ``index`` of ``path`` is: the unit's declared argument, else a generic argument."""
    unit = _unit(path)
    declared = unit.args if unit is not None and unit.args else ()
    arg = declared[index] if index < len(declared) else None
    if arg is None and declared and declared[-1].kind == "command":
        arg = declared[-1]
    if arg is not None and arg.meaning:
        return (arg.kind, arg.meaning, arg.link or _link(path))
    if path.startswith("compose"):
        return ("argument", "a service of the compose project", COMPOSE)
    noun = path.split()[0] if " " in path else "object or value"
    return ("argument", f"the {noun} to act on", _link(path))


def _walk_flags(
    fs: FlagSet, words: list[str], path: str, parts: list[dict[str, Any]], *, interspersed: bool, global_: bool = False
) -> list[str]:
    """Attribute flag tokens (assumes the line already parsed cleanly); returns the positionals."""
    positionals: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if len(word) < 2 or word[0] != "-":
            if not interspersed:
                positionals.extend(words[i - 1 :])
                return positionals
            positionals.append(word)
            continue
        if word == "--":
            positionals.extend(words[i:])
            return positionals
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            flag = fs.by_long.get(name)
            tokens = [word]
            if flag is not None and flag.takes_value and not eq and i < len(words):
                value = words[i]
                tokens.append(words[i])
                i += 1
            if flag is not None:
                parts.append(_flag_part(flag, tokens, value if (eq or flag.takes_value) else None, path, global_))
            continue
        pos, end = 1, len(word)
        while pos < end:
            flag = fs.by_short.get(word[pos])
            if flag is None:
                break
            tokens = [word]
            value: str | None = None
            nxt = pos + 1
            if end - pos > 2 and word[pos + 1] == "=":
                value, nxt = word[pos + 2 :], end
            elif flag.takes_value:
                if end - pos > 1:
                    value, nxt = word[pos + 1 :], end
                elif i < len(words):
                    value = words[i]
                    tokens.append(words[i])
                    i += 1
            parts.append(_flag_part(flag, tokens, value, path, global_, short=f"-{word[pos]}"))
            pos = nxt
    return positionals


def _flag_part(
    flag: FlagSpec, tokens: list[str], value: str | None, path: str, global_: bool, short: str = ""
) -> dict[str, Any]:
    if global_:
        meaning, link = GLOBAL_MEANINGS.get(f"--{flag.long}", f"the global --{flag.long} option"), ENGINE
    elif flag.long == "help":
        meaning, link = GLOBAL_MEANINGS["--help"], CHEATSHEET
    else:
        meaning, link = _flag_meaning(path, flag)
    part: dict[str, Any] = {
        "kind": "global-flag" if global_ else "flag",
        "tokens": tokens,
        "flag": f"--{flag.long}",
        "meaning": meaning,
        "link": link,
    }
    if short:
        part["short"] = short
    if flag.takes_value or value is not None:
        part["value"] = value
    return part


def split_words(line: str) -> list[str]:
    """``shlex.split(line)`` in time linear in the line's length (shlex grows each word a character at a
    time: a 1.9 MB word took minutes). Raises ValueError with shlex's messages."""
    words: list[str] = []
    pieces: list[str] = []
    started = False
    for match in _PIECE.finditer(line):
        piece = match.group()
        first = piece[0]
        if first.isspace() and first in " \t\r\n":
            if started:
                words.append("".join(pieces))
            pieces, started = [], False
            continue
        started = True
        if first == "'":
            if len(piece) < 2:
                raise ValueError("No closing quotation")
            pieces.append(piece[1:-1])
        elif first == '"':
            if len(piece) < 2:  # shlex reads on to the end: a backslash there still waits for its character
                odd = (len(line) - len(line.rstrip("\\"))) % 2
                raise ValueError("No escaped character" if odd else "No closing quotation")
            pieces.append(_QUOTED_ESCAPE.sub(r"\1", piece[1:-1]))
        elif first == "\\":
            if len(piece) < 2:
                raise ValueError("No escaped character")
            pieces.append(piece[1])
        else:
            pieces.append(piece)
    if started:
        words.append("".join(pieces))
    return words


def explain(line: str) -> dict[str, Any]:
    """Break ``line`` (``docker …`` or ``docker-compose …``) into explained parts; errors as data.

    Linear in the line's length and capped: a line over :data:`MAX_EXPLAIN_CHARS` is answered with a
    one-line error, and at most :data:`MAX_PARTS` parts are listed (``more`` counts the rest).
    """
    result = _explain(line)
    parts = result["parts"]
    if len(parts) > MAX_PARTS:
        result["more"] = len(parts) - MAX_PARTS
        del parts[MAX_PARTS:]
    return result


def _explain(line: str) -> dict[str, Any]:
    from dockersim.cli import Prepared, parse_cli

    result: dict[str, Any] = {"line": line, "ok": False, "command": None, "parts": [], "error": None}
    if len(line) > MAX_EXPLAIN_CHARS:
        result["line"] = line[:200]
        result["error"] = {
            "stderr": f"the line is too long to explain ({len(line)} characters; at most {MAX_EXPLAIN_CHARS})",
            "exit_code": 2,
        }
        return result
    try:
        words = split_words(line)
    except ValueError as exc:
        result["error"] = {"stderr": f"cannot split the line: {exc}", "exit_code": 2}
        return result
    if not words or words[0] not in ("docker", "docker-compose"):
        result["error"] = {"stderr": "explain takes a docker or docker-compose command line", "exit_code": 2}
        return result
    prog, argv = words[0], words[1:]
    ctx = CommandContext(engine=None, cwd=Path("/nonexistent-explain-cwd"), env={"HOME": "/root"})  # type: ignore[arg-type]
    try:
        prepared = parse_cli(argv, ctx, prog=prog)
    except Exception as exc:  # explain never raises
        result["error"] = {"stderr": f"dockersim: internal error: {exc}", "exit_code": 1}
        return result
    if not isinstance(prepared, Prepared):
        stderr = ctx.err.getvalue()
        if "open " in stderr and "no such file or directory" in stderr:
            prepared = None
        else:
            result["error"] = {"stderr": stderr, "stdout": ctx.out.getvalue(), "exit_code": prepared}
            if prepared == 0:
                result.update(ok=True, error=None, help=ctx.out.getvalue() or ctx.err.getvalue())
            return result
    parts: list[dict[str, Any]] = result["parts"]
    if prog == "docker-compose":
        argv = ["compose", *argv]
    root = get_tree()
    rest = _walk_flags(FlagSet.build(GLOBAL_FLAGS), argv, "", parts, interspersed=False, global_=True)
    node: Node = root
    typed: list[str] = []
    while rest:
        nxt = node.find(rest[0])
        if nxt is None:
            break
        typed.append(rest.pop(0))
        node = nxt
        if node.spec is None and not node.is_group:
            break
        if node.is_group and node.group_flags:
            group_fs = FlagSet.build((*node.group_flags, *node.inherited_flags()))
            rest = _walk_flags(group_fs, rest, node.path.removeprefix("docker "), parts, interspersed=False)
    spec = node.spec
    path = spec.path if spec is not None else " ".join(typed)
    unit = _unit(path) if spec is not None else None
    meaning = unit.meaning if unit is not None and unit.meaning else (spec.short if spec else "")
    link = _link(path) if spec is not None else (COMPOSE if path.startswith("compose") else CHEATSHEET)
    result["command"] = {
        "path": path,
        "typed": " ".join([prog, *typed]) if prog == "docker" else " ".join(["docker-compose", *typed[1:]]),
        "meaning": meaning,
        "link": link,
    }
    if spec is None:
        result["ok"] = True
        return result
    fs = FlagSet.build((*spec.flags, *spec.persistent, *node.inherited_flags()))
    positionals = _walk_flags(fs, rest, path, parts, interspersed=spec.interspersed)
    index = 0
    while index < len(positionals):
        role, text, plink = _positional_role(path, index)
        if role == "command":
            parts.append({"kind": "command", "tokens": positionals[index:], "meaning": text, "link": plink})
            break
        part: dict[str, Any] = {"kind": role, "tokens": [positionals[index]], "meaning": text, "link": plink}
        if role == "image" and path != "image build":
            from dockersim.cli.values import parse_reference

            try:
                part["normalized"] = parse_reference(positionals[index]).canonical
            except ValueError:
                part["normalized"] = positionals[index]
        parts.append(part)
        index += 1
    result["ok"] = True
    return result


def format_explanation(data: dict[str, Any]) -> str:
    """A readable rendering of :func:`explain`'s result."""
    lines = [data["line"]]
    if data.get("help"):
        lines.append("  This line prints docker's help text (it runs nothing):")
        lines.extend("    " + ln for ln in data["help"].rstrip("\n").splitlines())
        return "\n".join(lines) + "\n"
    if data.get("error"):
        lines.append("This line would fail:")
        lines.extend("  " + ln for ln in data["error"]["stderr"].rstrip("\n").splitlines())
        return "\n".join(lines) + "\n"
    cmd = data.get("command")
    if cmd:
        lines.append(f"  {cmd['typed']}: {cmd['meaning']}  [{cmd['link']}]")
    for part in data["parts"]:
        tokens = " ".join(part["tokens"])
        if part.get("short") and len(part["tokens"][0]) > 2 and not part["tokens"][0].startswith("--"):
            value = part.get("value")
            tokens = part["short"] + (f" {value}" if value is not None else "") + f" (in {part['tokens'][0]})"
        extra = f" (= {part['normalized']})" if part.get("normalized") and part["normalized"] != tokens else ""
        lines.append(f"  {tokens}{extra}: {part['meaning']}  [{part['link']}]")
    return "\n".join(lines) + "\n"


@command(
    "explain",
    own=CommandSpec(
        "explain",
        use="COMMAND-LINE...",
        short="Explain a docker command line token by token",
        arity=Arity.at_least(1),
        interspersed=False,
    ),
)
def run_explain(ctx: CommandContext, opts: Any, args: list[str]) -> int:
    """Handler of the hidden ``docker explain <command line>`` command."""
    line = args[0] if len(args) == 1 and " " in args[0] else shlex.join(args)
    if not line.startswith(("docker ", "docker-compose ")) and line not in ("docker", "docker-compose"):
        line = "docker " + line
    data = explain(line)
    ctx.out.write(format_explanation(data))
    ctx.data["explain"] = data
    return 0
