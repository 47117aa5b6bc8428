"""``docker top CONTAINER [ps OPTIONS]``: the table ``ps OPTIONS`` prints for the container's processes.

The daemon runs procps ``ps`` on the host with the reader's options (``-ef`` when none) and keeps the rows whose
PID is the container's, so the columns are ps's own: ``-ef`` (UID PID PPID C STIME TTY TIME CMD), ``aux`` (USER PID
%CPU %MEM VSZ RSS TTY STAT START TIME COMMAND), ``x`` (PID TTY STAT TIME COMMAND), ``-e`` (PID TTY TIME CMD) and
``-o``/``o``/``--format`` lists. Which processes are selected does not matter (docker keeps the container's), so
``-e``, ``-A``, ``a``, ``x`` only choose the format. A ps error comes back as the daemon's
``ps: <ps's first stderr line>``; options the simulator does not model say so.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockersim.context import EngineError, NotModelledError
from dockersim.engine.cpus import HOST_MEMORY_BYTES
from dockersim.engine.process import effective_argv, kind_of
from dockersim.engine.pstable import Proc, processes, task_count

if TYPE_CHECKING:
    from dockersim.engine.door import EngineDoor as Engine
    from dockersim.engine.state import ContainerRecord

#: The VM's memory in KiB, what ``%MEM`` divides by (``docker info``'s Total Memory).
MEM_TOTAL_KIB = HOST_MEMORY_BYTES // 1024
#: Resident and virtual sizes (KiB) of the processes the simulator's servers run, by ps's command line prefix.
SIZES = {
    "nginx: master process": (11_404, 7_552),
    "nginx: worker process": (11_872, 2_880),
    "postgres: ": (215_976, 6_144),
    "postgres": (215_844, 29_312),
    "redis-server": (53_556, 11_776),
}
#: Any other process: a small program's sizes (a shell, ``sleep``).
DEFAULT_SIZE = (2_576, 1_536)


@dataclass(frozen=True)
class Row:
    """One process as ps sees it: its :class:`Proc`, its PIDs on the host and what ps derives."""

    proc: Proc
    pid: int
    ppid: int
    uid: str
    tty: str
    stat: str
    started: float
    now: float

    @property
    def comm(self) -> str:
        """The executable's name (``nginx`` for the master and its workers), at most 15 characters."""
        return self.proc.cmd.split(" ", 1)[0].rstrip(":").rsplit("/", 1)[-1][:15]

    def size(self) -> tuple[int, int]:
        """(VSZ, RSS) in KiB."""
        for prefix, sizes in SIZES.items():
            if self.proc.cmd.startswith(prefix):
                return sizes
        return DEFAULT_SIZE


def _clock(row: Row) -> str:
    return time.strftime("%H:%M", time.gmtime(row.started))


def _elapsed(row: Row) -> str:
    seconds = max(0, int(row.now - row.started))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    if days or hours:
        text = f"{hours:02d}:{text}"
    return f"{days}-{text}" if days else text


#: ps's format keywords: (header, value).
COLUMNS: dict[str, tuple[str, Callable[[Row], str]]] = {
    "pid": ("PID", lambda r: str(r.pid)),
    "ppid": ("PPID", lambda r: str(r.ppid)),
    "uid": ("UID", lambda r: r.uid),
    "user": ("USER", lambda r: r.proc.user),
    "euser": ("EUSER", lambda r: r.proc.user),
    "comm": ("COMMAND", lambda r: r.comm),
    "ucmd": ("CMD", lambda r: r.comm),
    "args": ("COMMAND", lambda r: r.proc.cmd),
    "command": ("COMMAND", lambda r: r.proc.cmd),
    "cmd": ("CMD", lambda r: r.proc.cmd),
    "%cpu": ("%CPU", lambda r: "0.0"),
    "pcpu": ("%CPU", lambda r: "0.0"),
    "c": ("C", lambda r: "0"),
    "%mem": ("%MEM", lambda r: f"{100 * r.size()[1] / MEM_TOTAL_KIB:.1f}"),
    "pmem": ("%MEM", lambda r: f"{100 * r.size()[1] / MEM_TOTAL_KIB:.1f}"),
    "vsz": ("VSZ", lambda r: str(r.size()[0])),
    "rss": ("RSS", lambda r: str(r.size()[1])),
    "tty": ("TT", lambda r: r.tty),
    "stat": ("STAT", lambda r: r.stat),
    "start": ("STARTED", lambda r: time.strftime("%H:%M:%S", time.gmtime(r.started))),
    "stime": ("STIME", _clock),
    "time": ("TIME", lambda r: "00:00:00"),
    "etime": ("ELAPSED", _elapsed),
}
#: The formats options choose (keywords; the BSD ones print ``TTY``, ``START`` and ``TIME`` as ``M:SS``).
FULL = ("uid_name", "pid", "ppid", "c", "stime", "tty_sysv", "time", "cmd")
USER = ("user", "pid", "%cpu", "%mem", "vsz", "rss", "tty_bsd", "stat", "start_bsd", "time_bsd", "command")
BSD = ("pid", "tty_bsd", "stat", "time_bsd", "command")
SYSV = ("pid", "tty_sysv", "time", "ucmd")
#: Columns only the preset formats print (their header or value differs from the keyword's).
PRESET: dict[str, tuple[str, Callable[[Row], str]]] = {
    "uid_name": ("UID", lambda r: r.proc.user),
    "tty_sysv": ("TTY", lambda r: r.tty),
    "tty_bsd": ("TTY", lambda r: r.tty),
    "start_bsd": ("START", _clock),
    "time_bsd": ("TIME", lambda r: "0:00"),
}
#: SysV (``-``) letters that only select processes, or widen the output: docker keeps its own PIDs anyway.
_SYSV_SELECT = set("eAadw")
#: BSD letters that only select processes or widen the output.
_BSD_SELECT = set("axgw")


def _not_modelled(option: str) -> NotModelledError:
    return NotModelledError(f"'ps {option}' (docker top's ps options)")


def _keywords(spec: str) -> list[str]:
    """The keywords of a ``-o`` list (commas or spaces between them); ps's error for one it does not know."""
    keys: list[str] = []
    for item in spec.replace(" ", ",").split(","):
        if not item:
            continue
        if "=" in item or ":" in item:
            raise _not_modelled(f"-o {item}")
        if item.lower() not in COLUMNS:
            raise EngineError(f'ps: error: unknown user-defined format specifier "{item}"')
        keys.append(item.lower())
    return keys


def choose_format(options: list[str]) -> tuple[str, ...]:
    """The column keywords ``ps OPTIONS`` prints (``-ef`` when there are none)."""
    tokens = options or ["-ef"]
    listed: list[str] = []
    full = user = bsd = sysv = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.startswith("--"):
            name, eq, value = token.partition("=")
            if name != "--format" or not (eq or i < len(tokens)):
                raise _not_modelled(token)
            if not eq:
                value, i = tokens[i], i + 1
            listed += _keywords(value)
            continue
        sysv_token = token.startswith("-")
        letters = token[1:] if sysv_token else token
        sysv, bsd = sysv or sysv_token, bsd or not sysv_token
        for j, letter in enumerate(letters):
            if letter == "o":
                spec = letters[j + 1 :]
                if not spec:
                    if i >= len(tokens):
                        raise _not_modelled(token)
                    spec, i = tokens[i], i + 1
                listed += _keywords(spec)
                break
            if letter == "f" and sysv_token:
                full = True
            elif letter == "u" and not sysv_token:
                user = True
            elif letter not in (_SYSV_SELECT if sysv_token else _BSD_SELECT):
                raise _not_modelled(token)
    if listed:
        return tuple(listed)
    if user:
        return USER
    if full:
        return FULL
    return BSD if bsd and not sysv else SYSV


#: Programs that run several threads (ps's ``l``) besides the servers docker stats counts as multi-threaded.
THREADED = {"node", "java", "dockerd", "containerd"}


def _stat(engine: Engine, c: ContainerRecord, proc: Proc, first: bool) -> str:
    """ps's STAT: sleeping, ``s`` for a session leader, ``l`` if multi-threaded, ``+`` in its terminal's
    foreground."""
    foreground = "+" if c.tty else ""
    if not first:
        return ("Ss" if proc.cmd.startswith("postgres: ") else "S") + foreground
    argv = effective_argv(c)
    program = argv[0].rsplit("/", 1)[-1] if argv else ""
    threaded = task_count(engine, c) is None and (kind_of(c) == "server" or program in THREADED)
    return "Ss" + ("l" if threaded else "") + foreground


def ps_rows(engine: Engine, c: ContainerRecord, first_pid: int) -> list[Row]:
    """The container's processes with their host PIDs (the first ``first_pid``; its parent the shim's)."""
    procs = processes(engine, c)
    pids = [first_pid] + [first_pid + 41 + i for i in range(len(procs) - 1)]
    tty = "pts/0" if c.tty else "?"
    now = engine.now()
    rows = []
    for index, (proc, pid) in enumerate(zip(procs, pids, strict=True)):
        parent = first_pid - 23 if proc.parent < 0 else pids[proc.parent]
        uid = proc.user if proc.user.isdecimal() else "0"
        stat = _stat(engine, c, proc, index == 0)
        rows.append(Row(proc, pid, parent, uid, tty, stat, c.started_at, now))
    return rows


def ps_table(engine: Engine, c: ContainerRecord, options: list[str], first_pid: int) -> list[list[str]]:
    """docker top's titles and rows: ps's table for ``options``, split as the daemon splits it."""
    keys = choose_format(options)
    columns = [COLUMNS.get(key) or PRESET[key] for key in keys]
    titles = [header for header, _ in columns]
    if "PID" not in titles:
        raise EngineError("Couldn't find PID field in ps output")
    at = titles.index("PID")
    rows = ps_rows(engine, c, first_pid)
    pids = {r.pid for r in rows}
    table = [titles]
    for row in rows:
        # the daemon splits ps's lines on blanks and joins what overhangs the titles into the last cell (a
        # command's arguments, singly spaced); a cell with blanks before PID shifts it, as with docker
        fields = " ".join(value(row) for _, value in columns).split()
        pid = fields[at] if at < len(fields) else ""
        if not pid.isdecimal():
            raise EngineError(f"Unexpected pid '{pid}': strconv.Atoi: parsing {json.dumps(pid)}: invalid syntax")
        if int(pid) in pids:
            table.append([*fields[: len(titles) - 1], " ".join(fields[len(titles) - 1 :])])
    return table
