"""The dockersim wheel the browser installs: only the package, valid metadata, cached by source hash."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from docker_notes.playground.wheel import build_wheel, package_files, source_digest, version_of, write_wheel

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "playground" / "dockersim"


@pytest.fixture
def tiny_package(tmp_path: Path) -> Path:
    package = tmp_path / "src" / "dockersim"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "1.2.3"\n', encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "data.json").write_text("{}", encoding="utf-8")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (package / "stale.pyc").write_bytes(b"\0")
    return package


def test_wheel_holds_only_the_dockersim_package_and_its_dist_info(tmp_path: Path) -> None:
    """The real package becomes a wheel with nothing but dockersim/ and dockersim-<v>.dist-info/."""
    wheel = build_wheel(PACKAGE, tmp_path / "cache")
    version = version_of(PACKAGE)
    assert wheel.filename == f"dockersim-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel.path) as archive:
        names = archive.namelist()
    assert "dockersim/__init__.py" in names
    assert "dockersim/worker.py" in names
    dist_info = f"dockersim-{version}.dist-info/"
    assert {name for name in names if not name.startswith("dockersim/")} == {
        dist_info + "METADATA",
        dist_info + "WHEEL",
        dist_info + "RECORD",
    }
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    assert len([name for name in names if name.startswith("dockersim/")]) == len(package_files(PACKAGE))


def test_wheel_metadata_and_record_are_valid(tiny_package: Path, tmp_path: Path) -> None:
    """METADATA names the distribution and version, WHEEL is pure-Python, RECORD hashes every file."""
    path = write_wheel(tiny_package, tmp_path)
    with zipfile.ZipFile(path) as archive:
        metadata = archive.read("dockersim-1.2.3.dist-info/METADATA").decode()
        wheel = archive.read("dockersim-1.2.3.dist-info/WHEEL").decode()
        record = list(csv.reader(io.StringIO(archive.read("dockersim-1.2.3.dist-info/RECORD").decode())))
        assert "Metadata-Version: 2.1\n" in metadata
        assert "Name: dockersim\n" in metadata and "Version: 1.2.3\n" in metadata
        assert "Root-Is-Purelib: true\n" in wheel and "Tag: py3-none-any\n" in wheel
        listed = {row[0] for row in record}
        assert listed == set(archive.namelist())
        for name, digest, size in record:
            if name.endswith("RECORD"):
                assert digest == size == ""
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}"
            assert int(size) == len(data)
    assert sorted(name for name in listed if name.startswith("dockersim/")) == [
        "dockersim/__init__.py",
        "dockersim/sub/__init__.py",
        "dockersim/sub/data.json",
    ]


def test_wheel_bytes_are_reproducible(tiny_package: Path, tmp_path: Path) -> None:
    """Two builds of the same sources give the same bytes (fixed timestamps and order)."""
    first = write_wheel(tiny_package, tmp_path / "a").read_bytes()
    second = write_wheel(tiny_package, tmp_path / "b").read_bytes()
    assert first == second


def test_wheel_is_cached_by_source_hash(tiny_package: Path, tmp_path: Path) -> None:
    """An unchanged package reuses the cached wheel; a changed source builds a new one and drops the old once
    it is an hour old (a build running alongside may still be linking a recent one)."""
    import os
    import time

    from docker_notes.playground.wheel import PRUNE_AFTER_S

    cache = tmp_path / "cache"
    first = build_wheel(tiny_package, cache)
    stamp = first.path.stat().st_mtime_ns
    again = build_wheel(tiny_package, cache)
    assert again.path == first.path and again.path.stat().st_mtime_ns == stamp
    (tiny_package / "sub" / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    changed = build_wheel(tiny_package, cache)
    assert changed.digest != first.digest
    assert changed.path.parent != first.path.parent
    assert first.path.exists()  # recent: kept
    old = time.time() - PRUNE_AFTER_S - 60
    os.utime(first.path.parent, (old, old))
    (tiny_package / "sub" / "__init__.py").write_text("X = 2\n", encoding="utf-8")
    latest = build_wheel(tiny_package, cache)
    assert not first.path.exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted([changed.path.parent.name, latest.path.parent.name])


def test_source_digest_ignores_caches(tiny_package: Path) -> None:
    """Byte-code caches do not change the hash (they are not part of the wheel)."""
    before = source_digest(tiny_package)
    (tiny_package / "__pycache__" / "y.cpython-311.pyc").write_bytes(b"\1")
    assert source_digest(tiny_package) == before


def test_missing_package_is_an_error(tmp_path: Path) -> None:
    """A folder that is not a package cannot silently produce an empty wheel."""
    with pytest.raises(FileNotFoundError):
        build_wheel(tmp_path, tmp_path / "cache")


def test_bundle_digest_follows_sources_and_lock(tmp_path: Path) -> None:
    """The workbench bundle is rebuilt when a source or the npm lock file changes, not otherwise."""
    from docker_notes.playground.bundle import bundle_digest

    (tmp_path / "wb").mkdir()
    (tmp_path / "wb" / "index.js").write_text("export const a = 1;\n", encoding="utf-8")
    lock = tmp_path / "package-lock.json"
    lock.write_text("{}", encoding="utf-8")
    first = bundle_digest(tmp_path / "wb", lock)
    assert bundle_digest(tmp_path / "wb", lock) == first
    lock.write_text('{"v": 2}', encoding="utf-8")
    second = bundle_digest(tmp_path / "wb", lock)
    assert second != first
    (tmp_path / "wb" / "index.js").write_text("export const a = 2;\n", encoding="utf-8")
    assert bundle_digest(tmp_path / "wb", lock) != second


def test_a_rewritten_wheel_never_changes_a_file_a_site_links(tmp_path: Path, tiny_package: Path) -> None:
    """Writing the wheel again makes a new file (sites hard-link the old one); no partial file is left."""
    target = write_wheel(tiny_package, tmp_path / "cache")
    site_copy = tmp_path / "site.whl"
    site_copy.hardlink_to(target)
    before = site_copy.read_bytes()
    (tiny_package / "sub" / "__init__.py").write_text("X = 2\n", encoding="utf-8")
    again = write_wheel(tiny_package, tmp_path / "cache")
    assert again == target
    assert not again.samefile(site_copy)
    assert site_copy.read_bytes() == before
    assert again.read_bytes() != before
    assert [path.name for path in (tmp_path / "cache").iterdir()] == [target.name]
    assert target.stat().st_mode & 0o777 == 0o644


def fake_esbuild(tmp_path: Path, body: str) -> Path:
    """A ``node_modules`` whose ``.bin/esbuild`` is a shell script running ``body`` ($OUT: the --outfile)."""
    script = tmp_path / "node_modules" / ".bin" / "esbuild"
    script.parent.mkdir(parents=True)
    script.write_text(
        '#!/bin/sh\nfor a in "$@"; do case "$a" in --outfile=*) OUT="${a#--outfile=}";; esac; done\n' + body,
        encoding="utf-8",
    )
    script.chmod(0o755)
    (tmp_path / "wb").mkdir()
    (tmp_path / "wb" / "index.js").write_text("export const a = 1;\n", encoding="utf-8")
    return tmp_path / "node_modules"


def test_the_bundle_is_moved_into_place_whole(tmp_path: Path) -> None:
    """esbuild writes a folder of its own, renamed to the cache key: the bundle and its map, nothing else."""
    from docker_notes.playground.bundle import bundle

    node_modules = fake_esbuild(tmp_path, 'echo "bundled" > "$OUT"; echo "{}" > "$OUT.map"\n')
    cache = tmp_path / "cache"
    built = bundle(tmp_path / "wb" / "index.js", root=tmp_path, node_modules=node_modules, cache_dir=cache)
    assert [path.name for path in built] == ["index.js", "index.js.map"]
    assert built[0].read_text(encoding="utf-8") == "bundled\n"
    assert [path.name for path in (cache / "workbench").iterdir()] == [built[0].parent.name]
    assert bundle(tmp_path / "wb" / "index.js", root=tmp_path, node_modules=node_modules, cache_dir=cache) == built


def test_a_failed_bundle_leaves_nothing_behind(tmp_path: Path) -> None:
    """esbuild's error fails the build with its message; no half-written bundle is cached."""
    from docker_notes.playground.bundle import bundle
    from mkdocs.exceptions import PluginError

    node_modules = fake_esbuild(tmp_path, 'echo "half" > "$OUT"; echo "boom: bad import" >&2; exit 1\n')
    cache = tmp_path / "cache"
    with pytest.raises(PluginError, match="boom: bad import"):
        bundle(tmp_path / "wb" / "index.js", root=tmp_path, node_modules=node_modules, cache_dir=cache)
    assert list((cache / "workbench").iterdir()) == []


def test_a_bundle_another_build_finished_first_is_kept(tmp_path: Path) -> None:
    """Two builds bundling at once: the first one in place wins, the other's files are dropped, not mixed in."""
    from docker_notes.playground.bundle import bundle

    winner = (
        'echo "ours" > "$OUT"\nD=$(dirname "$OUT"); N=$(basename "$D"); K=${N#.}; K=${K%%.*}\n'
        'mkdir -p "$(dirname "$D")/$K"; echo "theirs" > "$(dirname "$D")/$K/index.js"\n'
    )
    node_modules = fake_esbuild(tmp_path, winner)
    cache = tmp_path / "cache"
    built = bundle(tmp_path / "wb" / "index.js", root=tmp_path, node_modules=node_modules, cache_dir=cache)
    assert [path.read_text(encoding="utf-8") for path in built] == ["theirs\n"]
    assert [path.name for path in (cache / "workbench").iterdir()] == [built[0].parent.name]
