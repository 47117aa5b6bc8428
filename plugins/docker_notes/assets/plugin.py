"""The ``docker-notes/assets`` MkDocs plugin: thin hooks around :mod:`.vendor`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from docker_notes.assets.config import AssetsConfig
from docker_notes.assets.vendor import resolve


class AssetsPlugin(BasePlugin[AssetsConfig]):
    """Adds files from ``node_modules`` to the site as if they were in ``docs/``."""

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Append the vendored files; they are copied to ``site/`` like any static file."""
        if not self.config.enabled:
            return files
        root = Path(config.config_file_path).parent
        for item in resolve(root / self.config.node_modules, self.config.copy):
            files.append(
                File.generated(config, item.dest_uri, abs_src_path=str(item.source))
            )
        return files
