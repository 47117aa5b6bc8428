// Loading on demand: stylesheets and classic scripts added once per visit, and the service worker's
// "remember what this page already downloaded" message. Used by the loader (playground.js) and by the
// code it imports lazily.

const loaded = new Map();

function once(url, make) {
  if (!loaded.has(url)) loaded.set(url, make());
  return loaded.get(url);
}

/** Add a stylesheet to <head> once; resolves when it applies (or failed: the page must not hang on it). */
export function loadStyle(href) {
  const url = new URL(href, location.href).href;
  const present = [...document.querySelectorAll('link[rel="stylesheet"]')].find((link) => link.href === url);
  if (present?.sheet) return Promise.resolve();
  return once(url, () => new Promise((resolve) => {
    const link = present ?? document.createElement("link");
    link.addEventListener("load", () => resolve(), { once: true });
    link.addEventListener("error", () => resolve(), { once: true });
    if (!present) {
      link.rel = "stylesheet";
      link.href = url;
      document.head.append(link);
    }
  }));
}

/** Run a classic script once per visit; resolves when it ran, rejects when it could not load. */
export function loadScript(src) {
  const url = new URL(src, location.href).href;
  return once(url, () => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = false;
    script.addEventListener("load", () => resolve(), { once: true });
    script.addEventListener("error", () => {
      loaded.delete(url);
      script.remove();
      reject(new Error(`could not load ${url}`));
    }, { once: true });
    document.head.append(script);
  }));
}

/** Ask the service worker to keep the runtime files this visit already downloaded (see sw.js). */
export async function rememberDownloads() {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    registration?.active?.postMessage({ type: "remember" });
  } catch {
    // no service worker: nothing to remember
  }
}

const watched = new WeakSet();

/** Remember the simulator's downloads whenever the client gets ready (first start, restart). */
export function rememberWhenReady(client) {
  if (watched.has(client)) return;
  watched.add(client);
  if (client.status === "ready") rememberDownloads();
  client.on("ready", () => rememberDownloads());
}
