// Everything the playground keeps in localStorage, behind versioned keys. Every read validates shape
// and size; anything older, corrupt or oversized is dropped with a message, never a crash.
// Each save names the tab that wrote it (TAB), so a tab can tell another tab's save from its own.

const PREFIX = "dnp.playground.";
export const KEYS = Object.freeze({
  state: `${PREFIX}state.v1`,
  history: `${PREFIX}history.v1`,
  log: `${PREFIX}log.v1`,
  aside: `${PREFIX}aside.v1`,
});
/** This tab's name in the saves it writes. */
export const TAB = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
const OLDER = [`${PREFIX}state.v0`, `${PREFIX}state`];
const MAX_STATE_CHARS = 2_000_000;
const MAX_HISTORY = 200;
const MAX_LOG = 200;
export const MAX_LINE = 4000;

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled (privacy settings): the playground still works, without memory
  }
}

function read(key) {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    storage()?.setItem(key, value);
    return true;
  } catch {
    return false; // quota exceeded or storage disabled
  }
}

function remove(key) {
  try {
    storage()?.removeItem(key);
  } catch {
    /* nothing to do */
  }
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A saved state's text → `{state, tab, saved}`, or null when it is not one. */
export function parseSaved(text) {
  let saved = null;
  try {
    saved = typeof text === "string" && text.length <= MAX_STATE_CHARS ? JSON.parse(text) : null;
  } catch {
    saved = null;
  }
  if (!isPlainObject(saved) || saved.v !== 1 || !isPlainObject(saved.state)) return null;
  return { state: saved.state, tab: typeof saved.tab === "string" ? saved.tab : "", saved: String(saved.saved ?? "") };
}

/** The saved engine state: `{state, notice}`; `state` is null when nothing usable is saved. */
export function loadState() {
  for (const key of OLDER) {
    if (read(key) !== null) {
      remove(key);
      if (read(KEYS.state) === null) {
        return { state: null, notice: "Your saved playground came from an older version of this site, so it starts clean." };
      }
    }
  }
  const text = read(KEYS.state);
  if (text === null) return { state: null, notice: "" };
  const saved = parseSaved(text);
  if (!saved) {
    remove(KEYS.state);
    return { state: null, notice: "Your saved playground could not be read, so it starts clean." };
  }
  return { state: saved.state, notice: "" };
}

function savedText(state) {
  const text = JSON.stringify({ v: 1, saved: new Date().toISOString(), tab: TAB, state });
  return text.length <= MAX_STATE_CHARS ? text : null;
}

/** Save the state (as this tab's), with the command log; false when storage refused it. */
export function saveState(state) {
  if (!isPlainObject(state)) return false;
  const text = savedText(state);
  const saved = text !== null && write(KEYS.state, text);
  flushLog();
  return saved;
}

/** Keep this tab's state aside (it closes while another tab's save is the playground): one slot. */
export function saveAside(state) {
  const text = isPlainObject(state) ? savedText(state) : null;
  return text !== null && write(KEYS.aside, text);
}

/** The state a closed tab kept aside, or null (a malformed one is dropped). */
export function loadAside() {
  const text = read(KEYS.aside);
  if (text === null) return null;
  const saved = parseSaved(text);
  if (!saved) remove(KEYS.aside);
  return saved;
}

export function clearAside() {
  remove(KEYS.aside);
}

export function clearState() {
  remove(KEYS.state);
}

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

// The log lives in memory and is written with the state (saveState), not on every command.
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
  if (logDirty && log !== null) logDirty = !write(KEYS.log, JSON.stringify(log));
}

/** Forget the log held in memory (another tab's log was adopted with its state). */
export function reloadLog() {
  log = null;
  logDirty = false;
}
