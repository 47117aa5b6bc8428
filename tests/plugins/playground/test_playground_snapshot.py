"""The Pyodide memory snapshot: cached by key, optional (a failure never breaks the build), used by the worker
with a fallback to the normal start."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docker_notes.playground import snapshot
from docker_notes.playground.page import config_module

from tests.plugins.playground.conftest import wait_ready


def test_key_changes_with_the_pyodide_version_and_the_sources() -> None:
    """A new Pyodide or a changed simulator makes a new snapshot; the same pair reuses the cached one."""
    key = snapshot.snapshot_key("314.0.7", "abc")
    assert key == snapshot.snapshot_key("314.0.7", "abc")
    assert key != snapshot.snapshot_key("314.0.8", "abc")
    assert key != snapshot.snapshot_key("314.0.7", "abd")


def test_no_node_means_no_snapshot_and_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Node the build goes on without a snapshot (the worker starts the normal way)."""
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "package.json").write_text(json.dumps({"version": "314.0.7"}), encoding="utf-8")
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    assert snapshot.build_snapshot(tmp_path, tmp_path / "x.whl", "abc", tmp_path / "cache") is None


def test_a_failing_snapshot_script_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A script that fails (here: a wheel that does not exist) yields None and no half-written cache entry."""
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "package.json").write_text(json.dumps({"version": "0"}), encoding="utf-8")
    script = tmp_path / "fail.mjs"
    script.write_text("process.exit(3);\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "SCRIPT", script)
    if snapshot.shutil.which("node") is None:
        pytest.skip("node is missing")
    assert snapshot.build_snapshot(tmp_path, tmp_path / "x.whl", "abc", tmp_path / "cache") is None
    assert not any((tmp_path / "cache" / "snapshots").iterdir())


def test_config_names_the_snapshot_only_when_there_is_one() -> None:
    """config.js carries ``snapshot`` when the build made one, and no key otherwise."""
    common = {"wheel": "w.whl", "pyodide": "../pyodide/", "root": "../../", "page": "playground/", "workbench": True}
    assert '"snapshot"' not in config_module(**common, version="1")
    assert '"snapshot": "snapshots/k/dockersim.snapshot.gz"' in config_module(
        **common, version="1", snapshot="snapshots/k/dockersim.snapshot.gz"
    )


def test_the_site_ships_the_snapshot_config_points_at(built_site: Path) -> None:
    """The built site has one gzip snapshot and config.js names it."""
    config = (built_site / "assets" / "playground" / "config.js").read_text(encoding="utf-8")
    data = json.loads(config[config.index("{") : config.rindex("}") + 1])
    found = list((built_site / "assets" / "playground" / "snapshots").rglob("*.snapshot.gz"))
    assert len(found) == 1
    assert (built_site / "assets" / "playground" / data["snapshot"]).resolve() == found[0].resolve()
    assert found[0].read_bytes()[:2] == b"\x1f\x8b"


def test_worker_starts_from_the_snapshot(page: object, site_url: str) -> None:
    """The worker says it started from the snapshot, and the simulator answers."""
    page.goto(site_url + "playground/")  # type: ignore[attr-defined]
    page.locator("[data-dnp-terminal=main] .dnp-term__input").click()  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.evaluate("() => window.__dockerNotesPlayground.info?.snapshot") is True  # type: ignore[attr-defined]
    reply = page.evaluate(  # type: ignore[attr-defined]
        "async () => (await window.__dockerNotesPlayground.request('run', {line: 'docker run -d nginx'})).exit_code"
    )
    assert reply == 0


def test_worker_falls_back_when_the_snapshot_is_missing(page: object, site_url: str) -> None:
    """A snapshot that cannot be downloaded (404) is not a failure: the worker starts the normal way."""

    def missing_snapshot(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        body = re.sub(r'"snapshot": "[^"]+"', '"snapshot": "snapshots/missing/dockersim.snapshot.gz"', response.text())
        route.fulfill(response=response, body=body)  # type: ignore[attr-defined]

    page.route("**/assets/playground/config.js", missing_snapshot)  # type: ignore[attr-defined]
    page.goto(site_url + "playground/")  # type: ignore[attr-defined]
    page.locator("[data-dnp-terminal=main] .dnp-term__input").click()  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.evaluate("() => window.__dockerNotesPlayground.info?.snapshot") is False  # type: ignore[attr-defined]
    reply = page.evaluate(  # type: ignore[attr-defined]
        "async () => (await window.__dockerNotesPlayground.request('run', {line: 'docker ps'})).exit_code"
    )
    assert reply == 0


def test_config_states_what_a_first_start_downloads(built_site: Path) -> None:
    """config.js tells the reader the real size of the runtime: Pyodide's files, the wheel and the snapshot."""
    text = (built_site / "assets" / "playground" / "config.js").read_text(encoding="utf-8")
    stated = int(re.search(r'"downloadBytes": (\d+)', text).group(1))  # type: ignore[union-attr]
    playground = built_site / "assets" / "playground"
    shipped = [*(built_site / "assets" / "pyodide").iterdir(), *playground.glob("wheels/*/*")]
    shipped += list(playground.glob("snapshots/*/*"))
    assert stated == sum(path.stat().st_size for path in shipped if path.is_file())
