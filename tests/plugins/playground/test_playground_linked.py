"""Big playground inputs reach the site by hard link (no 20 MB copy per build), or by copy when they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from docker_notes.playground import linked
from docker_notes.playground.linked import LinkedFile, link_or_copy
from mkdocs.config.defaults import MkDocsConfig


def test_a_link_shares_the_file_and_replaces_an_old_one(tmp_path: Path) -> None:
    """The site file is the source's inode; an older site file in the way is replaced, not written through."""
    source = tmp_path / "cache" / "runtime.wasm"
    source.parent.mkdir()
    source.write_bytes(b"\0asm new")
    old_source = tmp_path / "cache" / "old.wasm"
    old_source.write_bytes(b"\0asm old")
    target = tmp_path / "site" / "assets" / "runtime.wasm"
    assert link_or_copy(old_source, target)
    assert link_or_copy(source, target)
    assert target.samefile(source)
    assert old_source.read_bytes() == b"\0asm old"
    assert link_or_copy(source, target)  # already the same file: nothing to do
    assert target.read_bytes() == b"\0asm new"


def test_without_links_the_file_is_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a filesystem that refuses links (or across devices) the build copies, as MkDocs would."""

    def refuse(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(linked.os, "link", refuse)
    source = tmp_path / "a.bin"
    source.write_bytes(b"data")
    target = tmp_path / "site" / "a.bin"
    assert not link_or_copy(source, target)
    assert target.read_bytes() == b"data"
    assert not target.samefile(source)


def test_a_linked_generated_file_lands_in_the_site(tmp_path: Path) -> None:
    """``LinkedFile.generated`` behaves like ``File.generated`` with ``abs_src_path``, linking on copy."""
    source = tmp_path / "snapshot.gz"
    source.write_bytes(b"snapshot")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    (tmp_path / "docs").mkdir()
    assert not config.validate()[0]
    config.plugins._current_plugin = "docker-notes/playground"  # as while its on_files runs
    file = LinkedFile.generated(config, "assets/snap/snapshot.gz", abs_src_path=str(source))
    file.copy_file()
    target = tmp_path / "site" / "assets" / "snap" / "snapshot.gz"
    assert target.samefile(source)
    assert target.stat().st_nlink == 2
