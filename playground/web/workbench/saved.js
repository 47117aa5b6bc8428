// The workbench's last build kept across reloads: the command, docker's output (the log is drawn from
// it again), the layer diagram's model and the one it was compared with, and the build's options
// (so Rebuild works at once). One slot in localStorage; anything malformed or too big is dropped.

const KEY = "dnp.playground.build.v1";
const MAX_CHARS = 400_000;

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isLayers = (value) => value === null || (isObject(value) && Array.isArray(value.layers) && value.layers.every(isObject));

/** A saved build's text → `{line, reply, model, before, options}`, or null when it is not one. */
export function parseBuild(text) {
  let value = null;
  try {
    value = typeof text === "string" && text.length <= MAX_CHARS ? JSON.parse(text) : null;
  } catch {
    return null;
  }
  if (!isObject(value) || value.v !== 1 || typeof value.line !== "string" || !isObject(value.reply)) return null;
  const { reply, options } = value;
  const chunks = Array.isArray(reply.chunks) ? reply.chunks : [];
  if (!chunks.every((chunk) => Array.isArray(chunk) && chunk.length === 2 && chunk.every((part) => typeof part === "string"))) return null;
  if (![reply.stdout, reply.stderr].every((part) => part === undefined || typeof part === "string")) return null;
  if (reply.data !== undefined && !isObject(reply.data)) return null;
  if (!isLayers(value.model ?? null) || !isLayers(value.before ?? null)) return null;
  if (!isObject(options) || typeof options.noCache !== "boolean" || !Array.isArray(options.buildArgs)) return null;
  if (!options.buildArgs.every((pair) => Array.isArray(pair) && pair.length <= 2 && pair.every((part) => typeof part === "string"))) return null;
  return {
    line: value.line,
    reply: { chunks, stdout: reply.stdout ?? "", stderr: reply.stderr ?? "", exit_code: Number(reply.exit_code) || 0, data: reply.data ?? {} },
    model: value.model ?? null,
    before: value.before ?? null,
    options: { noCache: options.noCache, buildArgs: options.buildArgs },
  };
}

/** The last build, or null. */
export function loadBuild() {
  let text = null;
  try {
    text = storage()?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
  const saved = text === null ? null : parseBuild(text);
  if (text !== null && !saved) clearBuild();
  return saved;
}

/** Keep a build (`reply` as the worker sent it); false when it is too big or storage refused it. */
export function saveBuild({ line, reply, model = null, before = null, options }) {
  const kept = {
    chunks: Array.isArray(reply?.chunks) ? reply.chunks : [],
    stdout: reply?.stdout ?? "",
    stderr: reply?.stderr ?? "",
    exit_code: reply?.exit_code ?? 0,
    data: { build: reply?.data?.build ?? null },
  };
  const text = JSON.stringify({ v: 1, line, reply: kept, model, before, options });
  if (text.length > MAX_CHARS) {
    clearBuild();
    return false;
  }
  try {
    storage()?.setItem(KEY, text);
    return true;
  } catch {
    return false;
  }
}

export function clearBuild() {
  try {
    storage()?.removeItem(KEY);
  } catch {
    /* nothing to do */
  }
}
