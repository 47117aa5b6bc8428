"""A static file server for benchmarks: gzip for text and wasm, as a real static host would send."""

from __future__ import annotations

import functools
import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".txt", ".xml", ".map", ".whl", ".zip"}
_CACHE: dict[tuple[str, float], bytes] = {}
_LOCK = threading.Lock()


class Handler(SimpleHTTPRequestHandler):
    """Serves files with correct MIME types, gzip when the client accepts it, and no log noise."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".woff2": "font/woff2",
        ".whl": "application/zip",
    }

    def send_head(self):  # type: ignore[no-untyped-def]
        """Answer with a gzip body for compressible files (precompressed ``.gz`` siblings win), with an ETag."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-gz"'
        if self.headers.get("If-None-Match") == etag:
            # A real static host revalidates: without this, "warm" loads would download everything again.
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return None
        body = _compressed(path)
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent."""


def _compressed(path: Path) -> bytes:
    precompressed = path.with_name(path.name + ".gz")
    if precompressed.is_file():
        return precompressed.read_bytes()
    key = (str(path), path.stat().st_mtime)
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        return _CACHE[key]


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 and yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
