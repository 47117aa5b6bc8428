"""The modules a page will import, found by following the front end's static ``import … from "./x.js"``.

The Playground page preloads them all at once (``<link rel="modulepreload">``) instead of letting the
browser find them one import level at a time after the loader has run; the list follows the code, so
an import added to a module is preloaded without anyone keeping a list.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

IMPORT_RE = re.compile(
    r"""^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["'](?P<from>\.{1,2}/[^"']+)["']"""
    r"""|^\s*import\s*["'](?P<bare>\.{1,2}/[^"']+)["']""",
    re.MULTILINE,
)


def static_imports(source: str) -> list[str]:
    """The relative specifiers of the static imports (and re-exports) in a module's source, in order."""
    return [match.group("from") or match.group("bare") for match in IMPORT_RE.finditer(source)]


def module_closure(web: Path, entries: Iterable[str]) -> list[str]:
    """``entries`` and every module they import statically, transitively (paths relative to ``web``, in the
    order found). A module missing from ``web`` (one the build generates, like ``config.js``) is listed but
    not followed."""
    order: list[str] = []
    queue = list(entries)
    while queue:
        name = queue.pop(0)
        if name in order:
            continue
        order.append(name)
        path = web / name
        if path.is_file():
            folder = posixpath.dirname(name)
            specs = static_imports(path.read_text("utf-8"))
            queue += [posixpath.normpath(posixpath.join(folder, spec)) for spec in specs]
    return order
