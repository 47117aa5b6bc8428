"""A static file server for benchmarks that negotiates encodings as nginx with ``brotli_static`` and
``gzip_static`` does: a precompressed sibling ``<file>.br`` or ``<file>.gz`` when the request accepts it,
else gzip made on the fly for text and wasm (as a host compressing dynamically), else the file itself."""

from __future__ import annotations

import functools
import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".txt", ".xml", ".map", ".whl", ".zip"}
#: Content-Encoding → sibling suffix, in the order a static host prefers them.
SIBLINGS = (("br", ".br"), ("gzip", ".gz"))
_CACHE: dict[tuple[str, int, int], bytes] = {}
_LOCK = threading.Lock()


def accepted(header: str) -> set[str]:
    """The content codings an ``Accept-Encoding`` header allows (``q=0`` refuses one; ``*`` allows the rest)."""
    allowed: set[str] = set()
    refused: set[str] = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        (allowed if quality > 0 else refused).add(name)
    if "*" in allowed:
        allowed |= {coding for coding, _ in SIBLINGS} - refused
    return allowed


def choose(path: Path, header: str) -> tuple[str, Path | None]:
    """(Content-Encoding, precompressed file) for a request of ``path``: ``("", None)`` means the file itself,
    ``("gzip", None)`` gzip made on the fly."""
    allowed = accepted(header)
    for coding, suffix in SIBLINGS:
        sibling = path.with_name(path.name + suffix)
        if coding in allowed and sibling.is_file():
            return coding, sibling
    if "gzip" in allowed and path.suffix in COMPRESSIBLE:
        return "gzip", None
    return "", None


class Handler(SimpleHTTPRequestHandler):
    """Serves files with correct MIME types, negotiated encodings, ETags and 304s, and no log noise."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".woff2": "font/woff2",
        ".whl": "application/zip",
        ".gz": "application/gzip",
        ".br": "application/octet-stream",
        ".snapshot": "application/octet-stream",
    }

    def send_head(self) -> BinaryIO | None:
        """Answer with the best encoding the request accepts, with an ETag of its own per encoding."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # redirects a folder without its slash, answers 404
        coding, sibling = choose(path, self.headers.get("Accept-Encoding", ""))
        served = sibling or path
        stat = served.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{coding or "identity"}"'
        if etag in {tag.strip() for tag in self.headers.get("If-None-Match", "").split(",")}:
            # A real static host revalidates: without this, "warm" loads would download everything again.
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._common_headers(etag)
            self.end_headers()
            return None
        body: BinaryIO
        if coding and sibling is None:
            data = _gzipped(path)
            body, length = BytesIO(data), len(data)
        else:
            body, length = served.open("rb"), stat.st_size
        self.send_response(HTTPStatus.OK)
        self._common_headers(etag)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if coding:
            self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        return body

    def _common_headers(self, etag: str) -> None:
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent."""


def _gzipped(path: Path) -> bytes:
    """gzip -9 of the file, made once per (path, mtime, size)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        return _CACHE[key]


@contextmanager
def serve(directory: Path, port: int = 0, handler: type[Handler] = Handler) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 with ``handler`` (a :class:`Handler`) and yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
