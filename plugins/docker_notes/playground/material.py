"""On the Playground page, Material's bundle runs once the simulator has answered, not while it starts.

The page's start-up is CPU-bound: on two cores, Material's bundle (its components and its search worker
building the index) took 0.1–0.15 s from the simulator's start. The page keeps Material's stylesheets and
markup, so it looks the same from the first paint. Its ``<script>`` becomes a JSON data block naming the
file (``data-dnp-material-bundle``), which the loader (``playground.js`` with ``material.js``) runs after the
first answers, at once when the reader reaches for the header, the search or the navigation, and at the
latest a few seconds after the page has loaded once the simulator is no longer starting. An inline script
in ``<head>`` sets the root's ``js`` class as the bundle will, so the header's search button is there from
the first paint.

The site's web fonts (``fonts.css``: Roboto's six faces, ~113 KiB) wait for the bundle too: the stylesheet
is linked with ``media="print"`` (so no face is fetched for the screen) and switched to ``all`` when the
bundle runs. On a slow link the runtime's download is what a first answer waits for; the page shows the
system's sans-serif until then (the faces are ``font-display: swap``).
"""

from __future__ import annotations

import json
import re
from html import unescape as html_unescape

from docker_notes.playground.early import inject_early_script

BUNDLE_RE = re.compile(
    r"""<script\s+src=(?P<quote>["'])(?P<src>[^"'>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)(?P=quote)\s*>"""
    r"""\s*</script\s*>""",
    re.I,
)
MARKER = "data-dnp-material-bundle"
FONTS_MARKER = "data-dnp-deferred-fonts"
FONTS_RE = re.compile(
    r"""<link\s+rel=(?P<q>["'])stylesheet(?P=q)\s+href=(?P<h>["'])(?P<href>[^"'>]*stylesheets/fonts\.css)(?P=h)\s*>""",
    re.I,
)
#: What Material's bundle does first; done early so the page does not change once the bundle runs.
JS_CLASS_SCRIPT = '<script>document.documentElement.classList.replace("no-js", "js")</script>'


def defer_material_bundle(html: str) -> str:
    """``html`` with Material's bundle script turned into a data block naming it, and the ``js`` class
    script in its ``<head>``; unchanged without a bundle script (another theme, a page changed already)."""
    match = BUNDLE_RE.search(html)
    if match is None:
        return html
    # JSON inside a script element: "<" escaped so no "</script>" can end it early.
    data = json.dumps({"src": html_unescape(match.group("src"))}).replace("<", "\\u003c")
    block = f'<script type="application/json" {MARKER}>{data}</script>'
    html = html[: match.start()] + block + html[match.end() :]
    deferred = '<link rel="stylesheet" href="{}" media="print" ' + FONTS_MARKER + ">"
    html = FONTS_RE.sub(lambda fonts: deferred.format(fonts.group("href")), html, count=1)
    return inject_early_script(html, JS_CLASS_SCRIPT)
