"""Text filters: grep, head, tail, wc, sort, uniq, cut, tr, seq."""

from __future__ import annotations

import re
from collections.abc import Callable

from dockersim.shell.files import FileError
from dockersim.shell.registry import QUANTIFIED_GROUP, Call, options, utility


@utility("grep")
def grep(call: Call) -> int:
    """``grep [-i] [-v] [-c] [-E] [-F] PATTERN [FILE…]``: lines of stdin or files that match."""
    flags, operands = options(call.args, "ivcEFwnqe")
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
        text = "".join(call.files.read(name) for name in files) if files else call.stdin
    except FileError as error:
        call.err(f"grep: {files[0] if len(files) == 1 else 'file'}: {error.reason}\n")
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


def _decimal(text: str) -> int:
    """A count written in decimal; more than 18 digits reads as 10**18 (never converted whole: Python refuses
    4,300 digits, and no text holds that many lines or characters)."""
    digits = text.lstrip("0") or "0"
    return 10**18 if len(digits) > 18 else int(digits)


def _count_option(args: list[str], default: int) -> tuple[int, list[str]]:
    count, rest, index = default, [], 0
    while index < len(args):
        arg = args[index]
        if arg == "-n" and index + 1 < len(args) and args[index + 1].lstrip("-").isdecimal():
            sign = -1 if args[index + 1].startswith("-") else 1
            count, index = sign * _decimal(args[index + 1].lstrip("-")), index + 2
            continue
        if re.fullmatch(r"-n?\d+", arg):
            count = _decimal(arg.lstrip("-n"))
        else:
            rest.append(arg)
        index += 1
    return count, rest


def _lines_of(call: Call, command: str) -> tuple[list[str], int] | None:
    count, files = _count_option(call.args, 10)
    text = call.stdin
    if files:
        try:
            text = call.files.read(files[0])
        except FileError as error:
            opener = f"can't open '{files[0]}'" if call.host.busybox else f"cannot open '{files[0]}' for reading"
            call.err(f"{command}: {opener}: {error.reason}\n")
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
    """``tail [-n N] [-f] [FILE]``; ``-f`` follows where the host can keep a process running."""
    if "-f" in call.args or "-F" in call.args:
        follow = getattr(call.host, "follow", None)
        if callable(follow):
            follow()
            return 0
        call.err("tail: -f would wait for ever here; the simulator's terminal cannot follow a file\n")
        return 1
    found = _lines_of(call, "tail")
    if found is None:
        return 1
    lines, count = found
    call.out("".join(lines[-count:] if count else []))
    return 0


@utility("wc")
def wc(call: Call) -> int:
    """``wc [-l] [-w] [-c] [FILE…]``: one count alone prints bare; several are right-aligned, as coreutils does."""
    flags, files = options(call.args, "lwcm")
    chosen = [key for key in "lwc" if key in flags or (key == "c" and "m" in flags)] or ["l", "w", "c"]
    sources: list[tuple[str, str]] = []
    status = 0
    for name in files:
        try:
            sources.append((name, call.stdin if name == "-" else call.files.read(name)))
        except FileError as error:
            call.err(f"wc: {name}: {error.reason}\n")
            status = 1
    if not files:
        sources.append(("", call.stdin))
    rows = []
    for name, text in sources:
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
        rows.append(([counts[key] for key in chosen], name))
    if len(sources) > 1:
        rows.append(([sum(row[0][i] for row in rows) for i in range(len(chosen))], "total"))
    width = 1 if len(chosen) == 1 and not files else (9 if call.host.busybox else 7)
    for numbers, name in rows:
        line = " ".join(f"{number:>{width}}" for number in numbers)
        call.out(line + (f" {name}" if name else "") + "\n")
    return status


@utility("sort")
def sort(call: Call) -> int:
    """``sort [-r] [-u] [-n] [FILE…]``."""
    flags, files = options(call.args, "runf")
    try:
        text = "".join(call.files.read(name) for name in files) if files else call.stdin
    except FileError as error:
        return call.fail(f"sort: cannot read: {files[0]}: {error.reason}", 2)
    lines = text.splitlines()
    if "u" in flags:
        lines = list(dict.fromkeys(lines))

    def key(line: str) -> tuple[float, str]:
        match = re.match(r"\s*(-?\d+(?:\.\d+)?)", line)
        return (float(match.group(1)) if match else 0.0, line)

    ordered = sorted(lines, key=key, reverse="r" in flags) if "n" in flags else sorted(
        lines, key=str.lower if "f" in flags else None, reverse="r" in flags)  # fmt: skip
    call.out("".join(f"{line}\n" for line in ordered))
    return 0


@utility("uniq")
def uniq(call: Call) -> int:
    """``uniq [-c]`` of stdin."""
    flags, _ = options(call.args, "cd")
    groups: list[list[str]] = []
    for line in call.stdin.splitlines():
        if groups and groups[-1][0] == line:
            groups[-1].append(line)
        else:
            groups.append([line])
    for group in groups:
        if "d" in flags and len(group) < 2:
            continue
        call.out((f"{len(group):>7} " if "c" in flags else "") + group[0] + "\n")
    return 0


@utility("cut")
def cut(call: Call) -> int:
    """``cut -d DELIM -f N[,M]`` or ``cut -c N-M`` of stdin."""
    delimiter, fields, chars = "\t", "", ""
    args = list(call.args)
    while args:
        arg = args.pop(0)
        for flag in ("-d", "-f", "-c"):
            if arg.startswith(flag):
                value = arg[2:] or (args.pop(0) if args else "")
                delimiter, fields, chars = (
                    (value, fields, chars) if flag == "-d" else (delimiter, value, chars) if flag == "-f"
                    else (delimiter, fields, value))  # fmt: skip
    spec = fields or chars
    if not spec:
        return call.fail("cut: you must specify a list of bytes, characters, or fields")
    wanted = _ranges(spec)
    if wanted is None:
        return call.fail(f"cut: invalid field value '{spec}'")
    for line in call.stdin.splitlines():
        if fields:
            parts = line.split(delimiter)
            call.out(delimiter.join(p for i, p in enumerate(parts, 1) if wanted(i)) + "\n")
        else:
            call.out("".join(c for i, c in enumerate(line, 1) if wanted(i)) + "\n")
    return 0


def _ranges(spec: str) -> Callable[[int], bool] | None:
    spans: list[tuple[int, int]] = []
    for piece in spec.split(","):
        low, dash, high = piece.partition("-")
        if not (low or high) or not all(p.isdecimal() for p in (low, high) if p):
            return None
        spans.append((_decimal(low or "1"), _decimal(high) if high else (10**9 if dash else _decimal(low))))
    return lambda index: any(low <= index <= high for low, high in spans)


@utility("tr")
def tr(call: Call) -> int:
    """``tr SET1 SET2`` / ``tr -d SET`` with ``a-z`` ranges."""
    flags, sets = options(call.args, "ds")

    def expand(text: str) -> str:
        return re.sub(r"(.)-(.)", lambda m: "".join(chr(c) for c in range(ord(m[1]), ord(m[2]) + 1)), text)

    if "d" in flags and sets:
        drop = set(expand(sets[0]))
        call.out("".join(c for c in call.stdin if c not in drop))
        return 0
    if len(sets) < 2:
        return call.fail("tr: missing operand")
    source, target = expand(sets[0]), expand(sets[1])
    target = target + target[-1:] * (len(source) - len(target))
    call.out(call.stdin.translate(str.maketrans(source, target[: len(source)])))
    return 0


@utility("seq")
def seq(call: Call) -> int:
    """``seq [FIRST] LAST`` (at most 100,000 numbers)."""
    try:
        numbers = [int(arg) for arg in call.args]
    except ValueError:
        return call.fail(f"seq: invalid argument: '{call.args[0] if call.args else ''}'")
    if not 1 <= len(numbers) <= 3:
        return call.fail("seq: missing operand")
    first, step, last = (1, 1, numbers[0]) if len(numbers) == 1 else (
        (numbers[0], 1, numbers[1]) if len(numbers) == 2 else tuple(numbers))  # fmt: skip
    count = max(0, (last - first) // step + 1) if step else 0  # len(range) overflows past sys.maxsize
    if count > 100_000:
        return call.fail("seq: more than 100000 numbers; the simulator stops there")
    values = range(first, last + (1 if step > 0 else -1), step) if step else range(0)
    call.out("".join(f"{value}\n" for value in values))
    return 0
