// Material's bundle on the Playground page, run late (plugins/docker_notes/playground/material.py): the
// page names it in <script type="application/json" data-dnp-material-bundle>{"src": …}</script>, and it
// is downloaded and run once the simulator has answered (whenFree), at once when the reader reaches for
// the site's chrome (a press, a key or focus outside the playground), and at the latest LATEST_MS after
// the page has loaded if the simulator is not still starting or answering then. The site's web fonts come
// with it.
// Material starts on DOMContentLoaded, which has passed by then: it gets that event again, on `document`
// (the loader's own listener is a `once` one, gone by then).
//
// A click on one of the site's pages before Material is ready would be a whole page load (Material only
// intercepts clicks once its bundle runs and its sitemap has arrived), restarting the simulator: such a
// click is held, the bundle run, and the page then opened by Material's instant navigation.

const LATEST_MS = 3000;
const PLAYGROUND = "[data-dnp-playground], [data-dnp-workbench]";
const REACHES = ["pointerdown", "keydown", "focusin"];

/**
 * Run the bundle that `block` names, once: when `whenFree(run)` calls back, when the reader reaches outside
 * the playground, or LATEST_MS after the load event. `onRun()` follows it (Material's globals exist then).
 */
export function runDeferredBundle(block, { whenFree, onRun }) {
  let started = false;
  let ready = false;
  let held = null;
  let timer = 0;
  const reach = (event) => {
    if (!(event.target instanceof Element) || !event.target.closest(PLAYGROUND)) run();
  };
  const hold = (event) => {
    if (ready) return;
    const url = sitePage(event);
    if (!url) return;
    event.preventDefault();
    held = url;
    run();
  };
  const settle = async () => {
    await sitemapArrived();
    ready = true;
    document.removeEventListener("click", hold, true);
    if (held) openInstantly(held);
  };
  const run = () => {
    if (started) return;
    started = true;
    clearTimeout(timer);
    for (const type of REACHES) document.removeEventListener(type, reach, true);
    // The site's web fonts were held back with the bundle (material.py): the screen gets them now.
    for (const fonts of document.querySelectorAll("link[data-dnp-deferred-fonts]")) fonts.media = "all";
    const script = document.createElement("script");
    script.src = new URL(JSON.parse(block.textContent).src, document.baseURI).href;
    script.addEventListener("load", () => {
      document.dispatchEvent(new Event("DOMContentLoaded"));
      onRun();
      settle();
    }, { once: true });
    script.addEventListener("error", () => {
      console.warn("loader: Material's bundle could not load");
      ready = true;
      document.removeEventListener("click", hold, true);
      if (held) location.assign(held);
    }, { once: true });
    document.body.append(script);
  };
  for (const type of REACHES) document.addEventListener(type, reach, true);
  document.addEventListener("click", hold, true);
  // The latest moment, unless the simulator is still starting or answering: its download and a first
  // command typed at once go first (whenFree runs the bundle once it has answered or failed; a reach runs it
  // at once). On a slow machine the simulator can be ready with that command still running at this moment.
  const latest = () => (timer = setTimeout(() => {
    const client = window.__dockerNotesPlayground;
    if (client?.status !== "loading" && !client?.busy) run();
  }, LATEST_MS));
  if (document.readyState === "complete") latest();
  else addEventListener("load", latest, { once: true });
  whenFree(run);
}

/** The URL of one of the site's pages that a plain click on a link goes to, else null. */
function sitePage(event) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!link || link.target || link.hasAttribute("download")) return null;
  const url = new URL(link.href, document.baseURI);
  const scope = window.__md_scope instanceof URL ? window.__md_scope : new URL("/", location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(scope.pathname)) return null;
  if (url.pathname === location.pathname) return null; // the same page: an anchor, left to the browser
  return url.pathname.endsWith("/") || url.pathname.endsWith(".html") ? url : null;
}

/** Material asks for the sitemap as it starts; resolved once the (then cached) copy is here. */
async function sitemapArrived() {
  const scope = window.__md_scope instanceof URL ? window.__md_scope : new URL("/", location.href);
  try {
    await fetch(new URL("sitemap.xml", scope), { credentials: "same-origin" });
  } catch {
    // offline and not cached: Material's instant navigation falls back to whole loads as it always does
  }
}

/** Open `url` as Material's own click handler does: the scroll offset kept, a history entry, `location$`. */
function openInstantly(url) {
  const location$ = window.location$;
  if (!location$ || typeof location$.next !== "function") {
    location.assign(url);
    return;
  }
  history.replaceState({ x: scrollX, y: scrollY }, "");
  history.pushState(null, "", url);
  location$.next(url);
}
