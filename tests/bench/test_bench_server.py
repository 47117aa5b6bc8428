"""The benchmark server negotiates encodings as nginx with brotli_static and gzip_static does."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from urllib.parse import urlsplit

import brotli
import pytest

from bench.server import accepted, serve

WASM = b"\0asm" + b"wasm bytes " * 2000
SNAPSHOT = b"snapshot page " * 3000
CHROMIUM = "gzip, deflate, br, zstd"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    site = tmp_path_factory.mktemp("served")
    (site / "py").mkdir()
    (site / "py" / "app.wasm").write_bytes(WASM)
    (site / "py" / "app.wasm.br").write_bytes(brotli.compress(WASM))
    (site / "py" / "app.wasm.gz").write_bytes(gzip.compress(WASM, mtime=0))
    (site / "py" / "plain.js").write_bytes(b"console.log('hi');\n" * 200)
    (site / "py" / "x.snapshot").write_bytes(SNAPSHOT)
    (site / "py" / "x.snapshot.gz").write_bytes(gzip.compress(SNAPSHOT, mtime=0))
    (site / "page").mkdir()
    (site / "page" / "index.html").write_text("<h1>page</h1>", encoding="utf-8")
    with serve(site) as url:
        parts = urlsplit(url)
        yield str(parts.hostname), int(parts.port or 80)


def get(server: tuple[str, int], path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_brotli_sibling_when_accepted(server) -> None:
    """Chromium's Accept-Encoding gets the .br file with Content-Encoding: br, the file's own type, and Vary."""
    status, headers, body = get(server, "/py/app.wasm", {"Accept-Encoding": CHROMIUM})
    assert status == 200
    assert headers["content-encoding"] == "br"
    assert headers["content-type"] == "application/wasm"
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body)
    assert brotli.decompress(body) == WASM


def test_gzip_sibling_when_brotli_is_not_accepted(server) -> None:
    """Without br (or with br;q=0) the .gz sibling is served as gzip."""
    for accept in ("gzip", "br;q=0, gzip;q=0.8"):
        status, headers, body = get(server, "/py/app.wasm", {"Accept-Encoding": accept})
        assert (status, headers["content-encoding"]) == (200, "gzip")
        assert gzip.decompress(body) == WASM


def test_any_suffix_may_have_siblings(server) -> None:
    """The raw snapshot (.snapshot, not a text type) is served from its .gz as gzip; no .br: gzip, not br."""
    status, headers, body = get(server, "/py/x.snapshot", {"Accept-Encoding": CHROMIUM})
    assert (status, headers["content-encoding"], headers["content-type"]) == (200, "gzip", "application/octet-stream")
    assert gzip.decompress(body) == SNAPSHOT


def test_identity_when_nothing_is_accepted(server) -> None:
    """No Accept-Encoding: the file itself, no Content-Encoding."""
    status, headers, body = get(server, "/py/app.wasm")
    assert status == 200 and "content-encoding" not in headers
    assert body == WASM


def test_a_gz_requested_by_name_is_the_file_itself(server) -> None:
    """``x.gz`` asked for directly is served as it is (gzip bytes, no Content-Encoding): never encoded twice."""
    status, headers, body = get(server, "/py/x.snapshot.gz", {"Accept-Encoding": CHROMIUM})
    assert status == 200 and "content-encoding" not in headers
    assert headers["content-type"] == "application/gzip"
    assert gzip.decompress(body) == SNAPSHOT


def test_on_the_fly_gzip_for_text_without_siblings(server) -> None:
    """A text file with no sibling is gzipped on the fly, as before; a page by its folder URL too."""
    status, headers, body = get(server, "/py/plain.js", {"Accept-Encoding": CHROMIUM})
    assert (status, headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(body) == b"console.log('hi');\n" * 200
    status, headers, body = get(server, "/page/", {"Accept-Encoding": CHROMIUM})
    assert (status, headers["content-encoding"], headers["content-type"]) == (200, "gzip", "text/html")
    assert gzip.decompress(body) == b"<h1>page</h1>"


def test_etags_differ_per_encoding_and_revalidate(server) -> None:
    """Each encoding has its own ETag; If-None-Match with it answers 304, with another encoding's it does not."""
    tags = {}
    for accept in (CHROMIUM, "gzip", ""):
        _, headers, _ = get(server, "/py/app.wasm", {"Accept-Encoding": accept} if accept else {})
        tags[accept] = headers["etag"]
    assert len(set(tags.values())) == 3
    status, headers, body = get(server, "/py/app.wasm", {"Accept-Encoding": CHROMIUM, "If-None-Match": tags[CHROMIUM]})
    assert (status, body, headers["etag"], headers["vary"]) == (304, b"", tags[CHROMIUM], "Accept-Encoding")
    status, _, body = get(server, "/py/app.wasm", {"Accept-Encoding": CHROMIUM, "If-None-Match": tags["gzip"]})
    assert status == 200 and brotli.decompress(body) == WASM


def test_missing_files_and_folders_without_slash(server) -> None:
    """404 for a missing file; a folder without its slash is redirected, as static hosts do."""
    assert get(server, "/py/nothing.wasm", {"Accept-Encoding": CHROMIUM})[0] == 404
    status, headers, _ = get(server, "/page")
    assert status == 301 and headers["location"] == "/page/"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("br;q=0, gzip", {"gzip"}),
        ("*", {"*", "br", "gzip"}),
        ("*;q=0.5, br;q=0", {"*", "gzip"}),
        ("GZIP ; q=1.0", {"gzip"}),
        ("", set()),
    ],
)
def test_accept_encoding_parsing(header: str, expected: set[str]) -> None:
    """q=0 refuses a coding; * stands for the codings not named."""
    assert accepted(header) == expected
