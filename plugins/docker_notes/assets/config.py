"""Configuration of the assets plugin."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class AssetsConfig(Config):
    """Options of the assets plugin."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it from ``mkdocs.yml``."""

    node_modules = opt.Type(str, default="node_modules")
    """Where ``npm ci`` installed the packages, relative to ``mkdocs.yml``."""

    copy = opt.Type(dict, default={})
    """Map of destination folder in the site → list of files (globs) inside ``node_modules``."""

    service_worker = opt.Type(str, default="")
    """Where to write the service worker in the site (``sw.js``: at the root, so its scope is the whole
    site); every page names it in ``<meta name="dnp-service-worker">``. Empty: no service worker."""

    runtime = opt.Type(list, default=[])
    """Globs (site-relative) of big files the service worker keeps when first downloaded, never ahead."""

    exclude = opt.Type(list, default=["*.map"])
    """Globs of files the service worker leaves to the network (neither precached nor kept)."""

    precompress = opt.Type(dict, default={})
    """Map of glob (site-relative) → Brotli quality (0-11): those files get ``.br`` and ``.gz`` siblings that
    static hosts serve in their place (:mod:`.precompress`). 11 is the smallest and takes seconds per megabyte,
    9 a tenth of that; either is paid once per content (the cache keeps the bytes). ``"11/24"`` gives a glob a
    window of its own (else :attr:`brotli_window`)."""

    brotli_window = opt.Type(int, default=22)
    """Brotli's window, as log2 of its bytes (10-24); 22 came out smaller than 24 on the Pyodide wasm at 11."""

    cache_dir = opt.Type(str, default=".cache/precompress")
    """Where the encoded bytes are kept (relative to ``mkdocs.yml``; gitignored), keyed by content and settings."""
