"""File utilities on the shell's :class:`~dockersim.shell.files.Files`: cat, ls, mkdir, touch, rm, cp, mv, tee,
basename, dirname."""

from __future__ import annotations

from dockersim.shell.files import Entry, FileError, Files
from dockersim.shell.registry import Call, each_operand, options, utility


@utility("cat")
def cat(call: Call) -> int:
    """``cat [FILE…]``: files, or stdin (also for ``-``)."""
    _, files = options(call.args, "nAEsuv")
    if not files:
        call.out(call.stdin)
        return 0

    def show(name: str) -> None:
        if name == "-":
            call.out(call.stdin)
        elif call.files.is_dir(name):
            raise FileError("Is a directory")
        else:
            call.out(call.files.read(name))

    if call.host.busybox:
        return each_operand(call, files, show, "", "cat: can't open '{name}': {reason}")
    return each_operand(call, files, show, "cat: {name}: {reason}", "")


@utility("ls")
def ls(call: Call) -> int:
    """``ls [-a] [-l] [-d] [-1] [-C] [-F] [PATH…]``"""
    flags, paths = options(call.args, "al1hFAtrSRCd")
    status = 0
    # To a terminal ls prints columns as wide as it is; into a pipe, a file or $(…), one name a line (-C, -1 force).
    tty = bool(getattr(call.host, "tty", False)) and not call.shell.piping
    columnize = ("C" in flags or tty) and "1" not in flags
    width = int(getattr(call.host, "columns", 80))
    for index, name in enumerate(paths or ["."]):
        try:
            if not call.files.exists(name):
                raise FileError("No such file or directory")
            if "d" in flags:  # -d: the directory itself, not what it holds
                is_dir = call.files.is_dir(name)
                entries = [Entry(name, is_dir, 4096) if is_dir else _entry(call.files, name)]
            else:
                entries = call.files.listdir(name) if call.files.is_dir(name) else [_entry(call.files, name)]
        except FileError as error:
            call.err(call.cannot("ls: cannot access '{name}': {reason}\n", "ls: {name}: {reason}\n", name,
                                 error.reason))  # fmt: skip
            status = 1 if call.host.busybox else 2
            continue
        if "d" in flags:
            pass
        elif not flags & {"a", "A"}:
            entries = [entry for entry in entries if not entry.name.startswith(".")]
        elif "a" in flags and call.files.is_dir(name):  # -a lists the directory itself and its parent; -A does not
            entries = [Entry(".", True, 4096), Entry("..", True, 4096), *entries]
        if len(paths) > 1 and "d" not in flags:
            call.out(("\n" if index else "") + f"{name}:\n")
        if "l" in flags:
            owner = call.host.owner()
            if "d" not in flags:
                call.out(f"total {len(entries) * 4}\n")
            for entry in entries:
                kind, mode = ("d", "rwxr-xr-x") if entry.is_dir else ("-", "rw-r--r--")
                if call.host.busybox:
                    call.out(f"{kind}{mode}    1 {owner:<8} {owner:<8} {entry.size:>9} Jan  1 00:00 {entry.name}\n")
                else:
                    call.out(f"{kind}{mode} 1 {owner} {owner} {entry.size:>6} Jan  1 00:00 {entry.name}\n")
        elif entries:
            names = [entry.name + ("/" if "F" in flags and entry.is_dir else "") for entry in entries]
            if columnize:
                from dockersim.shell import columns

                call.out(columns.busybox(names, width) if call.host.busybox else columns.gnu(names, width))
            else:
                call.out("\n".join(names) + "\n")
    return status


def _entry(files: Files, name: str) -> Entry:

    return Entry(name, False, files.size(name))


@utility("mkdir")
def mkdir(call: Call) -> int:
    """``mkdir [-p] DIR…``"""
    flags, names = options(call.args, "pv")
    if not names:
        return call.fail("mkdir: missing operand")
    return each_operand(
        call,
        names,
        lambda name: call.files.mkdir(name, parents="p" in flags),
        "mkdir: cannot create directory '{name}': {reason}",
        "mkdir: can't create directory '{name}': {reason}",
    )


@utility("touch")
def touch(call: Call) -> int:
    """``touch FILE…``"""
    _, names = options(call.args, "acm")
    if not names:
        return call.fail("touch: missing file operand")

    def create(name: str) -> None:
        if call.files.is_dir(name):
            return
        call.files.write(name, "", append=True)

    return each_operand(call, names, create, "touch: cannot touch '{name}': {reason}", "touch: {name}: {reason}")


@utility("rm")
def rm(call: Call) -> int:
    """``rm [-r] [-f] PATH…``"""
    flags, names = options(call.args, "rfRvdi")

    def remove(name: str) -> int:
        if not call.files.exists(name):
            if "f" in flags:
                return 0
            raise FileError("No such file or directory")
        call.files.remove(name, recursive=bool(flags & {"r", "R"}))
        return 0

    if not names and "f" not in flags:
        return call.fail("rm: missing operand")
    return each_operand(
        call, names, remove, "rm: cannot remove '{name}': {reason}", "rm: can't remove '{name}': {reason}"
    )


@utility("cp", "mv")
def cp(call: Call) -> int:
    """``cp [-r] SRC… DEST`` / ``mv SRC… DEST`` (files; directories with ``-r`` for cp)."""
    flags, names = options(call.args, "rRfapvnT")
    if len(names) < 2:
        return call.fail(f"{call.name}: missing destination file operand after '{names[0] if names else ''}'")
    *sources, dest = names
    into = call.files.is_dir(dest)

    def copy(source: str) -> None:
        target = f"{dest.rstrip('/')}/{source.rstrip('/').rsplit('/', 1)[-1]}" if into else dest
        if call.files.is_dir(source):
            if call.name == "cp" and not flags & {"r", "R", "a"}:
                raise FileError("-r not specified; omitting directory")
            _copy_tree(call.files, source, target)
        else:
            call.files.write(target, call.files.read(source))
        if call.name == "mv":
            call.files.remove(source, recursive=True)

    gnu = f"{call.name}: cannot stat '{{name}}': {{reason}}"
    return each_operand(call, sources, copy, gnu, f"{call.name}: can't stat '{{name}}': {{reason}}")


def _copy_tree(files: Files, source: str, target: str) -> None:
    if not files.is_dir(target):
        files.mkdir(target)
    for entry in files.listdir(source):
        inner_source, inner_target = f"{source.rstrip('/')}/{entry.name}", f"{target.rstrip('/')}/{entry.name}"
        if entry.is_dir:
            _copy_tree(files, inner_source, inner_target)
        else:
            files.write(inner_target, files.read(inner_source))


@utility("tee")
def tee(call: Call) -> int:
    """``tee [-a] FILE…``: stdin to stdout and to each file."""
    flags, names = options(call.args, "a")
    call.out(call.stdin)
    return each_operand(
        call, names, lambda name: call.files.write(name, call.stdin, append="a" in flags), "tee: {name}: {reason}",
        "tee: {name}: {reason}",
    )  # fmt: skip


@utility("basename", "dirname")
def basename(call: Call) -> int:
    """``basename PATH [SUFFIX]`` / ``dirname PATH``."""
    if not call.args:
        return call.fail(f"{call.name}: missing operand")
    path = call.args[0].rstrip("/") or "/"
    if call.name == "dirname":
        head = path.rsplit("/", 1)[0] if "/" in path else "."
        call.out((head or "/") + "\n")
        return 0
    base = path.rsplit("/", 1)[-1] or "/"
    if len(call.args) > 1 and base != call.args[1] and base.endswith(call.args[1]):
        base = base[: -len(call.args[1])]
    call.out(base + "\n")
    return 0
