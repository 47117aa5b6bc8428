"""Find the blocks of a rendered page a reader can try, and what each command needs in place first.

Pure functions over the HTML Material renders (``<div class="language-bash highlight">…``) and over
the cheat sheet's ``<div class="cheatsheet-try" data-kind data-text>`` slots. Each try-able element
gets a ``data-dnp-try`` attribute holding JSON the front end reads (``tryit.js``):

``{"kind": "command"|"dockerfile"|"compose", "lines": [{"line": str, "needs": [need…]}], "file": str|null}``

where a need is ``{"kind": "container"|"volume"|"network", "name": str, "setup": [str…]}``: the
setup lines come from earlier commands of the same section that create the object, else from a small
table of stand-ins (``docker run -d --name X nginx``).
The front end runs a need's setup only when the object is missing from the simulated engine.
"""

from __future__ import annotations

import html
import json
import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

COMMAND_LANGS = frozenset({"bash", "sh", "shell", "console", "shell-session", "zsh", "powershell"})
DOCKERFILE_LANGS = frozenset({"dockerfile", "docker"})
YAML_LANGS = frozenset({"yaml", "yml"})
DOCKER_WORDS = frozenset({"docker", "docker-compose"})
SEPARATORS = frozenset({"&&", "||", "|", ";", "&"})
BUILTIN_NETWORKS = frozenset({"bridge", "host", "none", "default"})

_BLOCK_START = re.compile(r'<div class="language-(?P<lang>[\w+-]+) highlight"(?P<attrs>[^>]*)>')
_BLOCK_END = "</code></pre>"
_HEADING = re.compile(r'<h[1-6][^>]*\bid="(?P<id>[^"]*)"')
_FILENAME = re.compile(r'<span class="filename">(?P<name>.*?)</span>', re.DOTALL)
_CODE = re.compile(r"<code[^>]*>(?P<code>.*)\Z", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SLOT = re.compile(r'<div class="cheatsheet-try"(?P<attrs>[^>]*)>')
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_USAGE = re.compile(r"\[OPTIONS\]|\[[A-Z_]+\.\.\.\]|\.\.\.\]|\bCONTAINER \[CONTAINER|<[a-z0-9-]+>")
_SERVICES = re.compile(r"^services:\s*(#.*)?$", re.MULTILINE)
_FROM = re.compile(r"^\s*FROM\s+\S", re.MULTILINE | re.IGNORECASE)
_HEXISH = re.compile(r"^(?=[0-9a-f]*\d)[0-9a-f]{3,64}$")
_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
_SUBSTITUTION = re.compile(r"\$\([^()]*\)|`[^`]*`")

# docker commands whose positional arguments name containers: all of them, or only the first.
ALL_CONTAINERS = frozenset({"stop", "start", "restart", "kill", "rm", "pause", "unpause", "wait", "stats", "update"})
FIRST_CONTAINER = frozenset({"exec", "attach", "port", "top", "rename", "commit", "diff", "export", "logs"})
# Flags that take a value (so the next word is not a container name), per command.
VALUE_FLAGS: dict[str, frozenset[str]] = {
    "stop": frozenset({"-t", "--time", "--timeout", "-s", "--signal"}),
    "restart": frozenset({"-t", "--time", "--timeout", "-s", "--signal"}),
    "kill": frozenset({"-s", "--signal"}),
    "logs": frozenset({"-n", "--tail", "--since", "--until"}),
    "exec": frozenset({"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys"}),
    "start": frozenset({"--detach-keys", "--checkpoint", "--checkpoint-dir"}),
    "attach": frozenset({"--detach-keys"}),
    "commit": frozenset({"-a", "--author", "-c", "--change", "-m", "--message"}),
    "stats": frozenset({"--format"}),
    "update": frozenset({"--cpus", "-m", "--memory", "--memory-swap", "--memory-reservation", "--restart",
                         "-c", "--cpu-shares", "--pids-limit", "--cpuset-cpus", "--blkio-weight"}),
    "export": frozenset({"-o", "--output"}),
    "network connect": frozenset({"--alias", "--ip", "--ip6", "--link", "--link-local-ip", "--driver-opt"}),
    "network create": frozenset({"-d", "--driver", "--subnet", "--gateway", "--ip-range", "--label", "-o", "--opt",
                                 "--aux-address", "--ipam-driver", "--ipam-opt", "--scope", "--config-from"}),
    "volume create": frozenset({"-d", "--driver", "--label", "-o", "--opt", "--name"}),
}
GROUPED = {"container", "volume", "network", "image"}


@dataclass(frozen=True)
class Need:
    """An object a command expects to exist, and the lines that create it when it does not."""

    kind: str
    name: str
    setup: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """Plain data for the ``data-dnp-try`` attribute."""
        return {"kind": self.kind, "name": self.name, "setup": list(self.setup)}


@dataclass
class TryBlock:
    """What the front end needs to offer one block: its kind, its lines with their needs, the file to write."""

    kind: str
    lines: list[tuple[str, list[Need]]] = field(default_factory=list)
    file: str | None = None

    def to_json(self) -> dict[str, object]:
        """Plain data for the ``data-dnp-try`` attribute."""
        return {
            "kind": self.kind,
            "file": self.file,
            "lines": [{"line": line, "needs": [need.to_json() for need in needs]} for line, needs in self.lines],
        }


# --- text → command lines ---------------------------------------------------------------------------------------


def code_text(body_html: str) -> str:
    """The plain text of a highlighted block's ``<code>`` (tags stripped, entities decoded)."""
    match = _CODE.search(body_html)
    return html.unescape(_TAG.sub("", match.group("code") if match else body_html))


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


# --- what a command needs and creates ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _docker_calls(line: str) -> tuple[tuple[str, ...], ...]:
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


def _positionals(args: Sequence[str], value_flags: Iterable[str]) -> list[str]:
    """Positional words of ``args``, skipping flags and the values of flags that take one."""
    takes_value = set(value_flags)
    found = []
    skip = False
    for index, word in enumerate(args):
        if skip:
            skip = False
            continue
        if word == "--":
            found.extend(args[index + 1 :])
            break
        if word.startswith("-") and word != "-":
            if "=" not in word and word in takes_value:
                skip = True
            continue
        found.append(word)
    return found


def _plain_name(word: str) -> bool:
    return bool(_NAME.match(word)) and not _HEXISH.match(word) and "$" not in word


def _flag_values(args: Sequence[str], names: set[str]) -> list[str]:
    """Values of the given long/short flags (``--network x`` and ``--network=x``)."""
    values = []
    for index, word in enumerate(args):
        head, eq, tail = word.partition("=")
        if head in names:
            if eq:
                values.append(tail)
            elif index + 1 < len(args):
                values.append(args[index + 1])
    return values


def _split_command(call: Sequence[str]) -> tuple[str, Sequence[str]]:
    """``["container", "stop", "-t", "1", "x"]`` → ``("stop", [...])``; groups keep their sub-command."""
    if not call:
        return "", []
    head, rest = call[0], call[1:]
    if head == "container" and rest:
        return rest[0], rest[1:]
    if head in {"volume", "network"} and rest:
        return f"{head} {rest[0]}", rest[1:]
    return head, rest


def needs_of(line: str) -> list[tuple[str, str]]:
    """``(kind, name)`` of every object the line's docker commands act on and expect to exist."""
    return list(_needs(line))


@lru_cache(maxsize=4096)
def _needs(line: str) -> tuple[tuple[str, str], ...]:
    """:func:`needs_of`, memoized (setting up a section asks about each earlier line again)."""
    found: list[tuple[str, str]] = []
    for call in _docker_calls(line):
        command, args = _split_command(call)
        flags = VALUE_FLAGS.get(command, frozenset())
        if command in ALL_CONTAINERS or command in FIRST_CONTAINER:
            names = _positionals(args, flags)
            if command in FIRST_CONTAINER:
                names = names[:1]
            found += [("container", name) for name in names if _plain_name(name)]
        elif command == "cp":
            for word in _positionals(args, set()):
                name, colon, _ = word.partition(":")
                if colon and _plain_name(name):
                    found.append(("container", name))
        elif command in {"volume inspect", "volume rm"}:
            found += [("volume", name) for name in _positionals(args, {"--format", "-f"}) if _plain_name(name)]
        elif command in {"network inspect", "network rm"}:
            found += [("network", name) for name in _positionals(args, {"--format", "-f"}) if _plain_name(name)]
        elif command in {"network connect", "network disconnect"}:
            names = _positionals(args, flags)
            if names and _plain_name(names[0]) and names[0] not in BUILTIN_NETWORKS:
                found.append(("network", names[0]))
            if len(names) > 1 and _plain_name(names[1]):
                found.append(("container", names[1]))
        if command in {"run", "create"}:
            for network in _flag_values(args, {"--network", "--net"}):
                if _plain_name(network) and network not in BUILTIN_NETWORKS:
                    found.append(("network", network))
            for source in _flag_values(args, {"--volumes-from"}):
                name = source.split(":")[0]
                if _plain_name(name):
                    found.append(("container", name))
    return tuple(dict.fromkeys(found))


def creates_of(line: str) -> list[tuple[str, str]]:
    """``(kind, name)`` of the objects the line's docker commands create."""
    return list(_creates(line))


@lru_cache(maxsize=4096)
def _creates(line: str) -> tuple[tuple[str, str], ...]:
    """:func:`creates_of`, memoized (:func:`setup_for` scans every earlier line of a section for each need)."""
    found: list[tuple[str, str]] = []
    for call in _docker_calls(line):
        command, args = _split_command(call)
        if command in {"run", "create"}:
            found += [("container", name) for name in _flag_values(args, {"--name"}) if _plain_name(name)]
        elif command == "rename":
            names = _positionals(args, set())
            if len(names) == 2 and _plain_name(names[1]):
                found.append(("container", names[1]))
        elif command == "volume create":
            names = _positionals(args, VALUE_FLAGS["volume create"])
            found += [("volume", name) for name in names[:1] + _flag_values(args, {"--name"}) if _plain_name(name)]
        elif command == "network create":
            names = _positionals(args, VALUE_FLAGS["network create"])
            found += [("network", name) for name in names[:1] if _plain_name(name)]
    return tuple(found)


def stand_in(kind: str, name: str) -> str:
    """The line that creates a missing object when the page never shows how."""
    if kind == "volume":
        return f"docker volume create {name}"
    if kind == "network":
        return f"docker network create {name}"
    return f"docker run -d --name {name} nginx"


def setup_for(kind: str, name: str, pools: list[list[str]], depth: int = 0) -> tuple[str, ...]:
    """Lines creating ``(kind, name)``: the latest creator in the first pool that has one (its own needs first)."""
    for pool in pools:
        for line in reversed(pool):
            if (kind, name) in _creates(line):
                before: list[str] = []
                if depth < 3:
                    for sub_kind, sub_name in _needs(line):
                        for sub in setup_for(sub_kind, sub_name, pools, depth + 1):
                            if sub not in before:
                                before.append(sub)
                return (*before, line)
    return (stand_in(kind, name),)


def command_block(lines: list[str], section: list[str]) -> TryBlock:
    """A command block's lines with their needs, set up from the earlier lines of ``section`` or stand-ins.

    Earlier sections are not searched: their creators often use images of their own story
    (``my-node-app:latest``) that the reader never built, where a stand-in nginx always runs.
    """
    block = TryBlock("command")
    for line in lines:
        needs = [Need(kind, name, setup_for(kind, name, [section])) for kind, name in needs_of(line)]
        block.lines.append((line, needs))
    return block


# --- blocks → TryBlock --------------------------------------------------------------------------------------------


def is_compose(text: str, title: str = "") -> bool:
    """A YAML block is a Compose file when it has a top-level ``services:`` key (or a compose file title)."""
    name = title.strip().lower()
    return bool(_SERVICES.search(text)) or name.endswith(("compose.yml", "compose.yaml"))


def compose_filename(title: str) -> str:
    """The file name to write: the block's title when it names a compose file, else ``compose.yaml``."""
    name = title.strip()
    if re.fullmatch(r"(docker-)?compose(\.[\w-]+)?\.ya?ml", name):
        return name
    return "compose.yaml"


def classify(lang: str, text: str, title: str = "") -> str | None:
    """``command``, ``dockerfile``, ``compose`` or ``None`` for a block of language ``lang``."""
    lang = lang.lower()
    if lang in COMMAND_LANGS:
        return "command" if docker_lines(text) else None
    if lang in DOCKERFILE_LANGS:
        return "dockerfile" if _FROM.search(text) else None
    if lang in YAML_LANGS and is_compose(text, title):
        return "compose"
    return None


def file_block(kind: str, title: str = "") -> TryBlock:
    """A Dockerfile or Compose block: the file it is written to and the command offered next."""
    if kind == "dockerfile":
        return TryBlock("dockerfile", [("docker build -t lesson .", [])], "Dockerfile")
    return TryBlock("compose", [("docker compose up -d", []), ("docker compose ps", [])], compose_filename(title))


def _attribute(block: TryBlock) -> str:
    return f' data-dnp-try="{html.escape(json.dumps(block.to_json(), ensure_ascii=False), quote=True)}"'


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


def annotate_blocks(page_html: str) -> tuple[str, int]:
    """Mark each try-able highlighted block of a notes page; returns the new HTML and how many were marked."""
    events: list[tuple[int, _Block | None]] = sorted(
        [(m.start(), None) for m in _HEADING.finditer(page_html)] + [(b.start, b) for b in _blocks(page_html)],
        key=lambda item: item[0],
    )
    section: list[str] = []
    inserts: list[tuple[int, str]] = []
    for _, found in events:
        if found is None:
            section = []
            continue
        body = found.body
        title_match = _FILENAME.search(body)
        title = html.unescape(_TAG.sub("", title_match.group("name"))) if title_match else ""
        text = code_text(body)
        kind = classify(found.lang, text, title)
        if kind is None or "data-dnp-try" in found.attrs:
            continue
        if kind == "command":
            lines = docker_lines(text)
            block = command_block(lines, section)
            section += lines
        else:
            block = file_block(kind, title)
        inserts.append((found.attrs_start, _attribute(block)))
    for position, attribute in reversed(inserts):
        page_html = page_html[:position] + attribute + page_html[position:]
    return page_html, len(inserts)


def annotate_slots(page_html: str) -> tuple[str, int]:
    """Fill the cheat sheet's ``cheatsheet-try`` slots' data: each command, Dockerfile or Compose entry."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        attrs = {key: html.unescape(value) for key, value in _ATTR.findall(match.group("attrs"))}
        kind, text = attrs.get("data-kind", ""), attrs.get("data-text", "")
        if "data-dnp-try" in attrs or attrs.get("data-usage") == "true":
            return match.group(0)  # already marked, or a syntax line with placeholders
        if kind == "command":
            lines = docker_lines(text)
            if not lines:
                return match.group(0)
            block = command_block(lines, [])
        elif kind in {"dockerfile", "compose"} and classify(kind if kind == "dockerfile" else "yaml", text):
            block = file_block(kind)
        else:
            return match.group(0)
        count += 1
        return match.group(0)[:-1] + _attribute(block) + ">"

    return _SLOT.sub(replace, page_html), count


def has_slots(page_html: str) -> bool:
    """Whether the page carries cheat-sheet slots (then its code blocks are not marked a second time)."""
    return '<div class="cheatsheet-try"' in page_html
