"""BuildKit progress output: vertices rendered in ``plain`` (``#N …``), ``tty`` (final ``[+] Building`` frame),
``rawjson`` or ``quiet`` form (``util/progress/progressui/printer.go`` shapes)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from dockersim.context import Stream

#: The terminal width BuildKit assumes when it cannot ask the console (and the simulator's terminal).
TTY_WIDTH = 80
_TIMED = re.compile(r"^(?P<text>.*?)(?: (?P<seconds>\d+\.\d)s)?(?: done)?$")
_PROGRESS = re.compile(r"^(?P<id>.*?) (?P<status>\S+ / \S+)$")
_CURRENT = re.compile(r"^(?P<id>transferring \w+:) (?P<status>\S+)$")


def _align(left: str, right: str, width: int) -> str:
    """Go's ``align``: ``left`` padded to ``width - len(right) - 1``, a space, then ``right``."""
    return f"{left:<{max(width - len(right) - 1, 0)}} {right}"


def _job_line(name: str, status: str, seconds: float, width: int) -> str:
    """One `` => `` row: name cut to what is left of the width, status if it fits, timer at the right."""
    prefix, timer = " => ", f" {0.0 if seconds < 0.05 else seconds:3.1f}s\n"
    left = width - len(prefix) - len(timer) - 1
    show = False
    if status and left + len(status) > 20:
        show, left = True, left - len(status) - 1
    if left < 12:
        return ""
    out = prefix + name[:left] + (" " + status if show else "")
    return _align(out, timer, width)


def _tty_statuses(statuses: list[str]) -> list[tuple[str, str, float]]:
    """Plain-mode status lines as TTY jobs: (ID, progress, seconds), one per ID, in first-seen order."""
    jobs: dict[str, tuple[str, float]] = {}
    for line in statuses:
        match = _TIMED.match(line)
        text = match.group("text") if match else line
        seconds = float(match.group("seconds")) if match and match.group("seconds") else 0.0
        split = _PROGRESS.match(text) or _CURRENT.match(text)
        status_id, status = (split.group("id"), split.group("status")) if split else (text, "")
        jobs[status_id] = (status, seconds)
    return [(status_id, status, seconds) for status_id, (status, seconds) in jobs.items()]


def human_bytes(size: float) -> str:
    """Sizes as BuildKit's progress prints them: ``196B``, ``2.10kB``, ``3.35MB``."""
    if size < 1000:
        return f"{int(size)}B"
    for unit in ("kB", "MB", "GB", "TB"):
        size /= 1000
        if size < 1000 or unit == "TB":
            return f"{size:.2f}{unit}"
    return f"{size:.2f}TB"


def log_time(seconds: float) -> str:
    """A log line's offset: 3 decimals below 10 s, 2 below 100 s, else 1."""
    if seconds < 10:
        return f"{seconds:.3f}"
    if seconds < 100:
        return f"{seconds:.2f}"
    return f"{seconds:.1f}"


@dataclass
class Vertex:
    """One progress vertex: its name, status lines, log lines and how it ended."""

    name: str
    statuses: list[str] = field(default_factory=list)
    logs: list[tuple[float, str]] = field(default_factory=list)
    cached: bool = False
    duration: float = 0.0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    number: int = 0


@dataclass
class Progress:
    """Collects vertices in start order and renders them in the mode ``docker build --progress`` asked for."""

    vertices: list[Vertex] = field(default_factory=list)

    def start(self, name: str) -> Vertex:
        """Begin a vertex (numbered from 1 in start order)."""
        vertex = Vertex(name, number=len(self.vertices) + 1)
        self.vertices.append(vertex)
        return vertex

    @property
    def total_time(self) -> float:
        """The wall time the TTY header shows (vertices run one after the other in the simulation)."""
        return round(sum(v.duration for v in self.vertices), 1)

    def render_plain(self, stream: Stream) -> None:
        """``--progress=plain``."""
        stream.write('#0 building with "default" instance using docker driver\n\n')
        for v in self.vertices:
            lines = [f"#{v.number} {v.name}"]
            lines += [f"#{v.number} {s}" for s in v.statuses]
            lines += [f"#{v.number} {log_time(t)} {text}".rstrip() for t, text in v.logs]
            lines += [f"#{v.number} WARN: {w}" for w in v.warnings]
            if v.error:
                lines.append(f"#{v.number} ERROR: {v.error}")
            elif v.cached:
                lines.append(f"#{v.number} CACHED")
            else:
                lines.append(f"#{v.number} DONE {v.duration:.1f}s")
            stream.write("\n".join(lines) + "\n\n")

    def render_tty(self, stream: Stream, *, width: int = TTY_WIDTH, console: str = "docker:default") -> None:
        """The frame BuildKit's TTY display leaves once a build ends (``progressui/display.go``).

        Header ``[+] Building <time> (<done>/<total>) FINISHED`` with the builder (``docker:default``) at
        the right; one `` => `` line per vertex (``CACHED``/``ERROR`` prefixed, ``0.0s`` when cached) and
        one `` => => `` line per status ID (no ``done``; the time moves to the timer column); names cut to
        the width. Logs are not part of the final frame (the error epilogue prints them).
        """
        completed = len(self.vertices)
        state = "FINISHED" if completed else ""
        header = f"[+] Building {self.total_time:.1f}s ({completed}/{len(self.vertices)}) {state}"
        stream.write(_align(header, console, width - 1) + "\n")
        for v in self.vertices:
            name = ("CACHED " if v.cached else "") + ("ERROR " if v.error else "") + v.name.replace("\t", " ")
            stream.write(_job_line(name, "", 0.0 if v.cached else v.duration, width))
            for status_id, status, seconds in _tty_statuses(v.statuses):
                stream.write(_job_line("=> " + status_id, status, seconds, width))

    def render_rawjson(self, stream: Stream) -> None:
        """``--progress=rawjson``: one status object per vertex."""
        for v in self.vertices:
            vertex = {"digest": f"vertex-{v.number}", "name": v.name, "cached": v.cached}
            if v.error:
                vertex["error"] = v.error
            logs = [{"vertex": f"vertex-{v.number}", "data": text} for _, text in v.logs]
            stream.write(json.dumps({"vertexes": [vertex], "logs": logs}) + "\n")

    def render(self, mode: str, stream: Stream) -> None:
        """Render in ``mode`` (plain, tty, auto, rawjson; quiet prints nothing here)."""
        if mode == "plain":
            self.render_plain(stream)
        elif mode in ("tty", "auto"):
            self.render_tty(stream)
        elif mode == "rawjson":
            self.render_rawjson(stream)
