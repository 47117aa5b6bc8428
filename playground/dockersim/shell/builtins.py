"""Shell builtins and basics: echo, printf, true/false, exit, break/continue, cd, pwd, export, unset, set, env,
test, sh."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockersim.shell.files import FileError
from dockersim.shell.registry import BreakLoopError, Call, ShellExitError, utility


@utility("echo")
def echo(call: Call) -> int:
    """``echo [-n] [-e] words…``"""
    args = list(call.args)
    newline, escapes = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        newline = newline and "n" not in args[0]
        escapes = (escapes or "e" in args[0]) and "E" not in args[0]
        args.pop(0)
    text = " ".join(args)
    if escapes:
        text = _escapes(text)
    call.out(text + ("\n" if newline else ""))
    return 0


def _escapes(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


@utility("printf")
def printf(call: Call) -> int:
    """``printf FORMAT [ARG…]``: ``%s``, ``%d``, ``%%`` and backslash escapes; the format repeats for extra args."""
    if not call.args:
        return call.fail("printf: usage: printf format [arguments]" if call.host.shell_name == "bash" else
                         "printf: missing operand", 2 if call.host.shell_name == "bash" else 1)  # fmt: skip
    fmt, args = _escapes(call.args[0]), call.args[1:]
    conversions = len(re.findall(r"%[sdiu]", fmt))
    while True:
        taken, args = (args[:conversions], args[conversions:]) if conversions else ([], args)
        values = iter(taken)

        def convert(match: re.Match[str], values: Iterator[str] = values) -> str:
            if match.group(0) == "%%":
                return "%"
            value = next(values, "")
            if match.group(0) == "%s":
                return value
            try:
                return str(int(value or "0"))
            except ValueError:
                call.err(f"printf: {value}: invalid number\n")
                return "0"

        call.out(re.sub(r"%%|%[sdiu]", convert, fmt))
        if not conversions or not args:
            return 0


@utility("true", ":")
def true(call: Call) -> int:
    """``true``"""
    return 0


@utility("false")
def false(call: Call) -> int:
    """``false``"""
    return 1


@utility("exit")
def exit_(call: Call) -> int:
    """``exit [N]``: end the shell."""
    code = call.shell.last_status
    if call.args:
        if not re.fullmatch(r"-?\d+", call.args[0]):
            call.err(f"{call.host.shell_name}: exit: {call.args[0]}: numeric argument required\n")
            code = 2
        else:
            code = int(call.args[0]) & 0xFF
    raise ShellExitError(code)


@utility("break", "continue")
def break_(call: Call) -> int:
    """``break [N]`` / ``continue [N]``."""
    levels = int(call.args[0]) if call.args and call.args[0].isdecimal() and int(call.args[0]) > 0 else 1
    raise BreakLoopError(levels, call.name == "continue")


@utility("cd")
def cd(call: Call) -> int:
    """``cd [DIR]``."""
    target = call.args[0] if call.args else call.env.get("HOME") or call.shell.variables.get("HOME", "/")
    try:
        call.files.chdir(target)
    except FileError as error:
        if call.host.shell_name == "bash":
            return call.fail(f"bash: cd: {target}: {error.reason}")
        if call.host.busybox:
            return call.fail(f"sh: cd: can't cd to {target}: {error.reason}", 2)
        return call.fail(f"sh: 1: cd: can't cd to {target}", 2)
    call.shell.variables["PWD"] = call.files.cwd
    return 0


@utility("pwd")
def pwd(call: Call) -> int:
    """``pwd``"""
    call.out(call.files.cwd + "\n")
    return 0


@utility("export")
def export(call: Call) -> int:
    """``export NAME[=value]…``"""
    for arg in call.args:
        name, eq, value = arg.partition("=")
        if not name.isidentifier():
            call.err(f"{call.host.shell_name}: export: `{arg}': not a valid identifier\n")
            return 1
        if eq:
            call.shell.variables[name] = value
        else:
            call.shell.variables.setdefault(name, call.env.get(name, ""))
        call.shell.exported.add(name)
    return 0


@utility("unset")
def unset(call: Call) -> int:
    """``unset NAME…``"""
    for name in call.args:
        call.shell.variables.pop(name, None)
        call.shell.exported.discard(name)
    return 0


@utility("set")
def set_(call: Call) -> int:
    """``set -e``/``-x``/``-o pipefail`` are accepted (the simulator runs scripts as given); bare ``set`` lists."""
    if not call.args:
        call.out("".join(f"{name}='{value}'\n" for name, value in sorted(call.shell.variables.items())))
    return 0


@utility("env", "printenv")
def env(call: Call) -> int:
    """``env`` / ``printenv [NAME…]``: the environment programs get."""
    if call.name == "printenv" and call.args:
        found = [call.env[name] for name in call.args if name in call.env]
        call.out("".join(f"{value}\n" for value in found))
        return 0 if len(found) == len(call.args) else 1
    if call.name == "env" and call.args:
        assigned = dict(call.env)
        rest = list(call.args)
        while rest and "=" in rest[0] and rest[0].split("=", 1)[0].isidentifier():
            key, _, value = rest.pop(0).partition("=")
            assigned[key] = value
        if rest:
            return call.shell.dispatch(rest, {k: v for k, v in assigned.items() if call.env.get(k) != v},
                                       call.stdin, call.result)  # fmt: skip
        call.out("".join(f"{key}={value}\n" for key, value in assigned.items()))
        return 0
    call.out("".join(f"{key}={value}\n" for key, value in call.env.items()))
    return 0


@utility("test", "[")
def test(call: Call) -> int:
    """``test EXPR`` / ``[ EXPR ]``: strings, integers, ``-f``/``-d``/``-e``, ``!``, ``-a``/``-o``."""
    args = list(call.args)
    if call.name == "[":
        if not args or args[-1] != "]":
            return call.fail(f"{call.host.shell_name}: [: missing `]'" if call.host.shell_name == "bash" else
                             "sh: missing ]", 2)  # fmt: skip
        args = args[:-1]
    try:
        return 0 if _evaluate(call, args) else 1
    except ValueError as error:
        return call.fail(f"{call.host.shell_name}: {call.name}: {error}", 2)


def _evaluate(call: Call, args: list[str]) -> bool:
    if not args:
        return False
    for joiner in ("-o", "-a"):
        if joiner in args[1:-1]:
            index = args.index(joiner, 1)
            left, right = _evaluate(call, args[:index]), _evaluate(call, args[index + 1 :])
            return (left or right) if joiner == "-o" else (left and right)
    if args[0] == "!":
        return not _evaluate(call, args[1:])
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        op, value = args
        files = {"-e": call.files.exists, "-f": lambda n: call.files.exists(n) and not call.files.is_dir(n),
                 "-d": call.files.is_dir, "-s": lambda n: call.files.exists(n) and call.files.size(n) > 0,
                 "-r": call.files.exists, "-w": call.files.exists, "-x": call.files.exists}  # fmt: skip
        if op == "-n":
            return value != ""
        if op == "-z":
            return value == ""
        if op in files:
            try:
                return bool(files[op](value))
            except FileError:
                return False
        raise ValueError(f"{op}: unary operator expected")
    if len(args) == 3:
        left, op, right = args
        if op in ("=", "=="):
            return left == right
        if op == "!=":
            return left != right
        integers = {"-eq": int.__eq__, "-ne": int.__ne__, "-lt": int.__lt__, "-le": int.__le__,
                    "-gt": int.__gt__, "-ge": int.__ge__}  # fmt: skip
        if op in integers:
            try:
                return bool(integers[op](int(left), int(right)))
            except ValueError:
                bad = left if not re.fullmatch(r"-?\d+", left) else right
                raise ValueError(f"{bad}: integer expression expected") from None
    raise ValueError("too many arguments")


@utility("sh", "bash", "ash", "dash")
def sh(call: Call) -> int:
    """``sh -c SCRIPT [NAME ARG…]``, ``sh SCRIPT-FILE``, or ``sh`` reading commands from stdin."""
    from dockersim.shell.interpreter import MAX_SHELL_DEPTH

    if call.shell.depth >= MAX_SHELL_DEPTH:
        return call.fail(f"{call.name}: too many nested shells for the simulator", 2)
    args = list(call.args)
    while args and args[0] in ("-e", "-x", "-eu", "-ex", "-l", "-i", "-s", "-o", "pipefail", "-eo", "-euo"):
        args.pop(0)
    if args and args[0] == "-c":
        if len(args) < 2:
            return call.fail(f"{call.name}: -c: option requires an argument", 2)
        script, positional = args[1], (args[2:] or [call.name])
    elif args:
        try:
            script = call.files.read(args[0])
        except FileError as error:
            return call.fail(f"{call.name}: can't open '{args[0]}': {error.reason}", 2)
        positional = args
    else:
        script, positional = call.stdin, [call.name]
    child = call.shell.child(positional)
    outcome = child.run(script, stdin=call.stdin if args and args[0] == "-c" else "")
    for stream, text in outcome.chunks:
        call.result.emit(stream, text)
    call.result.data.update(outcome.data)
    return outcome.exit_code
