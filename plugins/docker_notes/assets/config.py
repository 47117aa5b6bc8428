"""Configuration of the ``docker-notes/assets`` plugin."""

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
