"""A deploy never mixes builds: a tab open across a deploy keeps its own build's files (from its build's
cache), a new tab gets the new build, and the old tab says a new version is ready."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.hardening.headers_server import serve_with_headers
from tests.site.test_site_offline_build import manifest_of

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

WHICH = """async () => {
  const response = await fetch(new URL("../assets/playground/dom.js", location.href));
  return `${response.status} ${(await response.text()).includes("build B") ? "B" : "A"}`;
}"""


def redeploy(site: Path) -> None:
    """Build B: one changed module, and the service worker with B's manifest."""
    from docker_notes.assets.offline import Manifest, digest, service_worker

    module = site / "assets" / "playground" / "dom.js"
    module.write_text(module.read_text() + "\n// build B\n")
    for sibling in module.parent.glob("dom.js.*"):
        sibling.unlink()
    old = manifest_of(site)
    manifest = Manifest(precache=dict(old["precache"]), runtime=dict(old["runtime"]))
    manifest.precache["assets/playground/dom.js"] = digest(module)
    (site / "sw.js").write_text(service_worker(manifest))


def test_a_tab_open_across_a_deploy_keeps_its_build(browser: Any, built_site: Path, tmp_path: Path) -> None:
    """Deploy B while a tab of A is open: that tab still gets A's module (and is told B is ready); a new tab
    gets B's."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    with serve_with_headers(site) as url:
        context = browser.new_context()
        try:
            old = context.new_page()
            old.goto(url + "beginner/")
            old.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
            assert old.evaluate(WHICH) == "200 A"
            redeploy(site)
            old.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
            # The new worker installs the new build's files first: on a loaded two-core machine that took
            # over 60 s (CI), 13 s alone.
            deadline = time.monotonic() + 180
            while not old.locator("#dnp-update").count():
                assert time.monotonic() < deadline, "the old tab was never told a new version is ready"
                old.wait_for_timeout(300)
            assert old.evaluate(WHICH) == "200 A"  # still its own build's file, from its build's cache
            new = context.new_page()
            new.goto(url + "beginner/")
            new.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
            assert new.evaluate(WHICH) == "200 B"
            assert "new version of this site is ready" in old.locator("#dnp-update").inner_text()
        finally:
            context.close()
