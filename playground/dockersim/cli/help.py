"""Help texts generated from the spec table with docker's cobra template and pflag's column layout."""

from __future__ import annotations

from collections.abc import Iterable

from dockersim.cli.spec import FlagSpec

#: docker asks the terminal for its width and uses 80 when stdin is not a terminal; pflag gets width-1.
HELP_COLUMNS = 79


def _wrap_n(i: int, slop: int, s: str) -> tuple[str, str]:
    if i + slop > len(s):
        return s, ""
    head = s[:i]
    w = max(head.rfind(" "), head.rfind("\t"), head.rfind("\n"))
    if w <= 0:
        return s, ""
    nl = head.rfind("\n")
    if 0 < nl < w:
        return s[:nl], s[nl + 1 :]
    return s[:w], s[w + 1 :]


def pflag_wrap(i: int, w: int, s: str) -> str:
    """pflag's ``wrap(i, w, s)``: wrap ``s`` to width ``w`` with continuation indent ``i``."""
    if w == 0:
        return s.replace("\n", "\n" + " " * i)
    width = w - i
    r = ""
    if width < 24:
        i = 16
        width = w - i
        r += "\n" + " " * i
    if width < 24:
        return s.replace("\n", r)
    slop = 5
    width -= slop
    line, s = _wrap_n(width, slop, s)
    r += line.replace("\n", "\n" + " " * i)
    while s:
        line, s = _wrap_n(width, slop, s)
        r += "\n" + " " * i + line.replace("\n", "\n" + " " * i)
    return r


def _varname(flag: FlagSpec) -> str:
    return "" if flag.type == "bool" else flag.type


#: docker's own option types whose pflag "is this the default?" test looks at the *current* value: once the
#: reader sets them, help prints ``(default <DefValue>)`` (pflag ``defaultIsZeroValue`` quirk).
CURRENT_VALUE_DEFAULTS = {"list": "", "filter": "", "mount": "", "gpu-request": "", "decimal": "", "bytes": "0"}


def _set_and_nonzero(value: object) -> bool:
    if isinstance(value, (list, dict, str)):
        return len(value) > 0
    return bool(value)


def flag_usages(flags: Iterable[FlagSpec], cols: int = HELP_COLUMNS, current: dict[str, object] | None = None) -> str:
    """pflag ``FlagUsagesWrapped``: sorted visible flags, aligned usage column, ``(default …)``.

    ``current`` maps the long names the reader set to their values (for the default-text quirk).
    """
    current = current or {}
    lines: list[tuple[str, str]] = []
    maxlen = 0
    for flag in sorted(flags, key=lambda f: f.long):
        if flag.hidden:
            continue
        head = f"  -{flag.short}, --{flag.long}" if flag.short else f"      --{flag.long}"
        var = _varname(flag)
        if var:
            head += " " + var
        maxlen = max(maxlen, len(head) + 1)
        usage = flag.help
        if flag.shown_default is not None:
            usage += f" (default {flag.shown_default})"
        elif flag.set_default is not None and flag.long in current and _set_and_nonzero(current[flag.long]):
            usage += f" (default {flag.set_default})"
        elif flag.type in CURRENT_VALUE_DEFAULTS and flag.long in current and _set_and_nonzero(current[flag.long]):
            usage += f" (default {CURRENT_VALUE_DEFAULTS[flag.type]})"
        if flag.deprecated:
            usage += f" (DEPRECATED: {flag.deprecated})"
        lines.append((head, usage))
    out = []
    for head, usage in lines:
        spacing = " " * (maxlen - len(head))
        out.append(f"{head} {spacing} {pflag_wrap(maxlen + 2, cols, usage)}\n")
    return "".join(out)


def command_help(
    use_line: str,
    description: str,
    aliases_line: str,
    flags: Iterable[FlagSpec],
    current: dict[str, object] | None = None,
) -> str:
    """The help of one runnable command, as ``docker <cmd> --help`` prints it."""
    text = f"Usage:  {use_line}\n\n{description.strip()}\n"
    if aliases_line:
        text += f"\nAliases:\n  {aliases_line}\n"
    usages = flag_usages(flags, current=current).rstrip()
    if usages:
        text += f"\nOptions:\n{usages}\n"
    return text


def group_help(
    path: str,
    description: str,
    commands: Iterable[tuple[str, str]],
    flags: Iterable[FlagSpec] = (),
    use: str = "COMMAND",
) -> str:
    """The help of a management command (``docker volume --help``), with its own options if it has any."""
    items = sorted(commands)
    pad = max([11, *(len(name) for name, _ in items)])
    body = "".join(f"  {name.ljust(pad)} {short}\n" for name, short in items)
    usages = flag_usages(flags).rstrip()
    options = f"Options:\n{usages}\n\n" if usages else ""
    return (
        f"Usage:  {path} {use or 'COMMAND'}\n\n{description}\n\n{options}Commands:\n{body}\n"
        f"Run '{path} COMMAND --help' for more information on a command.\n"
    )
