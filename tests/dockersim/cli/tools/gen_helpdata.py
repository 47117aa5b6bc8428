"""Regenerate ``playground/dockersim/cli/_helpdata.py`` from the real docker client's own help tree.

Dev tool, not a test. Walks every command path the client lists (``docker --help``, then every
management command's ``--help``, recursively) and records:

* per runnable command (canonical path, the first entry of its ``Aliases:`` line): the use line,
  description, aliases line and every visible flag's (short, long, type, usage, shown default), read
  from ``--help`` on a very wide pseudo-terminal so pflag does not wrap usage strings; its positional
  arity and whether flags may follow positionals, probed by running it with 0..4 arguments and with a
  trailing unknown flag (the client's own arity errors name the rule);
* per management command: its subcommands, the usage line its "unknown command" error prints, and its
  ``--help`` text as printed when stdin is not a terminal (the oracle's setting).

    python tests/dockersim/cli/tools/gen_helpdata.py > playground/dockersim/cli/_helpdata.py
"""

from __future__ import annotations

import fcntl
import os
import pprint
import pty
import re
import struct
import subprocess
import tempfile
import termios
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

ENV = {**os.environ, "DOCKER_HOST": "unix:///nonexistent.sock", "HOME": "/root"}
FLAG_RE = re.compile(r"^  (?:-(?P<short>\S), )?\s*--(?P<long>[\w-]+)(?: (?P<var>\S+))?$")
DEFAULT_RE = re.compile(r" \(default (?P<val>.+)\)$")
BANNER_END = "https://docs.docker.com/go/buildx/\n\n"
CWD = tempfile.mkdtemp(prefix="gen-helpdata-")
#: What the client printed: (stdout, stderr without the legacy-builder banner, exit code).
Run = tuple[str, str, int]


def run(argv: list[str]) -> Run:
    """The client's (stdout, stderr without the legacy-builder banner, exit code), stdin not a terminal."""
    res = subprocess.run(
        ["docker", *argv], capture_output=True, env=ENV, timeout=10, stdin=subprocess.DEVNULL, cwd=CWD, check=False
    )
    err = res.stderr.decode()
    if err.startswith("DEPRECATED: The legacy builder"):
        err = err.split(BANNER_END, 1)[1]
    return res.stdout.decode(), err, res.returncode


def wide_help(argv: list[str]) -> str:
    """``docker <argv> --help`` as printed on a 3000-column terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 3000, 0, 0))
    try:
        res = subprocess.run(["docker", *argv, "--help"], stdin=slave, capture_output=True, env=ENV, timeout=10)
    finally:
        os.close(master)
        os.close(slave)
    return res.stdout.decode()


def parse_help(text: str) -> dict:
    """Split one wide help text into its parts."""
    lines = text.splitlines()
    use = lines[0].split("  ", 1)[1]
    i = 1
    while lines[i].startswith("\t"):  # a second usage line (``docker cp``)
        use += "\n" + lines[i]
        i += 1
    i += 1
    desc: list[str] = []
    while i < len(lines) and lines[i] not in ("Aliases:", "Options:"):
        desc.append(lines[i])
        i += 1
    aliases = ""
    if i < len(lines) and lines[i] == "Aliases:":
        aliases = lines[i + 1].strip()
        i += 3
    flags: list[list[str]] = []
    if i < len(lines) and lines[i] == "Options:":
        col = None
        for line in lines[i + 1 :]:
            if not line.strip():
                break
            if col is not None and line[:col].strip() == "":
                flags[-1][3] += "\n" + line[col:]
                continue
            m = re.match(r"^(\s*\S.*?)(\s{2,})(\S.*)$", line)
            assert m is not None, line
            head, usage = m.group(1), m.group(3)
            col = len(m.group(1)) + len(m.group(2))
            fm = FLAG_RE.match(head)
            assert fm is not None, head
            flags.append([fm.group("short") or "", fm.group("long"), fm.group("var") or "", usage])
    out = []
    for short, long, var, usage in flags:
        shown = None
        m = DEFAULT_RE.search(usage)
        if m:
            val = m.group("val")
            numeric = var in ("int", "uint", "uint16", "uint32", "int64", "uint64")
            ok = (
                (var == "string" and val.startswith('"'))
                or (var == "" and val == "true")
                or (numeric and re.fullmatch(r"-?\d+", val) is not None)
                or (var not in ("", "string") and not numeric)
            )
            if ok:
                shown = val
                usage = usage[: m.start()]
        out.append((short, long, var or "bool", usage, shown))
    return {"use": use, "description": "\n".join(desc).rstrip("\n"), "aliases": aliases, "flags": out}


def subcommands(text: str) -> dict[str, str]:
    """Subcommand → short description, from a management command's help."""
    res: dict[str, str] = {}
    on = False
    for line in text.splitlines():
        if line.endswith("Commands:"):
            on = True
            continue
        if on and line.startswith("  "):
            name, desc = line.strip().split(None, 1)
            res[name] = desc
        elif on and not line:
            on = False
    return res


_ARITY = (
    (re.compile(r"^docker: '[^']*' accepts no arguments"), lambda m: ("none", 0, 0)),
    (
        re.compile(r"^docker: '[^']*' requires at least (\d+) and at most (\d+) "),
        lambda m: ("range", *map(int, m.groups())),
    ),
    (re.compile(r"^docker: '[^']*' requires at least (\d+) "), lambda m: ("min", int(m.group(1)), 0)),
    (re.compile(r"^docker: '[^']*' requires at most (\d+) "), lambda m: ("max", 0, int(m.group(1)))),
    (re.compile(r"^docker: '[^']*' requires (\d+) "), lambda m: ("exact", int(m.group(1)), int(m.group(1)))),
    (re.compile(r"^accepts (\d+) arg\(s\), received"), lambda m: ("cobra-exact", int(m.group(1)), int(m.group(1)))),
)


def probe(path: str) -> tuple[tuple[str, int, int], bool]:
    """(arity, interspersed) of a runnable command, from the client's own errors."""
    words = path.split()
    arity: tuple[str, int, int] = ("any", 0, 0)
    for k in range(5):
        _, err, _ = run([*words, *["a"] * k])
        for pattern, make in _ARITY:
            m = pattern.match(err)
            if m:
                arity = make(m)
                break
        if arity[0] != "any":
            break
    _, err, _ = run([*words, "a", "a", "a", "--zzbogus"])
    return arity, err.startswith("unknown flag: --zzbogus")


def walk(path: list[str], leaves: list[str], groups: dict[str, dict], run: Callable[[list[str]], Run] = run) -> None:
    """Collect every runnable command path and every management command under ``path`` (in the order the
    client lists them; a group's subcommands are walked concurrently). ``run`` answers one argv: the test
    suite's docker oracle passes its own, so each line the walk needs runs once per session."""
    out, _, _ = run([*path, "--help"])
    subs = subcommands(out)
    first = out.splitlines()[0] if out else ""
    if path and not (subs and first.endswith(" COMMAND")):
        leaves.append(" ".join(path))
        return
    if path:
        _, err, _ = run([*path, "zzbogus"])
        usage = next((ln.split("  ", 1)[1] for ln in err.splitlines() if ln.startswith("Usage:  ")), "")
        bare = run(path)[1]  # what the group alone prints (stderr): its help, or more (``manifest``'s long text)
        data = {"use": usage.removeprefix("docker "), "commands": subs, "help": out, "bare": bare}
        groups[" ".join(path)] = data

    def subtree(name: str) -> tuple[list[str], dict[str, dict]]:
        sub_leaves: list[str] = []
        sub_groups: dict[str, dict] = {}
        walk([*path, name], sub_leaves, sub_groups, run)
        return sub_leaves, sub_groups

    with ThreadPoolExecutor(max_workers=4) as pool:
        for sub_leaves, sub_groups in pool.map(subtree, subs):
            leaves += sub_leaves
            groups.update(sub_groups)


def main() -> None:
    """Print the generated module."""
    leaves: list[str] = []
    groups: dict[str, dict] = {}
    walk([], leaves, groups)
    canonical: dict[str, None] = {}
    for leaf in leaves:
        text = wide_help(leaf.split())
        aliases = parse_help(text)["aliases"]
        canonical.setdefault(aliases.split(", ")[0].removeprefix("docker ") if aliases else leaf, None)
    paths = sorted(canonical)
    with ThreadPoolExecutor(8) as pool:
        probes = dict(zip(paths, pool.map(probe, paths), strict=True))
    commands = {}
    for path in paths:
        data = parse_help(wide_help(path.split()))
        data["arity"], data["interspersed"] = probes[path]
        commands[path] = data
    root_text = run(["--help"])[0]
    print('"""Generated by tests/dockersim/cli/tools/gen_helpdata.py from docker 28.2.2 help texts: do not edit."""')
    print()
    print("# ruff: noqa: E501, RUF100")
    print()
    print("from __future__ import annotations")
    print()
    print("COMMANDS = " + pprint.pformat(commands, width=118, sort_dicts=False))
    print()
    print(
        "GROUP_COMMANDS = " + pprint.pformat({g: d["commands"] for g, d in groups.items()}, width=118, sort_dicts=False)
    )
    print()
    print("GROUP_USES = " + pprint.pformat({g: d["use"] for g, d in groups.items()}, width=118, sort_dicts=False))
    print()
    print("GROUP_HELP = " + pprint.pformat({g: d["help"] for g, d in groups.items()}, width=118, sort_dicts=False))
    print()
    bare = {g: d["bare"] for g, d in groups.items() if d["bare"] != d["help"]}
    print("#: what a management command typed alone prints on stderr, where it differs from its help")
    print("GROUP_BARE = " + pprint.pformat(bare, width=118, sort_dicts=False))
    print()
    print("ROOT_HELP = " + pprint.pformat(root_text, width=118))


if __name__ == "__main__":
    main()
