"""Publish big, never-edited inputs (the Pyodide runtime, the wheel, the workbench bundle) by hard link.

MkDocs cleans ``site_dir`` and copies every static file again on each build: for the playground that
is over 15 MB a build (a ``mkdocs serve`` rebuild too), and deleting the old copies costs as much. A
:class:`LinkedFile` is linked instead (same inode, no bytes moved; deleting the link frees nothing) and
copied when a link cannot be made (another filesystem, no permission). Use it only for sources that
are never rewritten in place, and whose site copy nothing rewrites in place: ``node_modules`` files,
and cache files written under a name of their own and renamed into place (a build running alongside
then makes a new file instead of writing into the one a site holds).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")


def link_or_copy(source: Path, target: Path) -> bool:
    """Hard-link ``source`` at ``target`` (replacing it), else copy it; True when linked."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        if target.samefile(source):
            return True
        target.unlink()
    try:
        os.link(source, target)
    except OSError as exc:
        log.debug("playground: cannot link %s (%s); copying it", target, exc)
        shutil.copyfile(source, target)
        return False
    return True


class LinkedFile(File):
    """A generated file backed by ``abs_src_path`` that reaches the site as a hard link (see the module)."""

    def copy_file(self, dirty: bool = False) -> None:
        """Link (or copy) the source to its place in the site, like :meth:`File.copy_file` does by copying."""
        if self.abs_src_path is None or self._content is not None:
            super().copy_file(dirty)
            return
        if dirty and not self.is_modified():
            return
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))
