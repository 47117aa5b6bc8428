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
