// The site's loader (extra_javascript, type=module, on every page; runs once per visit). Material's
// instant navigation shows pages without reloading, so page code is imported only when a page that
// needs it is shown (document$), and torn down when the page is replaced:
//   - blocks marked data-dnp-try: the "Try it" buttons (tryit.js); the terminal and the simulator's
//     client load on the first press (tryit-panel.js);
//   - [data-dnp-playground]: the Playground page (its styles, client.js, playground-page.js);
//   - [data-dnp-scripts]: classic scripts a page names (the cheat sheet's MiniSearch and filter).
// A while after the first page has loaded, at an idle moment (and once a starting simulator has answered), it
// registers the service worker named by <meta name="dnp-service-worker"> (sw.js: offline after one visit).
// On the Playground page Material's bundle runs late too (material.js): this loader mounts that page at
// once and follows Material's instant navigation once the bundle has run.

const PLAYGROUND_STYLE = new URL("playground.css", import.meta.url).href;
/** A page with Try it blocks loads prefetch.js this long after it is shown (then it waits for its own time). */
const PREFETCH_LOAD_MS = 4000;
/** On a page whose load started no simulator, the service worker is registered (and precaches the site, ~350
 * files) no sooner than this after the load: a reader's first Try it press has the link and its connections
 * to itself. (The Playground page registers it once the simulator has answered, as the warm start expects.) */
const PRECACHE_AFTER_MS = 5000;

let teardown = [];
let generation = 0;

function dispose() {
  for (const done of teardown) {
    try {
      done();
    } catch (error) {
      console.error("loader: teardown failed", error);
    }
  }
  teardown = [];
}

/** Run `mount` (async) unless another page was shown meanwhile; keep what it returns for teardown. */
async function mountLater(mount) {
  const mine = generation;
  try {
    const done = await mount(() => mine === generation);
    if (typeof done !== "function") return;
    if (mine === generation) teardown.push(done);
    else done();
  } catch (error) {
    console.error("loader: a page widget could not load", error);
  }
}

async function mountPlayground(root, current) {
  const { loadStyle, rememberWhenReady } = await import("./load.js");
  const [{ getClient }, { mountPlaygroundPage }] = await Promise.all([
    import("./client.js"),
    import("./playground-page.js"),
    loadStyle(PLAYGROUND_STYLE),
  ]);
  if (!current()) return null;
  const client = getClient();
  rememberWhenReady(client);
  return mountPlaygroundPage(root, client);
}

function scriptsOf(element) {
  return (element.getAttribute("data-dnp-scripts") ?? "").split(/\s+/).filter(Boolean);
}

function mount() {
  dispose();
  generation += 1;
  const page = document.querySelector("[data-dnp-playground]");
  if (page) mountLater((current) => mountPlayground(page, current));
  if (document.querySelector("[data-dnp-try]")) {
    mountLater(async (current) => {
      const { mountTryIt } = await import("./tryit.js");
      return current() ? mountTryIt(document) : null;
    });
    if (navigator.connection) {
      // Prefetch when cheap (prefetch.js): its code loads only after the page has been shown a while.
      mountLater(async (current) => {
        await new Promise((resolve) => setTimeout(resolve, PREFETCH_LOAD_MS));
        if (!current()) return null;
        const { prefetchWhenCheap } = await import("./prefetch.js");
        return current() ? prefetchWhenCheap() : null;
      });
    }
  }
  for (const element of document.querySelectorAll("[data-dnp-scripts]")) {
    // In order: a later script may need an earlier one (cheatsheet.js needs MiniSearch).
    const scripts = scriptsOf(element);
    import("./load.js")
      .then(({ loadScript }) => scripts.reduce((previous, src) => previous.then(() => loadScript(src)), Promise.resolve()))
      .catch((error) => console.error("loader:", error.message));
  }
}

/** Run `then` once this page's simulator (if it is starting) has started and answered what the reader
 * already asked, at an idle moment after the page has loaded (waiting at most `idleMs` for each idle
 * moment). On a page with no simulator started by its load (a notes page), not before `afterMs` after it,
 * and a simulator started meanwhile (a Try it press) is waited for too. */
function afterFirstAnswers(then, idleMs, afterMs = 0) {
  const idle = (next) =>
    "requestIdleCallback" in window ? requestIdleCallback(next, { timeout: idleMs }) : setTimeout(next, 1000);
  const answered = (client) =>
    idle(() => (client.whenIdle ? client.whenIdle() : Promise.resolve()).then(() => idle(then)));
  const afterStart = () => {
    const client = window.__dockerNotesPlayground;
    if (client?.status !== "loading") return client ? answered(client) : then();
    const off = client.on("status", (status) => {
      if (status === "loading") return;
      off();
      answered(client);
    });
  };
  const loaded = () => {
    const started = (window.__dockerNotesPlayground?.status ?? "idle") !== "idle"; // the Playground page
    setTimeout(() => idle(afterStart), started ? 0 : afterMs);
  };
  if (document.readyState === "complete") loaded();
  else addEventListener("load", loaded, { once: true });
}

function registerServiceWorker() {
  const meta = document.querySelector('meta[name="dnp-service-worker"]');
  if (!meta || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  const script = new URL(meta.content, location.href);
  const scope = new URL("./", script);
  // Once active it keeps what this visit already downloaded by itself (sw.js, activate).
  const register = () =>
    navigator.serviceWorker
      .register(script, { scope: scope.pathname })
      .then((registration) => import("./update-notice.js").then(({ watchForUpdates }) => watchForUpdates(registration)))
      .catch((error) => console.warn("service worker not registered:", error.message));
  // Never in the way of a starting simulator or a first press: the page's own downloads go first (a Try it
  // press right after the load waits for a dozen files, two waves of an HTTP/1.1 host's six connections,
  // which the precache's requests would share), then a starting simulator's runtime and the commands the
  // reader already asked for (sent as it becomes ready, before the next idle moment), the precache last.
  afterFirstAnswers(register, 5000, PRECACHE_AFTER_MS);
}

/** Mount every page Material's instant navigation shows from now on (not the one shown: it is mounted). */
function followMaterial() {
  if (!window.document$ || typeof window.document$.subscribe !== "function") return;
  let shown = false;
  window.document$.subscribe(() => {
    if (shown) mount();
    shown = true; // document$ replays the page it has, which is this one
  });
}

const bundle = document.querySelector("script[data-dnp-material-bundle]");
if (bundle) {
  // The Playground page runs Material's bundle late (material.js), and this page is mounted now.
  import("./material.js")
    .then(({ runDeferredBundle }) =>
      runDeferredBundle(bundle, { whenFree: (run) => afterFirstAnswers(run, 1000), onRun: followMaterial }),
    )
    .catch((error) => console.error("loader:", error.message));
}
if (!bundle && window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount, { once: true });
} else {
  mount();
}
registerServiceWorker();
