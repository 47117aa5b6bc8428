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
    """An unchanged package reuses the cached wheel; a changed source builds a new one and drops the old."""
    cache = tmp_path / "cache"
    first = build_wheel(tiny_package, cache)
    stamp = first.path.stat().st_mtime_ns
    again = build_wheel(tiny_package, cache)
    assert again.path == first.path and again.path.stat().st_mtime_ns == stamp
    (tiny_package / "sub" / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    changed = build_wheel(tiny_package, cache)
    assert changed.digest != first.digest
    assert changed.path.parent != first.path.parent
    assert not first.path.exists()
    assert [p.name for p in cache.iterdir()] == [changed.path.parent.name]


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
