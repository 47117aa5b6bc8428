"""MkDocs hook: fill in every page's Content-Security-Policy with the hashes of the site's inline scripts.

``overrides/main.html`` leaves ``__DNP_CSP__`` in a ``<meta http-equiv="Content-Security-Policy">``. After
the build, every HTML file is scanned for executable inline scripts (Material's ``__md_scope``, palette and
tab scripts, the cheat sheet's ``?q=`` reader); their sha256 hashes are gathered over the whole site (instant
navigation runs a later page's inline scripts under the first page's policy) and written into every policy.
No ``'unsafe-inline'`` for scripts, ever.

A ``<meta>`` policy never reaches a worker: a worker's policy comes from its script's response headers. So
the build also writes ``_headers`` (Netlify, Cloudflare Pages) giving the simulator's worker and the service
worker :data:`WORKER_POLICY`; ``DEPLOY.md`` has the same for nginx and says what other hosts need.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

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


#: The policy of the site's workers (the simulator's module worker, the service worker): their own files,
#: WebAssembly compilation, and requests to the site only (no eval, no blob: or other origins' scripts).
WORKER_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"
#: Script files that start a worker: they get :data:`WORKER_POLICY` as a response header.
WORKER_SCRIPTS = ("worker.js", "sw.js")
HEADERS_FILE = "_headers"


def headers_file(site: Path, base: str = "/", also: tuple[str, ...] = ()) -> str:
    """The ``_headers`` text for ``site`` served under ``base`` (Netlify's and Cloudflare Pages' format);
    ``also``: worker scripts written after this hook (the service worker), site-relative."""
    prefix = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    lines = [
        "# Written by plugins/docker_notes/csp.py at build (see DEPLOY.md): Netlify and Cloudflare Pages read it.",
        f"{prefix}*",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Cache-Control: no-cache",
    ]
    found = {p.relative_to(site).as_posix() for name in WORKER_SCRIPTS for p in site.rglob(name)}
    for path in sorted(found | set(also)):
        lines += [f"{prefix}{path}", f"  Content-Security-Policy: {WORKER_POLICY}"]
    return "\n".join(lines) + "\n"


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
    site = Path(config.site_dir)
    assets = config.plugins.get("docker-notes/assets")
    service_worker = str(getattr(assets, "config", {}).get("service_worker", "") or "").strip("/")
    text = headers_file(site, urlsplit(config.site_url or "/").path, (service_worker,) if service_worker else ())
    (site / HEADERS_FILE).write_text(text, encoding="utf-8")
    log.info("csp: %d pages, %d inline script hashes; %s for the workers", filled, len(hashes), HEADERS_FILE)
