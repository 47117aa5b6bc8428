"""A static host behind a modelled network link, for the first-answer figures on real links.

:class:`Wire` is one link shared by every request of a sample (the page's, its workers', the service
worker's): a token bucket at the link's rate, each chunk of every response reserving its slot on it in turn,
so parallel downloads share the bandwidth as they do on a real line. Each request also waits one round trip
before its first byte. Encodings are negotiated as :mod:`bench.server` does (precompressed ``.br``/``.gz``
siblings, else gzip on the fly), so the bytes on the wire are those a static host with precompressed siblings
sends. The model follows ``/work/shared/tools/netfirst.py`` (the measurement issue 20 was filed with).
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from bench.server import Handler, serve

CHUNK = 16 * 1024


@dataclass(frozen=True)
class Link:
    """A modelled link: its name in the figures, rate (bits per second) and round trip (seconds), and the
    budgets of issue 20 for it."""

    name: str
    bits_per_second: float
    rtt_s: float
    #: The Playground's first live answer against bare Pyodide's (ratio of medians).
    first_answer_ratio: float
    #: The first Try it answer (click → Enter → answer), ms.
    try_it_ms: float


LINKS = (
    Link("10 Mbps, 40 ms", 10e6, 0.040, 0.75, 300.0),
    Link("1.6 Mbps, 150 ms", 1.6e6, 0.150, 0.90, 1000.0),
)


class Wire:
    """One shared link: :meth:`send` writes a body at the link's rate; :attr:`sent` counts body bytes."""

    def __init__(self, bits_per_second: float) -> None:
        self.rate = bits_per_second / 8
        self.sent = 0
        #: Body bytes sent by request path (query left out), since the last :meth:`reset`.
        self.by_path: dict[str, int] = {}
        #: (wall-clock time, body bytes written so far, its path) after each chunk: :meth:`sent_by`.
        self.log: list[tuple[float, int, str]] = []
        self._delivered = 0
        self._lock = threading.Lock()
        self._free_at = time.monotonic()

    def send(self, output: BinaryIO, data: bytes, path: str = "") -> None:
        """Write ``data`` chunk by chunk, each once its slot on the link has come (``path``: what it is part
        of, for :attr:`by_path`)."""
        for start in range(0, len(data), CHUNK):
            part = data[start : start + CHUNK]
            with self._lock:
                now = time.monotonic()
                self._free_at = max(self._free_at, now) + len(part) / self.rate
                wait = self._free_at - now
                self.sent += len(part)
                self.by_path[path] = self.by_path.get(path, 0) + len(part)
            if wait > 0:
                time.sleep(wait)
            output.write(part)
            with self._lock:
                self._delivered += len(part)
                self.log.append((time.time(), self._delivered, path))

    def sent_by(self, epoch_s: float) -> int:
        """Body bytes written to the browser by wall-clock time ``epoch_s`` (a page's ``performance.timeOrigin
        + performance.now()``, in seconds): what an answer at that moment had downloaded, without what the
        page went on fetching while the benchmark was told of it."""
        with self._lock:
            at = bisect.bisect_right(self.log, (epoch_s, float("inf")))
            return self.log[at - 1][1] if at else 0

    def reset(self) -> None:
        """A new sample: nothing sent, the link idle."""
        with self._lock:
            self.sent = 0
            self.by_path = {}
            self.log = []
            self._delivered = 0
            self._free_at = time.monotonic()


class LinkHandler(Handler):
    """:class:`bench.server.Handler` behind :attr:`wire`: a round trip before each answer, bodies at the
    link's rate."""

    wire: Wire
    rtt_s: float = 0.0

    def send_head(self) -> BinaryIO | None:
        """Answer after a round trip (request out, first byte back)."""
        time.sleep(self.rtt_s)
        return super().send_head()

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        """Send the body through the link; a browser that drops a response half way (the worker does, at its
        headers, for a snapshot sent without an encoding) is not an error."""
        try:
            while chunk := source.read(CHUNK * 4):
                self.wire.send(outputfile, chunk, self.path.split("?", 1)[0])
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


@contextmanager
def serve_link(directory: Path, link: Link) -> Iterator[tuple[str, Wire]]:
    """Serve ``directory`` on 127.0.0.1 behind ``link``; yields the base URL and the link's :class:`Wire`."""
    wire = Wire(link.bits_per_second)
    handler = type("OnLink", (LinkHandler,), {"wire": wire, "rtt_s": link.rtt_s})
    with serve(directory, handler=handler) as url:
        yield url, wire

