// Terminal transcripts kept across reloads: each terminal's last entries (the Playground's, every Try it
// panel's), in localStorage beside the engine state (store.js), bounded, validated when read. Terminals
// report changes; the save waits for a quiet moment (or the page being hidden), never one per line.

const KEY = "dnp.playground.transcript.v1";
export const MAX_ENTRIES = 500; // per terminal, as the terminal keeps on screen
const MAX_TERMINALS = 12; // the most recently used; older panels' transcripts are dropped
const MAX_TEXT = 4000; // characters of one entry (a longer output keeps its end)
const MAX_CHARS = 600_000; // the whole saved text
const KINDS = new Set(["cmd", "setup", "out", "err", "log", "progress", "exit", "note", "notice", "hint"]);
const SAVE_AFTER_MS = 400;

let cache = null; // id → {at, entries}
const dirty = new Map(); // id → entries to write
let timer = 0;

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function validEntry(entry) {
  return entry !== null && typeof entry === "object" && KINDS.has(entry.kind) && typeof entry.text === "string";
}

/** The saved text → id → {at, entries}; anything malformed is dropped (whole or per entry). */
export function parseTranscripts(text) {
  const out = new Map();
  let value = null;
  try {
    value = typeof text === "string" && text.length <= MAX_CHARS * 2 ? JSON.parse(text) : null;
  } catch {
    value = null;
  }
  if (!value || value.v !== 1 || typeof value.terminals !== "object" || value.terminals === null) return out;
  for (const [id, saved] of Object.entries(value.terminals)) {
    if (!saved || !Array.isArray(saved.entries)) continue;
    const entries = saved.entries
      .filter(validEntry)
      .slice(-MAX_ENTRIES)
      .map(({ kind, text: body }) => ({ kind, text: body.slice(-MAX_TEXT) }));
    out.set(id, { at: Number(saved.at) || 0, entries });
  }
  return out;
}

/** id → {at, entries} → the text to save: the newest terminals first kept, within the size budget. */
export function serializeTranscripts(terminals) {
  const newest = [...terminals.entries()].sort((a, b) => b[1].at - a[1].at).slice(0, MAX_TERMINALS);
  const kept = {};
  let size = 0;
  for (const [id, { at, entries }] of newest) {
    let list = entries.slice(-MAX_ENTRIES).map(({ kind, text }) => ({ kind, text: text.slice(-MAX_TEXT) }));
    let text = JSON.stringify(list);
    while (list.length && size + text.length > MAX_CHARS) {
      list = list.slice(Math.ceil(list.length / 4)); // the oldest quarter goes
      text = JSON.stringify(list);
    }
    if (!list.length) continue;
    kept[id] = { at, entries: list };
    size += text.length;
  }
  return JSON.stringify({ v: 1, terminals: kept });
}

function all() {
  if (cache === null) {
    let text = null;
    try {
      text = storage()?.getItem(KEY) ?? null;
    } catch {
      text = null;
    }
    cache = parseTranscripts(text);
  }
  return cache;
}

/** The saved entries of one terminal (a copy), oldest first; [] when none. */
export function loadTranscript(id) {
  return (all().get(id)?.entries ?? []).map((entry) => ({ ...entry }));
}

/** A terminal's entries changed (a line added, or cleared): saved soon, with the others that changed. */
export function transcriptChanged(id, entries) {
  dirty.set(id, entries);
  if (timer) return;
  // After a pause, when the browser is idle: a save never sits between a command and its output.
  timer = setTimeout(() => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(flushTranscripts, { timeout: 2000 });
    else flushTranscripts();
  }, SAVE_AFTER_MS);
}

/** Write what changed now (also on pagehide and when the page is hidden). */
export function flushTranscripts() {
  clearTimeout(timer);
  timer = 0;
  if (!dirty.size) return;
  const terminals = all();
  const now = Date.now();
  for (const [id, entries] of dirty) {
    if (entries.length) terminals.set(id, { at: now, entries: entries.slice(-MAX_ENTRIES) });
    else terminals.delete(id);
  }
  dirty.clear();
  try {
    storage()?.setItem(KEY, serializeTranscripts(terminals));
  } catch {
    // quota exceeded or storage disabled: the transcript lives for this visit only
  }
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  window.addEventListener("pagehide", flushTranscripts);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flushTranscripts();
  });
}
