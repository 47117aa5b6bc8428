"""The ``docker-notes/assets`` MkDocs plugin: thin hooks around :mod:`.vendor`, :mod:`.precompress` and
:mod:`.offline`."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from docker_notes.assets.config import AssetsConfig
from docker_notes.assets.offline import build_manifest, service_worker
from docker_notes.assets.precompress import Result, Rule, precompress, rules_of
from docker_notes.assets.vendor import resolve

log = logging.getLogger("mkdocs.plugins.docker_notes.assets")

META = '<meta name="dnp-service-worker" content="{}">'


class AssetsPlugin(BasePlugin[AssetsConfig]):
    """Adds files from ``node_modules`` to the site as if they were in ``docs/``, and the service worker."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the precompression rules before anything is built."""
        if self.config.enabled:
            try:
                self.rules = rules_of(self.config.precompress, self.config.brotli_window)
            except ValueError as exc:
                raise PluginError(f"assets: precompress: {exc}") from exc
        return config

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

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Name the service worker in the page's head (the site's loader registers it)."""
        if not self.config.enabled or not self.config.service_worker:
            return output
        url = get_relative_url(self.config.service_worker.strip("/"), page.url)
        return output.replace("</head>", META.format(html.escape(url, quote=True)) + "\n</head>", 1)

    @event_priority(-100)  # after every other on_post_build (the CSP hook rewrites the pages)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the precompressed siblings, then the service worker with the manifest of the finished site."""
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        done = self._precompress(site, Path(config.config_file_path).parent)
        if not self.config.service_worker:
            return
        name = self.config.service_worker.strip("/")
        # A sibling is the same URL in another encoding, never a URL of the manifest.
        manifest = build_manifest(
            site,
            runtime=self.config.runtime,
            exclude=self.config.exclude,
            skip=[name, *done.siblings, "_headers"],  # the hosts' header rules (csp.py): never a URL
            digests=done.digests,
        )
        (site / name).write_text(service_worker(manifest), encoding="utf-8")
        log.info(
            "offline: %s precaches %d files (%d KiB before compression); %d runtime files kept on first use",
            name,
            len(manifest.precache),
            manifest.precache_bytes // 1024,
            len(manifest.runtime),
        )

    def _precompress(self, site: Path, root: Path) -> Result:
        """Write the ``.br``/``.gz`` siblings the rules call for, and say what they save."""
        if not self.rules:
            return Result()
        done = precompress(site, self.rules, root / self.config.cache_dir)
        log.info(
            "precompress: %d siblings of %d files (%d KiB): %d KiB brotli, %d KiB gzip; %d encoded now, %d cached",
            len(done.siblings),
            len(set(done.siblings.values())),
            done.source_bytes // 1024,
            done.brotli_bytes // 1024,
            done.gzip_bytes // 1024,
            done.made,
            done.reused,
        )
        return done
