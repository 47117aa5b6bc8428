// Share links: the playground's commands and files in the URL hash (#share=…), decoded defensively.
// Format: "1." + base64url(deflate-raw(JSON)) where CompressionStream exists, else "0." + base64url(JSON).
// JSON: {"v": 1, "commands": [str], "files": {path: text}}.

export const MAX_HASH_CHARS = 60_000;
const MAX_JSON_BYTES = 400_000;
const MAX_COMMANDS = 200;
const MAX_COMMAND_CHARS = 4000;
const MAX_FILES = 50;
const NAME_MAX = 255; // bytes of one name, as Linux (the simulator refuses longer ones)
const PATH_MAX = 4096; // bytes of a whole path
const MAX_FILE_CHARS = 100_000;

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("the link contains characters a share link never has");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  let binary;
  try {
    binary = atob(padded);
  } catch {
    throw new Error("the link is damaged (it is not base64)");
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function transform(bytes, stream, limit = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error("the shared playground is too large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Check shape and size; returns a clean `{commands, files}` or throws an Error saying what is wrong. */
export function validate(data) {
  if (!data || typeof data !== "object" || Array.isArray(data) || data.v !== 1) throw new Error("the link is not a playground share link");
  const commands = data.commands ?? [];
  const files = data.files ?? {};
  if (!Array.isArray(commands) || commands.length > MAX_COMMANDS) throw new Error("the link's command list is not valid");
  if (!commands.every((line) => typeof line === "string" && line.length <= MAX_COMMAND_CHARS && !line.includes("\n"))) {
    throw new Error("the link's commands are not valid");
  }
  if (!files || typeof files !== "object" || Array.isArray(files)) throw new Error("the link's files are not valid");
  const entries = Object.entries(files);
  if (entries.length > MAX_FILES) throw new Error("the link has too many files");
  const clean = Object.create(null); // a file named "__proto__" is a file like any other
  const encoder = new TextEncoder();
  for (const [path, text] of entries) {
    const parts = path.split("/");
    if (
      !path || path.startsWith("/") || path.includes("\0") ||
      parts.some((part) => part === ".." || part === "") || typeof text !== "string" || text.length > MAX_FILE_CHARS
    ) {
      throw new Error("the link's files are not valid");
    }
    if (encoder.encode(path).length >= PATH_MAX || parts.some((part) => encoder.encode(part).length > NAME_MAX)) {
      throw new Error(`the link names a file whose name is longer than ${NAME_MAX} bytes`);
    }
    clean[path] = text;
  }
  return { commands: [...commands], files: clean };
}

export async function encodeShare({ commands, files }) {
  const data = validate({ v: 1, commands, files });
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, ...data }));
  if (typeof CompressionStream === "function") {
    return `1.${toBase64Url(await transform(bytes, new CompressionStream("deflate-raw")))}`;
  }
  return `0.${toBase64Url(bytes)}`;
}

export async function decodeShare(text) {
  if (typeof text !== "string" || text.length > MAX_HASH_CHARS) throw new Error("the link is too long");
  const dot = text.indexOf(".");
  const format = text.slice(0, dot);
  let bytes = fromBase64Url(text.slice(dot + 1));
  if (format === "1") {
    if (typeof DecompressionStream !== "function") throw new Error("this browser cannot open compressed share links");
    bytes = await transform(bytes, new DecompressionStream("deflate-raw"), MAX_JSON_BYTES);
  } else if (format !== "0") {
    throw new Error("the link's format is unknown");
  }
  if (bytes.length > MAX_JSON_BYTES) throw new Error("the shared playground is too large");
  let data;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new Error("the link is damaged");
  }
  return validate(data);
}

/** The `#share=` value of a URL hash, or null. */
export function shareFromHash(hash) {
  const match = /^#share=([A-Za-z0-9_.-]+)$/.exec(hash || "");
  if (match) return match[1];
  return hash && hash.startsWith("#share=") ? hash.slice(7, 7 + MAX_HASH_CHARS + 1) : null;
}

/**
 * Open a `#share=` link on the Playground page: decode it, ask first (it replaces what is here), keep the
 * current playground aside (with undo), then write its files and replay its commands in `terminal`. Stop
 * (Ctrl+C or the Stop button) ends the replay, not only the line it is on: the remaining lines are not run.
 * `keep` is the page's KeepPanel (the question and the undo). Resolves when done, refused or stopped.
 */
export async function openShared(code, { client, terminal, keep }) {
  let data;
  try {
    data = await decodeShare(code);
  } catch (error) {
    terminal.print("notice", `This share link could not be opened: ${error.message}.`);
    return;
  }
  const files = Object.keys(data.files).length;
  const yes = await keep.ask(
    `Open the shared playground? It runs ${data.commands.length} commands and writes ${files} files in place of what is here; your current playground is kept aside, and Undo brings it back.`,
    "Open it",
    "Keep mine",
  );
  if (!yes) {
    terminal.print("notice", "The share link was not opened: your playground is as it was.");
    return;
  }
  try {
    await client.start(); // the replay starts once the simulator is ready (Stop then ends it whole)
  } catch {
    return; // the client says why it could not start
  }
  let stopped = false;
  const offStop = client.on("restart", ({ reason } = {}) => {
    if (reason === "stopped") stopped = true;
  });
  try {
    const aside = await client.replaceState(null, "before opening a share link");
    keep.offerUndo(aside, "Opened a share link; your previous playground is kept aside.");
    for (const [path, content] of Object.entries(data.files)) await client.request("write_file", { path, content });
    terminal.print("notice", `Opened a shared playground: ${data.commands.length} commands and ${files} files.`);
    for (const [index, line] of data.commands.entries()) {
      if (stopped) {
        terminal.print("notice", `Replay stopped: ${data.commands.length - index} of the link's commands were not run.`);
        break;
      }
      await terminal.execute(line, { replay: true });
    }
  } catch (error) {
    terminal.print("notice", `The shared playground could not be replayed: ${error.message}`);
  } finally {
    offStop();
  }
}
