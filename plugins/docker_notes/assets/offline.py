"""The site offline after one visit: the service worker's manifest, made from the built site.

Every file of the site gets a content digest. Small files (pages, styles, scripts, fonts, the search
index, ``cheatsheet.json``) are *precached*: the service worker downloads them once, in the background,
after the first visit. Big ones (the Pyodide runtime, the wheel, the snapshot, the workbench bundle) are
*runtime* files: kept when the reader first downloads them, never fetched ahead. Excluded files (source
maps, lunr's other languages) are left to the network and the browser's cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

PLACEHOLDER = "__DNP_MANIFEST__"
SOURCE = Path(__file__).with_name("sw.js")


@dataclass
class Manifest:
    """Site-relative URL → content digest, per strategy, and what the precache weighs."""

    precache: dict[str, str] = field(default_factory=dict)
    runtime: dict[str, str] = field(default_factory=dict)
    precache_bytes: int = 0

    @property
    def version(self) -> str:
        """A digest of the whole manifest: the precache's cache name (a new build gets a new one)."""
        text = json.dumps([self.precache, self.runtime], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict[str, object]:
        """What ``sw.js`` reads."""
        return {"version": self.version, "precache": self.precache, "runtime": self.runtime}


def digest(path: Path) -> str:
    """The first 16 hex digits of the file's sha256."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:16]


def url_of(relative: str) -> str:
    """The URL a reader requests for a file (``beginner/index.html`` → ``beginner/``)."""
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def matches(relative: str, patterns: Iterable[str]) -> bool:
    """Whether a site-relative path matches one of the globs (``*`` also crosses ``/``)."""
    return any(fnmatchcase(relative, pattern) for pattern in patterns)


def build_manifest(
    site_dir: Path,
    *,
    runtime: Iterable[str],
    exclude: Iterable[str],
    skip: Iterable[str] = (),
    digests: Mapping[str, str] | None = None,
) -> Manifest:
    """Walk the built site: every file is precached, a runtime file, or excluded (``skip``: exact paths).

    ``digests``: sha256 (hex) of files already hashed this build, by site-relative path (not hashed again).
    """
    runtime, exclude, skipped, known = list(runtime), list(exclude), set(skip), digests or {}
    manifest = Manifest()
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if relative in skipped or matches(relative, exclude):
            continue
        hash_ = known[relative][:16] if relative in known else digest(path)
        if matches(relative, runtime):
            manifest.runtime[url_of(relative)] = hash_
        else:
            manifest.precache[url_of(relative)] = hash_
            manifest.precache_bytes += path.stat().st_size
    return manifest


def service_worker(manifest: Manifest, source: Path = SOURCE) -> str:
    """``sw.js`` with its manifest filled in (a new build changes its bytes, so browsers update it)."""
    text = source.read_text(encoding="utf-8")
    if PLACEHOLDER not in text:
        raise ValueError(f"{source} has no {PLACEHOLDER}")
    return text.replace(PLACEHOLDER, json.dumps(manifest.to_json(), indent=1, sort_keys=True))
