// Prefetch when cheap: on a page with Try it blocks, once the reader has had it on screen for a while, download
// the simulator's runtime in the background, so that a later press on Try it starts from files already here.
// Only when the browser says the connection is cheap (navigator.connection: no Save-Data, effective type
// "4g", not cellular or metered where it tells), never when it cannot tell (no navigator.connection), and
// never once the simulator has started by itself. The files go through the service worker when it controls
// the page (it keeps the runtime files it downloads, sw.js), else into the HTTP cache, which the service
// worker copies from later (load.js, rememberDownloads). One file at a time, at low priority.
//
// API: `prefetchWhenCheap()` (the loader calls it on pages with Try it blocks; returns a stop function),
// `prefetchReport()` (null, or {done, files: [{name, bytes}], bytes}: bytes on the wire, 0 for a file the
// browser already had), and the window event "dnp:prefetch" with that report as `detail`, sent as each file
// arrives. The Try it panel says what was downloaded and how much, once (`takePrefetchNote`, tryit-panel.js).

import config from "./config.js";
import { formatBytes } from "./dom.js";
import { rememberDownloads } from "./load.js";

/** How long the page must have been visible (ms, in one stretch, after the loader imported this module 4 s after
 * showing the page) before anything is downloaded. */
export const VISIBLE_MS = 4000;

let report = null;

/** Whether the connection is cheap enough to download megabytes the reader has not asked for. */
export function cheapConnection(connection = navigator.connection) {
  if (!connection) return false; // cannot tell: never
  if (connection.saveData) return false;
  if (connection.effectiveType !== "4g") return false;
  if (connection.metered === true) return false;
  return connection.type !== "cellular";
}

/** The runtime a snapshot start downloads (worker.js), as the worker asks for it, and the rest archive the
 * first docker build or compose command downloads; the normal start's files when the build made no snapshot. */
export function runtimeUrls() {
  const here = import.meta.url;
  const pyodide = new URL(config.pyodide, here);
  const urls = [new URL(config.worker, here)]; // the site's worker.js holds its snapshot codec (minify.py)
  // A snapshot start makes the runtime from Pyodide's module minified at build (worker.js, runtime_min.py).
  const runtime = config.snapshot ? "pyodide.asm.min.mjs" : "pyodide.asm.mjs";
  urls.push(...["pyodide.mjs", runtime, "pyodide.asm.wasm"].map((name) => new URL(name, pyodide)));
  if (config.snapshot) {
    const snapshot = new URL(config.snapshot, here);
    urls.push(snapshot, new URL("dockersim.rest.zip", snapshot)); // the rest: a notes block's docker build needs it
  }
  else urls.push(new URL("python_stdlib.zip", pyodide), new URL("pyodide-lock.json", pyodide), new URL(config.wheel, here));
  return urls.map((url) => url.href);
}

/** What was prefetched so far (null when nothing was started). */
export function prefetchReport() {
  return report && { done: report.done, files: report.files.map((file) => ({ ...file })), bytes: report.bytes };
}

let told = false;

/** The sentence the first Try it panel prints once a prefetch has finished (null before, and after once). */
export function takePrefetchNote() {
  if (told || !report?.done || !report.bytes) return null;
  told = true;
  const names = report.files.filter((file) => file.bytes).map((file) => file.name).join(", ");
  return `Downloaded in the background while you read (the browser said the connection is fast and not metered): ${names}, ${formatBytes(report.bytes)} in all.`;
}

function started() {
  const status = window.__dockerNotesPlayground?.status;
  return Boolean(window.__dockerNotesEarlyWorker) || (status !== undefined && status !== "idle");
}

/** Bytes a finished download took on the wire (0 from a cache). */
function wireBytes(url) {
  const entry = performance.getEntriesByName(url).at(-1);
  return entry ? entry.transferSize || 0 : 0;
}

async function download(urls, stopped) {
  report = { done: false, files: [], bytes: 0 };
  for (const url of urls) {
    if (stopped() || started()) return;
    try {
      const response = await fetch(url, { priority: "low", credentials: "same-origin" });
      if (!response.ok) return;
      await response.arrayBuffer();
    } catch {
      return; // offline, or the page went away: a later start downloads what is missing
    }
    await new Promise((resolve) => setTimeout(resolve, 0)); // the timing entry follows the body
    const bytes = wireBytes(url);
    report.files.push({ name: url.split("/").pop(), bytes });
    report.bytes += bytes;
    window.dispatchEvent(new CustomEvent("dnp:prefetch", { detail: prefetchReport() }));
  }
  report.done = true;
  window.dispatchEvent(new CustomEvent("dnp:prefetch", { detail: prefetchReport() }));
  rememberDownloads();
}

/** Download the runtime in the background once the page has been visible for `visibleMs` in one stretch and
 * the connection is cheap (checked again then); returns a function that stops waiting (and downloading). */
export function prefetchWhenCheap({ visibleMs = VISIBLE_MS } = {}) {
  let timer = null;
  let stopped = false;
  const arm = () => {
    clearTimeout(timer);
    timer = null;
    if (stopped || report || document.visibilityState !== "visible") return;
    timer = setTimeout(() => {
      timer = null;
      if (stopped || report || started() || !cheapConnection()) return;
      document.removeEventListener("visibilitychange", arm);
      download(runtimeUrls(), () => stopped);
    }, visibleMs);
  };
  if (!cheapConnection()) return () => {};
  document.addEventListener("visibilitychange", arm);
  arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener("visibilitychange", arm);
  };
}
