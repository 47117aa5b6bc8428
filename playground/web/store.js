// Everything the playground keeps in localStorage, behind versioned keys. Every read validates shape
// and size; anything older, corrupt or oversized is dropped with a message, never a crash.

const PREFIX = "dnp.playground.";
export const KEYS = Object.freeze({
  state: `${PREFIX}state.v1`,
  history: `${PREFIX}history.v1`,
  log: `${PREFIX}log.v1`,
});
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
  let saved = null;
  try {
    saved = text.length <= MAX_STATE_CHARS ? JSON.parse(text) : null;
  } catch {
    saved = null;
  }
  if (!isPlainObject(saved) || saved.v !== 1 || !isPlainObject(saved.state)) {
    remove(KEYS.state);
    return { state: null, notice: "Your saved playground could not be read, so it starts clean." };
  }
  return { state: saved.state, notice: "" };
}

export function saveState(state) {
  if (!isPlainObject(state)) return false;
  const text = JSON.stringify({ v: 1, saved: new Date().toISOString(), state });
  return text.length <= MAX_STATE_CHARS && write(KEYS.state, text);
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

/** The commands run since the last reset (what Share sends). */
export function loadLog() {
  return readLines(KEYS.log, MAX_LOG);
}

export function appendLog(line) {
  const log = loadLog();
  log.push(line.slice(0, MAX_LINE));
  write(KEYS.log, JSON.stringify(log.slice(-MAX_LOG)));
}

export function setLog(lines) {
  write(KEYS.log, JSON.stringify(lines.slice(-MAX_LOG)));
}
