"""MkDocs hook: fill in every page's Content-Security-Policy with the hashes of the site's inline scripts.

``overrides/main.html`` leaves ``__DNP_CSP__`` in a ``<meta http-equiv="Content-Security-Policy">``. After
the build, every HTML file is scanned for executable inline scripts (Material's ``__md_scope``, palette and
tab scripts, the cheat sheet's ``?q=`` reader); their sha256 hashes are gathered over the whole site (instant
navigation runs a later page's inline scripts under the first page's policy) and written into every policy.
No ``'unsafe-inline'`` for scripts, ever.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.docker_notes.csp")

PLACEHOLDER = "__DNP_CSP__"
SCRIPT_RE = re.compile(r"<script(?P<attrs>\s[^>]*)?>(?P<body>.*?)</script\s*>", re.S | re.I)
TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    # Material and CodeMirror set inline styles; scripts never get 'unsafe-inline'.
    "style-src": ["'self'", "'unsafe-inline'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
}


def inline_script_hashes(html: str) -> set[str]:
    """The CSP hash sources (``'sha256-…'``) of the executable inline scripts in ``html``."""
    hashes: set[str] = set()
    for match in SCRIPT_RE.finditer(html):
        attrs = match.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        kind = TYPE_RE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in EXECUTABLE_TYPES:
            continue  # JSON data blocks (Material's __config) are never executed
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def policy(hashes: set[str]) -> str:
    """The policy text with ``hashes`` added to script-src."""
    parts = []
    for directive, sources in POLICY.items():
        extra = sorted(hashes) if directive == "script-src" else []
        parts.append(" ".join([directive, *sources, *extra]))
    return "; ".join(parts)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the site-wide policy into every page built from ``overrides/main.html``."""
    pages = list(Path(config.site_dir).rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    hashes: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    text_policy = policy(hashes)
    filled = 0
    for path, text in texts.items():
        if PLACEHOLDER in text:
            path.write_text(text.replace(PLACEHOLDER, text_policy), encoding="utf-8")
            filled += 1
    log.info("csp: %d pages, %d inline script hashes", filled, len(hashes))
