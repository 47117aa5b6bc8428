"""The service worker's build side: sw.js at the root with a manifest of the finished site."""

from __future__ import annotations

import json
import re
from pathlib import Path

from docker_notes.assets.offline import build_manifest, digest, service_worker, url_of


def manifest_of(built_site: Path) -> dict:
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"const MANIFEST = (\{.*?\n\});", text, re.S).group(1))


def site_path(url: str) -> str:
    return "index.html" if url == "./" else url + "index.html" if url.endswith("/") else url


def test_service_worker_lists_the_site_with_digests(built_site: Path) -> None:
    """Every page, style, script, font, the search index and cheatsheet.json are precached under their digest;
    the Pyodide runtime, the wheel, the snapshot and the workbench are runtime files, never precached."""
    manifest = manifest_of(built_site)
    precache, runtime = manifest["precache"], manifest["runtime"]
    pages = {url_of(path.relative_to(built_site).as_posix()) for path in built_site.rglob("*.html")}
    assert pages <= set(precache)
    for url in ("search/search_index.json", "cheatsheet.json", "assets/favicon.svg", "sitemap.xml"):
        assert url in precache
    assert any(url.startswith("assets/fonts/") for url in precache)
    assert any(url.startswith("assets/playground/") and url.endswith(".css") for url in precache)
    assert "assets/pyodide/pyodide.asm.wasm" in runtime
    assert any(url.startswith("assets/playground/wheels/") for url in runtime)
    assert not [url for url in precache if url.startswith(("assets/pyodide/", "assets/playground/wheels/"))]
    assert not [url for url in precache if url.endswith(".map") or url == "sw.js"]
    for url, hash_ in {**precache, **runtime}.items():
        assert digest(built_site / site_path(url)) == hash_, url


def test_every_page_names_the_service_worker(built_site: Path) -> None:
    """Each page's head carries the worker's URL relative to the page (the loader registers it)."""
    assert '<meta name="dnp-service-worker" content="sw.js">' in (built_site / "index.html").read_text("utf-8")
    assert '<meta name="dnp-service-worker" content="../sw.js">' in (built_site / "beginner" / "index.html").read_text(
        "utf-8"
    )


def test_manifest_rules_and_version(tmp_path: Path) -> None:
    """Runtime globs, exclusions and directory URLs; the version changes with any file's content."""
    (tmp_path / "guide").mkdir()
    (tmp_path / "big").mkdir()
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    (tmp_path / "guide" / "index.html").write_text("guide", encoding="utf-8")
    (tmp_path / "big" / "runtime.wasm").write_bytes(b"\0" * 64)
    (tmp_path / "app.js").write_text("1", encoding="utf-8")
    (tmp_path / "app.js.map").write_text("{}", encoding="utf-8")
    made = build_manifest(tmp_path, runtime=["big/*"], exclude=["*.map"])
    assert set(made.precache) == {"./", "guide/", "app.js"}
    assert set(made.runtime) == {"big/runtime.wasm"}
    assert made.precache_bytes == len("home") + len("guide") + 1
    before = made.version
    (tmp_path / "app.js").write_text("2", encoding="utf-8")
    assert build_manifest(tmp_path, runtime=["big/*"], exclude=["*.map"]).version != before
    assert '"version": "' in service_worker(made)
