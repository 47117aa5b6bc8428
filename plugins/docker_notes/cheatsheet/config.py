"""Configuration of the ``docker-notes/cheatsheet`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class CheatsheetConfig(Config):
    """Options of the cheat-sheet plugin; every option has a default."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it from ``mkdocs.yml``."""

    page = opt.Type(str, default="cheatsheet.md")
    """Source path of the generated cheat-sheet page (it exists only in memory; add it to ``nav``)."""

    title = opt.Type(str, default="Cheat sheet")
    """Title of the generated page."""

    export = opt.Type(str, default="cheatsheet.json")
    """Where the JSON export is written, relative to the site root."""

    schema = opt.Type(str, default="cheatsheet.schema.json")
    """Where the JSON Schema of the export is published, relative to the site root."""

    node_modules = opt.Type(str, default="node_modules")
    """Where ``npm ci`` installed MiniSearch, relative to ``mkdocs.yml``."""

    minisearch = opt.Type(str, default="minisearch/dist/umd/index.js")
    """The UMD build of MiniSearch inside ``node_modules`` (defines the global ``MiniSearch``)."""

    assets_dir = opt.Type(str, default="assets/cheatsheet")
    """Folder of the site where the plugin's JavaScript and CSS are published."""

    template = opt.Type(str, default="docker-notes/cheatsheet.html")
    """Jinja template rendering the cheat sheet; a theme ``custom_dir`` with the same path replaces it."""

    cache_dir = opt.Type(str, default=".cache/cheatsheet")
    """Where the parser's answers and the highlighted snippets are kept between builds, relative to
    ``mkdocs.yml`` (keyed by content: the simulator's sources, the Markdown extensions and their versions)."""
