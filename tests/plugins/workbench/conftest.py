"""Fixtures for the workbench: its esbuild bundle, and a harness page that mounts it on the real worker.

The harness is a temporary folder served on 127.0.0.1: the bundle (never committed), ``worker.js`` (with
``snapshot-codec.mjs``, which it imports, and its empty standard library zip), the Pyodide runtime from
``node_modules``, the ``dockersim`` wheel and Material's stylesheets, with a small client that speaks the
worker contract (playground/WORKER.md). Given the built site, the worker starts as the site's does: from the
site's memory snapshot (with its rest archive beside it) and the wheel it was made from, a third of the CPU
of a normal start (about 4 s instead of 12 s per test); the normal start has its own tests.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WORKBENCH = ROOT / "playground" / "web" / "workbench"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

HARNESS_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workbench harness</title>
<link rel="stylesheet" href="material/main.css">
<link rel="stylesheet" href="material/palette.css">
<script id="__config" type="application/json">{"base": "."}</script>
<style>body { margin: 0; } .md-content__inner { padding: 0 1rem 2rem; margin: 0 auto; max-width: 61rem; }</style>
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<div class="md-container"><main class="md-main"><div class="md-content"><article class="md-content__inner md-typeset">
<h1>Playground</h1>
<section id="workbench" aria-label="Dockerfile workbench" hidden></section>
</article></div></main></div>
<script type="module">
import {
  mountWorkbench, placeholderFiles, docsUrl, siteRoot, buildCommand, parseBuildArgs,
} from "./workbench/index.js";

const params = new URLSearchParams(location.search);
const url = new URL("./worker.js", location.href);
url.searchParams.set("pyodide", new URL("./pyodide/", location.href).href);
url.searchParams.set("wheel", new URL("./wheels/WHEEL_NAME", location.href).href);
if ("SNAPSHOT_NAME") url.searchParams.set("snapshot", new URL("./snapshots/SNAPSHOT_NAME", location.href).href);
const listeners = new Map();
const pending = new Map();
let nextId = 1;
let worker = null;
let starting = null;
const sent = [];

function emit(event, payload) {
  for (const fn of listeners.get(event) || []) fn(payload);
}

function post(type, payload) {
  const id = nextId++;
  sent.push({ type, payload });
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, payload });
  });
}

const client = {
  status: "idle",
  sent,
  on(event, fn) {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(fn);
    return () => listeners.get(event).delete(fn);
  },
  start() {
    if (!starting) {
      client.status = "loading";
      starting = new Promise((resolve, reject) => {
        worker = new Worker(url, { type: "module" });
        worker.onmessage = (event) => {
          const message = event.data;
          if (message.type === "changes") {
            // A run's state diff (playground/WORKER.md): before a slow command's output, after a quick one's;
            // the harness keeps no mirror of the state, so only the run's own answer resolves it.
          } else if (typeof message.id === "number") {
            const entry = pending.get(message.id);
            pending.delete(message.id);
            if (!entry) return;
            if (message.ok) entry.resolve(message.payload || {});
            else entry.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
          } else if (message.type === "ready") {
            post("init", { state: null, seed: 7 }).then(() => {
              client.status = "ready";
              emit("ready", message.payload);
              resolve();
            }, reject);
          } else if (message.type === "fatal") {
            client.status = "failed";
            reject(new Error(message.payload.message));
          }
        };
      });
    }
    return starting;
  },
  async request(type, payload = {}) {
    await client.start();
    const reply = await post(type, payload);
    if (["run", "write_file", "delete_file", "rename_file", "reset"].includes(type)) emit("changed", { type, payload });
    return reply;
  },
};
window.harness = { client, placeholderFiles, docsUrl, siteRoot, buildCommand, parseBuildArgs };
if (params.get("mount") !== "no") {
  window.harness.workbench = mountWorkbench(document.getElementById("workbench"), client, { eager: true });
  window.harness.workbench.ready.then(() => { document.body.dataset.workbenchReady = "true"; });
}
</script>
</body>
</html>
"""


def bundle_workbench(target: Path) -> Path:
    """Bundle ``playground/web/workbench/index.js`` with esbuild (as the playground plugin must) into ``target``."""
    if not ESBUILD.exists():
        pytest.skip("esbuild is missing: run 'npm ci'")
    out = target / "workbench" / "index.js"
    result = subprocess.run(
        [
            str(ESBUILD),
            str(WORKBENCH / "index.js"),
            "--bundle",
            "--format=esm",
            "--target=es2020",
            "--minify",
            "--sourcemap",
            f"--outfile={out}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"esbuild failed:\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="session")
def workbench_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled workbench module (a temporary file; bundles are never committed)."""
    return bundle_workbench(tmp_path_factory.mktemp("workbench-bundle"))


def material_stylesheet(name: str) -> Path:
    """Material's minified ``name`` stylesheet, from the installed package (wherever the interpreter keeps it)."""
    import material

    folder = Path(material.__file__).resolve().parent / "templates" / "assets" / "stylesheets"
    found = sorted(folder.glob(f"{name}.*.min.css"))
    if not found:
        pytest.fail(f"Material's {name}.*.min.css is missing from {folder}")
    return found[0]


def site_snapshot(site: Path) -> tuple[Path, Path | None]:
    """The built site's wheel and the memory snapshot made from it (None when the build made none)."""
    playground = site / "assets" / "playground"
    config = (playground / "config.js").read_text(encoding="utf-8")
    data = json.loads(config[config.index("{") : config.rindex("}") + 1])
    snapshot = playground / data["snapshot"] if data.get("snapshot") else None
    return playground / data["wheel"], snapshot


def make_harness(target: Path, wheel_cache: Path, site: Path | None = None) -> Path:
    """Fill ``target`` with the harness page, the bundle, the worker, Pyodide, the wheel and Material's CSS;
    with ``site``, the site's wheel and its memory snapshot (and the rest archive) for the worker to start from."""
    for name in PYODIDE_FILES:
        if not (PYODIDE / name).is_file():
            pytest.skip(f"{PYODIDE / name} is missing: run 'npm ci'")
    from docker_notes.playground.snapshot import REST_NAME
    from docker_notes.playground.wheel import build_wheel

    bundle_workbench(target)
    for name in ("worker.js", "snapshot-codec.mjs", "empty-stdlib.zip"):  # the worker and what it loads beside it
        shutil.copy(ROOT / "playground" / "web" / name, target / name)
    (target / "pyodide").mkdir(exist_ok=True)
    for name in PYODIDE_FILES:
        link = target / "pyodide" / name
        if not link.exists():
            link.symlink_to(PYODIDE / name)
    snapshot = None
    if site is not None:
        wheel_path, snapshot = site_snapshot(site)
        wheel_name = wheel_path.name
        from docker_notes.playground.runtime_min import NAME as RUNTIME_MIN

        runtime = target / "pyodide" / RUNTIME_MIN  # what a snapshot start makes the runtime from
        if not runtime.exists():
            runtime.symlink_to(site / "assets" / "pyodide" / RUNTIME_MIN)
    else:
        wheel = build_wheel(ROOT / "playground" / "dockersim", wheel_cache)
        wheel_path, wheel_name = wheel.path, wheel.filename
    (target / "wheels").mkdir(exist_ok=True)
    shutil.copy(wheel_path, target / "wheels" / wheel_name)
    if snapshot is not None:
        (target / "snapshots").mkdir(exist_ok=True)
        for name in (snapshot.name, snapshot.name + ".gz", REST_NAME):
            if (snapshot.parent / name).is_file():
                (target / "snapshots" / name).symlink_to(snapshot.parent / name)
    (target / "material").mkdir(exist_ok=True)
    for name in ("main", "palette"):
        shutil.copy(material_stylesheet(name), target / "material" / f"{name}.css")
    page = HARNESS_HTML.replace("WHEEL_NAME", wheel_name).replace("SNAPSHOT_NAME", snapshot.name if snapshot else "")
    (target / "index.html").write_text(page, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def harness_dir(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Path:
    """A folder with the harness page, its worker started from the built site's snapshot (see :func:`make_harness`)."""
    return make_harness(
        tmp_path_factory.mktemp("workbench-harness"), tmp_path_factory.mktemp("wheel-cache"), built_site
    )


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent."""


@pytest.fixture(scope="session")
def harness_url(harness_dir: Path) -> Iterator[str]:
    """URL of the harness page on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(harness_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()
