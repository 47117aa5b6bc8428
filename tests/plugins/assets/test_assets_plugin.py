"""The assets plugin's configuration of precompression."""

from __future__ import annotations

import pytest
from docker_notes.assets.plugin import AssetsPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


def plugin_with(**options: object) -> AssetsPlugin:
    plugin = AssetsPlugin()
    errors, warnings = plugin.load_config(options)
    assert (errors, warnings) == ([], [])
    return plugin


def test_precompress_rules_come_from_the_glob_to_quality_map() -> None:
    """Each glob gets its own Brotli quality, with the shared window."""
    plugin = plugin_with(precompress={"assets/pyodide/*": 11, "snapshots/*": 9}, brotli_window=20)
    plugin.on_config(MkDocsConfig())
    assert [(rule.pattern, rule.brotli.settings) for rule in plugin.rules] == [
        ("assets/pyodide/*", "br-q11-w20"),
        ("snapshots/*", "br-q9-w20"),
    ]


def test_a_bad_quality_fails_the_build_before_anything_is_built() -> None:
    """A quality out of range is a PluginError naming the glob, raised in on_config."""
    plugin = plugin_with(precompress={"assets/pyodide/*": 14})
    with pytest.raises(PluginError, match=r"assets/pyodide/\*"):
        plugin.on_config(MkDocsConfig())


def test_no_precompress_by_default() -> None:
    """Without the option (the plain Material baseline of the benchmarks) nothing is precompressed."""
    plugin = plugin_with()
    plugin.on_config(MkDocsConfig())
    assert plugin.rules == []
