"""Precompressed siblings of the site's big files: ``<file>.br`` and ``<file>.gz`` beside ``<file>``.

Static hosts serve them in place of the file when the request accepts the encoding (nginx's
``brotli_static``/``gzip_static``, Caddy's ``precompressed``, GitLab Pages), so a reader downloads Brotli at its best
quality, which no host can afford to compress on the fly; a host that ignores them serves the file
itself, as before. Brotli's best qualities take seconds per megabyte, so every encoding is made once
per content and kept in a cache, keyed by the content's sha256 and the encoder's settings, and reaches
the site as a hard link (a copy across filesystems). A warm build only hashes: ~16 ms for the 9.6 MB
Pyodide wasm; the service worker's manifest reuses these digests, so each file is read once a build.

Rules: a file gets siblings when it is at least :data:`MIN_SIZE` bytes and gzip saves at least
:data:`MIN_SAVING` of it (else it is compressed content already: a wheel, a zip; Brotli is not even
tried); ``.br`` when Brotli is smaller than gzip. Encoded files (``.gz``, ``.br``, ``.zst``) never get
siblings, so nothing is encoded twice. A file the site already has under a sibling's name (another plugin
published it: the playground's snapshot ``.gz``, which its worker also fetches by name) is kept, and stays
a URL of the service worker's manifest.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import brotli

from docker_notes.assets.offline import matches
from docker_notes.playground.linked import link_or_copy

log = logging.getLogger("mkdocs.plugins.docker_notes.assets")

MIN_SIZE = 1024
MIN_SAVING = 0.05
ENCODED_SUFFIXES = frozenset({".gz", ".br", ".zst"})
#: Cache entries neither used by this build nor made in the last day go when a build makes new ones.
PRUNE_AFTER_S = 24 * 3600


@dataclass(frozen=True)
class Encoding:
    """One content encoding: its sibling suffix, the settings that name its cache entries, the encoder."""

    suffix: str
    settings: str
    compress: Callable[[bytes], bytes]


def brotli_encoding(quality: int, window: int) -> Encoding:
    """Brotli at ``quality`` (0-11) with a ``window`` of 2**window bytes (10-24)."""
    if not 0 <= quality <= 11 or not 10 <= window <= 24:
        raise ValueError(f"brotli quality must be 0-11 and window 10-24, not {quality} and {window}")

    def compress(data: bytes) -> bytes:
        return brotli.compress(data, quality=quality, lgwin=window)

    return Encoding(".br", f"br-q{quality}-w{window}", compress)


#: gzip -9 without a timestamp in the header, so equal content gives equal bytes.
GZIP = Encoding(".gz", "gzip-9", lambda data: gzip.compress(data, compresslevel=9, mtime=0))


@dataclass(frozen=True)
class Rule:
    """Which files get siblings, and Brotli's settings for them."""

    pattern: str
    brotli: Encoding


def rules_of(settings: Mapping[str, object], window: int) -> list[Rule]:
    """The rules of a ``glob → Brotli quality`` map (ValueError on a quality or window out of range).

    A glob's value is its quality (the shared ``window``), or ``"QUALITY/WINDOW"`` for a window of its own:
    the memory snapshot is one 12 MB file whose repeats lie far apart, so 24 sends 20 KB less of it, while 22
    is the smaller on the Pyodide wasm."""
    rules = []
    for pattern, value in settings.items():
        quality, own_window = value, window
        if isinstance(value, str) and value.count("/") == 1:
            before, after = value.split("/")
            if before.isdigit() and after.isdigit():
                quality, own_window = int(before), int(after)
        if not isinstance(quality, int) or isinstance(quality, bool):
            raise ValueError(
                f"the Brotli quality of '{pattern}' must be a whole number 0-11 (or 'QUALITY/WINDOW'), not {value!r}"
            )
        try:
            rules.append(Rule(pattern, brotli_encoding(quality, own_window)))
        except ValueError as exc:
            raise ValueError(f"'{pattern}': {exc}") from exc
    return rules


@dataclass
class Result:
    """What a run did: the siblings in the site and the digests it computed on the way."""

    siblings: dict[str, str] = field(default_factory=dict)
    """Site-relative sibling path → the file it encodes."""
    digests: dict[str, str] = field(default_factory=dict)
    """Site-relative path → sha256 (hex) of every file considered."""
    made: int = 0
    reused: int = 0
    removed: int = 0
    source_bytes: int = 0
    brotli_bytes: int = 0
    gzip_bytes: int = 0


def file_digest(path: Path) -> str:
    """The file's sha256, hex."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Cache:
    """Encoded bytes under ``<dir>/<sha[:2]>/<sha>.<settings>``, written under a name of their own and renamed
    into place (a site's hard link to an entry is never written through)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.used: set[Path] = set()
        self.made = 0
        self._lock = threading.Lock()

    def entry(self, digest: str, encoding: Encoding) -> Path:
        """Where the encoding of the content with this digest is kept."""
        return self.directory / digest[:2] / f"{digest}.{encoding.settings}"

    def get(self, source: Path, digest: str, encoding: Encoding) -> Path:
        """The entry for ``source`` (sha256 ``digest``), made now when missing."""
        entry = self.entry(digest, encoding)
        with self._lock:
            self.used.add(entry)
        if entry.is_file():
            return entry
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.{os.urandom(4).hex()}.part")
        try:
            partial.write_bytes(encoding.compress(source.read_bytes()))
            partial.replace(entry)
        finally:
            partial.unlink(missing_ok=True)
        with self._lock:
            self.made += 1
        return entry

    def inodes(self) -> set[tuple[int, int]]:
        """(device, inode) of every entry: a site file with one of them is a sibling this cache wrote."""
        found = set()
        for path in self.directory.glob("??/*"):
            stat = path.stat()
            found.add((stat.st_dev, stat.st_ino))
        return found

    def prune(self, now: float) -> int:
        """Remove entries this build did not use and that are older than :data:`PRUNE_AFTER_S`."""
        removed = 0
        for path in self.directory.glob("??/*"):
            if path not in self.used and now - path.stat().st_mtime > PRUNE_AFTER_S:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def candidates(site_dir: Path, rules: Iterable[Rule]) -> dict[str, Encoding]:
    """Site-relative path → the Brotli encoding of its rule (the first that matches), for each file to encode."""
    rules = list(rules)
    found: dict[str, Encoding] = {}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.suffix in ENCODED_SUFFIXES or not path.is_file():
            continue
        rule = next((rule for rule in rules if matches(relative, [rule.pattern])), None)
        if rule is not None:
            found[relative] = rule.brotli
    return found


def _encode(source: Path, brotli_encoding: Encoding, cache: Cache) -> tuple[str, dict[str, Path]]:
    """(sha256 of ``source``, sibling suffix → cache entry for each sibling it should have)."""
    digest = file_digest(source)
    size = source.stat().st_size
    worth = size * (1 - MIN_SAVING)
    if size < MIN_SIZE:
        return digest, {}
    siblings: dict[str, Path] = {}
    gz = cache.get(source, digest, GZIP)
    gz_size = gz.stat().st_size
    if gz_size <= worth:
        siblings[GZIP.suffix] = gz
        br = cache.get(source, digest, brotli_encoding)
        if br.stat().st_size < gz_size:
            siblings[brotli_encoding.suffix] = br
    return digest, siblings


def remove_stale(site_dir: Path, rules: Iterable[Rule], cache: Cache, kept: Mapping[str, str]) -> int:
    """Remove the siblings a previous build wrote that this one did not (their file is gone, or no longer gets
    that sibling): a host would serve them for a file they no longer encode. Only ``--dirty`` builds keep them.

    A sibling is known by being a hard link to a cache entry; any other ``.gz`` or ``.br`` is the site's own.
    """
    patterns = [rule.pattern for rule in rules]
    inodes: set[tuple[int, int]] | None = None
    removed = 0
    for suffix in (".br", ".gz"):
        for path in site_dir.rglob(f"*{suffix}"):
            relative = path.relative_to(site_dir).as_posix()
            source = relative[: -len(suffix)]
            if relative in kept or not path.is_file() or not matches(source, patterns):
                continue
            if inodes is None:
                inodes = cache.inodes()
            stat = path.stat()
            if (stat.st_dev, stat.st_ino) in inodes:
                path.unlink()
                removed += 1
    return removed


def precompress(
    site_dir: Path,
    rules: Iterable[Rule],
    cache_dir: Path,
    *,
    workers: int | None = None,
) -> Result:
    """Write the ``.br`` and ``.gz`` siblings of the files the rules match (see the module's rules)."""
    rules = list(rules)
    cache = Cache(cache_dir)
    result = Result()
    found = candidates(site_dir, rules)
    # Brotli and zlib release the GIL while they compress: a cold build uses every core, biggest file first
    # (Brotli 11 on the wasm is most of a cold build's wait; the others fit beside it).
    biggest_first = sorted(found, key=lambda relative: (site_dir / relative).stat().st_size, reverse=True)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        jobs = {
            relative: pool.submit(_encode, site_dir / relative, found[relative], cache)
            for relative in biggest_first
        }
        encoded = {relative: jobs[relative].result() for relative in found}
    inodes: set[tuple[int, int]] | None = None
    for relative, (digest, siblings) in encoded.items():
        result.digests[relative] = digest
        source = site_dir / relative
        for suffix in (".br", ".gz"):
            if suffix not in siblings:
                continue
            target = source.with_name(source.name + suffix)
            if target.is_file():
                inodes = cache.inodes() if inodes is None else inodes
                stat = target.stat()
                if (stat.st_dev, stat.st_ino) not in inodes:
                    continue  # the site's own file of that name (the snapshot's .gz, fetched by name): kept
            link_or_copy(siblings[suffix], target)
            result.siblings[f"{relative}{suffix}"] = relative
        if siblings:
            result.source_bytes += source.stat().st_size
            result.gzip_bytes += siblings[".gz"].stat().st_size if ".gz" in siblings else 0
            result.brotli_bytes += siblings[".br"].stat().st_size if ".br" in siblings else 0
    result.removed += remove_stale(site_dir, rules, cache, result.siblings)
    result.made = cache.made
    result.reused = len(cache.used) - cache.made
    if cache.made:
        cache.prune(time.time())
    return result
