"""Resolve vendored files from ``node_modules`` into MkDocs files, without writing into ``docs/``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError


@dataclass(frozen=True)
class VendoredFile:
    """One file to serve: where it lies on disk and its path inside the site."""

    source: Path
    dest_uri: str


def resolve(node_modules: Path, copy: Mapping[str, Iterable[str]]) -> list[VendoredFile]:
    """Expand each glob under ``node_modules`` and give each match its place under its destination.

    A pattern that matches nothing fails the build: a missing font or runtime file must not ship silently.
    """
    if not node_modules.is_dir():
        raise PluginError(f"assets: {node_modules} is missing; run 'npm ci' (make does it for you)")
    found: list[VendoredFile] = []
    for dest, patterns in copy.items():
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            matches = sorted(path for path in node_modules.glob(pattern) if path.is_file())
            if not matches:
                raise PluginError(f"assets: '{pattern}' matches no file in {node_modules}")
            for path in matches:
                found.append(VendoredFile(path, str(PurePosixPath(dest) / path.name)))
    return found
