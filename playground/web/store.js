// Everything the playground keeps in this browser, and nothing it may lose.
//
// - The engine state lives in IndexedDB (a large quota, written off the page's thread), one record per
//   section of the state as the worker sends them (playground/dockersim/statesync.py: one container, one
//   image, one file, the clock…). A save writes only the sections that changed, in one transaction with
//   the state's meta record, so a command's save is a few kilobytes and 10,000 containers still save.
//   Without IndexedDB (some private modes) the whole state goes to localStorage, as far as it fits.
// - Nothing is deleted because it could not be read: a state this version cannot use (damaged, or saved
//   by a newer build of the site) is moved to the "kept" store, where it stays until the reader exports
//   or discards it. Each tab that closes with work another tab's save had replaced has its own aside slot;
//   work a share link or a loaded file replaced is kept aside too (with undo).
// - A save that fails says why (`{ok: false, reason, message}`): the quota, storage being disabled, or a
//   state too large for the fallback. A write is never reported done when there is no storage.
// - Small things stay in localStorage: ↑/↓ history and the command log Share sends.
// Each save names the tab that wrote it (TAB) and is announced to the other tabs (BroadcastChannel).

const PREFIX = "dnp.playground.";
export const KEYS = Object.freeze({
  state: `${PREFIX}state.v1`, // the fallback's whole state (and the format before IndexedDB)
  history: `${PREFIX}history.v1`,
  log: `${PREFIX}log.v1`,
  aside: `${PREFIX}aside.v1`, // the single aside slot of older builds: offered once, then moved
});
/** This tab's name in the saves it writes. */
export const TAB = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
const OLDER = [`${PREFIX}state.v0`, `${PREFIX}state`];
const DB_NAME = "dnp-playground";
const DB_VERSION = 1;
/** The saved state's format: 1 is a whole-state JSON string, 2 the IndexedDB sections. */
export const FORMAT = 2;
const MAX_FALLBACK_CHARS = 4_500_000; // localStorage holds about 5 MB per site, in UTF-16
const MAX_HISTORY = 200;
const MAX_LOG = 200;
export const MAX_LINE = 4000;
const MAX_FILE_BYTES = 200_000_000; // "Load from file": a playground file larger than this is not one
const CHANNEL = "dnp-playground";
const SEP = "\u0000";
const BATCH_MS = 8; // an idle save issues its writes this many milliseconds at a time
const READ_BATCH = 200; // records per request when the saved state is read (~700 KB of containers)
const PLACE_BATCH = 1000; // records put in place in the read state per task

/** The dicts of the state split into sections (statesync.SPLIT): the engine's tables are keyed by id. */
const SPLIT = new Set(
  [[], ["session"], ["session", "engine"], ["files"], ...["containers", "images", "volumes", "networks"].map((t) => ["session", "engine", t])].map(
    (path) => path.join(SEP),
  ),
);

/** The next task: a message to ourselves runs after what is queued, without setTimeout's 4 ms clamp. */
export function nextTask() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);


// --- localStorage (small things, and the fallback) ------------------------------------------------------

function local() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled (privacy settings)
  }
}

function read(key) {
  try {
    return local()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Write to localStorage; `{ok}` and, when it failed, why. Never ok without storage. */
function write(key, value) {
  const storage = local();
  if (!storage) return failure("disabled");
  try {
    storage.setItem(key, value);
    return { ok: true };
  } catch (error) {
    return failure(isQuota(error) ? "quota" : isDenied(error) ? "disabled" : "error", error);
  }
}

function isDenied(error) {
  return error?.name === "SecurityError" || error?.name === "InvalidAccessError";
}

function remove(key) {
  try {
    local()?.removeItem(key);
  } catch {
    /* nothing to do */
  }
}

function isQuota(error) {
  return error?.name === "QuotaExceededError" || error?.name === "NS_ERROR_DOM_QUOTA_REACHED" || error?.code === 22;
}

const REASONS = {
  quota: "this browser's storage for the site is full",
  disabled: "this browser does not let the site store anything (storage is disabled, as in some private modes)",
  "too-large": "it is too large for the storage this browser offers the site",
  newer: "a newer version of this site now keeps the playground in this browser",
  error: "the browser refused to store it",
};

function failure(reason, error = null, detail = "") {
  const why = REASONS[reason] ?? REASONS.error;
  const extra = detail || (reason === "error" && error ? ` (${error.name || "Error"}: ${error.message || error})` : "");
  return { ok: false, reason, message: `${why}${extra}` };
}

// --- IndexedDB -------------------------------------------------------------------------------------------

let opening = null;
let superseded = false; // a newer build took the database over (versionchange): this tab no longer saves there

/** The database, or null when this browser offers none (then localStorage is the fallback). */
function database() {
  if (!opening) {
    opening = new Promise((resolve) => {
      let request;
      try {
        if (typeof indexedDB === "undefined" || !indexedDB) return resolve(null);
        request = indexedDB.open(DB_NAME, DB_VERSION);
      } catch {
        return resolve(null);
      }
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const name of ["sections", "meta", "asides", "kept", "items"]) {
          if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          // A newer build of the site, open in another tab, upgrades the database: let it. This tab's later
          // saves go aside in localStorage (where any build looks for asides) and say so.
          superseded = true;
          db.close();
          opening = Promise.resolve(null);
          openDb = null;
        };
        resolve(db);
      };
      request.onerror = () => {
        // A newer build upgraded the database (VersionError): this page is older than the saved playground.
        if (request.error?.name === "VersionError") superseded = true;
        resolve(null);
      };
      request.onblocked = () => resolve(null);
    });
  }
  return opening;
}

let openDb = null; // the database once open: a save started in pagehide issues its writes synchronously
database().then((db) => (openDb = db));

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new DOMException("The save was aborted", "AbortError"));
  });
}

function requested(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Where the state is kept: "indexeddb", "localstorage" or "none". */
export async function backend() {
  if (await database()) return "indexeddb";
  return local() ? "localstorage" : "none";
}

// --- sections ----------------------------------------------------------------------------------------------

/** Every section of `state` as [path, value], in the state's own order. */
export function sectionsOf(state, prefix = []) {
  const out = [];
  for (const [key, value] of Object.entries(state)) {
    const path = [...prefix, key];
    // An empty table is a section of its own (`{}`), so that it is there when the state is read back.
    if (SPLIT.has(path.join(SEP)) && isPlainObject(value) && Object.keys(value).length) for (const item of sectionsOf(value, path)) out.push(item);
    else out.push([path, value]);
  }
  return out;
}

/** The paths of `dirty` once each, in their first order (2,000 commands on one container name it 2,000 times). */
function unique(dirty) {
  const seen = new Set();
  return dirty.filter((path) => {
    const key = Array.isArray(path) ? path.join(SEP) : "";
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function at(state, path) {
  let node = state;
  for (const key of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Set an own property (a file named "__proto__" is a file, never the object's prototype). */
function own(node, key, value) {
  Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
}

function place(state, path, value) {
  let node = state;
  for (const key of path.slice(0, -1)) {
    if (!Object.hasOwn(node, key) || !isPlainObject(node[key])) own(node, key, {});
    node = node[key];
  }
  own(node, path.at(-1), value);
}

const orders = new Map(); // section key → its order in the saved state (objects keep insertion order)
let nextOrder = 0;

function orderOf(path) {
  const key = path.join(SEP);
  if (!orders.has(key)) orders.set(key, nextOrder++);
  return orders.get(key);
}

// --- the state ---------------------------------------------------------------------------------------------

let saving = null; // the save in flight
let inFlight = null; // the section paths it writes (null: the whole state)
let queued = null; // {state, dirty} to save after it
const listeners = new Set();
let channel = null;

/** Call `fn({tab, saved})` when another tab saved the playground; returns the unsubscribe function. */
export function onOtherTabSaved(fn) {
  listeners.add(fn);
  if (!channel && typeof BroadcastChannel === "function") {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event) => {
      const data = event.data;
      if (data?.type === "saved" && typeof data.tab === "string" && data.tab !== TAB) {
        for (const listener of listeners) listener({ tab: data.tab, saved: String(data.saved ?? "") });
      }
    };
  }
  return () => listeners.delete(fn);
}

function announce(saved) {
  try {
    if (!channel && typeof BroadcastChannel === "function") channel = new BroadcastChannel(CHANNEL);
    channel?.postMessage({ type: "saved", tab: TAB, saved });
  } catch {
    /* other tabs learn at their next start */
  }
}

let base = null; // the meta `saved` stamp of the save this tab last read or wrote (null: nothing saved yet)

/**
 * Save `state` (this tab's). `dirty`: the section paths (arrays) that changed since the last save, or null
 * for the whole state. Resolves to `{ok: true}` or `{ok: false, reason, message}`; reason "other-tab" when
 * another tab saved since this tab last read or wrote (nothing is written: the reader chooses; `force`
 * writes over it). With the database open and no save in flight, the writes are issued before this returns
 * (safe in pagehide).
 */
export function saveState(state, dirty = null, { force = false, stamp = "", urgent = false } = {}) {
  if (!isPlainObject(state)) return Promise.resolve(failure("error", null, " (no state to save)"));
  if (saving && urgent) {
    // The page is going: a save still writing its batches may never finish, so this one writes what it
    // wrote too, all issued now (transactions on the same stores apply in order).
    const all = dirty && inFlight ? [...inFlight, ...dirty] : null;
    return writeState(state, all, force, stamp, true);
  }
  if (saving) {
    if (!queued) {
      queued = { state, dirty: dirty ? [...dirty] : null, force };
      queued.promise = saving.then(() => {
        const next = queued;
        queued = null;
        return saveState(next.state, next.dirty, { force: next.force });
      });
    } else {
      queued.state = state;
      queued.dirty = queued.dirty && dirty ? [...queued.dirty, ...dirty] : null;
      queued.force ||= force;
    }
    return queued.promise;
  }
  inFlight = dirty ? [...dirty] : null;
  saving = writeState(state, dirty, force, stamp, urgent).finally(() => {
    saving = null;
    inFlight = null;
  });
  return saving;
}

/** Issue `ops` (functions that each issue one request of `transaction`): all now when `urgent`, else a few
 * milliseconds' worth at a time, the next batch from the success of the last request of the one before (the
 * transaction stays open meanwhile), so that 2,000 records of ~3 KB are many short tasks, not one long one. */
function issueInBatches(ops, urgent) {
  let next = 0;
  const batch = () => {
    const deadline = urgent ? Infinity : performance.now() + BATCH_MS;
    let last = null;
    while (next < ops.length && (last === null || performance.now() < deadline)) last = ops[next++]();
    if (next < ops.length && last) last.onsuccess = batch;
  };
  batch();
}

async function writeState(state, dirty, force, stamp, urgent = false) {
  const saved = stamp || new Date().toISOString();
  if (superseded) return keepSuperseded(state);
  const db = openDb ?? (await database());
  if (!db) return saveFallback(state, saved);
  let otherTab = false;
  try {
    const transaction = db.transaction(["sections", "meta"], "readwrite");
    const meta = transaction.objectStore("meta");
    // Checked inside the transaction, before its writes complete: a save by another tab since this tab
    // last read or wrote aborts this one (its writes, issued below, are then never applied).
    const current = meta.get("state");
    current.onsuccess = () => {
      const stamp = isPlainObject(current.result) ? String(current.result.saved ?? "") : null;
      if (!force && stamp !== null && stamp !== base && current.result.tab !== TAB) {
        otherTab = true;
        transaction.abort();
      }
    };
    const sections = transaction.objectStore("sections");
    const ops = []; // the writes, issued in batches below (each put copies its record: the cost is there)
    const put = (path, value) => ops.push(() => sections.put({ o: orderOf(path), v: value }, path));
    if (dirty === null) {
      sections.clear();
      orders.clear();
      nextOrder = 0;
      for (const [path, value] of sectionsOf(state)) put(path, value);
    } else {
      const paths = unique(dirty);
      for (const path of paths) {
        if (!Array.isArray(path) || !path.length) continue;
        ops.push(() => sections.delete(IDBKeyRange.bound(path, [...path, []]))); // the section and anything below it
        const value = at(state, path);
        if (value === undefined) continue;
        const below = SPLIT.has(path.join(SEP)) && isPlainObject(value) && Object.keys(value).length ? sectionsOf(value, path) : [[path, value]];
        for (const [sub, item] of below) put(sub, item);
      }
      // A table whose last record went: it stays, empty (a record of its own, as sectionsOf gives it). Only a
      // removed record can empty one, and each table is looked at once: listing the keys of a table of
      // 10,000 containers for each of 2,000 changed records made one save take seconds.
      const looked = new Set();
      for (const path of paths) {
        const parent = Array.isArray(path) ? path.slice(0, -1) : [];
        const key = parent.join(SEP);
        if (!parent.length || !SPLIT.has(key) || looked.has(key) || at(state, path) !== undefined) continue;
        looked.add(key);
        const table = at(state, parent);
        if (isPlainObject(table) && !Object.keys(table).length) put(parent, {});
      }
    }
    meta.put({ format: FORMAT, saved, tab: TAB }, "state");
    issueInBatches(ops, urgent);
    await done(transaction);
  } catch (error) {
    if (otherTab) return { ok: false, reason: "other-tab", message: "another tab saved the playground meanwhile" };
    if (superseded) return keepSuperseded(state); // the newer build closed the database under this save
    return failure(isQuota(error) ? "quota" : "error", error);
  }
  base = saved;
  remove(KEYS.state); // the fallback copy (or a format-1 save) is now older than this one
  announce(saved);
  return { ok: true };
}

/** A newer build has the database: this tab's playground goes to its aside slot in localStorage (offered at
 * the next start), and the save says why it did not happen. */
async function keepSuperseded(state) {
  const kept = await saveAside(state, "tab", "this tab's playground, still open when a newer version of the site took over");
  return failure("newer", null, kept.ok ? " (this tab's playground is kept aside: reload, then load it from the offer)" : "");
}

function saveFallback(state, saved) {
  if (!local()) return failure("disabled");
  const text = JSON.stringify({ v: 1, saved, tab: TAB, state });
  if (text.length > MAX_FALLBACK_CHARS) {
    const mb = (text.length / 500_000).toFixed(1);
    return failure("too-large", null, ` (about ${mb} MB; this browser keeps about 5 MB here: download it to keep it)`);
  }
  const result = write(KEYS.state, text);
  if (result.ok) announce(saved);
  return result;
}

// --- the journal: what a closing tab had not saved yet, written synchronously ------------------------------
// A page that closes may have its IndexedDB transaction cut short; localStorage writes at once. So pagehide
// also writes the changed sections here, under the stamp the IndexedDB save uses: the next start applies
// the journal when IndexedDB holds the save it builds on (the save did not complete), and drops it when
// IndexedDB holds the save itself.

const JOURNAL = `${PREFIX}journal.`;

/** Write this tab's unsaved sections to its journal (synchronous); returns the stamp for saveState, or "". */
export function journal(state, dirty) {
  if (!isPlainObject(state) || !local()) return "";
  const stamp = new Date().toISOString();
  const entries = dirty === null ? [[[], state]] : dirty.filter(Array.isArray).map((path) => [path, at(state, path) ?? null, at(state, path) === undefined]);
  const text = JSON.stringify({ base, saved: stamp, tab: TAB, entries });
  if (text.length > MAX_FALLBACK_CHARS) return "";
  return write(`${JOURNAL}${TAB}`, text).ok ? stamp : "";
}

function applyJournals(found) {
  let applied = false;
  for (const key of localKeys(JOURNAL)) {
    let entry = null;
    try {
      entry = JSON.parse(read(key));
    } catch {
      entry = null;
    }
    remove(key);
    if (!isPlainObject(entry) || !Array.isArray(entry.entries)) continue;
    if (entry.saved === found.saved) continue; // IndexedDB has that save: nothing was lost
    if ((entry.base ?? null) !== (found.saved || null)) continue; // built on another save than the one here
    for (const [path, value, gone] of entry.entries) {
      if (!Array.isArray(path)) continue;
      if (!path.length && isPlainObject(value)) {
        found.state = value;
      } else if (gone) {
        const parent = at(found.state, path.slice(0, -1));
        if (isPlainObject(parent)) delete parent[path.at(-1)];
      } else {
        place(found.state, path, value);
      }
    }
    applied = true;
  }
  if (applied) found.journaled = true;
  return found;
}

/** A format-1 saved state's text → `{state, tab, saved}`, or null when it is not one. */
export function parseSaved(text) {
  let saved = null;
  try {
    saved = typeof text === "string" && text.length <= MAX_FALLBACK_CHARS * 2 ? JSON.parse(text) : null;
  } catch {
    saved = null;
  }
  if (!isPlainObject(saved) || saved.v !== 1 || !isPlainObject(saved.state)) return null;
  return { state: saved.state, tab: typeof saved.tab === "string" ? saved.tab : "", saved: String(saved.saved ?? "") };
}

/**
 * The saved engine state: `{state, notice, kept, tab, saved}`. `state` is null when nothing usable is saved;
 * `kept` names what was moved to the kept store instead (a damaged or newer state: never deleted). With
 * `adopt` (a start, or the reader loading another tab's save) this tab's later saves build on it.
 */
export async function loadState({ adopt = true } = {}) {
  const found = await readState(adopt);
  if (found.state === null && !found.notice && found.older) {
    found.notice = "Your saved playground came from an older version of this site, so it starts clean; the old copy is kept in this browser (Saved work).";
  }
  return found;
}

async function readState(adopt) {
  let older = false;
  for (const key of OLDER) {
    const text = read(key);
    if (text !== null) {
      if (await keep(text, "saved by an older version of this site", `older:${key}`)) remove(key);
      older = true;
    }
  }
  const db = await database();
  if (superseded) {
    return {
      state: null,
      notice:
        "Your playground was saved by a newer version of this site than this page: reload the page to get it back. Until then this page starts clean, and what you do here is kept aside, not saved over it.",
    };
  }
  if (db) {
    try {
      const fromDb = await readSections(db).then((found) => {
        if (found?.state) return applyJournals(found);
        if (found) return found; // kept aside: a journal on top of it is dropped with it
        const first = applyJournals({ state: {}, saved: "" }); // a first session, closed before any save
        return first.journaled && first.state.version !== undefined ? first : null;
      });
      if (fromDb?.journaled) fromDb.source = "journal";
      if (fromDb?.state && adopt) {
        base = fromDb.saved;
        orders.clear();
        for (const [key, order] of fromDb.orders ?? []) orders.set(key, order);
        nextOrder = (fromDb.orders ?? []).reduce((most, [, order]) => Math.max(most, order + 1), 0);
      }
      if (fromDb) delete fromDb.orders;
      if (fromDb) return fromDb;
    } catch (error) {
      return { state: null, notice: `Your saved playground could not be read (${error.message || error}); it is kept in this browser, untouched.` };
    }
  }
  const text = read(KEYS.state);
  if (text === null) return { state: null, notice: "", older };
  const saved = parseSaved(text);
  if (!saved) {
    const id = await keep(text, "it could not be read");
    remove(KEYS.state);
    return { state: null, kept: id, notice: unreadableNotice(id) };
  }
  return { state: saved.state, notice: "", source: "localstorage" };
}

function unreadableNotice(id) {
  return id
    ? "Your saved playground could not be read, so it starts clean. The saved copy is kept in this browser: export it from the playground's Saved work list."
    : "Your saved playground could not be read, so it starts clean (and there was no room to keep a copy).";
}

/** Every key and value of `store`, READ_BATCH records a request: each answer is copied into the page in a
 * task of its own (10,000 containers read with one getAll were one 35 MB copy, a long task at every start). */
async function readAll(store) {
  const keys = [];
  const values = [];
  let range = null;
  for (;;) {
    const [someKeys, someValues] = await Promise.all([requested(store.getAllKeys(range, READ_BATCH)), requested(store.getAll(range, READ_BATCH))]);
    for (const key of someKeys) keys.push(key);
    for (const value of someValues) values.push(value);
    if (someKeys.length < READ_BATCH) return { keys, values };
    range = IDBKeyRange.lowerBound(someKeys.at(-1), true);
  }
}

async function readSections(db) {
  const transaction = db.transaction(["sections", "meta"], "readonly");
  const meta = await requested(transaction.objectStore("meta").get("state"));
  const { keys, values } = await readAll(transaction.objectStore("sections"));
  if (!meta && !keys.length) return null;
  if (!isPlainObject(meta) || !Number.isInteger(meta.format)) {
    const id = await moveSections(db, "its description was missing or damaged");
    return { state: null, kept: id, notice: unreadableNotice(id) };
  }
  if (meta.format > FORMAT) {
    const id = await moveSections(db, "it was saved by a newer version of this site");
    return {
      state: null,
      kept: id,
      notice:
        "Your saved playground was saved by a newer version of this site, which this page cannot read: it is kept, untouched, and this page starts clean. Reload to get the newer version, or export the saved copy from the Saved work list.",
    };
  }
  const records = keys.map((key, index) => [key, values[index]]);
  if (!records.every(([key, record]) => Array.isArray(key) && key.length && isPlainObject(record) && "v" in record)) {
    const id = await moveSections(db, "some of its parts were damaged");
    return { state: null, kept: id, notice: unreadableNotice(id) };
  }
  records.sort((a, b) => (a[1].o ?? 0) - (b[1].o ?? 0));
  const state = {};
  let placed = 0;
  for (const [path, record] of records) {
    if (++placed % PLACE_BATCH === 0) await nextTask(); // 10,000 containers: short tasks, not one long one
    const value = record.v;
    // An empty table's own record never hides the records saved in it later.
    if (isPlainObject(value) && !Object.keys(value).length && isPlainObject(at(state, path))) continue;
    place(state, path, value);
  }
  const kept = records.map(([path, record], index) => [path.join(SEP), Number.isFinite(record.o) ? record.o : index]);
  return { state, notice: "", tab: String(meta.tab ?? ""), saved: String(meta.saved ?? ""), orders: kept, source: "indexeddb" };
}

/** Move the saved sections to the kept store (in one transaction), never deleting them. */
async function moveSections(db, reason) {
  const transaction = db.transaction(["sections", "meta", "kept"], "readwrite");
  const keys = await requested(transaction.objectStore("sections").getAllKeys());
  const values = await requested(transaction.objectStore("sections").getAll());
  const meta = await requested(transaction.objectStore("meta").get("state"));
  const id = `kept:${Date.now()}`;
  transaction.objectStore("kept").put({ id, reason, saved: String(meta?.saved ?? ""), at: new Date().toISOString(), meta, records: keys.map((key, i) => [key, values[i]]) }, id);
  transaction.objectStore("sections").clear();
  transaction.objectStore("meta").delete("state");
  await done(transaction);
  return id;
}

/** Keep `raw` (a state, or the text of one) in the kept store; resolves to its id, or "" without room. */
export async function keep(raw, reason, id = `kept:${Date.now()}`) {
  const entry = { id, reason, saved: "", at: new Date().toISOString(), raw };
  const db = await database();
  try {
    if (db) {
      const transaction = db.transaction(["kept"], "readwrite");
      transaction.objectStore("kept").put(entry, id);
      await done(transaction);
      return id;
    }
  } catch {
    /* fall back to localStorage */
  }
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  return write(`${PREFIX}kept.${id}`, JSON.stringify({ ...entry, raw: text })).ok ? id : "";
}

/** A state the simulator could not restore: kept (never deleted), and the current save cleared. */
export async function keepUnusable(state, reason) {
  const id = await keep({ v: 1, state }, reason);
  const db = await database();
  if (db && id) {
    const transaction = db.transaction(["sections", "meta"], "readwrite");
    transaction.objectStore("sections").clear();
    transaction.objectStore("meta").delete("state");
    await done(transaction).catch(() => {});
  }
  if (id) remove(KEYS.state);
  return id;
}

/** What the kept store holds: [{id, reason, saved, at}], newest first. */
export async function listKept() {
  const found = [];
  const db = await database();
  if (db) {
    try {
      for (const entry of await requested(db.transaction(["kept"]).objectStore("kept").getAll())) {
        if (isPlainObject(entry)) found.push({ id: String(entry.id), reason: String(entry.reason ?? ""), saved: String(entry.saved ?? ""), at: String(entry.at ?? "") });
      }
    } catch {
      /* nothing listed */
    }
  }
  for (const key of localKeys(`${PREFIX}kept.`)) {
    try {
      const entry = JSON.parse(read(key));
      found.push({ id: String(entry.id), reason: String(entry.reason ?? ""), saved: "", at: String(entry.at ?? "") });
    } catch {
      /* an entry that is not JSON is left alone */
    }
  }
  return found.sort((a, b) => b.at.localeCompare(a.at));
}

function localKeys(prefix) {
  const keys = [];
  const storage = local();
  try {
    for (let i = 0; storage && i < storage.length; i++) if (storage.key(i)?.startsWith(prefix)) keys.push(storage.key(i));
  } catch {
    /* none */
  }
  return keys;
}

/** A kept entry as the text of a file the reader can download (JSON; what Load from file reads when it
 * holds a state). */
export async function exportKept(id) {
  const db = await database();
  let entry = null;
  if (db) entry = await requested(db.transaction(["kept"]).objectStore("kept").get(id)).catch(() => null);
  if (!entry) {
    const text = read(`${PREFIX}kept.${id}`);
    entry = text ? JSON.parse(text) : null;
  }
  if (!entry) throw new Error("that saved copy is gone");
  if (Array.isArray(entry.records)) {
    const state = {};
    for (const [path, record] of entry.records) if (Array.isArray(path) && isPlainObject(record)) place(state, path, record.v);
    return JSON.stringify({ kind: "dnp-playground", v: 1, saved: entry.saved, reason: entry.reason, meta: entry.meta, state });
  }
  return typeof entry.raw === "string" ? entry.raw : JSON.stringify({ kind: "dnp-playground", v: 1, reason: entry.reason, ...entry.raw });
}

export async function dropKept(id) {
  const db = await database();
  if (db) {
    const transaction = db.transaction(["kept"], "readwrite");
    transaction.objectStore("kept").delete(id);
    await done(transaction).catch(() => {});
  }
  remove(`${PREFIX}kept.${id}`);
}

// --- asides: work kept beside the playground (a closed tab's, what a share link or a file replaced) ------

/**
 * Keep `state` aside. `kind`: "tab" (this tab closed while another tab's save was the playground: one slot
 * per tab), "replaced" (a share link or a loaded file replaced it). Resolves to `{ok, id}`; with the
 * database open the write is issued before this returns (pagehide).
 */
export function saveAside(state, kind = "tab", label = "") {
  const id = kind === "tab" ? `tab:${TAB}` : `${kind}:${Date.now()}`;
  const entry = { id, kind, tab: TAB, saved: new Date().toISOString(), label, state };
  if (!isPlainObject(state)) return Promise.resolve({ ok: false, id });
  const viaLocal = () => {
    const text = JSON.stringify(entry);
    if (text.length > MAX_FALLBACK_CHARS) return { ...failure("too-large"), id };
    return { ...write(`${PREFIX}aside.${id}`, text), id };
  };
  const db = openDb;
  if (!db) return database().then((opened) => (opened ? putAside(opened, entry) : viaLocal()));
  return putAside(db, entry);
}

const MAX_REPLACED = 20; // undo slots kept (newest); a closed tab's slot is never dropped by this

function putAside(db, entry) {
  try {
    const transaction = db.transaction(["asides"], "readwrite");
    const asides = transaction.objectStore("asides");
    asides.put(entry, entry.id);
    if (entry.kind === "replaced") {
      const keys = asides.getAllKeys();
      keys.onsuccess = () => {
        const older = keys.result.filter((key) => String(key).startsWith("replaced:")).sort().reverse().slice(MAX_REPLACED);
        for (const key of older) asides.delete(key);
      };
    }
    return done(transaction).then(
      () => ({ ok: true, id: entry.id }),
      (error) => ({ ...failure(isQuota(error) ? "quota" : "error", error), id: entry.id }),
    );
  } catch (error) {
    return Promise.resolve({ ...failure("error", error), id: entry.id });
  }
}

/** The asides: [{id, kind, tab, saved, label}] (without their states), newest first. Other tabs' "tab"
 * asides are what a starting tab offers to load. */
export async function listAsides() {
  const found = [];
  const legacy = parseSaved(read(KEYS.aside)); // the single slot of older builds
  if (legacy) found.push({ id: "legacy", kind: "tab", tab: legacy.tab, saved: legacy.saved, label: "" });
  const db = await database();
  if (db) {
    try {
      for (const entry of await requested(db.transaction(["asides"]).objectStore("asides").getAll())) {
        if (isPlainObject(entry) && isPlainObject(entry.state)) {
          found.push({ id: String(entry.id), kind: String(entry.kind), tab: String(entry.tab ?? ""), saved: String(entry.saved ?? ""), label: String(entry.label ?? "") });
        }
      }
    } catch {
      /* none listed */
    }
  }
  for (const key of localKeys(`${PREFIX}aside.`)) {
    try {
      const entry = JSON.parse(read(key));
      if (isPlainObject(entry?.state)) found.push({ id: String(entry.id), kind: String(entry.kind), tab: String(entry.tab ?? ""), saved: String(entry.saved ?? ""), label: String(entry.label ?? "") });
    } catch {
      /* left alone */
    }
  }
  return found.sort((a, b) => b.saved.localeCompare(a.saved));
}

/** One aside's `{state, saved, kind, label}`, or null. */
export async function loadAside(id) {
  if (id === "legacy") return parseSaved(read(KEYS.aside));
  const db = await database();
  if (db) {
    const entry = await requested(db.transaction(["asides"]).objectStore("asides").get(id)).catch(() => null);
    if (entry && isPlainObject(entry.state)) return entry;
  }
  try {
    const entry = JSON.parse(read(`${PREFIX}aside.${id}`));
    return isPlainObject(entry?.state) ? entry : null;
  } catch {
    return null;
  }
}

export async function dropAside(id) {
  if (id === "legacy") {
    remove(KEYS.aside);
    return;
  }
  const db = await database();
  if (db) {
    const transaction = db.transaction(["asides"], "readwrite");
    transaction.objectStore("asides").delete(id);
    await done(transaction).catch(() => {});
  }
  remove(`${PREFIX}aside.${id}`);
}

// --- files: "Download my playground" and "Load from file" --------------------------------------------------

/** The text of a playground file: the state and the command log, as JSON. */
export function playgroundFile(state, log = loadLog()) {
  return JSON.stringify({ kind: "dnp-playground", v: 1, saved: new Date().toISOString(), log, state });
}

/** A playground file's text → `{state, log}`; throws an Error saying what is wrong. */
export function parsePlaygroundFile(text) {
  if (typeof text !== "string" || text.length > MAX_FILE_BYTES) throw new Error("the file is too large to be a saved playground");
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("the file is not a saved playground (it is not JSON)");
  }
  const state = isPlainObject(data?.state) ? data.state : null;
  if (!state || (data.kind !== undefined && data.kind !== "dnp-playground")) throw new Error("the file is not a saved playground");
  const log = Array.isArray(data.log) ? data.log.filter((line) => typeof line === "string" && line.length <= MAX_LINE).slice(-MAX_LOG) : [];
  return { state, log };
}

// --- small things in localStorage: history and the command log -------------------------------------------

function readLines(key, limit) {
  const text = read(key);
  if (text === null) return [];
  try {
    const value = JSON.parse(text);
    if (Array.isArray(value)) {
      return value.filter((line) => typeof line === "string" && line.length <= MAX_LINE).slice(-limit);
    }
  } catch {
    /* fall through */
  }
  remove(key);
  return [];
}

/** Command history for ↑/↓, oldest first. */
export function loadHistory() {
  return readLines(KEYS.history, MAX_HISTORY);
}

export function pushHistory(line) {
  const history = loadHistory().filter((item) => item !== line);
  history.push(line.slice(0, MAX_LINE));
  write(KEYS.history, JSON.stringify(history.slice(-MAX_HISTORY)));
  return history.slice(-MAX_HISTORY);
}

// The log lives in memory and is written with the state (flushLog), not on every command.
let log = null;
let logDirty = false;

/** The commands run since the last reset (what Share sends). */
export function loadLog() {
  if (log === null) log = readLines(KEYS.log, MAX_LOG);
  return [...log];
}

export function appendLog(line) {
  if (log === null) log = readLines(KEYS.log, MAX_LOG);
  log.push(line.slice(0, MAX_LINE));
  if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
  logDirty = true;
}

export function setLog(lines) {
  log = lines.slice(-MAX_LOG);
  logDirty = true;
}

/** Write the log if it changed since it was last written. */
export function flushLog() {
  if (logDirty && log !== null) logDirty = !write(KEYS.log, JSON.stringify(log)).ok;
}

/** Forget the log held in memory (another tab's log was adopted with its state). */
export function reloadLog() {
  log = null;
  logDirty = false;
}

// --- other modules' things (transcripts, the last build): one record each, IndexedDB first -----------------

/** Keep a JSON-able value under `key` (another module's: "transcript", "build"…); `{ok, reason, message}`. */
export async function putItem(key, value) {
  const db = await database();
  if (!db) {
    const text = JSON.stringify(value);
    return text.length > MAX_FALLBACK_CHARS / 4 ? failure("too-large") : write(`${PREFIX}item.${key}`, text);
  }
  try {
    const transaction = db.transaction(["items"], "readwrite");
    transaction.objectStore("items").put(value, key);
    await done(transaction);
    return { ok: true };
  } catch (error) {
    return failure(isQuota(error) ? "quota" : "error", error);
  }
}

/** The value kept under `key`, or null. */
export async function getItem(key) {
  const db = await database();
  if (db) return requested(db.transaction(["items"]).objectStore("items").get(key)).then((value) => value ?? null, () => null);
  try {
    return JSON.parse(read(`${PREFIX}item.${key}`) ?? "null");
  } catch {
    return null;
  }
}
