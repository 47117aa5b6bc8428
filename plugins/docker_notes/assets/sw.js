// The site's service worker (docker-notes/assets, option `service_worker`; written at the site root at
// build, so its scope is the whole site; registered by the site's loader after the first page loaded).
//
// - install: precache the site shell in the background (every page, style, script, font, the search
//   index, cheatsheet.json), each under its content digest from the manifest below;
// - activate: drop the caches of older builds, take control of the open pages, turn on navigation
//   preload (a page's request goes out while this worker is still starting, not after);
// - pages: network first (fresh when online), the precached copy when offline;
// - files of the manifest: cache first (a digest names one exact content); the runtime files (Pyodide,
//   the wheel, the snapshot, the workbench) are kept when first downloaded, never fetched ahead; a file is
//   kept only when its bytes are the manifest's (sha256), so a damaged download is never served again;
// - any other same-origin GET: stale-while-revalidate. Never non-GET, never another origin.
// The page may post {type: "remember"}: the runtime files it already downloaded before this worker
// controlled it are copied from the browser's HTTP cache (no download).

const MANIFEST = __DNP_MANIFEST__;

const PREFIX = "dnp-";
const PRECACHE = `${PREFIX}precache-${MANIFEST.version}`;
const RUNTIME = `${PREFIX}runtime`;
const OTHER = `${PREFIX}other`;
const SCOPE = new URL(self.registration.scope);

/** Absolute URL → cache key (the URL with its digest: a new build's file never matches an old one). */
function keys(table) {
  return new Map(Object.entries(table).map(([path, hash]) => {
    const url = new URL(path, SCOPE).href;
    return [url, `${url}${url.includes("?") ? "&" : "?"}dnp=${hash}`];
  }));
}

const precached = keys(MANIFEST.precache);
const runtime = keys(MANIFEST.runtime);

/** The manifest's URL for a request: no query, no fragment, ".../index.html" as ".../". */
function canonical(url) {
  const clean = new URL(url.pathname, url);
  if (clean.pathname.endsWith("/index.html")) clean.pathname = clean.pathname.slice(0, -"index.html".length);
  return clean.href;
}

async function precache() {
  const cache = await caches.open(PRECACHE);
  const have = new Set((await cache.keys()).map((request) => request.url));
  await Promise.all(
    [...precached].map(async ([url, key]) => {
      if (have.has(key)) return;
      // The same file from an older build's cache, else the network (revalidating the HTTP cache).
      const response = (await caches.match(key)) ?? (await fetch(url, { cache: "no-cache" }));
      if (!response.ok) throw new Error(`precache: ${url} answered ${response.status}`);
      await cache.put(key, response);
    }),
  );
}

async function dropOldBuilds() {
  for (const name of await caches.keys()) {
    if (name.startsWith(`${PREFIX}precache-`) && name !== PRECACHE) await caches.delete(name);
  }
  const wanted = new Set(runtime.values());
  const cache = await caches.open(RUNTIME);
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
}

/** Whether a response's body is the file its key names: its sha256 begins with the key's `dnp` digest. */
async function isWhole(response, key) {
  const wanted = new URL(key).searchParams.get("dnp");
  if (!wanted || !self.crypto?.subtle) return true;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("").startsWith(wanted);
}

/** Keep a response under `key`, only when its bytes are that file's: a damaged or cut download is never
 *  kept (the playground's worker drops a damaged file and asks again; a copy kept meanwhile would come back). */
async function keep(cacheName, key, response) {
  if (await isWhole(response.clone(), key)) await (await caches.open(cacheName)).put(key, response);
}

/** Copy the runtime files the browser already holds into the runtime cache (only-if-cached: no download). */
async function remember() {
  const cache = await caches.open(RUNTIME);
  for (const [url, key] of runtime) {
    if (await cache.match(key)) continue;
    try {
      const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
      if (response.ok) await keep(RUNTIME, key, response);
    } catch {
      // not in the HTTP cache: it will be kept when first downloaded through this worker
    }
  }
}

self.addEventListener("install", (event) => {
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

self.addEventListener("activate", (event) => {
  event.waitUntil(enableNavigationPreload().then(dropOldBuilds).then(() => self.clients.claim()).then(remember));
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "remember") event.waitUntil(remember());
});

/** The cached response as the answer to `request`. Scripts and pages get a copy without its own URL when
 *  the URLs differ (a worker's `location`, a module's `import.meta.url` and a page's address then stay the
 *  requested URL, query kept). A fetch() (the runtime's wasm and snapshot, the search index) gets the cached
 *  response itself: a copy's body would be pumped through this worker's JavaScript, which took a second for
 *  the 10 MB wasm, where the cache's own body streams straight to the page. */
function asRequested(response, request) {
  if (!response || response.url === request.url || request.destination === "") return response;
  const { status, statusText, headers } = response;
  return new Response(response.body, { status, statusText, headers });
}

function isPage(request, url) {
  return request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html");
}

async function networkFirst(event, url) {
  try {
    return (await event.preloadResponse) ?? (await fetch(event.request));
  } catch (error) {
    const key = precached.get(url);
    const cached = (key && (await caches.match(key))) || (await caches.match(event.request, { cacheName: OTHER }));
    if (cached) return asRequested(cached, event.request);
    const missing = precached.get(new URL("404.html", SCOPE).href);
    const page = missing && (await caches.match(missing));
    if (page) return new Response(page.body, { status: 404, statusText: "Not Found", headers: page.headers });
    throw error;
  }
}

async function cacheFirst(event, cacheName, key) {
  const cached = await caches.match(key);
  if (cached) return asRequested(cached, event.request);
  const response = await fetch(event.request);
  if (response.ok && response.type === "basic") event.waitUntil(keep(cacheName, key, response.clone()));
  return response;
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

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const key = canonical(url);
  if (isPage(request, url)) event.respondWith(networkFirst(event, key));
  else if (precached.has(key)) event.respondWith(cacheFirst(event, PRECACHE, precached.get(key)));
  else if (runtime.has(key)) event.respondWith(cacheFirst(event, RUNTIME, runtime.get(key)));
  else event.respondWith(staleWhileRevalidate(event));
});
