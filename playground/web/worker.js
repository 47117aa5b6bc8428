// The playground's module Web Worker: one per visit. Loads Pyodide and the dockersim wheel from the
// site (never from a CDN), then answers requests through dockersim.worker.handle(request_json, True), the
// state diff of a reply following it in a second message (dockersim.worker.changes, playground/WORKER.md).
// The contract is playground/WORKER.md. Errors always come back as data.
//
// Query parameters (set by client.js): pyodide = folder URL of the runtime, wheel = wheel URL,
// snapshot = (optional) a Pyodide memory snapshot with dockersim and what its first commands need already
// imported, made at site build (plugins/docker_notes/playground/snapshot.py; format in snapshot-codec.mjs).
// Starting from it skips Python's start-up, the simulator's imports and three downloads (the standard
// library, the lock file, the wheel); the rest of the simulator, dockersim.rest.zip beside it, is downloaded
// by the first command that imports it. When the snapshot is missing or fails, the worker starts normally.
// Every download starts at once, before Pyodide's loader has even been imported, the small ones first
// (an HTTP/1.1 host serves six at a time); with link = slow (the page's navigation was slow to answer) the
// snapshot waits for the wasm to be ahead (WASM_LEAD). The snapshot is decoded as it streams in, and
// Pyodide's runtime is created (from the compiled wasm) while the rest of the snapshot still downloads.

import { SnapshotDecoder } from "./snapshot-codec.mjs";

const params = new URL(self.location.href).searchParams;
const PYODIDE = params.get("pyodide");
const WHEEL = params.get("wheel");
const SNAPSHOT = params.get("snapshot");
const WASM = PYODIDE ? new URL("pyodide.asm.wasm", PYODIDE).href : "";
/** An empty zip: a snapshot start needs no standard library file (everything it uses is imported). A file of
 * the site, not a data: URL: the worker's Content-Security-Policy allows connections to the site only. */
const EMPTY_ZIP = new URL("empty-stdlib.zip", import.meta.url).href;
const STEPS = ["runtime", "stdlib", "packages", "dockersim", "ready"];
const LABELS = {
  runtime: "Loading the Python runtime",
  stdlib: "Loading the Python standard library",
  packages: "Loading the docker simulator",
  dockersim: "Starting the docker simulator",
  ready: "Ready",
};

/** Start-up marks (ms since the worker began), sent with "ready" so start-up can be profiled. */
const timings = { origin: performance.timeOrigin };
function mark(name) {
  timings[name] = Math.round(performance.now());
}
mark("worker");

/** Emscripten's set-up of the instance puts ~260 JS functions in the wasm table at each start, each wrapped
 * in a wasm module of its own compiled from a few bytes (convertJsFunctionToWasm) that depend only on the
 * function's signature: each distinct one is compiled once (its instances, one per function, stay apart). */
function compileTinyModulesOnce() {
  const WasmModule = WebAssembly.Module;
  const compiled = new Map();
  WebAssembly.Module = new Proxy(WasmModule, {
    construct(target, args, newTarget) {
      const bytes = args[0];
      if (args.length !== 1 || !(bytes instanceof Uint8Array) || bytes.length > 64) return Reflect.construct(target, args, newTarget);
      const key = String.fromCharCode(...bytes);
      let module = compiled.get(key);
      if (!module) compiled.set(key, (module = Reflect.construct(target, args, newTarget)));
      return module;
    },
  });
}
if (typeof WebAssembly === "object" && typeof WebAssembly.Module === "function") compileTinyModulesOnce();

let handle = null;

/** Emscripten's in-memory file system keeps a folder's entries in a plain object, so a file named
 * "__proto__" became that object's prototype and vanished (`ls` did not show it, nothing saved it). Every
 * MEMFS folder keeps them in an object without a prototype instead: those that exist now and those made later. */
function nullPrototypeFolders(FS) {
  const MEMFS = FS?.filesystems?.MEMFS;
  if (!MEMFS || MEMFS.dnpNullPrototype) return;
  const bare = (node) => {
    if (FS.isDir(node.mode) && node.contents && typeof node.contents === "object" && Object.getPrototypeOf(node.contents) !== null) {
      node.contents = Object.assign(Object.create(null), node.contents);
    }
    return node;
  };
  const create = MEMFS.createNode;
  MEMFS.createNode = function createNode(...args) {
    return bare(create.apply(this, args));
  };
  const walk = (node, depth) => {
    bare(node);
    if (depth < 8 && FS.isDir(node.mode) && node.contents && typeof node.contents === "object") {
      for (const child of Object.values(node.contents)) if (child && child !== node && typeof child.mode === "number") walk(child, depth + 1);
    }
  };
  if (FS.root) walk(FS.root, 0);
  MEMFS.dnpNullPrototype = true;
}
let changes = null; // dockersim.worker.changes: the state diff that follows a reply's output
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

/** Bytes of every watched download so far (the runtime and the standard library load together). The
 * counts are of decoded bytes; `size` is 0 (unknown) while one download's decoded size is unknown (a host
 * that compresses a file only says how long the compressed body is). */
function downloaded(file) {
  let loaded = 0;
  let size = 0;
  let known = true;
  for (const entry of Object.values(bytes)) {
    loaded += entry.loaded;
    size += entry.total;
    known &&= entry.total > 0;
  }
  return { file, loaded, size: known ? Math.max(size, loaded) : 0 };
}

/** The decoded size of a response when the headers tell it (not when the host compressed the body). */
function decodedLength(response) {
  const encoding = response.headers.get("content-encoding");
  if (encoding && encoding !== "identity") return 0;
  return Number(response.headers.get("content-length")) || 0;
}

/** Sizes learnt later (the snapshot's meta names the wasm's size): fill in an unknown total. */
const knownSizes = {};
function learnSize(file, size) {
  knownSizes[file] = size;
  if (bytes[file] && !bytes[file].total) bytes[file].total = size;
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

/** The start-up cannot go on: say so now (Pyodide may swallow the error and hang). */
function failStart(message) {
  if (!handle && !failure) {
    failure = message;
    self.postMessage({ type: "fatal", payload: { message: failure } });
    settle();
  }
}

/** A download the start-up needs failed. */
function downloadFailed(url, reason) {
  const error = new Error(`Could not download ${fileName(url)} (${reason})`);
  failStart(error.message);
  return error;
}

/** Count a download's bytes on a clone of its response, for progress; the response itself goes to its
 * reader untouched (it keeps its URL, which the browser's wasm code cache is keyed by). A start-up
 * download that breaks half way is reported (`required`); the snapshot's reader handles its own. */
async function count(url, step, response, required = true) {
  const file = fileName(url);
  bytes[file] = { loaded: 0, total: decodedLength(response) || knownSizes[file] || 0 };
  const reader = response.body.getReader();
  let lastPost = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes[file].loaded += value.byteLength;
      if (url === WASM && bytes[file].loaded >= WASM_LEAD) wasmLed();
      const now = Date.now();
      if (now - lastPost > 100) {
        lastPost = now;
        progress(step, downloaded(file));
      }
    }
  } catch (error) {
    if (required) downloadFailed(url, error.message || String(error));
    return;
  }
  mark(`${file} downloaded`);
  progress(step, downloaded(file));
}

async function watchedFetch(input, init) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const match = WATCHED.find(([pattern]) => pattern.test(url));
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    throw downloadFailed(url, error.message || String(error));
  }
  if (!response.ok) {
    // 409: the service worker refused bytes that are not this build's file (it says why in the body).
    const why = response.status === 409 ? await response.text().catch(() => "") : "";
    throw downloadFailed(url, why || `HTTP ${response.status}`);
  }
  if (match && response.body) count(url, match[1], response.clone());
  return response;
}

/** `link=slow` (client.js and the early script add it when the page's own navigation took SLOW_RTT_MS or more
 * from request to first byte): the snapshot is asked for only once the wasm has WASM_LEAD bytes (decoded) in,
 * or is whole or failed. The two share the link, and the wasm, ahead, is then done first, so the runtime is
 * made from it while the snapshot's last bytes arrive (else after them: 190 ms later at 1.6 Mbps/150 ms).
 * 1.6 MB decoded is ~460 KB of Brotli, more than the wasm's lead over the snapshot (364 KB). On a fast link
 * both are asked for at once: there the snapshot, ~30-60 ms later, would arrive after the runtime is made. */
const SLOW_LINK = params.get("link") === "slow";
const WASM_LEAD = 1_600_000;
let wasmLed;
const wasmLead = new Promise((resolve) => (wasmLed = resolve));

// pyodide.asm.wasm is downloaded and compiled (streaming) by prefetchWasm() as soon as the worker starts.
// Pyodide's own request for it gets a placeholder, and its instantiateStreaming the compiled module.
let compiledWasm = null;
const placeholders = new WeakSet();
self.fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (compiledWasm && url === WASM) {
    const placeholder = new Response(null, { headers: { "Content-Type": "application/wasm" } });
    placeholders.add(placeholder);
    return Promise.resolve(placeholder);
  }
  return watchedFetch(input, init);
};

/** Drop a damaged download from the site's offline caches (sw.js), so that Try again fetches it anew. */
async function forgetCached(url) {
  if (typeof caches === "undefined") return;
  try {
    for (const name of await caches.keys()) await (await caches.open(name)).delete(url, { ignoreSearch: true });
  } catch (error) {
    console.warn("playground: could not drop a damaged file from the offline cache", error);
  }
}

async function wasmFailed(error) {
  await forgetCached(WASM);
  failStart(`pyodide.asm.wasm is damaged and cannot run (${error.message || error}). Try again to download it anew.`);
}

/** Download and compile the wasm now. A damaged file is reported the moment compilation fails (Pyodide
 * itself would wait forever). */
function prefetchWasm() {
  const response = watchedFetch(WASM);
  compiledWasm =
    typeof WebAssembly.compileStreaming === "function"
      ? WebAssembly.compileStreaming(response)
      : response.then((r) => r.arrayBuffer()).then((buffer) => WebAssembly.compile(buffer));
  compiledWasm.then(() => mark("wasm compiled"), (error) => (response.then(() => wasmFailed(error), () => {})));
  compiledWasm.finally(wasmLed).catch(() => {}); // whole or failed: the snapshot waits no longer
}

/** The snapshot start's instance memory as instantiation left it (the data segments, zeros between them),
 * up to `dataEnd` bytes: what undoes the snapshot's XOR (snapshot-codec.mjs). */
let initialMemory;
let dataEndWanted = 0; // from the snapshot's meta, whose header Pyodide awaits before it instantiates; 0 = none
const initialMemoryTaken = new Promise((resolve) => (initialMemory = resolve));

const instantiateStreaming = typeof WebAssembly === "object" && WebAssembly.instantiateStreaming?.bind(WebAssembly);
if (instantiateStreaming) {
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (!placeholders.has(response)) return instantiateStreaming(response, imports);
    const module = await compiledWasm;
    const instance = await WebAssembly.instantiate(module, imports);
    mark("instantiated");
    // No code of the instance has run yet (the wasm has no start function): take its memory now, once, and
    // only for a snapshot start (a normal start copies nothing).
    const memory = instance.exports.memory?.buffer;
    if (memory && dataEndWanted) {
      initialMemory(new Uint8Array(memory.slice(0, dataEndWanted)));
      dataEndWanted = 0;
    }
    return { module, instance };
  };
}

/** Whether a response's body came encoded (the browser has decoded it already). */
function encoded(response) {
  const encoding = response.headers.get("content-encoding");
  return Boolean(encoding) && encoding !== "identity";
}

/** The snapshot file's body, decoded. The worker asks for the file itself: a host with precompressed
 * siblings (nginx brotli_static/gzip_static, Caddy, GitLab Pages) sends its Brotli sibling (a third smaller
 * than gzip), else its gzip, and the browser decodes it; the service worker keeps it decoded, so a warm
 * start reads it as it is. A host that sends the file as it is would send all of it: that response is
 * dropped at its headers, and the `.gz` sibling is fetched by name (any host sends that file as it is) and
 * inflated here (the raw file is the last resort). Not the watched fetch: a missing snapshot is not a
 * start-up failure, the normal start follows. */
async function snapshotBody(url) {
  // Offline, the file itself may not be kept (its first download was dropped at its headers): the .gz is.
  const response = await realFetch(url).catch(() => null);
  if (response?.ok && response.body && encoded(response)) return response.body;
  response?.body?.cancel().catch(() => {});
  const packed = await realFetch(`${url}.gz`).catch(() => null);
  if (packed?.ok && packed.body) {
    // A host that labels .gz files as gzip-encoded has had the browser inflate it already.
    if (/gzip/i.test(packed.headers.get("content-encoding") ?? "")) return packed.body;
    if (typeof DecompressionStream === "function") return packed.body.pipeThrough(new DecompressionStream("gzip"));
  }
  packed?.body?.cancel().catch(() => {});
  const again = await realFetch(url);
  if (!again.ok || !again.body) throw new Error(`snapshot: HTTP ${again.status}`);
  return again.body;
}

/** A download that must finish now: the snapshot's finder of the rest (snapshot_lazy.py) runs inside an
 * import, which cannot wait for a promise. A synchronous request, allowed in a worker. */
function downloadNow(url) {
  const request = new XMLHttpRequest();
  request.open("GET", url, false);
  request.responseType = "arraybuffer";
  request.send();
  if (request.status !== 200) throw new Error(`Could not download ${fileName(url)} (HTTP ${request.status})`);
  mark(`${fileName(url)} downloaded`);
  return new Uint8Array(request.response);
}

/** Give the snapshot's finder (snapshot_lazy.py) the archive of what the snapshot left out, beside it: the
 * first command that imports one of those modules downloads it. */
function lazyRest(pyodide) {
  let lazy;
  try {
    lazy = pyodide.pyimport("_dnp_lazy");
  } catch {
    return; // a snapshot that holds every module
  }
  lazy.install(downloadNow, new URL("dockersim.rest.zip", SNAPSHOT).href);
  lazy.destroy();
}

/** Stream the snapshot into a SnapshotDecoder; `onHeader(decoder)` runs once its buffer exists. Resolves
 * with the decoder when the file is whole and the data-segment XOR is undone (which needs the runtime's
 * instance: see initialMemory). */
async function streamSnapshot(url, onHeader) {
  const body = await snapshotBody(url);
  const decoder = new SnapshotDecoder();
  const file = fileName(url);
  const reader = body.getReader();
  let lastPost = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const hadHeader = Boolean(decoder.snapshot);
    decoder.push(value);
    if (!hadHeader && decoder.snapshot) {
      if (decoder.meta.wasmBytes) learnSize(fileName(WASM), decoder.meta.wasmBytes);
      if (Number.isInteger(decoder.meta.dataEnd)) dataEndWanted = decoder.meta.dataEnd;
      onHeader(decoder);
    }
    bytes[file] = { loaded: decoder.loaded, total: decoder.size };
    const now = Date.now();
    if (now - lastPost > 100) {
      lastPost = now;
      progress("runtime", downloaded(file));
    }
  }
  decoder.finish();
  mark("snapshot fetched");
  progress("runtime", downloaded(file));
  decoder.xor(await initialMemoryTaken);
  mark("snapshot decoded");
  return decoder;
}

/** `module.version_info[:3]` joined by dots (the Python version), or `module[name]` as a string ("0" when
 * missing); the proxies are released. */
function versionOf(module, name = null) {
  try {
    if (name) return String(module[name] ?? "0");
    const info = module.version_info;
    try {
      return [info.major, info.minor, info.micro].join(".");
    } finally {
      info.destroy();
    }
  } finally {
    module.destroy();
  }
}

function describe(error) {
  if (!error) return "unknown error";
  const text = String(error.message || error);
  // Python tracebacks: keep the last line (the exception), it is what a reader can act on.
  const lines = text.trim().split("\n");
  return lines.length > 3 ? lines[lines.length - 1] : text;
}

/** The snapshot start's options. `_loadSnapshot` resolves as soon as the snapshot's header is in, with its
 * full-size buffer (Pyodide sizes the wasm memory from it), so the runtime is created from the compiled wasm
 * while the rest of the snapshot downloads; our `createPyodideModule` hands the runtime back only once the
 * buffer is whole, before Pyodide restores the memory from it. */
function snapshotOptions(runtimeModule) {
  let headerIn;
  const header = new Promise((resolve) => (headerIn = resolve));
  const whole = SLOW_LINK ? wasmLead.then(() => streamSnapshot(SNAPSHOT, headerIn)) : streamSnapshot(SNAPSHOT, headerIn);
  const sized = Promise.race([header, whole]);
  const snapshot = sized.then((decoder) => decoder.snapshot);
  const lock = sized.then((decoder) => ({ info: decoder.meta.lock, packages: {} }));
  // A failure is handled where loadPyodide rejects, never as an unhandled rejection.
  for (const promise of [whole, sized, snapshot, lock]) promise.catch(() => {});
  const createPyodideModule = async (settings) => {
    const { default: create } = await runtimeModule;
    mark("pyodide.asm.mjs");
    const [module] = await Promise.all([create(settings).then((created) => (mark("runtime created"), created)), whole]);
    return module;
  };
  return { _loadSnapshot: snapshot, lockFileContents: lock, stdLibURL: EMPTY_ZIP, createPyodideModule };
}

async function start() {
  if (typeof WebAssembly !== "object") throw new Error("This browser cannot run WebAssembly.");
  if (!PYODIDE || !WHEEL) throw new Error("The playground's worker was started without its file locations.");
  progress("runtime");
  // Everything at once: Pyodide's two modules, the wasm and (for a snapshot start) the snapshot.
  const loader = import(new URL("pyodide.mjs", PYODIDE).href);
  loader.catch(() => {}); // awaited below
  // A snapshot start makes the runtime itself (snapshotOptions), from Pyodide's module minified at build
  // (plugins/docker_notes/playground/runtime_min.py: ~200 KB less JavaScript to download and compile).
  const runtimeModule = import(new URL(SNAPSHOT ? "pyodide.asm.min.mjs" : "pyodide.asm.mjs", PYODIDE).href);
  runtimeModule.catch(() => {}); // a normal start lets Pyodide import it again, and report
  prefetchWasm();
  const fromSnapshotOptions = SNAPSHOT ? snapshotOptions(runtimeModule) : null;
  let loadPyodide;
  try {
    ({ loadPyodide } = await loader);
  } catch (error) {
    throw new Error(`Could not load pyodide.mjs (${error.message || error})`);
  }
  mark("pyodide.mjs");
  const options = { indexURL: PYODIDE, packages: [], stdout: () => {}, stderr: () => {} };
  let pyodide = null;
  if (fromSnapshotOptions) {
    try {
      pyodide = await loadPyodide({ ...options, ...fromSnapshotOptions });
    } catch (error) {
      console.warn("playground: the snapshot could not be used; starting normally", error);
      pyodide = null;
      if (!failure) await forgetCached(SNAPSHOT);
    }
  }
  const fromSnapshot = Boolean(pyodide);
  if (fromSnapshot) lazyRest(pyodide);
  if (!pyodide) pyodide = await loadPyodide(options);
  mark("loadPyodide");
  progress("stdlib", { python: pyodide.version });
  progress("packages");
  if (!fromSnapshot) {
    // A snapshot holds every dockersim module already imported (it reads no data files), so only a
    // normal start installs the wheel.
    const errors = [];
    await pyodide.loadPackage(WHEEL, {
      messageCallback: () => {},
      errorCallback: (message) => errors.push(message),
      checkIntegrity: false,
    });
    if (errors.length) throw new Error(`Could not install the simulator: ${errors.join("; ")}`);
    mark("wheel");
  }
  progress("dockersim");
  nullPrototypeFolders(pyodide.FS);
  let module;
  try {
    module = pyodide.pyimport("dockersim.worker");
  } catch (error) {
    throw new Error(`The simulator could not start: ${describe(error)}`);
  }
  handle = module.handle;
  changes = module.changes;
  // Attribute reads, not runPython: each runPython parses and compiles its code, calling into the parser's
  // and the compiler's wasm functions, each compiled (lazily) on first call, for two strings.
  const python = versionOf(pyodide.pyimport("sys"));
  const version = versionOf(pyodide.pyimport("dockersim"), "__version__");
  mark("ready");
  progress("ready");
  self.postMessage({ type: "ready", payload: { version, python, pyodide: pyodide.version, snapshot: fromSnapshot, timings } });
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

/** Ask Python: the parsed answer of dockersim.worker.handle, its errors as data, `id` set. */
function call(id, type, payload) {
  let text;
  try {
    text = handle(JSON.stringify({ id, type, payload: payload ?? {} }), true);
  } catch (error) {
    return { id, ok: false, error: { code: "internal", message: describe(error) } };
  }
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    return { id, ok: false, error: { code: "internal", message: "The simulator answered something that is not JSON." } };
  }
  if (!answer || typeof answer !== "object") {
    return { id, ok: false, error: { code: "internal", message: "The simulator's answer has no shape." } };
  }
  answer.id = id;
  if (answer.ok === false) {
    answer.error = answer.error && typeof answer.error === "object" ? answer.error : { code: "error", message: String(answer.error) };
  } else {
    answer.ok = true;
  }
  return answer;
}

// Commands that keep running (playground/WORKER.md, "Commands that keep running"): the ids of their runs,
// polled every POLL_MS while any is live. Their output goes out as "partial" replies of the run.
const POLL_MS = 250;
const live = new Map(); // run id → the Try it block's scratch engine it runs in (null: the reader's playground)
let pollTimer = 0;

function schedulePoll() {
  if (!pollTimer && live.size) pollTimer = setTimeout(pollAll, POLL_MS);
}

function pollAll() {
  pollTimer = 0;
  for (const [runId, scratch] of [...live]) deliver(runId, call(runId, "poll", scratch ? { of: runId, scratch } : { of: runId }), true, scratch);
  schedulePoll();
}

// A command that ran SLOW_MS or longer has its state diff posted before its output (playground/WORKER.md):
// its output waited for the command anyway, and a reader who reloads as soon as it shows loses nothing. A
// diff's sections travel PART_SECTIONS at a time: the page copies each message in one task of its own.
const SLOW_MS = 50;
const PART_SECTIONS = 100;

/** Post a run's state diff (`followUp`, the parsed answer of dockersim.worker.changes): its `set` in parts,
 * then the rest, each a "changes" message of the run. */
function postChanges(runId, followUp) {
  const changes = followUp.ok ? followUp.payload?.changes : null;
  const set = Array.isArray(changes?.set) ? changes.set : [];
  let from = 0;
  for (; set.length - from > PART_SECTIONS; from += PART_SECTIONS) {
    self.postMessage({ id: runId, type: "changes", part: true, ok: true, payload: { set: set.slice(from, from + PART_SECTIONS) } });
  }
  if (from) followUp.payload.changes = { ...changes, set: set.slice(from) };
  self.postMessage({ ...followUp, id: runId, type: "changes" });
}

function followUpOf(runId) {
  try {
    return JSON.parse(changes(runId));
  } catch (error) {
    return { id: runId, ok: false, error: { code: "internal", message: describe(error) } };
  }
}

/** Post what Python answered for a run (to the run, whichever request produced it): a partial reply while
 * the command runs (`quiet`: only when it printed or changed something), else the final one and the state
 * diff that follows it (or, after a slow command, precedes it: `tookMs`). */
function deliver(runId, answer, quiet = false, scratch = null, tookMs = 0) {
  if (answer.ok && answer.payload?.live) {
    live.set(runId, live.get(runId) ?? scratch);
    const payload = answer.payload;
    const said = payload.chunks?.length || payload.changes || typeof payload.live.frame === "string";
    if (!quiet || said) self.postMessage({ ...answer, id: runId, type: "partial" });
    schedulePoll();
    return;
  }
  live.delete(runId);
  if (answer.ok && answer.payload?.changes_follow && tookMs >= SLOW_MS) {
    postChanges(runId, followUpOf(runId)); // the page has the diff before the output: "changes_early"
    delete answer.payload.changes_follow;
    answer.payload.changes_early = true;
    self.postMessage({ ...answer, id: runId });
    return;
  }
  self.postMessage({ ...answer, id: runId });
  // The output is on its way; the state diff it caused follows under the same id, before any other reply.
  if (answer.ok && answer.payload?.changes_follow) postChanges(runId, followUpOf(runId));
}

// A whole state the page sends (init, reset) travels in parts (playground/WORKER.md, "A whole state in parts"):
// "state_part" messages of the request's id, each {set: [[path, value], …]}, then the request with
// `state_parts: true`. Its reply carries what Python changed of that state, not the state (~35 MB at 10,000
// containers: one long task on the page's thread to copy).
const incoming = new Map(); // request id → the sections received so far

/** The dicts of the state split into sections, as store.js SPLIT and statesync.SPLIT. */
const SPLIT = new Set(["", "session", "session.engine", "files", ...["containers", "images", "volumes", "networks"].map((t) => `session.engine.${t}`)]);
const isDict = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function own(node, key, value) {
  Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
}

/** The state the sections make (own properties: a file named "__proto__" is a file). */
function assemble(sections) {
  const state = {};
  for (const entry of sections) {
    if (!Array.isArray(entry) || !Array.isArray(entry[0]) || !entry[0].length) continue;
    let node = state;
    for (const key of entry[0].slice(0, -1)) {
      if (!Object.hasOwn(node, key) || !isDict(node[key])) own(node, key, {});
      node = node[key];
    }
    own(node, entry[0].at(-1), entry[1]);
  }
  return state;
}

/** Each section of `state` as [path, value] (an empty table is a section of its own, as store.js keeps it). */
function sectionsOf(state, prefix = [], out = []) {
  for (const [key, value] of Object.entries(state)) {
    const path = [...prefix, key];
    if (SPLIT.has(path.join(".")) && isDict(value) && Object.keys(value).length) sectionsOf(value, path, out);
    else out.push([path, value]);
  }
  return out;
}

/** Whether `state` holds `path` (own properties only). */
function holds(state, path) {
  let node = state;
  for (const key of path) {
    if (!isDict(node) || !Object.hasOwn(node, key)) return false;
    node = node[key];
  }
  return true;
}

/** What `state` changed of the `sent` sections: {set, unset}. A section is set when the sent one at its path
 * differs (compared as JSON) or there is none; a sent path is unset only when `state` no longer holds it, so
 * that the page, which applies `set` then `unset`, never removes what `set` put there. */
function changesFrom(sent, state) {
  const before = new Map(sent.map(([path, value]) => [JSON.stringify(path), value]));
  const set = [];
  for (const [path, value] of sectionsOf(state)) {
    const key = JSON.stringify(path);
    if (!before.has(key) || JSON.stringify(before.get(key)) !== JSON.stringify(value)) set.push([path, value]);
  }
  const unset = sent.map(([path]) => path).filter((path) => Array.isArray(path) && path.length && !holds(state, path));
  return { set, unset };
}

/** Reply to a request that sent its state in parts: when Python restored it (init says so; a reset that
 * answers did), what it changed of it. */
function replyToState(id, type, answer, sent) {
  const payload = answer.ok ? answer.payload : null;
  if (!payload || (payload.restored !== true && type !== "reset") || !isDict(payload.state)) {
    reply(id, answer); // not restored: the fresh state, small
    return;
  }
  const { set, unset } = changesFrom(sent, payload.state);
  let from = 0;
  for (; set.length - from > PART_SECTIONS; from += PART_SECTIONS) {
    self.postMessage({ id, type: "changes", part: true, ok: true, payload: { set: set.slice(from, from + PART_SECTIONS) } });
  }
  delete payload.state;
  reply(id, { ...answer, payload: { ...payload, state_sent: true, state_changes: { set: set.slice(from), unset } } });
}

self.onmessage = async (event) => {
  const request = event.data;
  const id = request && typeof request === "object" ? request.id : undefined;
  if (typeof id !== "number" || typeof request.type !== "string") {
    reply(id ?? null, { ok: false, error: { code: "bad_request", message: "A request needs a numeric id and a type." } });
    return;
  }
  if (request.type === "state_part") {
    const sections = incoming.get(id) ?? [];
    if (Array.isArray(request.payload?.set)) for (const section of request.payload.set) sections.push(section);
    incoming.set(id, sections);
    return;
  }
  let sent = null;
  if (request.payload?.state_parts === true) {
    sent = incoming.get(id) ?? [];
    incoming.delete(id);
    const { state_parts: _, ...rest } = request.payload;
    request.payload = { ...rest, state: assemble(sent) };
  }
  await settled;
  if (!handle) {
    reply(id, { ok: false, error: { code: "unavailable", message: failure || "The simulator is not running." } });
    return;
  }
  const started = performance.now();
  const answer = call(id, request.type, request.payload);
  const tookMs = performance.now() - started;
  if (sent) {
    replyToState(id, request.type, answer, sent);
    return;
  }
  if (request.type === "input" || request.type === "signal") {
    // What the reader typed or pressed is answered on the run it went to; the request itself gets {}.
    const runId = request.payload?.of;
    if (!answer.ok || !live.has(runId)) {
      reply(id, answer.ok ? { ok: false, error: { code: "bad_request", message: "That command is no longer running." } } : answer);
      return;
    }
    reply(id, { ok: true, payload: {} });
    deliver(runId, answer, false, live.get(runId), tookMs);
    return;
  }
  deliver(id, answer, false, typeof request.payload?.scratch === "string" ? request.payload.scratch : null, tookMs);
};
