// The playground's module Web Worker: one per visit. Loads Pyodide and the dockersim wheel from the
// site (never from a CDN), then answers requests through dockersim.worker.handle(request_json).
// The contract is playground/WORKER.md. Errors always come back as data.
//
// Query parameters (set by client.js): pyodide = folder URL of the runtime, wheel = wheel URL,
// snapshot = (optional) a gzip Pyodide memory snapshot with dockersim imported, made at site build
// (plugins/docker_notes/playground/snapshot.py). Starting from it skips Python's start-up and the
// simulator's imports; when it is missing or fails, the worker starts the normal way.

const params = new URL(self.location.href).searchParams;
const PYODIDE = params.get("pyodide");
const WHEEL = params.get("wheel");
const SNAPSHOT = params.get("snapshot");
const STEPS = ["runtime", "stdlib", "packages", "dockersim", "ready"];
const LABELS = {
  runtime: "Loading the Python runtime",
  stdlib: "Loading the Python standard library",
  packages: "Loading the docker simulator",
  dockersim: "Starting the docker simulator",
  ready: "Ready",
};

let handle = null;
let failure = null;
let current = 0; // steps only move forward, even when downloads overlap
let settle;
const settled = new Promise((resolve) => (settle = resolve)); // ready or failed, whichever comes first

function progress(step, extra = {}) {
  current = Math.max(current, STEPS.indexOf(step) + 1);
  const name = STEPS[current - 1];
  self.postMessage({
    type: "progress",
    payload: { step: name, done: current, total: STEPS.length, label: LABELS[name], ...extra },
  });
}

/** Bytes of every watched download so far (the runtime and the standard library load together). */
function downloaded(file) {
  let loaded = 0;
  let size = 0;
  for (const entry of Object.values(bytes)) {
    loaded += entry.loaded;
    size += entry.total;
  }
  return { file, loaded, size };
}

// Count the bytes of the big downloads (Pyodide fetches them itself) to report real progress.
const realFetch = self.fetch.bind(self);
const WATCHED = [
  [/pyodide\.asm\.wasm(\?|$)/, "runtime"],
  [/python_stdlib\.zip(\?|$)/, "stdlib"],
  [/\.whl(\?|$)/, "packages"],
];
const bytes = {};

function fileName(url) {
  return url.split("?")[0].split("/").pop();
}

/** A download the start-up needs failed: say so now (Pyodide may swallow the rejection and hang). */
function downloadFailed(url, reason) {
  const error = new Error(`Could not download ${fileName(url)} (${reason})`);
  if (!handle && !failure) {
    failure = error.message;
    self.postMessage({ type: "fatal", payload: { message: failure } });
    settle();
  }
  return error;
}

self.fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const match = WATCHED.find(([pattern]) => pattern.test(url));
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    throw downloadFailed(url, error.message || String(error));
  }
  if (!response.ok) {
    throw downloadFailed(url, `HTTP ${response.status}`);
  }
  if (!match || !response.body || typeof ReadableStream === "undefined") return response;
  const step = match[1];
  const total = Number(response.headers.get("content-length")) || 0;
  const file = fileName(url);
  bytes[file] = { loaded: 0, total };
  const reader = response.body.getReader();
  let lastPost = 0;
  const stream = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        progress(step, downloaded(file));
        controller.close();
        return;
      }
      bytes[file].loaded += value.byteLength;
      const now = Date.now();
      if (now - lastPost > 100) {
        lastPost = now;
        progress(step, downloaded(file));
      }
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
};

/** The snapshot's bytes (gzip on the wire whatever the host does; inflated here). Not the watched fetch:
 * a missing snapshot is not a start-up failure, the normal start follows. */
async function fetchSnapshot(url) {
  const response = await realFetch(url);
  if (!response.ok || !response.body) throw new Error(`snapshot: HTTP ${response.status}`);
  if (typeof DecompressionStream !== "function") throw new Error("snapshot: no DecompressionStream");
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

function describe(error) {
  if (!error) return "unknown error";
  const text = String(error.message || error);
  // Python tracebacks: keep the last line (the exception), it is what a reader can act on.
  const lines = text.trim().split("\n");
  return lines.length > 3 ? lines[lines.length - 1] : text;
}

async function start() {
  if (typeof WebAssembly !== "object") throw new Error("This browser cannot run WebAssembly.");
  if (!PYODIDE || !WHEEL) throw new Error("The playground's worker was started without its file locations.");
  progress("runtime");
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE).href));
  } catch (error) {
    throw new Error(`Could not load pyodide.mjs (${error.message || error})`);
  }
  const options = { indexURL: PYODIDE, packages: [], stdout: () => {}, stderr: () => {} };
  let pyodide = null;
  if (SNAPSHOT) {
    try {
      // The snapshot downloads while Pyodide fetches and compiles its WebAssembly.
      const bytes = fetchSnapshot(SNAPSHOT);
      bytes.catch(() => {}); // a failed download is handled below, never an unhandled rejection
      pyodide = await loadPyodide({ ...options, _loadSnapshot: bytes });
    } catch (error) {
      console.warn("playground: the snapshot could not be used; starting normally", error);
      pyodide = null;
    }
  }
  const fromSnapshot = Boolean(pyodide);
  if (!pyodide) pyodide = await loadPyodide(options);
  progress("stdlib", { python: pyodide.version });
  progress("packages");
  const errors = [];
  await pyodide.loadPackage(WHEEL, {
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
    checkIntegrity: false,
  });
  if (errors.length) throw new Error(`Could not install the simulator: ${errors.join("; ")}`);
  progress("dockersim");
  let module;
  try {
    module = pyodide.pyimport("dockersim.worker");
  } catch (error) {
    throw new Error(`The simulator could not start: ${describe(error)}`);
  }
  handle = module.handle;
  const python = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
  const version = pyodide.runPython("import dockersim; getattr(dockersim, '__version__', '0')");
  progress("ready");
  self.postMessage({ type: "ready", payload: { version, python, pyodide: pyodide.version, snapshot: fromSnapshot } });
}

// Pyodide sometimes re-throws a failed start-up download from a promise nobody awaits: report it as
// the start-up failure (once) instead of letting it surface as an uncaught error.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!handle && !failure) {
    failure = describe(event.reason);
    self.postMessage({ type: "fatal", payload: { message: failure } });
    settle();
  }
});

start().then(settle, (error) => {
  if (!failure) {
    failure = describe(error);
    self.postMessage({ type: "fatal", payload: { message: failure } });
  }
  settle();
});

function reply(id, body) {
  self.postMessage({ id, ...body });
}

self.onmessage = async (event) => {
  const request = event.data;
  const id = request && typeof request === "object" ? request.id : undefined;
  if (typeof id !== "number" || typeof request.type !== "string") {
    reply(id ?? null, { ok: false, error: { code: "bad_request", message: "A request needs a numeric id and a type." } });
    return;
  }
  await settled;
  if (!handle) {
    reply(id, { ok: false, error: { code: "unavailable", message: failure || "The simulator is not running." } });
    return;
  }
  let text;
  try {
    text = handle(JSON.stringify({ id, type: request.type, payload: request.payload ?? {} }));
  } catch (error) {
    reply(id, { ok: false, error: { code: "internal", message: describe(error) } });
    return;
  }
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    reply(id, { ok: false, error: { code: "internal", message: "The simulator answered something that is not JSON." } });
    return;
  }
  if (!answer || typeof answer !== "object") {
    reply(id, { ok: false, error: { code: "internal", message: "The simulator's answer has no shape." } });
    return;
  }
  answer.id = id;
  if (answer.ok === false) {
    answer.error = answer.error && typeof answer.error === "object" ? answer.error : { code: "error", message: String(answer.error) };
  } else {
    answer.ok = true;
  }
  self.postMessage(answer);
};
