"""BuildKit progress output: vertices rendered in ``plain`` (``#N …``), ``tty`` (final ``[+] Building`` frame),
``rawjson`` or ``quiet`` form (``util/progress/progressui/printer.go`` shapes)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from dockersim.context import Stream


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

    def render_tty(self, stream: Stream) -> None:
        """The last frame of the TTY view (``--progress=tty``/``auto`` in a terminal)."""
        done = sum(1 for v in self.vertices if not v.error)
        state = "FINISHED" if all(not v.error for v in self.vertices) else "ERROR"
        stream.write(f"[+] Building {self.total_time:.1f}s ({done}/{len(self.vertices)}) {state}\n")
        for v in self.vertices:
            label = ("CACHED " if v.cached else "ERROR " if v.error else "") + v.name
            time = "" if v.cached and not v.duration else f"{v.duration:.1f}s"
            stream.write(f" => {label:<68} {time:>5}\n".rstrip(" \n") + "\n")
            for status in v.statuses:
                stream.write(f" => => {status}\n")
            if v.error:
                for _, text in v.logs[-6:]:
                    stream.write(f" => => # {text}\n")

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
