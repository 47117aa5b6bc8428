"""The service worker's precache (sw.js, install) under Node with stand-ins for the browser: it keeps at most
two requests in flight at low priority, so a page's own requests keep most of an HTTP/1.1 host's six
connections, and it still caches every file of the manifest."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from docker_notes.assets.offline import Manifest, service_worker

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

#: Runs sw.js in a vm context with fake caches and fetch; prints what the install did.
HARNESS = r"""
const vm = require("node:vm");
const source = require("node:fs").readFileSync(0, "utf8");
const listeners = {};
const stores = new Map();
const cacheOf = (name) => {
  if (!stores.has(name)) stores.set(name, new Map());
  const store = stores.get(name);
  return {
    keys: async () => [...store.keys()].map((url) => ({ url })),
    put: async (key, value) => { store.set(String(key), value); },
    match: async (key) => store.get(String(key)),
  };
};
let inFlight = 0, most = 0, fetched = 0;
const priorities = new Set();
const context = {
  URL, Response: { json: (value) => ({ ok: true, value }) }, console, setTimeout,
  caches: {
    open: async (name) => cacheOf(name),
    match: async () => undefined,
    keys: async () => [...stores.keys()],
  },
  fetch: async (url, init) => {
    inFlight += 1; most = Math.max(most, inFlight); fetched += 1;
    priorities.add(init?.priority);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight -= 1;
    return { ok: true, status: 200, url };
  },
};
context.self = {
  registration: { scope: "https://example.org/" },
  addEventListener: (type, fn) => { listeners[type] = fn; },
};
vm.runInNewContext(source, context);
let done;
listeners.install({ waitUntil: (promise) => { done = promise; } });
context.self.skipWaiting = async () => {};
done.then(() => {
  const cached = [...stores.entries()].filter(([name]) => name.startsWith("dnp-precache-"))[0][1].size;
  console.log(JSON.stringify({ most, fetched, cached, priorities: [...priorities] }));
});
"""


def test_precache_keeps_two_requests_in_flight_and_caches_every_file() -> None:
    manifest = Manifest(precache={f"page-{index}/": f"{index:016x}" for index in range(40)})
    script = service_worker(manifest).replace("self.skipWaiting()", "Promise.resolve()")
    result = subprocess.run(
        ["node", "-e", HARNESS], input=script, capture_output=True, text=True, timeout=60, check=True
    )
    report = json.loads(result.stdout)
    assert report["fetched"] == 40
    assert report["cached"] == 40
    assert report["most"] == 2
    assert report["priorities"] == ["low"]
