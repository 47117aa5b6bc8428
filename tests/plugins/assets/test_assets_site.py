"""The built site's precompressed siblings: beside the runtime files, and never URLs of the service worker."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from tests.site.test_site_offline_build import manifest_of

PYODIDE = "assets/pyodide"


def test_runtime_files_have_siblings_that_decode_to_them(built_site: Path) -> None:
    """Pyodide's wasm and JavaScript have a .br and a .gz of their exact bytes; the wheel (a zip) has none."""
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs"):
        data = (built_site / PYODIDE / name).read_bytes()
        br = (built_site / PYODIDE / f"{name}.br").read_bytes()
        gz = (built_site / PYODIDE / f"{name}.gz").read_bytes()
        assert brotli.decompress(br) == data
        assert gz[:2] == b"\x1f\x8b" and gzip.decompress(gz) == data
        assert len(br) < len(gz) < len(data)
    assert not list((built_site / "assets/playground/wheels").rglob("*.whl.*"))


def test_siblings_are_not_urls_of_the_manifest_but_the_snapshot_fallback_is(built_site: Path) -> None:
    """A sibling is its file's URL in another encoding, so the service worker never lists it; the snapshot's
    .gz is fetched by name when a host ignores siblings, so it is a runtime file (kept on first use), and
    the snapshot's Brotli is a sibling like the others."""
    manifest = manifest_of(built_site)
    urls = {**manifest["precache"], **manifest["runtime"]}
    assert not [url for url in urls if url.endswith(".br")]
    folder = built_site / "assets/playground/snapshots"
    snapshots = [path.relative_to(built_site).as_posix() for path in folder.rglob("*.snapshot")]
    fallbacks = {f"{snapshot}.gz" for snapshot in snapshots}
    assert {url for url in urls if url.endswith(".gz")} == fallbacks
    for url in fallbacks:
        assert url in manifest["runtime"]
        assert (built_site / url).read_bytes()[:2] == b"\x1f\x8b"
        assert (built_site / url.replace(".gz", ".br")).is_file()
