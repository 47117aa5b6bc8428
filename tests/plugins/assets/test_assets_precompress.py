"""Precompressed siblings (``.br``/``.gz``) of the site's big files, their cache, and what they leave alone."""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from pathlib import Path

import brotli
import pytest
from docker_notes.assets.precompress import GZIP, PRUNE_AFTER_S, brotli_encoding, precompress, rules_of

RULES = rules_of({"big/*": 5}, 22)


def text(size: int, seed: str = "a") -> bytes:
    """Compressible bytes: numbered lines."""
    lines = (f"{seed} line {n}: docker run --rm -it nginx\n" for n in range(size // 20 + 1))
    return "".join(lines).encode()[:size]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "big").mkdir(parents=True)
    return site


def run(site: Path, tmp_path: Path, **kwargs: object):
    return precompress(site, RULES, tmp_path / "cache", workers=2, **kwargs)  # type: ignore[arg-type]


def test_siblings_decode_to_the_file_and_brotli_is_smaller(site: Path, tmp_path: Path) -> None:
    """A big text file gets a .gz (a plain gzip stream) and a smaller .br, both decoding to its bytes."""
    data = text(50_000)
    (site / "big" / "app.wasm").write_bytes(data)
    result = run(site, tmp_path)
    gz = (site / "big" / "app.wasm.gz").read_bytes()
    br = (site / "big" / "app.wasm.br").read_bytes()
    assert gz[:2] == b"\x1f\x8b" and gzip.decompress(gz) == data
    assert brotli.decompress(br) == data
    assert len(br) < len(gz) < len(data)
    assert result.siblings == {"big/app.wasm.br": "big/app.wasm", "big/app.wasm.gz": "big/app.wasm"}
    assert result.digests == {"big/app.wasm": hashlib.sha256(data).hexdigest()}
    assert (result.source_bytes, result.brotli_bytes, result.gzip_bytes) == (len(data), len(br), len(gz))


def test_skip_rules(site: Path, tmp_path: Path) -> None:
    """No siblings for small files, compressed content (gzip saves < 5%), encoded files, or files outside the
    rules; nothing is ever encoded twice."""
    (site / "big" / "small.js").write_bytes(text(1000))
    (site / "big" / "packed.whl").write_bytes(os.urandom(20_000))
    (site / "big" / "data.json.gz").write_bytes(gzip.compress(text(20_000)))
    (site / "big" / "data.br").write_bytes(brotli.compress(text(20_000)))
    (site / "page.html").write_bytes(text(20_000))
    result = run(site, tmp_path)
    assert result.siblings == {}
    names = sorted(path.relative_to(site).as_posix() for path in site.rglob("*"))
    assert names == ["big", "big/data.br", "big/data.json.gz", "big/packed.whl", "big/small.js", "page.html"]


def test_a_warm_run_reuses_the_cache_through_hard_links(site: Path, tmp_path: Path) -> None:
    """The second build encodes nothing: the siblings are links to the cache entries (no bytes copied)."""
    (site / "big" / "app.js").write_bytes(text(30_000))
    first = run(site, tmp_path)
    assert (first.made, first.reused) == (2, 0)
    for suffix in (".br", ".gz"):
        (site / "big" / f"app.js{suffix}").unlink()  # as mkdocs cleans the site before a build
    second = run(site, tmp_path)
    assert (second.made, second.reused) == (0, 2)
    digest = hashlib.sha256(text(30_000)).hexdigest()
    entry = tmp_path / "cache" / digest[:2] / f"{digest}.{brotli_encoding(5, 22).settings}"
    assert (site / "big" / "app.js.br").samefile(entry)
    assert (site / "big" / "app.js.gz").samefile(entry.with_name(f"{digest}.{GZIP.settings}"))


def test_changed_content_gets_new_siblings(site: Path, tmp_path: Path) -> None:
    """The cache is keyed by content: new bytes under the same name are encoded again, never served stale."""
    path = site / "big" / "app.js"
    path.write_bytes(text(30_000, "old"))
    run(site, tmp_path)
    path.write_bytes(text(30_000, "new"))
    result = run(site, tmp_path)
    assert result.made == 2
    assert brotli.decompress((site / "big" / "app.js.br").read_bytes()) == text(30_000, "new")
    assert gzip.decompress((site / "big" / "app.js.gz").read_bytes()) == text(30_000, "new")


def test_stale_siblings_are_removed_and_the_sites_own_files_kept(site: Path, tmp_path: Path) -> None:
    """A --dirty build drops the siblings of a file that is gone or no longer compresses (a host would serve
    them for it); a .gz the site ships itself (not one of ours) stays."""
    (site / "big" / "gone.js").write_bytes(text(30_000, "gone"))
    (site / "big" / "noise.bin").write_bytes(text(30_000, "noise"))
    (site / "big" / "own.data.gz").write_bytes(gzip.compress(b"the site's own file"))
    run(site, tmp_path)
    assert (site / "big" / "gone.js.br").exists() and (site / "big" / "noise.bin.gz").exists()
    (site / "big" / "gone.js").unlink()
    (site / "big" / "noise.bin").write_bytes(os.urandom(30_000))
    result = run(site, tmp_path)
    assert result.removed == 4
    assert sorted(path.name for path in (site / "big").iterdir()) == ["noise.bin", "own.data.gz"]


def test_unused_old_cache_entries_are_pruned_when_a_build_encodes(site: Path, tmp_path: Path) -> None:
    """Entries neither used by the build nor recent go when the build made new ones; recent ones stay (a
    build of other content running alongside still uses them)."""
    (site / "big" / "a.js").write_bytes(text(30_000, "a"))
    run(site, tmp_path)
    old = sorted((tmp_path / "cache").glob("??/*"))
    (site / "big" / "a.js").write_bytes(text(30_000, "b"))
    run(site, tmp_path)
    assert all(path.exists() for path in old)  # recent: kept
    stale = time.time() - PRUNE_AFTER_S - 60
    for path in old:
        os.utime(path, (stale, stale))
    (site / "big" / "a.js").write_bytes(text(30_000, "c"))
    run(site, tmp_path)
    assert not any(path.exists() for path in old)
    assert len(list((tmp_path / "cache").glob("??/*"))) == 4


@pytest.mark.parametrize("quality", [12, -1, "11", True])
def test_bad_qualities_are_refused(quality: object) -> None:
    """A quality outside 0-11 (or not a number) fails the build's configuration, naming the glob."""
    with pytest.raises(ValueError, match="quality"):
        rules_of({"big/*": quality}, 22)  # type: ignore[dict-item]


def test_a_glob_may_have_a_window_of_its_own() -> None:
    """``"QUALITY/WINDOW"`` sets both for that glob; a bare quality keeps the shared window."""
    rules = rules_of({"snapshots/*.snapshot": "11/24", "big/*": 9}, 22)
    assert [(rule.pattern, rule.brotli.settings) for rule in rules] == [
        ("snapshots/*.snapshot", "br-q11-w24"),
        ("big/*", "br-q9-w22"),
    ]
    data = text(200_000, "w")
    assert brotli.decompress(rules[0].brotli.compress(data)) == data


@pytest.mark.parametrize("value", ["11/25", "12/24", "11/", "11/24/1", "x/24"])
def test_bad_own_windows_are_refused(value: str) -> None:
    """A window outside 10-24, a quality outside 0-11 or a malformed pair fails, naming the glob."""
    with pytest.raises(ValueError, match=r"snap/\*"):
        rules_of({"snap/*": value}, 22)


def test_bad_window_is_refused() -> None:
    """Brotli's window is 10-24."""
    with pytest.raises(ValueError, match="window"):
        rules_of({"big/*": 9}, 25)


def test_a_file_the_site_already_has_under_a_siblings_name_is_kept(site: Path, tmp_path: Path) -> None:
    """Another plugin's file named like a sibling (the snapshot's .gz its worker fetches by name) is neither
    overwritten nor counted as a sibling (so it stays a URL of the manifest); the .br is still written, and
    a second build, which finds its own sibling there, writes it again."""
    data = text(40_000, "snap")
    (site / "big" / "file.snapshot").write_bytes(data)
    own = gzip.compress(data, compresslevel=1)
    (site / "big" / "file.snapshot.gz").write_bytes(own)
    result = run(site, tmp_path)
    assert (site / "big" / "file.snapshot.gz").read_bytes() == own
    assert "big/file.snapshot.gz" not in result.siblings
    assert result.siblings == {"big/file.snapshot.br": "big/file.snapshot"}
    (site / "big" / "file.snapshot.gz").unlink()
    run(site, tmp_path)
    again = run(site, tmp_path)
    assert "big/file.snapshot.gz" in again.siblings
