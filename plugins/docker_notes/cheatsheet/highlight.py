"""The cheat sheet's code, highlighted as the site's Markdown renders a fenced block, cached between builds.

Highlighting (Pygments, through the site's own Markdown extensions) is most of the cheat sheet's build
time, and a build after editing a page rarely changes a command. Each snippet's HTML is kept in a
:class:`~docker_notes.buildcache.JsonCache` under a digest of its fenced source; the cache's key is
:func:`highlight_key`: the versions of the packages that render it and the extensions with their options.
Snippets are rendered independently of each other (per-line anchors and spans, the only numbered ids,
are turned off here), so cached and fresh HTML can be mixed.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from typing import Any

import markdown

from docker_notes.buildcache import JsonCache, digest
from docker_notes.cheatsheet.extract import Entry

FENCE_LANG = {"command": "bash", "dockerfile": "dockerfile", "compose": "yaml", "dockerignore": "text"}
FENCE_TITLE = {"dockerfile": "Dockerfile", "compose": "compose.yaml", "dockerignore": ".dockerignore"}
SPLIT = "<!--docker-notes-cheatsheet:{}-->"
SPLIT_RE = re.compile(r"<!--docker-notes-cheatsheet:([\w-]+)-->")
RENDERER = "cheatsheet highlight 1"
"""Part of the cache key: bump it when :func:`fenced` or the options forced in :func:`highlight_all` change."""
ALWAYS_VERSIONED = ("markdown", "pygments", "pymdownx")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
READS_FILES = frozenset({"pymdownx.snippets"})
"""Extensions whose output depends on files other than the block's text: their HTML is never cached."""


def fenced(entry: Entry) -> str:
    """The entry as a fenced block of the site's Markdown (a fence longer than any backtick run inside)."""
    longest = max((len(run) for run in re.findall(r"`+", entry.display)), default=0)
    fence = "`" * max(3, longest + 1)
    title = FENCE_TITLE.get(entry.kind)
    info = FENCE_LANG[entry.kind] + (f' title="{title}"' if title else "")
    return f"{fence}{info}\n{entry.display}\n{fence}\n"


def highlight_all(
    entries: list[Entry], extensions: list[Any], configs: dict[str, Any], cache: JsonCache | None = None
) -> dict[str, str]:
    """Entry id → the HTML of its code; what ``cache`` lacks is rendered in one Markdown pass (and added)."""
    sources = {entry.id: fenced(entry) for entry in entries}
    code: dict[str, str] = {}
    for entry_id, source in sources.items():
        if cache is not None and digest(source) in cache:
            code[entry_id] = cache.get(digest(source))
    missing = {entry_id: source for entry_id, source in sources.items() if entry_id not in code}
    if missing:
        rendered = _render(missing, extensions, configs)
        for entry_id, html in rendered.items():
            code[entry_id] = html
            if cache is not None:
                cache.put(digest(sources[entry_id]), html)
    return code


def _render(sources: dict[str, str], extensions: list[Any], configs: dict[str, Any]) -> dict[str, str]:
    """Entry id → HTML for ``sources`` (id → fenced block), in one Markdown pass."""
    parts = [f"{SPLIT.format(entry_id)}\n\n{source}" for entry_id, source in sources.items()]
    parts.append(SPLIT.format("end") + "\n")
    configs = {**configs}
    if "pymdownx.highlight" in configs:
        # No per-line anchors here: hundreds of snippets would add ~1,500 empty links to tab through.
        configs["pymdownx.highlight"] = {**configs["pymdownx.highlight"], "anchor_linenums": False, "line_spans": ""}
    html = markdown.Markdown(extensions=extensions, extension_configs=configs).convert("\n".join(parts))
    split = SPLIT_RE.split(html)
    found = {split[i]: split[i + 1].strip() for i in range(1, len(split) - 1, 2)}
    return {entry_id: found[entry_id] for entry_id in sources}


def highlight_key(extensions: list[Any], configs: dict[str, Any]) -> str | None:
    """What the HTML of a snippet depends on besides its source: renderer versions, extensions and options.

    None (do not cache) when an extension can pull other files into a block (``pymdownx.snippets``).
    """
    if any(_name(extension) in READS_FILES for extension in extensions):
        return None
    packages = {*ALWAYS_VERSIONED, *(_top_module(extension) for extension in extensions)}
    versions = [f"{name}={_version(name)}" for name in sorted(packages)]
    return digest(RENDERER, f"python {sys.version_info[0]}.{sys.version_info[1]}", *versions, _stable(extensions),
                  _stable(configs))


def _name(extension: Any) -> str:
    return extension if isinstance(extension, str) else type(extension).__module__


def _top_module(extension: Any) -> str:
    return _name(extension).split(".")[0].split(":")[0]


def _version(module_name: str) -> str:
    """The module's ``__version__`` when it has been imported, else its distribution's version ("" unknown)."""
    module = sys.modules.get(module_name)
    version = getattr(module, "__version__", None) if module else None
    if isinstance(version, str):
        return version
    try:
        return importlib.metadata.version(module_name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return ""


def _stable(value: Any) -> str:
    """A text for ``value`` that is the same in every process (no memory addresses) and names what matters."""
    if isinstance(value, dict):
        items = sorted((_stable(key), _stable(item)) for key, item in value.items())
        return "{" + ",".join(f"{key}:{item}" for key, item in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(item) for item in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(item) for item in value)) + "}"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if isinstance(value, markdown.Extension):
        return f"{type(value).__module__}.{type(value).__qualname__}{_stable(value.getConfigs())}"
    if hasattr(value, "__qualname__") and hasattr(value, "__module__"):
        return f"{value.__module__}.{value.__qualname__}"  # functions, classes (emoji index, generator…)
    return f"{type(value).__module__}.{type(value).__qualname__}:{_ADDRESS.sub('', repr(value))}"
