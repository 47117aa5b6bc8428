"""Configuration of the ``docker-notes/playground`` plugin; every option has a default."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class PlaygroundConfig(Config):
    """Options of the playground plugin."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it from ``mkdocs.yml``."""

    page = opt.Type(str, default="playground.md")
    """Source path of the generated Playground page (it exists only in memory; add it to ``nav``)."""

    title = opt.Type(str, default="Playground")
    """Title of the generated page."""

    package = opt.Type(str, default="playground/dockersim")
    """The ``dockersim`` package folder, relative to ``mkdocs.yml``; it becomes the wheel the browser loads."""

    web = opt.Type(str, default="playground/web")
    """The front end (ES modules), relative to ``mkdocs.yml``; published under ``assets_dir``."""

    cache_dir = opt.Type(str, default=".cache/playground")
    """Where built wheels are kept, keyed by a hash of the ``dockersim`` sources (gitignored)."""

    node_modules = opt.Type(str, default="node_modules")
    """Where ``npm ci`` installed Pyodide, relative to ``mkdocs.yml``."""

    assets_dir = opt.Type(str, default="assets/playground")
    """Folder of the site where the playground's JavaScript, CSS and wheel are published."""

    pyodide_dir = opt.Type(str, default="assets/pyodide")
    """Folder of the site where the Pyodide runtime files are published."""

    snapshot = opt.Type(bool, default=True)
    """Ship a Pyodide memory snapshot with ``dockersim`` imported (made under Node, cached in ``cache_dir``);
    the worker starts from it and falls back to the normal start when it is missing or fails."""

    minify = opt.Type(bool, default=True)
    """Publish the front end's modules minified with esbuild (source maps beside them), the worker bundled
    with its snapshot codec (``minify.py``); off: the modules as they are in ``web``."""

    try_it = opt.Type(bool, default=True)
    """Add "Try it" buttons to docker command, Dockerfile and Compose blocks of the notes."""
