"""The shell utilities the notes use around docker commands, modelled on the working directory only."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockersim.shell.workspace import WorkspaceError

if TYPE_CHECKING:
    from dockersim.shell.interpreter import Shell, ShellResult

PORT_COLUMN = re.compile(r"(?:(?P<ip>[\d.]+|\[::\]):)?(?P<host>\d+)->(?P<container>\d+)/tcp")
QUANTIFIED_GROUP = re.compile(r"\)[*+?{]")


@dataclass
class Call:
    """One utility invocation: its arguments, stdin, environment, the shell and where to print."""

    args: list[str]
    stdin: str
    env: dict[str, str]
    shell: Shell
    result: ShellResult

    def out(self, text: str) -> None:
        """Print to stdout."""
        self.result.emit("stdout", text)

    def err(self, text: str) -> None:
        """Print to stderr."""
        self.result.emit("stderr", text)


Utility = Callable[[Call], int]
REGISTRY: dict[str, Utility] = {}


def utility(*names: str) -> Callable[[Utility], Utility]:
    """Register a utility under one or more names."""

    def register(function: Utility) -> Utility:
        for name in names:
            REGISTRY[name] = function
        return function

    return register


def _options(args: list[str], known: str) -> tuple[set[str], list[str]]:
    """Split short options (``-la``) from operands, as getopt does for simple utilities."""
    flags: set[str] = set()
    operands: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            operands.extend(args[index + 1 :])
            break
        if arg.startswith("-") and len(arg) > 1 and not operands and all(char in known for char in arg[1:]):
            flags.update(arg[1:])
        else:
            operands.append(arg)
    return flags, operands


@utility("echo")
def echo(call: Call) -> int:
    """``echo [-n] [-e] words…``"""
    args = list(call.args)
    newline, escapes = True, False
    while args and args[0] in {"-n", "-e", "-ne", "-en"}:
        newline = newline and "n" not in args[0]
        escapes = escapes or "e" in args[0]
        args.pop(0)
    text = " ".join(args)
    if escapes:
        text = text.replace("\\n", "\n").replace("\\t", "\t")
    call.out(text + ("\n" if newline else ""))
    return 0


def _each_operand(call: Call, names: list[str], action: Callable[[str], int | None]) -> int:
    """Apply ``action`` to each file operand as coreutils do: go on after a failure and exit 1 if any
    failed. A WorkspaceError is printed here; ``action`` reports other failures and returns 1."""
    status = 0
    for name in names:
        try:
            if action(name):
                status = 1
        except WorkspaceError as error:
            call.err(f"{error}\n")
            status = 1
    return status


@utility("cat")
def cat(call: Call) -> int:
    """``cat [FILE…]``: files of the working directory, or stdin."""
    _, files = _options(call.args, "")
    if not files:
        call.out(call.stdin)
        return 0
    return _each_operand(call, files, lambda name: call.out(call.shell.workspace.read(name, "cat")))


@utility("ls")
def ls(call: Call) -> int:
    """``ls [-a] [-l] [-1] [PATH…]``"""
    flags, paths = _options(call.args, "al1hF")
    status = 0
    for index, name in enumerate(paths or ["."]):
        try:
            path = call.shell.workspace.resolve(name, "ls")
        except WorkspaceError as error:
            call.err(f"{error}\n")
            status = 2
            continue
        if not path.exists():
            call.err(f"ls: cannot access '{name}': No such file or directory\n")
            status = 2
            continue
        entries = sorted(path.iterdir(), key=lambda p: p.name) if path.is_dir() else [path]
        if "a" not in flags:
            entries = [entry for entry in entries if not entry.name.startswith(".")]
        if len(paths) > 1:
            call.out(("\n" if index else "") + f"{name}:\n")
        if "l" in flags:
            call.out(f"total {len(entries) * 4}\n")
            for entry in entries:
                kind = "d" if entry.is_dir() else "-"
                size = 4096 if entry.is_dir() else entry.stat().st_size
                call.out(f"{kind}rw-r--r-- 1 reader reader {size:>6} Jan  1 00:00 {entry.name}\n")
        elif entries:
            names = [entry.name + ("/" if "F" in flags and entry.is_dir() else "") for entry in entries]
            call.out("\n".join(names) + "\n")
    return status


@utility("pwd")
def pwd(call: Call) -> int:
    """``pwd``"""
    call.out(call.shell.workspace.display(call.shell.workspace.cwd) + "\n")
    return 0


@utility("cd")
def cd(call: Call) -> int:
    """``cd [DIR]`` within the working directory."""
    workspace = call.shell.workspace
    target = call.args[0] if call.args else str(workspace.root)
    try:
        path = workspace.resolve(target, "cd")
    except WorkspaceError as error:
        call.err(f"bash: {error}\n")
        return 1
    if not path.is_dir():
        call.err(f"bash: cd: {target}: No such file or directory\n")
        return 1
    workspace.cwd = path
    return 0


@utility("mkdir")
def mkdir(call: Call) -> int:
    """``mkdir [-p] DIR…``"""
    flags, names = _options(call.args, "p")

    def make(name: str) -> int:
        path = call.shell.workspace.resolve(name, "mkdir")
        try:
            path.mkdir(parents="p" in flags, exist_ok="p" in flags)
        except FileExistsError:
            call.err(f"mkdir: cannot create directory '{name}': File exists\n")
            return 1
        except FileNotFoundError:
            call.err(f"mkdir: cannot create directory '{name}': No such file or directory\n")
            return 1
        return 0

    return _each_operand(call, names, make)


@utility("touch")
def touch(call: Call) -> int:
    """``touch FILE…``"""

    def create(name: str) -> None:
        if not call.shell.workspace.resolve(name, "touch").exists():
            call.shell.workspace.write(name, "", "touch")

    return _each_operand(call, call.args, create)


@utility("rm")
def rm(call: Call) -> int:
    """``rm [-r] [-f] PATH…`` inside the working directory."""
    flags, names = _options(call.args, "rfRv")

    def remove(name: str) -> int:
        path = call.shell.workspace.resolve(name, "rm")
        if path == call.shell.workspace.root:
            call.err(f"rm: refusing to remove '{name}'\n")
            return 1
        if path.is_dir():
            if not flags & {"r", "R"}:
                call.err(f"rm: cannot remove '{name}': Is a directory\n")
                return 1
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        elif "f" not in flags:
            call.err(f"rm: cannot remove '{name}': No such file or directory\n")
            return 1
        return 0

    return _each_operand(call, names, remove)


@utility("export")
def export(call: Call) -> int:
    """``export NAME=value…``"""
    for arg in call.args:
        name, eq, value = arg.partition("=")
        if not name.isidentifier():
            call.err(f"bash: export: `{arg}': not a valid identifier\n")
            return 1
        if eq:
            call.shell.variables[name] = value
        else:
            call.shell.variables.setdefault(name, call.env.get(name, ""))
    return 0


@utility("unset")
def unset(call: Call) -> int:
    """``unset NAME…``"""
    for name in call.args:
        call.shell.variables.pop(name, None)
    return 0


@utility("grep")
def grep(call: Call) -> int:
    """``grep [-i] [-v] [-c] [-E] [-F] PATTERN [FILE…]``: lines of stdin or files that match."""
    flags, operands = _options(call.args, "ivcEFwnqe")
    if not operands:
        call.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
        return 2
    pattern, files = operands[0], operands[1:]
    if len(pattern) > 512 or QUANTIFIED_GROUP.search(pattern):
        call.err("grep: this pattern is too complex for the simulator\n")
        return 2
    try:
        source = re.escape(pattern) if "F" in flags else _basic_regex(pattern, extended="E" in flags)
        if "w" in flags:
            source = rf"\b(?:{source})\b"
        regex = re.compile(source, re.IGNORECASE if "i" in flags else 0)
    except re.error:
        call.err("grep: Unmatched ( or \\(\n")
        return 2
    try:
        text = "".join(call.shell.workspace.read(name, "grep") for name in files) if files else call.stdin
    except WorkspaceError as error:
        call.err(f"{error}\n")
        return 2
    lines = text.splitlines()
    matches = [(number, line) for number, line in enumerate(lines, 1) if bool(regex.search(line)) != ("v" in flags)]
    if "q" not in flags:
        if "c" in flags:
            call.out(f"{len(matches)}\n")
        else:
            call.out("".join((f"{number}:" if "n" in flags else "") + f"{line}\n" for number, line in matches))
    return 0 if matches else 1


def _basic_regex(pattern: str, *, extended: bool) -> str:
    """Translate a grep pattern to Python's syntax (BRE's ``\\(`` ``\\|`` or ERE as is)."""
    if extended:
        return pattern
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern) and pattern[index + 1] in "()|{}+?":
            out.append(pattern[index + 1])
            index += 2
            continue
        out.append("\\" + char if char in "()|{}+?" else char)
        index += 1
    return "".join(out)


def _count_option(args: list[str], default: int) -> tuple[int, list[str]]:
    count, rest, index = default, [], 0
    while index < len(args):
        arg = args[index]
        if arg == "-n" and index + 1 < len(args) and args[index + 1].lstrip("-").isdigit():
            count, index = int(args[index + 1]), index + 2
            continue
        if re.fullmatch(r"-n?\d+", arg):
            count = int(arg.lstrip("-n"))
        else:
            rest.append(arg)
        index += 1
    return count, rest


def _lines_of(call: Call, command: str) -> tuple[list[str], int] | None:
    count, files = _count_option(call.args, 10)
    text = call.stdin
    if files:
        try:
            text = call.shell.workspace.read(files[0], command)
        except WorkspaceError as error:
            call.err(f"{error}\n")
            return None
    return text.splitlines(keepends=True), count


@utility("head")
def head(call: Call) -> int:
    """``head [-n N] [FILE]``"""
    found = _lines_of(call, "head")
    if found is None:
        return 1
    lines, count = found
    call.out("".join(lines[:count]))
    return 0


@utility("tail")
def tail(call: Call) -> int:
    """``tail [-n N] [FILE]``"""
    found = _lines_of(call, "tail")
    if found is None:
        return 1
    lines, count = found
    call.out("".join(lines[-count:] if count else []))
    return 0


@utility("wc")
def wc(call: Call) -> int:
    """``wc [-l] [-w] [-c]`` of stdin."""
    flags, _ = _options(call.args, "lwc")
    text = call.stdin
    counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
    chosen = [key for key in "lwc" if key in flags] or ["l", "w", "c"]
    call.out(" ".join(str(counts[key]) for key in chosen) + "\n")
    return 0


@utility("sort")
def sort(call: Call) -> int:
    """``sort [-r] [-u]`` of stdin."""
    flags, _ = _options(call.args, "ru")
    lines = call.stdin.splitlines()
    if "u" in flags:
        lines = list(dict.fromkeys(lines))
    call.out("".join(f"{line}\n" for line in sorted(lines, reverse="r" in flags)))
    return 0


@utility("true", ":")
def true(call: Call) -> int:
    """``true``"""
    return 0


@utility("false")
def false(call: Call) -> int:
    """``false``"""
    return 1


@utility("date")
def date(call: Call) -> int:
    """``date [-u] [+FORMAT]`` on the simulator's clock."""
    now = call.shell.clock()
    fmt = next((arg[1:] for arg in call.args if arg.startswith("+")), "%a %b %d %H:%M:%S UTC %Y")
    call.out(time.strftime(fmt, time.gmtime(now)) + "\n")
    return 0


@utility("sleep")
def sleep(call: Call) -> int:
    """``sleep N``: advances the simulated clock; nothing waits."""
    try:
        seconds = float(call.args[0].rstrip("smhd")) if call.args else -1
    except ValueError:
        seconds = -1
    if seconds < 0:
        call.err("sleep: missing operand\n" if not call.args else f"sleep: invalid time interval '{call.args[0]}'\n")
        return 1
    call.shell.advance_clock(seconds)
    return 0


@utility("git")
def git(call: Call) -> int:
    """``git``: the simulated working directory is not a repository, as git would say."""
    call.err("fatal: not a git repository (or any of the parent directories): .git\n")
    return 128


@utility("curl", "wget")
def curl(call: Call) -> int:
    """``curl URL``: answers for ``localhost:PORT`` when a running container publishes that port."""
    urls = [arg for arg in call.args if not arg.startswith("-")]
    if not urls:
        call.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    match = re.match(r"^(?:https?://)?(localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?(/.*)?$", urls[0])
    if not match:
        call.err(
            f"curl: (6) Could not resolve host: {urls[0].split('//')[-1].split('/')[0]} "
            "(the simulator has no network; only localhost ports published by containers answer)\n"
        )
        return 6
    port = match.group(2) or ("443" if urls[0].startswith("https") else "80")
    listing = call.shell.runner.run(["ps", "--format", "{{.Image}}\t{{.Ports}}"])
    for line in listing.stdout.splitlines():
        image, _, ports = line.partition("\t")
        if any(found.group("host") == port for found in PORT_COLUMN.finditer(ports)):
            call.out(_http_answer(image, match.group(3) or "/"))
            return 0
    call.err(f"curl: (7) Failed to connect to localhost port {port} after 0 ms: Couldn't connect to server\n")
    return 7


def _http_answer(image: str, path: str) -> str:
    """A believable response from the published container, by image."""
    name = image.split("/")[-1].split(":")[0]
    if name in {"nginx", "httpd"} and path in {"/", "/index.html"}:
        title = "Welcome to nginx!" if name == "nginx" else "It works!"
        return (
            f"<!DOCTYPE html>\n<html>\n<head>\n<title>{title}</title>\n</head>\n"
            f"<body>\n<h1>{title}</h1>\n</body>\n</html>\n"
        )
    if path.rstrip("/").endswith("health"):
        return '{"status":"ok"}\n'
    return f"(a response from the {image} container: the simulator does not model application content)\n"


@utility("help")
def help_(call: Call) -> int:
    """``help``: what this shell can do."""
    call.out(
        "This terminal simulates docker. It runs docker and docker-compose commands on a simulated engine,\n"
        "and a few shell basics around them: echo, cat, ls, pwd, cd, mkdir, touch, rm, grep, head, tail,\n"
        "wc, sort, date, sleep, export, curl localhost:PORT; pipes (|), &&, ||, ;, $(…), VAR=value, $VAR,\n"
        "redirections (>, >>, 2>&1) and heredocs (cat > file << EOF). Nothing runs for real.\n"
    )
    return 0
