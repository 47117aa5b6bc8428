// The site's service worker (docker-notes/assets, option `service_worker`; written at the site root at
// build, so its scope is the whole site; registered by the site's loader after the first page loaded).
//
// - install: precache the site shell in the background (every page, style, script, font, the search
//   index, cheatsheet.json, the lesson files), two files at a time at low priority (the page keeps most of
//   the host's connections), each under its content digest from the manifest below; keep the manifest
//   itself in the "book" (so later builds' workers can still serve this build's tabs);
// - activate: take control of the open pages, turn on navigation preload, drop what no open tab needs;
// - one build per page: each page (and the workers it starts) is served the files of the build it came
//   from, by that build's manifest, even after a newer worker took over; an older build's caches are kept
//   until no tab uses them. A page tells the reader when a newer version is ready (message "version");
// - pages: network first, but a page whose bytes are not this build's (the server already has a newer one)
//   is answered from this build's cache, so it never runs with another build's files; offline: the cache;
// - files of the manifest: cache first (a digest names one exact content); a miss is fetched with
//   cache: "no-store" (never an HTTP-cached older copy) and served only when its sha256 is the manifest's:
//   bytes of another build get a 409 saying so, never the page. The runtime files (Pyodide, the wheel, the
//   snapshot, the workbench) are kept when first downloaded, never fetched ahead;
// - any other same-origin GET: stale-while-revalidate. Never non-GET, never another origin.
// The page may post {type: "remember"}: the runtime files it already downloaded before this worker
// controlled it are copied from the browser's HTTP cache (no download).

const MANIFEST = __DNP_MANIFEST__;

const PREFIX = "dnp-";
const VERSION = MANIFEST.version;
const PRECACHE = `${PREFIX}precache-${VERSION}`;
const RUNTIME = `${PREFIX}runtime`;
const OTHER = `${PREFIX}other`;
const BOOK = `${PREFIX}book`; // the manifests of the builds this browser ran, and which tab runs which
const NETWORK = "network"; // a page newer than this worker's build: its files come from the network
const SCOPE = new URL(self.registration.scope);
const PRUNE_EVERY_MS = 60_000;

/** Absolute URL → cache key (the URL with its digest: a new build's file never matches an old one). */
function keys(table) {
  return new Map(Object.entries(table).map(([path, hash]) => {
    const url = new URL(path, SCOPE).href;
    return [url, `${url}${url.includes("?") ? "&" : "?"}dnp=${hash}`];
  }));
}

const tables = new Map([[VERSION, { precached: keys(MANIFEST.precache), runtime: keys(MANIFEST.runtime) }]]);
const { precached, runtime } = tables.get(VERSION);

const bookKey = (kind, id) => new URL(`__dnp/${kind}/${encodeURIComponent(id)}`, SCOPE).href;

/** A build's tables (this one's, or an older one's from the book); null when the book has lost it. */
async function tablesOf(version) {
  if (tables.has(version)) return tables.get(version);
  const entry = await (await caches.open(BOOK)).match(bookKey("manifest", version));
  if (!entry) return null;
  const manifest = await entry.json();
  const found = { precached: keys(manifest.precache ?? {}), runtime: keys(manifest.runtime ?? {}) };
  tables.set(version, found);
  return found;
}

const clientVersions = new Map();

/** The build a tab (or a worker it started) runs: the one whose page it was served. */
async function versionOf(clientId) {
  if (!clientId) return VERSION;
  if (clientVersions.has(clientId)) return clientVersions.get(clientId);
  const entry = await (await caches.open(BOOK)).match(bookKey("client", clientId));
  const version = entry ? String((await entry.json()).version) : VERSION;
  clientVersions.set(clientId, version);
  return version;
}

async function bind(clientId, version) {
  if (!clientId) return;
  clientVersions.set(clientId, version);
  await (await caches.open(BOOK)).put(bookKey("client", clientId), Response.json({ version, at: Date.now() }));
}

/** The manifest's URL for a request: no query, no fragment, ".../index.html" as ".../". */
function canonical(url) {
  const clean = new URL(url.pathname, url);
  if (clean.pathname.endsWith("/index.html")) clean.pathname = clean.pathname.slice(0, -"index.html".length);
  return clean.href;
}

/** Precache requests in flight at once: an HTTP/1.1 host gives a page six connections, and the precache's
 *  ~350 files must leave the page most of them (a Try it press, a starting simulator), so it downloads in
 *  the background without ever holding the link's connections. */
const PRECACHE_AT_ONCE = 2;

async function precache() {
  const cache = await caches.open(PRECACHE);
  const have = new Set((await cache.keys()).map((request) => request.url));
  const queue = [...precached].filter(([, key]) => !have.has(key));
  const next = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [url, key] = item;
      // The same file from an older build's cache, else the network (never the HTTP cache), at low priority.
      const response = (await caches.match(key)) ?? (await fetch(url, { cache: "no-store", priority: "low" }));
      if (!response.ok) throw new Error(`precache: ${url} answered ${response.status}`);
      await cache.put(key, response);
    }
  };
  await Promise.all(Array.from({ length: PRECACHE_AT_ONCE }, next));
  await (await caches.open(BOOK)).put(bookKey("manifest", VERSION), Response.json(MANIFEST));
}

let pruned = 0;

/** Drop the builds no open tab runs (their caches, their manifests) and the book's entries of closed tabs. */
async function prune() {
  pruned = Date.now();
  const live = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: "all" })).map((client) => client.id));
  const book = await caches.open(BOOK);
  const inUse = new Set([VERSION]);
  for (const request of await book.keys()) {
    const [, kind, id] = new URL(request.url).pathname.match(/__dnp\/(client|manifest)\/(.*)$/) ?? [];
    if (kind !== "client") continue;
    const clientId = decodeURIComponent(id);
    const entry = await (await book.match(request)).json();
    if (!live.has(clientId) && Date.now() - (entry.at ?? 0) > PRUNE_EVERY_MS) {
      clientVersions.delete(clientId);
      await book.delete(request);
    } else {
      inUse.add(String(entry.version));
    }
  }
  for (const request of await book.keys()) {
    const [, kind, id] = new URL(request.url).pathname.match(/__dnp\/(client|manifest)\/(.*)$/) ?? [];
    if (kind === "manifest" && !inUse.has(decodeURIComponent(id))) {
      tables.delete(decodeURIComponent(id));
      await book.delete(request);
    }
  }
  for (const name of await caches.keys()) {
    if (name.startsWith(`${PREFIX}precache-`) && !inUse.has(name.slice(`${PREFIX}precache-`.length))) await caches.delete(name);
  }
  const wanted = new Set();
  for (const version of inUse) for (const key of (await tablesOf(version))?.runtime.values() ?? []) wanted.add(key);
  const cache = await caches.open(RUNTIME);
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Whether `bytes` are the file `key` names: their sha256 begins with the key's `dnp` digest. */
async function isWhole(bytes, key) {
  const wanted = new URL(key).searchParams.get("dnp");
  if (!wanted || !self.crypto?.subtle) return true;
  return hex(await crypto.subtle.digest("SHA-256", bytes)).startsWith(wanted);
}

/** Copy the runtime files the browser already holds into the runtime cache (only-if-cached: no download),
 *  each only when its bytes are the manifest's. */
async function remember() {
  const cache = await caches.open(RUNTIME);
  for (const [url, key] of runtime) {
    if (await cache.match(key)) continue;
    try {
      const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
      if (!response.ok) continue;
      const bytes = await response.arrayBuffer();
      if (await isWhole(bytes, key)) await cache.put(key, new Response(bytes, { headers: response.headers }));
    } catch {
      // not in the HTTP cache: it will be kept when first downloaded through this worker
    }
  }
}

self.addEventListener("install", (event) => {
  // Taking over at once is safe: every open tab goes on being served its own build (versionOf).
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

/** Navigation preload: the browser sends a page's request while this worker starts (a reload otherwise
 *  waits for the worker before its request even leaves). */
async function enableNavigationPreload() {
  try {
    await self.registration.navigationPreload?.enable();
  } catch {
    // not supported: pages are fetched by this worker as before
  }
}

/** The tabs this worker finds open with no build of their own: their pages came from the network before any
 *  worker served them (a first visit), so from this worker's build. Bound before a newer worker can come. */
async function bindUnbound() {
  const book = await caches.open(BOOK);
  for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: "all" })) {
    if (!(await book.match(bookKey("client", client.id)))) await bind(client.id, VERSION);
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    enableNavigationPreload().then(() => self.clients.claim()).then(bindUnbound).then(prune).then(remember),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "remember") event.waitUntil(remember());
  if (type === "version") {
    // The build the asking tab runs, and this worker's: differing, a newer version is ready (a reload).
    event.waitUntil(versionOf(event.source?.id).then((page) => event.ports[0]?.postMessage({ page, latest: VERSION })));
  }
});

/** The cached response as the answer to `request`. Scripts and pages get a copy without its own URL when
 *  the URLs differ (a worker's `location`, a module's `import.meta.url` and a page's address then stay the
 *  requested URL, query kept). A fetch() (the runtime's wasm and snapshot, the search index) gets the cached
 *  response itself: a copy's body would be pumped through this worker's JavaScript. */
function asRequested(response, request) {
  if (!response || response.url === request.url || request.destination === "") return response;
  const { status, statusText, headers } = response;
  return new Response(response.body, { status, statusText, headers });
}

function isPage(request, url) {
  return request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html");
}

async function offlinePage(event, url, error) {
  const key = precached.get(url);
  const cached = (key && (await caches.match(key))) || (await caches.match(event.request, { cacheName: OTHER }));
  if (cached) return asRequested(cached, event.request);
  const missing = precached.get(new URL("404.html", SCOPE).href);
  const page = missing && (await caches.match(missing));
  if (page) return new Response(page.body, { status: 404, statusText: "Not Found", headers: page.headers });
  throw error;
}

async function networkFirst(event, url) {
  let response;
  try {
    response = (await event.preloadResponse) ?? (await fetch(event.request));
  } catch (error) {
    event.waitUntil(bind(event.resultingClientId, VERSION));
    return offlinePage(event, url, error);
  }
  const key = precached.get(url);
  let version = VERSION;
  if (key && response.ok) {
    const bytes = await response.clone().arrayBuffer();
    if (!(await isWhole(bytes, key))) {
      // The server has another build than this worker: its page with this worker's files would mix builds.
      // This build's copy of the page keeps the tab whole; the newer build installs meanwhile.
      self.registration.update().catch(() => {});
      const cached = await caches.match(key);
      if (cached) {
        event.waitUntil(bind(event.resultingClientId, VERSION));
        return asRequested(cached, event.request);
      }
      version = NETWORK; // no copy of ours: the newer page, with the newer files from the network
    }
  }
  event.waitUntil(bind(event.resultingClientId, version));
  if (Date.now() - pruned > PRUNE_EVERY_MS) event.waitUntil(prune().catch(() => {}));
  return response;
}

/** A file of a build's manifest: from any cache holding its digest, else the network (no HTTP cache),
 *  served and kept only when its bytes are that file's. */
async function cacheFirst(event, cacheName, key) {
  const cached = await caches.match(key);
  if (cached) return asRequested(cached, event.request);
  const response = await fetch(event.request.url, { cache: "no-store", credentials: "same-origin" });
  if (!response.ok || response.type !== "basic") return response;
  const bytes = await response.arrayBuffer();
  if (!(await isWhole(bytes, key))) {
    return new Response(
      "This file changed on the server: a newer version of the site is out. Reload the page to use it (your playground is saved).",
      { status: 409, statusText: "Another build's file", headers: { "Content-Type": "text/plain; charset=utf-8" } },
    );
  }
  const whole = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  // Cloned now: once `whole` is handed to the page its body is read, and a later clone() throws.
  const kept = whole.clone();
  event.waitUntil(caches.open(cacheName).then((cache) => cache.put(key, kept)));
  return whole;
}

async function staleWhileRevalidate(event) {
  const cache = await caches.open(OTHER);
  const cached = await cache.match(event.request);
  const fresh = fetch(event.request).then((response) => {
    if (response.ok && response.type === "basic") return cache.put(event.request, response.clone()).then(() => response);
    return response;
  });
  if (!cached) return fresh;
  event.waitUntil(fresh.catch(() => {}));
  return cached;
}

async function file(event, url) {
  let version = await versionOf(event.clientId);
  // A worker (or a frame) is served the build of the page that started it.
  if (event.resultingClientId) event.waitUntil(bind(event.resultingClientId, version));
  if (version === NETWORK) return fetch(event.request.url, { cache: "no-store", credentials: "same-origin" });
  let table = await tablesOf(version);
  if (!table) {
    version = VERSION; // the book lost that build (storage cleared): the current one is all there is
    table = tables.get(VERSION);
  }
  if (table.precached.has(url)) return cacheFirst(event, `${PREFIX}precache-${version}`, table.precached.get(url));
  if (table.runtime.has(url)) return cacheFirst(event, RUNTIME, table.runtime.get(url));
  return staleWhileRevalidate(event);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (url.pathname.startsWith(`${SCOPE.pathname}__dnp/`)) return;
  const key = canonical(url);
  if (isPage(request, url)) event.respondWith(networkFirst(event, key));
  else event.respondWith(file(event, key));
});
