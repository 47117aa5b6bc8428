"""The Content-Security-Policy: present on every page, violated by nothing the site does, and it blocks injection."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from docker_notes.csp import PLACEHOLDER, inline_script_hashes, policy
from playwright.sync_api import expect

from tests.hardening.conftest import violations
from tests.plugins.playground.conftest import Term, wait_ready

BOOT_MS = 120_000
BUILD_MS = 60_000
META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def pages(built_site: Path) -> list[Path]:
    """Every HTML page of the built site."""
    return sorted(built_site.rglob("*.html"))


def test_every_page_carries_the_policy(built_site: Path) -> None:
    """One CSP meta per page, before any script, listing the hash of every inline script of the site."""
    site_hashes: set[str] = set()
    for path in pages(built_site):
        site_hashes |= inline_script_hashes(path.read_text(encoding="utf-8"))
    assert site_hashes, "Material emits inline scripts; finding none means the scan is broken"
    for path in pages(built_site):
        text = path.read_text(encoding="utf-8")
        found = META_RE.findall(text)
        assert len(found) == 1, f"{path}: {len(found)} CSP metas"
        content = found[0]
        assert PLACEHOLDER not in text
        assert content == policy(site_hashes)
        assert "'unsafe-inline'" not in content.split("script-src", 1)[1].split(";", 1)[0]
        assert "object-src 'none'" in content and "base-uri 'self'" in content
        head = text[: text.index("</head>")]
        assert head.index("Content-Security-Policy") < head.find("<script"), f"{path}: a script precedes the policy"


def test_hashes_cover_only_executable_inline_scripts() -> None:
    """JSON data blocks and external scripts are not hashed; classic and module inline scripts are."""
    html = (
        '<script>a()</script><script type="module">b()</script><script src="x.js"></script>'
        '<script id="__config" type="application/json">{"a": 1}</script>'
    )
    assert len(inline_script_hashes(html)) == 2


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_no_violation_anywhere_and_injection_is_blocked(csp_page: Any, site_url: str, built_site: Path) -> None:
    """Every page loads without a violation; the playground runs a command and the workbench builds under the
    policy; an injected inline script and an inline event handler are refused."""
    page = csp_page
    # The Playground page last: the loop leaves it loaded and the rest runs there (loading it twice started
    # two simulators, the first for nothing).
    playground = built_site / "playground" / "index.html"
    for path in [*(path for path in pages(built_site) if path != playground), playground]:
        rel = path.relative_to(built_site).as_posix()
        url = site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        page.goto(url)
        page.wait_for_load_state("load")
        assert violations(page) == [], f"{url}: {violations(page)}"

    assert page.url == site_url + "playground/"
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    out = term.run("docker run --name web -d nginx && docker ps")
    assert "web" in out
    page.wait_for_selector("#workbench .dnw[data-ready='true']", timeout=BOOT_MS)
    before = int(page.locator(".dnw").get_attribute("data-builds") or 0)
    page.get_by_role("button", name="Build", exact=True).click()
    page.wait_for_function(
        "(n) => Number(document.querySelector('.dnw').dataset.builds || 0) > n", arg=before, timeout=BUILD_MS
    )
    expect(page.locator(".dnw__status")).to_contain_text("Built workbench:latest")
    # Instant navigation into the cheat sheet runs its inline ?q= script under the first page's policy.
    page.get_by_role("link", name="Cheat sheet").first.click()
    page.wait_for_url(re.compile(r"/cheatsheet/"))
    page.wait_for_timeout(300)
    assert violations(page) == [], violations(page)

    pwned = page.evaluate(
        """() => new Promise((resolve) => {
          const s = document.createElement("script");
          s.textContent = "window.__pwned = 1";
          document.head.append(s);
          const d = document.createElement("div");
          d.innerHTML = '<img src="data:," onerror="window.__pwned2 = 1">';
          document.body.append(d);
          setTimeout(() => resolve([window.__pwned, window.__pwned2]), 300);
        })"""
    )
    assert pwned == [None, None]
    directives = {v["directive"] for v in violations(page)}
    assert directives and directives <= {"script-src-elem", "script-src-attr", "script-src"}, violations(page)
